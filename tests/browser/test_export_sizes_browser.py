"""Exports at any width keep every text inside the image, and no text prints over another:
SVGs rendered by Kaleido, each text's box measured in Chromium."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Page

from timeline.export import SIZE_PRESETS, ImageSize, export_figure, render_static
from timeline.export.images import drawn_size
from timeline.load import load_dataset
from timeline.load.bundled import bundled_data
from timeline.query.filters import Filters
from timeline.query.view import ViewState

pytestmark = pytest.mark.browser

BOXES = """() => {
  const svg = document.querySelector('svg');
  const frame = svg.getBoundingClientRect();
  // every text but the marks drawn with a glyph (the / across a band): those are marks
  return [...document.querySelectorAll('text')]
    .filter(t => !t.closest('.scatterlayer'))
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, x: r.left - frame.left, y: r.top - frame.top,
              w: r.width, h: r.height};
    });
}"""


def text_boxes(page: Page, svg: bytes) -> list[dict]:
    page.set_content(f"<html><body style='margin:0'>{svg.decode()}</body></html>")
    return page.evaluate(BOXES)


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than a pixel."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["w"] - 1
                and b["x"] < a["x"] + a["w"] - 1
                and a["y"] < b["y"] + b["h"] - 1
                and b["y"] < a["y"] + a["h"] - 1
            ):
                found.append((a["text"][:40], b["text"][:40]))
    return found


@pytest.mark.parametrize(
    ("width", "filters"),
    [
        (600, Filters()),
        (SIZE_PRESETS["column"].width, Filters()),
        (SIZE_PRESETS["column"].width, Filters(actors=("China",))),
        (1600, Filters()),
        (4000, Filters(themes=("treaty",))),
    ],
)
def test_every_text_is_inside_the_image_and_none_overprints(
    page: Page, width: int, filters: Filters
) -> None:
    dataset = load_dataset(bundled_data())
    size = ImageSize(width, 400, 1)
    fig = export_figure(dataset, ViewState(filters), size=size)
    drawn = drawn_size(fig, size)
    boxes = text_boxes(page, render_static(fig, "svg", drawn))
    texts = " ".join(b["text"] for b in boxes)
    assert "Sources:" in texts and "CC BY 4.0" in texts  # the footer is drawn, not dropped
    outside = [
        b["text"][:40]
        for b in boxes
        if b["x"] < -1 or b["y"] < -1 or b["x"] + b["w"] > width + 1
        or b["y"] + b["h"] > drawn.height + 1
    ]  # fmt: skip
    assert not outside
    assert not overlapping(boxes)


def test_a_crowded_synthetic_dataset_at_column_width(page: Page, tmp_path: Path) -> None:
    """Long lane names, many events, unlabelled ones counted: still nothing overprints."""
    from timeline.synth import generate_dataset

    dataset = load_dataset(generate_dataset(tmp_path / "crowded", events=120, seed=3))
    size = replace(SIZE_PRESETS["column"], scale=1)  # an SVG's units are its layout's px
    fig = export_figure(dataset, ViewState(Filters()), size=size)
    drawn = drawn_size(fig, size)
    boxes = text_boxes(page, render_static(fig, "svg", drawn))
    assert not [b for b in boxes if b["x"] + b["w"] > size.width + 1 or b["x"] < -1]
    assert not overlapping(boxes)
