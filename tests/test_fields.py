"""Field kinds own their values: the link, the page's controls and the command line read
and write every field the same way, and none of them lists fields of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.load.loader import load_dataset
from timeline.query.facets import FIELDS, Filters
from timeline.query.fields import Invalid, read, read_strict
from timeline.query.view import ALL_FIELDS, VIEW_FIELDS, ViewState, value_of
from timeline.web import ids
from timeline.web.components.page import filters_panel, view_toolbar
from timeline.web.controls import CONTROL_IDS, controls_for, state_from_controls
from timeline.web.urlstate import PARAMETERS, decode, encode

BY_ATTR = {f.attr: f for f in ALL_FIELDS}


def _ids(component: object) -> set[str]:
    found: set[str] = set()
    stack = [component]
    while stack:
        node = stack.pop()
        if getattr(node, "id", None):
            found.add(node.id)
        children = getattr(node, "children", None)
        stack += children if isinstance(children, list) else [children] if children else []
    return found


def test_every_field_is_a_url_parameter_and_every_flagged_one_a_cli_option() -> None:
    documented = {"actor", "theme", "source", "from", "to", "q", "group", "axis", "window"}
    assert set(PARAMETERS) == documented | {"event"}
    help_text = CliRunner().invoke(main, ["export", "--help"]).output
    flags = set(re.findall(r"--[a-z-]+", help_text))
    assert {f.flag for f in ALL_FIELDS if f.flag} <= flags
    assert {"--group-by", "--axis", "--window"} <= flags


def test_every_field_with_a_control_is_on_the_page(tiny_dataset: Path) -> None:
    dataset = load_dataset(tiny_dataset)
    on_page = _ids(filters_panel(dataset)) | _ids(view_toolbar())
    assert set(CONTROL_IDS) <= on_page
    assert {ids.GROUP, ids.AXIS} <= set(CONTROL_IDS)
    assert ids.control("window") not in on_page  # the chart's zoom sets it


def test_controls_show_a_view_and_read_it_back() -> None:
    view = ViewState(
        Filters(actors=("A", "B"), date_from="2001", query="visit"), group="theme", axis="linear"
    )
    back, notices = state_from_controls(controls_for(view), None)
    assert (back, notices) == (view, [])


@pytest.mark.parametrize(
    ("attr", "text", "reason"),
    [
        ("date_from", "June", "not an ISO 8601 date"),
        ("group", "map", "expected one of actor, theme"),
        ("axis", "log", "expected one of compressed, linear"),
        ("window", "2001..2002", "not two ISO days"),
        ("window", "2002-01-01..2001-01-01", "ends before it starts"),
    ],
)
def test_one_kind_one_reason_in_every_surface(attr: str, text: str, reason: str) -> None:
    f = BY_ATTR[attr]
    with pytest.raises(Invalid, match=reason):
        f.kind.parse(text)
    notices: list[str] = []
    assert read(f, [text], notices) == f.kind.empty()
    assert len(notices) == 1 and f"'{f.param}={text}'" in notices[0] and reason in notices[0]
    _, problems = read_strict(f, [text])
    assert problems and reason in problems[0] and f.flag in problems[0]
    _, link_notices = decode(f"?{f.param}={text}")
    assert any(reason in n for n in link_notices)


def test_long_search_is_cut_in_a_link_and_refused_on_the_command_line() -> None:
    f = BY_ATTR["query"]
    notices: list[str] = []
    assert read(f, ["x" * 500], notices) == "x" * 200
    assert "cut to 200" in notices[0]
    _, problems = read_strict(f, ["x" * 500])
    assert problems == ["--q '" + "x" * 500 + "': longer than 200 characters"]


def test_the_date_order_rule_is_said_the_same_way_in_a_link_and_on_the_page() -> None:
    from_link, link_notices = decode("?from=2024&to=2023")
    controls = controls_for(ViewState())
    controls.values.update(date_from="2024", date_to="2023")
    from_page, page_notices = state_from_controls(controls, None)
    assert from_page == from_link == ViewState(Filters(date_from="2024"))
    said = "The to date '2023' ends before from date '2024' begins; it is ignored"
    assert page_notices == link_notices == [said]


def test_view_fields_are_read_like_filters() -> None:
    view = ViewState(group="theme", axis="linear", event="e1", window=("2001-01-01", "2002-01-01"))
    assert encode(view) == "?group=theme&axis=linear&window=2001-01-01..2002-01-01&event=e1"
    for f in VIEW_FIELDS:
        assert value_of(view, f) == getattr(view, f.attr)
    for f in FIELDS:
        assert value_of(view, f) == f.kind.empty()


def test_cli_reports_every_bad_view_option_at_once(tiny_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = CliRunner().invoke(
        main,
        ["export", "--data", str(tiny_dataset), "--from", "June", "--window", "x", "-o", str(out)],
    )
    assert result.exit_code == 1
    assert "--from 'June': not an ISO 8601 date" in result.output
    assert "--window 'x': not two ISO days" in result.output
    assert not out.exists()
