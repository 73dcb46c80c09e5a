"""``timeline import timelinejs``: TimelineJS's JSON or its Google-Sheets template (CSV) into
a dataset folder that passes the check; bad input is located, exits 1 and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from timeline.cli import main
from timeline.load.loader import load_dataset

HEADER = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
    "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background"
)
SHEET = f"""{HEADER}
,,,,,,,,,Women in Computing,"<p class=""lead"">A sample &amp; more.</p>",,,,,title,,#fff
1815,12,10,,1852,11,27,,,Ada Lovelace,"<p>Notes on the
<a href=""https://example.org"">engine</a>.</p>",https://example.org/a.jpg,Commons,,,,Pioneers,
1943,7,,09:30,1946,,,,wartime,...And the women who made it work,,,,,,,Pioneers,
1951,,,,,,,,,Rózsa Péter writes <b>recursion</b> &lt;3,,,,,,,,
,,,,,,,,,,,,,,,,,
1956,,,,1962,,,,,Space,,,,,,era,,
"""


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, ["import", "timelinejs", *args])
    assert "Traceback" not in result.output
    return result


def write_json(path: Path, events: list, **more: object) -> Path:
    path.write_text(json.dumps({"events": events, **more}), encoding="utf-8")
    return path


def slide(year: object = 1961, headline: object = "A treaty", **more: object) -> dict:
    return {"start_date": {"year": year}, "text": {"headline": headline}, **more}


def test_a_json_file_becomes_a_dataset_that_passes_the_check(tmp_path: Path) -> None:
    source = write_json(
        tmp_path / "t.json",
        [
            slide(unique_id="treaty", group="USSR"),
            {
                "start_date": {"year": "2001", "month": 5, "day": 2, "hour": 14, "minute": 5},
                "end_date": {"year": 2001, "month": 6},
                "text": {"headline": "Summit &amp; <i>talks</i>", "text": "<p>One</p><p>Two</p>"},
                "display_date": "spring 2001",
                "media": {"url": "https://example.org/x.jpg", "credit": "AP"},
            },
        ],
        title={"text": {"headline": "My timeline", "text": "About it"}},
        eras=[{"start_date": {"year": 1}, "end_date": {"year": 2}}],
    )
    result = run(str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "eras: 1 era(s) left out" in result.stderr
    assert (
        "uncited: 2 events" in result.stdout and "treaty, 2001-05-02-summit-talks" in result.stdout
    )
    dataset = load_dataset(tmp_path / "out")  # passes the check
    events = dataset.events.set_index("id")
    assert events.loc["treaty", "date"] == "1961" and events.loc["treaty", "precision"] == "year"
    assert events.loc["treaty", "actors"] == ["USSR"] and dataset.actors == ("USSR",)
    summit = events.loc["2001-05-02-summit-talks"]
    assert (summit["date"], summit["end_date"], summit["title"]) == (
        "2001-05-02",
        "2001-06",
        "Summit & talks",
    )
    assert summit["summary"] == "One\nTwo" and summit["date_basis"] == "external"
    assert "TimelineJS file t.json (events[1])" in summit["note"]
    assert "display date there: ‘spring 2001’" in summit["note"]
    assert "time of day there: 14:05" in summit["note"]
    assert "https://example.org/x.jpg (credit: AP)" in summit["note"]
    assert (dataset.metadata.title, dataset.metadata.description) == ("My timeline", "About it")
    assert dataset.excerpts.empty and dataset.sources.empty


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([slide(), {"start_date": {"year": 2001, "month": 13}, "text": {"headline": "x"}}],
         "t.json: events[1].start_date.month: 13 is not a month 1–12"),
        ([{"start_date": {"month": 3}, "text": {"headline": "x"}}],
         "t.json: events[0].start_date.year: missing; a date needs at least a year"),
        ([{"start_date": {"year": 2023, "month": 2, "day": 29}, "text": {"headline": "x"}}],
         "events[0].start_date.day: 29 is not a day of February 2023 (1–28)"),
        ([{"start_date": {"year": 2001, "day": 2}, "text": {"headline": "x"}}],
         "events[0].start_date.day: 2 is given without a month"),
        ([slide(year=-44)], "events[0].start_date.year: -44 is outside 1–9999"),
        ([slide(year="MCMLXI")], "events[0].start_date.year: 'MCMLXI' is not a whole number"),
        ([slide(year=True)], "events[0].start_date.year: true is not a whole number"),
        ([slide(end_date={"year": 1960})], "events[0].end_date: 1960 ends before the start, 1961"),
        ([slide(end_date={"month": 4})], "events[0].end_date.year: missing"),
        ([slide(headline="")], "events[0].text.headline: missing; every event needs a title"),
        ([slide(headline=7)], "events[0].text.headline: expected text, found the number 7"),
        ([slide(headline="a\u0007b")], "events[0].text.headline: U+0007"),
        ([slide(group="A;B")], "events[0].group: 'A;B': a group name cannot contain ';'"),
        ([slide(unique_id="x"), slide(unique_id="x")],
         "events[1].unique_id: 'x' is the id of events[0] too"),
        ([{"text": {"headline": "x"}}], "events[0].start_date: expected an object, found nothing"),
        ([[1961]], "events[0]: expected an object, found a list"),
        ([], "events: empty; a timeline needs at least one event"),
    ],
)  # fmt: skip
def test_bad_json_is_located_exits_1_and_writes_nothing(
    tmp_path: Path, events: list, expected: str
) -> None:
    out = tmp_path / "out"
    result = run(str(write_json(tmp_path / "t.json", events)), "-o", str(out))
    assert result.exit_code == 1
    assert "nothing written" in result.stderr
    assert any(expected in line for line in result.stderr.splitlines()), result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "t.json"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"events": [', "t.json:1: not valid JSON: Expecting value"),
        ('{"events": [NaN]}', "not valid JSON: NaN is not a JSON value"),
        ("[1, 2]", 'expected a TimelineJS object such as {"events"'),
        ('{"event": []}', 'found no "events" list'),
    ],
)
def test_a_file_that_is_not_timelinejs_json_says_so(tmp_path: Path, text: str, expected: str):
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    result = run(str(tmp_path / "t.json"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and expected in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_output_folder_must_be_new_or_empty(tmp_path: Path) -> None:
    source = write_json(tmp_path / "t.json", [slide()])
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine", encoding="utf-8")
    result = run(str(source), "-o", str(full))
    assert result.exit_code == 1 and "is not empty" in result.stderr
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(str(source), "-o", str(empty)).exit_code == 0
    assert load_dataset(empty).events["id"].tolist() == ["1961-a-treaty"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_the_sheet_template_becomes_a_dataset(tmp_path: Path) -> None:
    (tmp_path / "sheet.csv").write_text(SHEET, encoding="utf-8")
    result = run(str(tmp_path / "sheet.csv"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "sheet.csv:8: column 'Type': an era is left out" in result.stderr
    dataset = load_dataset(tmp_path / "out")
    assert dataset.metadata.title == "Women in Computing"
    assert dataset.metadata.description == "A sample & more."
    events = dataset.events.set_index("id")
    assert events["date"].to_dict() == {
        "1815-12-10-ada-lovelace": "1815-12-10",
        "1943-07-and-the-women-who-made-it-work": "1943-07",
        "1951-rozsa-peter-writes-recursion-3": "1951",
    }
    ada = events.loc["1815-12-10-ada-lovelace"]
    assert (ada["end_date"], ada["summary"]) == ("1852-11-27", "Notes on the engine.")
    assert ada["actors"] == ["Pioneers"]
    assert "sheet.csv (line 3)" in ada["note"] and "a.jpg (credit: Commons)" in ada["note"]
    war = events.loc["1943-07-and-the-women-who-made-it-work"]
    assert "‘wartime’" in war["note"] and "time of day there: 09:30" in war["note"]
    assert events.loc["1951-rozsa-peter-writes-recursion-3", "title"] == (
        "Rózsa Péter writes recursion <3"
    )


def test_the_newer_template_with_alt_text_is_read_too(tmp_path: Path) -> None:
    header = HEADER.replace("Media Thumbnail,", "Media Thumbnail,Alt Text,")
    (tmp_path / "s.csv").write_text(f"{header}\n2024,6,19,,,,,,,Treaty,,,,,,A picture,,,\n")
    assert run(str(tmp_path / "s.csv"), "-o", str(tmp_path / "out")).exit_code == 0
    assert load_dataset(tmp_path / "out").events["date"].tolist() == ["2024-06-19"]


def test_bad_rows_of_the_sheet_are_located_by_line_and_column(tmp_path: Path) -> None:
    rows = [
        "Year,Month,Day,Headline,Grop",
        "1815,13,10,Ada,",
        ",,,No year,",
        "1943,2,30,,",
        "2001,1,1,End first,",
    ]
    (tmp_path / "s.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run(str(tmp_path / "s.csv"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and not (tmp_path / "out").exists()
    lines = result.stderr.splitlines()
    for expected in (
        "warning: s.csv:1: column 'Grop': unknown column; did you mean 'Group'?",
        "error: s.csv:2: column 'Month': 13 is not a month 1–12",
        "error: s.csv:3: column 'Year': missing; a date needs at least a year",
        "error: s.csv:4: column 'Day': 30 is not a day of February 1943 (1–28)",
        "error: s.csv:4: column 'Headline': missing; every event needs a title",
    ):
        assert expected in lines, result.stderr
    missing = tmp_path / "m.csv"
    missing.write_text("Month,Headline\n3,x\n", encoding="utf-8")
    result = run(str(missing), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "m.csv:1: column 'Year': required column is missing" in result.stderr


def test_a_missing_input_is_one_clear_line(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.json"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "nope.json: no such file" in result.stderr


def test_the_import_command_spells_its_output_o_output() -> None:
    command = main.commands["import"].commands["timelinejs"]  # type: ignore[attr-defined]
    (option,) = [p for p in command.params if p.name == "out"]
    assert option.opts == ["-o", "--output"] and option.help
    assert CliRunner().invoke(main, ["import", "timelinejs", "--help"]).exit_code == 0
