"""One rule for text: what `check` accepts renders everywhere, and what cannot render is a
located `check` error (timeline.model.text). Control characters, noncharacters and unpaired
surrogates are refused in every CSV cell, column name, article, metadata.json string and
free-text command-line option; everything else (emoji, right-to-left marks, combining marks,
U+2028) is allowed. The renders themselves are checked in test_offline_render.py."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ARTICLE_A, EVENTS, EXCERPTS, SOURCES, VOCABULARY
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from timeline.cli import main
from timeline.load.loader import load_dataset
from timeline.model.metadata import MAX_BYTES, read_metadata
from timeline.model.problems import DatasetError, Problem
from timeline.model.text import first_bad, refused_rows, text_problem

MakeDataset = Callable[..., Path]

REFUSED = {
    "U+0001": "\x01",
    "U+0008": "\x08",
    "U+000B": "\x0b",
    "U+000C": "\x0c",
    "U+001B": "\x1b",
    "U+001F": "\x1f",
    "U+007F": "\x7f",
    "U+0080": "\x80",
    "U+0085": "\x85",
    "U+009F": "\x9f",
    "U+FDD0": "\ufdd0",
    "U+FDEF": "\ufdef",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
    "U+1FFFE": "\U0001fffe",
    "U+2FFFF": "\U0002ffff",
    "U+10FFFF": "\U0010ffff",
    "U+D800": "\ud800",
    "U+DFFF": "\udfff",
}
# tricky, and allowed: each renders (see test_offline_render.py)
ALLOWED = {
    "emoji ZWJ sequence": "\U0001f469\u200d\U0001f52c",
    "flag": "\U0001f1eb\U0001f1f7",
    "combining marks": "e\u0301\u0323",
    "right-to-left mark": "\u200f",
    "left-to-right mark": "\u200e",
    "bidi embedding": "\u202bعربي\u202c",
    "bidi isolate": "\u2067עברית\u2069",
    "zero-width joiner and space": "a\u200d\u200bb",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "byte order mark inside": "a\ufeffb",
    "private use": "\ue000",
    "replacement character": "\ufffd",
    "plane 2 ideograph": "\U00020000",
    "tag character": "\U000e0041",
    "no-break space": "a\u00a0b",
    "markup characters": "<b>&amp;</b>",
}


# --- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize("prose", [False, True], ids=["one line", "prose"])
@pytest.mark.parametrize("code", list(REFUSED))
def test_refused_characters_are_named_and_placed(code: str, prose: bool):
    bad = first_bad(f"ab{REFUSED[code]}c", prose=prose)
    assert bad is not None
    assert (bad.code, bad.position) == (code, 3)
    assert code in bad.describe() and "at character 3" in bad.describe()


@pytest.mark.parametrize("name", list(ALLOWED))
def test_tricky_but_allowed_characters_pass(name: str):
    assert first_bad(f"x{ALLOWED[name]}y") is None
    assert first_bad(f"x{ALLOWED[name]}y", prose=True) is None


@pytest.mark.parametrize("space", ["\t", "\n", "\r"])
def test_tabs_and_line_breaks_are_prose_only(space: str):
    assert first_bad(f"a{space}b", prose=True) is None
    assert text_problem(f"a{space}b") is not None


def test_a_byte_that_is_not_utf8_is_named_as_such():
    bad = first_bad(b"caf\xe9".decode("utf-8", "surrogateescape"))
    assert bad is not None and "the byte 0xE9, not UTF-8" in bad.kind


# what arrow can hold: any text but surrogates; the special characters drawn often
any_text = st.text(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from([c for c in REFUSED.values() if not "\ud800" <= c <= "\udfff"]),
        st.sampled_from(["\t", "\n", "é", "\u00c2", "\uef00", "\U0001f600"]),
    ),
    max_size=12,
)


@given(st.lists(any_text, max_size=20), st.booleans())
def test_the_vectorised_column_check_agrees_with_the_rule(values: list[str], prose: bool):
    """The loader's column check (a numpy byte scan, then pyarrow's regular expression) finds
    exactly the values the rule refuses, one by one."""
    found = refused_rows(pd.Series(values, dtype="str"), prose=prose)
    expected = [i for i, v in enumerate(values) if first_bad(v, prose=prose) is not None]
    assert found.tolist() == expected


@given(st.text(st.characters(codec="utf-8", exclude_characters="\r"), max_size=40))
def test_accepted_text_can_be_written_by_every_output(text: str):
    """Whatever the rule accepts can be encoded as UTF-8 (HTML, Markdown, CSV), sent to the
    chart renderer as JSON, and held by XML, which SVG and Word documents are."""
    if first_bad(text, prose=True) is not None:
        return
    text.encode("utf-8")
    orjson.dumps({"text": text})
    element = etree.Element("t")
    element.text = text
    assert (etree.fromstring(etree.tostring(element)).text or "") == text


# --- the loader: CSV cells, column names, articles -------------------------------------------


def load_problems(root: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    return caught.value.problems


def _event(**changes: str) -> list[dict[str, str]]:
    rows = [dict(e) for e in EVENTS]
    rows[1].update(changes)  # the rail event, line 3 of events.csv
    return rows


@pytest.mark.parametrize("char", ["\x01", "\uffff"], ids=["U+0001", "U+FFFF"])
def test_a_title_that_breaks_every_chart_is_a_located_check_error(
    make_dataset: MakeDataset, char: str
):
    """Reproduction: a title with U+0001 or U+FFFF passed `check`, then made every PNG export
    and every report with a chart fail inside the renderer."""
    root = make_dataset(events=_event(title=f"Rail{char} link"))
    (problem,) = load_problems(root)
    assert (problem.file, problem.line, problem.column) == ("events.csv", 3, "title")
    assert f"U+{ord(char):04X}" in problem.message and "at character 5" in problem.message
    assert "expected one line of text" in problem.message
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "events.csv:3: column 'title'" in result.output
    assert char not in result.output  # shown escaped, never printed as is


@pytest.mark.parametrize(
    ("file", "column", "value"),
    [
        ("events.csv", "summary", "Goods\x0bmoved"),
        ("events.csv", "note", "see \x85 above"),
        ("events.csv", "label", "Rail\tlink"),
        ("events.csv", "id", "rail\nway"),
        ("sources.csv", "title", "Old\x7f friends"),
        ("sources.csv", "author", "A. N.\u0092Other"),
        ("vocabulary.csv", "description", "A \ufdd0 kingdom"),
    ],
)
def test_every_table_and_column_follows_the_rule(
    make_dataset: MakeDataset, file: str, column: str, value: str
):
    rows = {
        "events.csv": [dict(e) for e in EVENTS],
        "sources.csv": [dict(s) for s in SOURCES],
        "vocabulary.csv": [dict(v) for v in VOCABULARY],
    }
    rows[file][0][column] = value
    parts = {"events.csv": "events", "sources.csv": "sources", "vocabulary.csv": "vocabulary"}
    if file == "events.csv":  # the header must name the optional column
        rows[file] = [{**r, "label": r.get("label", "")} for r in rows[file]]
    root = make_dataset(**{parts[file]: rows[file]})
    found = [p for p in load_problems(root) if p.column == column and "U+" in p.message]
    assert len(found) == 1, found
    assert (found[0].file, found[0].line, found[0].value) == (file, 2, value)


def test_tabs_and_line_breaks_are_fine_in_prose(make_dataset: MakeDataset):
    root = make_dataset(events=_event(summary="Goods\tmoved\non rails", actors="Ruritania;\n"))
    assert load_dataset(root).events.set_index("id").loc["rail", "summary"].startswith("Goods")


def test_a_quote_with_a_control_character_is_an_error_not_cleaned(make_dataset: MakeDataset):
    """Quotes stay verbatim: one whose space is a vertical tab is refused (it used to match
    the article, the tab folded away), not silently cleaned."""
    excerpts = [dict(e) for e in EXCERPTS]
    excerpts[1]["quote"] = "In March 1990 the two\x0bstates opened a rail link."
    problems = load_problems(make_dataset(excerpts=excerpts))
    assert [(p.file, p.line, p.column) for p in problems] == [("excerpts.csv", 3, "quote")]
    assert "U+000B (a control character (vertical tab)) at character 22" in problems[0].message


def test_an_extra_column_follows_the_rule_too(make_dataset: MakeDataset):
    events = [{**e, "remark": "fine\tand\nfine"} for e in EVENTS]
    events[2]["remark"] = "not \x02 fine"
    (problem,) = load_problems(make_dataset(events=events))
    assert (problem.line, problem.column) == (6, "remark")  # two lines per row above


def test_a_column_name_is_checked_and_printed_safely(make_dataset: MakeDataset):
    root = make_dataset()
    path = root / "events.csv"
    path.write_text(path.read_text().replace("note", "no\x1b[31mte", 1), encoding="utf-8")
    problems = load_problems(root)
    assert any(p.line == 1 and "column name: U+001B" in p.message for p in problems)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert "\x1b" not in result.output  # no terminal escape reaches the terminal
    assert "\\u001b[31m" in result.output


def test_an_article_with_a_control_character_is_located(make_dataset: MakeDataset):
    article = ARTICLE_A.replace("rail link.", "rail\x0clink.")
    problems = load_problems(make_dataset(articles={"a.txt": article, "b.txt": "x\n"}))
    found = [p for p in problems if p.file == "sources/a.txt"]
    assert [(p.line, p.message.split(";")[0]) for p in found] == [
        (2, "U+000C (a control character (form feed)) at column 43")
    ]


# --- metadata.json ----------------------------------------------------------------------------


def test_a_lone_surrogate_in_metadata_is_a_located_check_error(tiny_dataset: Path):
    """Reproduction: a JSON escape of half a surrogate pair made every report fail and the
    app's page answer 500."""
    (tiny_dataset / "metadata.json").write_text(
        '{\n  "author": "A. Scribe",\n  "title": "Rail \\ud800 link"\n}', encoding="utf-8"
    )
    (problem,) = load_problems(tiny_dataset)
    assert (problem.file, problem.line, problem.column) == ("metadata.json", 3, "title")
    assert "U+D800 (an unpaired surrogate) at character 6" in problem.message
    result = CliRunner().invoke(main, ["check", str(tiny_dataset)])
    assert result.exit_code == 1 and "metadata.json:3: column 'title'" in result.output


def test_every_string_in_metadata_is_checked(tmp_path: Path):
    data = {"license": ["CC\u0007"], "description": "ok\n\tfine", "a\u0001b": "x"}
    (tmp_path / "metadata.json").write_text(json.dumps(data), encoding="utf-8")
    metadata, problems = read_metadata(tmp_path)
    errors = [p for p in problems if p.severity == "error" and "U+" in p.message]
    assert {(p.column, p.message.split(" (")[0]) for p in errors} == {
        ("license", "U+0007"),
        (None, "U+0001"),  # a field's name: it is the problem
    }
    assert metadata.description == "ok\n\tfine"


def test_metadata_is_read_only_up_to_its_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Reproduction: the whole file was read before its size was checked."""
    with (tmp_path / "metadata.json").open("wb") as handle:
        handle.truncate(MAX_BYTES * 1024)  # a sparse gigabyte: no disk is used

    def whole(self: Path) -> bytes:
        raise AssertionError(f"{self.name} was read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    _, problems = read_metadata(tmp_path)
    assert [p.message for p in problems] == ["larger than 1 MB; expected a few fields"]


@pytest.mark.parametrize(
    "name",
    ["metadata.json", "events.csv", "excerpts.csv", "sources.csv", "vocabulary.csv"],
)
def test_a_dataset_file_linked_outside_the_folder_is_refused_unread(
    tiny_dataset: Path, tmp_path: Path, name: str
):
    """Reproduction (metadata.json): a link to a file outside the dataset was read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret"
    secret.write_text('{"title": "SECRET-OUTSIDE"}\nSECRET-OUTSIDE,x\n', encoding="utf-8")
    (tiny_dataset / name).unlink(missing_ok=True)
    (tiny_dataset / name).symlink_to(secret)
    problems = load_problems(tiny_dataset)
    assert f"{name}: is a link to a place outside the dataset folder" in [
        f"{p.file}: {p.message.split(';')[0]}" for p in problems
    ]
    assert not any("SECRET" in str(p) for p in problems)


def test_metadata_linked_inside_the_dataset_is_read(tiny_dataset: Path):
    (tiny_dataset / "about.json").write_text('{"title": "Inside"}', encoding="utf-8")
    (tiny_dataset / "metadata.json").symlink_to(tiny_dataset / "about.json")
    assert load_dataset(tiny_dataset).metadata.title == "Inside"


# --- the command line -------------------------------------------------------------------------

# what Python makes of the argument bytes b"Caf\xe9" (Latin-1), as a shell passes them
NOT_UTF8 = b"Caf\xe9".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--title", NOT_UTF8),
        ("--title", "Title\x01"),
        ("--q", NOT_UTF8),
        ("--actor", NOT_UTF8),
        ("--window", "2001..\uffff"),
    ],
)
@pytest.mark.parametrize("command", ["export", "report"])
def test_free_text_options_follow_the_rule(
    tiny_dataset: Path, tmp_path: Path, option, value, command
):
    """Reproduction (--title): bytes that are not UTF-8 gave a traceback."""
    out = tmp_path / "out.html"
    args = [command, "--data", str(tiny_dataset), option, value, "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.output
    assert "U+" in result.output and "at character" in result.output
    assert not out.exists()


def test_a_title_that_is_not_utf8_from_a_real_shell(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "out.html"
    command = [sys.executable, "-m", "timeline", "export", "--data", str(tiny_dataset)]
    result = subprocess.run(
        [*map(str.encode, command), b"--title", b"Caf\xe9", b"-o", bytes(out)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert b"U+DCE9 (an unpaired surrogate: the byte 0xE9, not UTF-8) at character 4" in (
        result.stderr
    )


def test_allowed_text_options_still_work(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "out.html"
    title = "Rail \u200f\U0001f469\u200d\U0001f52c e\u0301"
    args = ["export", "--data", str(tiny_dataset), "--title", title, "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert title in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("search", ["?q=visit%01", "?q=%EF%BF%BF", "?actor=A%01B"])
def test_a_link_holding_a_refused_character_is_ignored_with_a_notice(search: str):
    """The URL follows the same rule as the data and the command line: the value is left
    out, and the notice says which character and where."""
    from timeline.web.urlstate import decode

    state, notices = decode(search)
    assert state.filters.query == "" and state.filters.actors == ()
    assert len(notices) == 1 and "U+" in notices[0] and "at character" in notices[0]
