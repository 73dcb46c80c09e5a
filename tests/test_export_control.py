"""The in-app export builds the same figure as the command line, for the view in the URL."""

from __future__ import annotations

from pathlib import Path

from timeline.load.loader import load_dataset
from timeline.web.components.export_control import export_job, filename_for


def test_export_job_carries_filters_sources_and_zoom(tiny_dataset: Path):
    dataset = load_dataset(tiny_dataset)
    search = "?theme=treaty&window=1600-01-01..2010-01-01"
    # the chart's drawn range (padded) is not what the export describes: the URL's view is
    job = export_job(
        dataset, search, {"clicks": 1, "range": ["1500-01-01", "2020-07-01"]}, "report"
    )
    assert job is not None
    layout = job["figure"]["layout"]
    assert (job["width"], job["height"], job["scale"]) == (1200, 800, 2)
    assert job["pixels"] == "2400×1600 px"
    assert layout["title"]["text"] == "Timeline of events"  # the dataset has no metadata title
    subtitle = layout["title"]["subtitle"]["text"]
    assert subtitle == "Events about treaty, 1 January 1600 – 31 December 2009 (2 of 3)"
    footer = [a["text"] for a in layout["annotations"] if a.get("name") == "footer"]
    assert footer and "Old friends" in footer[0]
    # the window's empty ends are left out of the axis: it starts at the 1648 treaty
    assert [str(v)[:4] for v in layout["xaxis"]["range"]] == ["1648", "2001"]
    assert job["filename"] == "timeline-themes-treaty"


def test_export_job_without_a_zoom_gives_the_events_span_not_the_padding(tiny_dataset: Path):
    dataset = load_dataset(tiny_dataset)
    job = export_job(
        dataset, "?theme=treaty", {"clicks": 1, "range": ["1640-07-01", "2001-06-26"]}, None
    )
    assert job is not None
    assert job["figure"]["layout"]["title"]["subtitle"]["text"] == (
        "Events about treaty, 1648 – 2 May 2001 (2 of 3)"
    )


def test_export_job_reports_an_empty_view_instead_of_rendering(tiny_dataset: Path):
    job = export_job(load_dataset(tiny_dataset), "?q=nothing-here", {"clicks": 1}, None)
    assert job is not None and "no events match" in job["error"]


def test_export_job_ignores_a_malformed_range_and_unknown_size(tiny_dataset: Path):
    job = export_job(load_dataset(tiny_dataset), "", {"clicks": 1, "range": "bad"}, "huge")
    assert job is not None
    assert (job["width"], job["height"]) == (1600, 900)


def test_no_click_no_job(tiny_dataset: Path):
    assert export_job(load_dataset(tiny_dataset), "", None, "slide") is None


def test_filename_slug():
    assert filename_for("all events") == "timeline"
    assert (
        filename_for('actors: Côte d\'Ivoire; search: "x/y"')
        == "timeline-actors-c-te-d-ivoire-search-x-y"
    )


def test_the_report_of_the_view_downloads_with_its_filters_and_window(tiny_dataset) -> None:
    """ "Download report" builds the chronology of exactly what the URL shows."""
    import base64

    from timeline.web.components.export_control import report_job
    from timeline.web.renders import RenderPool

    dataset = load_dataset(tiny_dataset)
    download, status = report_job(
        dataset, "?theme=treaty&window=2000-01-01..2002-01-01", "md", pool=RenderPool(1)
    )
    assert download is not None and download["filename"] == "report-themes-treaty.md"
    text = base64.b64decode(download["content"]).decode("utf-8")
    assert "Friendship renewed" in text and "Westphalia" not in text  # outside the window
    assert "Downloaded report-themes-treaty.md" in status
    none, why = report_job(dataset, "?actor=League&theme=trade", "md", pool=RenderPool(1))
    assert none is None and "no events" in why
