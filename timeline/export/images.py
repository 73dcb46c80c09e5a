"""Static images (PNG, SVG, PDF) through Kaleido and a local Chromium, at bounded sizes."""

from __future__ import annotations

from dataclasses import dataclass, replace

import plotly.graph_objects as go

from timeline.export.browser import CHROME_MISSING as CHROME_MISSING  # re-exported
from timeline.export.browser import kaleido_options, require_chromium
from timeline.export.files import ExportError
from timeline.export.warm import KALEIDO

MIN_SIDE, MAX_SIDE = 200, 4000
MIN_SCALE, MAX_SCALE = 0.5, 4.0
MAX_PIXELS = 40_000_000
MAX_DRAWN_SIDE = 32_767  # device pixels: the widest or tallest image a browser draws


@dataclass(frozen=True)
class ImageSize:
    """Layout size in CSS pixels and a scale factor; the PNG is width*scale × height*scale."""

    width: int = 1600
    height: int = 900
    scale: float = 2.0

    def problems(self) -> list[str]:
        """Why this size is refused (out of bounds), so no request renders a gigapixel image."""
        found = []
        for name, value in (("width", self.width), ("height", self.height)):
            if not MIN_SIDE <= value <= MAX_SIDE:
                found.append(f"{name} {value} is outside {MIN_SIDE}-{MAX_SIDE} pixels")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            found.append(f"scale {self.scale:g} is outside {MIN_SCALE:g}-{MAX_SCALE:g}")
        pixels = self.width * self.scale * self.height * self.scale
        if not found and pixels > MAX_PIXELS:
            found.append(
                f"{self.width}×{self.height} at scale {self.scale:g} is {pixels / 1e6:.0f} "
                f"megapixels; the limit is {MAX_PIXELS / 1e6:.0f}"
            )
        return found


SIZE_PRESETS: dict[str, ImageSize] = {
    "slide": ImageSize(1600, 900, 2),
    # an article column: shown at its own width, so its type reads at body-text size
    "column": ImageSize(680, 600, 2),
    "report": ImageSize(1200, 800, 2),
    "wide": ImageSize(2400, 1000, 2),
    "square": ImageSize(1200, 1200, 2),
}


def render_static(fig: go.Figure, fmt: str, size: ImageSize) -> bytes:
    """PNG/SVG/PDF bytes through Kaleido and the browser :mod:`timeline.export.browser` finds.

    The image is the size the figure is drawn at (:func:`drawn_size`: taller than asked
    when its lanes need it), and that size is checked against the bounds before anything
    starts: a chart of thousands of lanes is refused with the reason, not rendered for
    minutes. Without a browser, :class:`~timeline.export.browser.ChromiumMissing` (an
    :class:`ExportError` saying what to install) is raised before anything is rendered.
    """
    size = drawn_size(fig, size)
    if problem := drawn_problem(size):
        raise ExportError(problem)
    browser = require_chromium()
    from kaleido.errors import KaleidoError

    opts = {"format": fmt, "width": size.width, "height": size.height, "scale": size.scale}
    spec = fig.to_dict()
    try:
        return KALEIDO.render(spec, opts, kaleido_options(browser))
    except (RuntimeError, OSError, KaleidoError) as exc:
        raise ExportError(f"the image could not be rendered: {exc}") from None


def drawn_size(fig: go.Figure, size: ImageSize) -> ImageSize:
    """The image a figure laid out for ``size`` fills: as tall as its lanes and labels need."""
    return replace(size, height=max(size.height, int(fig.layout.height or 0)))


def drawn_problem(size: ImageSize) -> str | None:
    """Why an image of the size a chart is drawn at (see :func:`drawn_size`) is refused, or
    None. The asked-for size was checked (:meth:`ImageSize.problems`), but the lanes grow the
    height after that: 500 actors draw a chart 17,000 pixels tall."""
    wide, tall = round(size.width * size.scale), round(size.height * size.scale)
    pixels = wide * tall
    if pixels <= MAX_PIXELS and max(wide, tall) <= MAX_DRAWN_SIDE:
        return None
    limit = (
        f"the limit is {MAX_PIXELS / 1e6:.0f} megapixels"
        if pixels > MAX_PIXELS
        else f"a browser draws at most {MAX_DRAWN_SIDE:,} pixels a side"
    )
    return (
        f"the chart's lanes make it {size.width}×{size.height} at scale {size.scale:g}, "
        f"a {wide:,}×{tall:,} image of {pixels / 1e6:.0f} megapixels; {limit}; show fewer "
        "lanes: narrow the filter, or group the lanes by theme instead of actor "
        "(--group-by theme)"
    )
