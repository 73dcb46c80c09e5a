"""The loader: one test per kind of problem, each located by file, line, column and value.

Every dataset here is a small, deliberately broken copy of the conftest one, written into
tmp_path, so a failure names exactly which check regressed.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from conftest import ARTICLE_A, ARTICLE_B, EVENTS, EXCERPTS, SOURCES

from timeline.load.loader import load_dataset
from timeline.model.problems import DatasetError, Problem
from timeline.model.quotes import normalise

MakeDataset = Callable[..., Path]
EVENT_COLUMNS = list(EVENTS[0])


def event(**fields: str) -> dict[str, str]:
    """A valid event (the first conftest one) with some fields replaced."""
    return {**EVENTS[0], **fields}


def with_event(position: int, **fields: str) -> list[dict[str, str]]:
    """The conftest events with one of them changed."""
    rows = [dict(row) for row in EVENTS]
    rows[position].update(fields)
    return rows


def problems(root: Path) -> list[Problem]:
    """The errors load_dataset raises for ``root`` (failing the test if it loads)."""
    with pytest.raises(DatasetError) as info:
        load_dataset(root)
    assert info.value.problems, "a DatasetError must carry at least one error"
    return info.value.problems


def the_problem(found: list[Problem], file: str, column: str | None = None) -> Problem:
    """The single problem of ``file`` (and ``column``), failing if there are none or several."""
    matching = [p for p in found if p.file == file and (column is None or p.column == column)]
    assert len(matching) == 1, f"expected one problem in {file}/{column}, got {found}"
    return matching[0]


def located(problem: Problem) -> tuple[str, int | None, str | None, str | None]:
    return problem.file, problem.line, problem.column, problem.value


# --- one test per kind of problem ----------------------------------------------------------


def test_missing_required_column_is_reported_on_the_header_line(make_dataset: MakeDataset):
    rows = [{k: v for k, v in row.items() if k != "title"} for row in EVENTS]
    found = problems(make_dataset(events=rows))
    problem = the_problem(found, "events.csv", "title")
    assert (problem.line, problem.value) == (1, None)
    assert "required column" in problem.message


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30", "no such day"),
        ("2023-02-29", "no such day"),
        ("2024-13", "month"),
        ("June 2024", "ISO 8601"),
        ("24-06-18", "ISO 8601"),
        ("0000", "year 0"),
        ("١٦٤٨", "ISO 8601"),  # Arabic-Indic digits are not ASCII digits
    ],
)
def test_unparsable_or_impossible_date(make_dataset: MakeDataset, value: str, reason: str):
    found = problems(make_dataset(events=with_event(1, date=value)))
    problem = the_problem(found, "events.csv", "date")
    assert located(problem) == ("events.csv", 3, "date", value)
    assert reason in problem.message


def test_leap_day_of_a_leap_year_is_valid(make_dataset: MakeDataset):
    dataset = load_dataset(make_dataset(events=with_event(2, date="2024-02-29")))
    assert "29 February 2024" in dataset.events["date_label"].tolist()


def test_missing_date_is_an_error(make_dataset: MakeDataset):
    found = problems(make_dataset(events=with_event(0, date="")))
    assert located(the_problem(found, "events.csv", "date")) == ("events.csv", 2, "date", "")


@pytest.mark.parametrize("end", ["1989", "1990-02", "1990-02-28"])
def test_end_date_before_date(make_dataset: MakeDataset, end: str):
    found = problems(make_dataset(events=with_event(1, end_date=end)))
    problem = the_problem(found, "events.csv", "end_date")
    assert located(problem) == ("events.csv", 3, "end_date", end)
    assert "before" in problem.message


def test_end_date_inside_the_start_period_is_allowed(make_dataset: MakeDataset):
    """'1990-03' to '1990-03-31' ends within March: not before its start."""
    dataset = load_dataset(make_dataset(events=with_event(1, end_date="1990-03-31")))
    rail = dataset.events.set_index("id").loc["rail"]
    assert rail["end"] == np.datetime64("1990-04-01", "us")
    assert rail["date_label"].endswith("31 March 1990")


def test_duplicate_event_id(make_dataset: MakeDataset):
    found = problems(make_dataset(events=with_event(2, id="westphalia")))
    problem = the_problem(found, "events.csv", "id")
    assert located(problem) == ("events.csv", 4, "id", "westphalia")
    assert "duplicate" in problem.message


def test_duplicate_source_id(make_dataset: MakeDataset):
    sources = [*SOURCES, {**SOURCES[0], "file": "b.txt"}]
    found = problems(make_dataset(sources=sources))
    assert located(the_problem(found, "sources.csv", "id")) == ("sources.csv", 4, "id", "a")


def test_unknown_actor_names_the_value_and_suggests(make_dataset: MakeDataset):
    found = problems(make_dataset(events=with_event(2, actors="Ruritania; Freedonai")))
    problem = the_problem(found, "events.csv", "actors")
    assert located(problem) == ("events.csv", 4, "actors", "Freedonai")
    assert "did you mean 'Freedonia'" in problem.message


def test_unknown_theme(make_dataset: MakeDataset):
    found = problems(make_dataset(events=with_event(0, themes="treaty;war")))
    assert located(the_problem(found, "events.csv", "themes")) == (
        "events.csv",
        2,
        "themes",
        "war",
    )


def test_unknown_source(make_dataset: MakeDataset):
    excerpts = [dict(row) for row in EXCERPTS]
    excerpts[3]["source_id"] = "zz"
    found = problems(make_dataset(excerpts=excerpts))
    problem = the_problem(found, "excerpts.csv", "source_id")
    assert located(problem) == ("excerpts.csv", 5, "source_id", "zz")


def test_excerpt_of_an_event_that_does_not_exist(make_dataset: MakeDataset):
    excerpts = [*EXCERPTS, {"event_id": "nowhere", "source_id": "a", "quote": "In March 1990"}]
    found = problems(make_dataset(excerpts=excerpts))
    problem = the_problem(found, "excerpts.csv", "event_id")
    assert located(problem) == ("excerpts.csv", 7, "event_id", "nowhere")


def test_quote_not_in_its_article(make_dataset: MakeDataset):
    excerpts = [dict(row) for row in EXCERPTS]
    excerpts[4]["quote"] = "A summit on 2 May 2001 renewed the old alliance."
    found = problems(make_dataset(excerpts=excerpts))
    problem = the_problem(found, "excerpts.csv", "quote")
    assert located(problem) == ("excerpts.csv", 6, "quote", excerpts[4]["quote"])
    assert "verbatim" in problem.message


def test_quote_from_the_other_article_is_not_found(make_dataset: MakeDataset):
    """The quote exists, but in article b, not in the cited article a."""
    excerpts = [dict(row) for row in EXCERPTS]
    excerpts[2]["source_id"] = "a"
    found = problems(make_dataset(excerpts=excerpts))
    assert the_problem(found, "excerpts.csv", "quote").line == 4


def test_missing_file_and_missing_sources_folder(make_dataset: MakeDataset):
    root = make_dataset()
    (root / "excerpts.csv").unlink()
    for article in (root / "sources").iterdir():
        article.unlink()
    (root / "sources").rmdir()
    found = problems(root)
    assert "missing" in the_problem(found, "excerpts.csv").message
    assert "missing" in the_problem(found, "sources/").message


def test_source_file_outside_the_sources_folder(make_dataset: MakeDataset):
    sources = [dict(row) for row in SOURCES]
    sources[1]["file"] = "../events.csv"
    found = problems(make_dataset(sources=sources))
    problem = the_problem(found, "sources.csv", "file")
    assert located(problem) == ("sources.csv", 3, "file", "../events.csv")
    assert "inside the sources/ folder" in problem.message


def test_source_file_that_is_a_folder(make_dataset: MakeDataset):
    root = make_dataset()
    (root / "sources" / "b.txt").unlink()
    (root / "sources" / "b.txt").mkdir()
    problem = the_problem(problems(root), "sources.csv", "file")
    assert located(problem) == ("sources.csv", 3, "file", "b.txt")
    assert "folder" in problem.message


def test_source_file_name_too_long_for_the_file_system(make_dataset: MakeDataset):
    sources = [dict(row) for row in SOURCES]
    sources[0]["file"] = "x" * 5000 + ".txt"
    problem = the_problem(problems(make_dataset(sources=sources)), "sources.csv", "file")
    assert problem.line == 2


def test_no_actor_declared_reports_each_unknown_actor(make_dataset: MakeDataset):
    """A vocabulary with only themes once crashed building the actor lists."""
    vocabulary = [
        {"kind": "theme", "name": "treaty", "description": ""},
        {"kind": "theme", "name": "trade", "description": ""},
    ]
    found = problems(make_dataset(vocabulary=vocabulary))
    assert {p.file for p in found} == {"events.csv"}
    assert {p.value for p in found} == {"Ruritania", "Freedonia", "League"}


def test_duplicate_column_names_are_reported_as_such(make_dataset: MakeDataset):
    root = make_dataset()
    text = (root / "events.csv").read_text(encoding="utf-8")
    (root / "events.csv").write_text(text.replace("summary", "date", 1), encoding="utf-8")
    problem = the_problem(problems(root), "events.csv", "date")
    assert problem.line == 1
    assert "twice" in problem.message


def test_row_with_more_fields_than_the_header(make_dataset: MakeDataset):
    """Unquoted commas: pandas would silently shift the first row into an index."""
    root = make_dataset()
    lines = (root / "vocabulary.csv").read_text(encoding="utf-8").splitlines()
    lines[1] += ",extra"
    lines[3] += ",more,fields"
    (root / "vocabulary.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(root)
    assert [(p.line, p.value) for p in found] == [(2, "extra"), (4, "more,fields")]


def test_unclosed_quote_is_located_where_it_opens(make_dataset: MakeDataset):
    root = make_dataset()
    lines = (root / "vocabulary.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = 'actor,League,"An organisation'
    (root / "vocabulary.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = the_problem(problems(root), "vocabulary.csv")
    assert problem.line == 4
    assert "never closed" in problem.message


def test_header_of_only_commas(make_dataset: MakeDataset):
    root = make_dataset()
    (root / "sources.csv").write_text(",,,\n", encoding="utf-8")
    found = [p for p in problems(root) if p.file == "sources.csv"]
    assert {p.column for p in found} >= {"id", "title", "published", "file"}
    assert all(p.line == 1 for p in found)


# --- line numbers ---------------------------------------------------------------------------


def test_line_numbers_after_a_quoted_field_with_newlines(make_dataset: MakeDataset):
    rows = [dict(row) for row in EVENTS]
    rows[0]["summary"] = 'Three\nlines, with "quotes"\nand commas.'
    rows[2]["date"] = "2001-02-30"
    found = problems(make_dataset(events=rows))
    assert located(the_problem(found, "events.csv", "date")) == (
        "events.csv",
        6,
        "date",
        "2001-02-30",
    )


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_numbers_with_blank_lines_and_line_endings(
    make_dataset: MakeDataset, quoted: bool, newline: str
):
    header = ",".join(EVENT_COLUMNS)
    title = '"Rail, link"' if quoted else "Rail link"
    lines = [
        "",
        header,
        "westphalia,1648,,Treaty,,Ruritania,treaty,stated,",
        "",
        "  ",
        "\t",
        f"rail,1990-03,2000,{title},,Ruritania,trade,stated,",
        "",
        "summit,2001-02-30,,Summit,,League,treaty,stated,",
        "",
        "",
    ]
    root = make_dataset()
    (root / "events.csv").write_bytes(newline.join(lines).encode("utf-8"))
    found = problems(root)
    assert located(the_problem(found, "events.csv", "date")) == (
        "events.csv",
        9,
        "date",
        "2001-02-30",
    )


def test_huge_quoted_field_does_not_break_line_numbers(make_dataset: MakeDataset):
    rows = with_event(0, summary="word, " * 40_000)  # 240 kB: over the csv module's limit
    rows[2]["date"] = "2001-02-30"
    found = problems(make_dataset(events=rows))
    assert the_problem(found, "events.csv", "date").line == 4


# --- all problems at once -------------------------------------------------------------------


def test_several_problems_in_several_files_are_reported_together(make_dataset: MakeDataset):
    events = with_event(1, date="1990-02-30")
    events[2]["actors"] = "Atlantis"
    excerpts = [dict(row) for row in EXCERPTS]
    excerpts[0]["source_id"] = "nope"
    sources = [dict(row) for row in SOURCES]
    sources[1]["published"] = "2001-13"
    vocabulary = [
        {"kind": "actor", "name": "Ruritania", "description": ""},
        {"kind": "actor", "name": "Freedonia", "description": ""},
        {"kind": "nation", "name": "League", "description": ""},
        {"kind": "theme", "name": "treaty", "description": ""},
        {"kind": "theme", "name": "trade", "description": ""},
    ]
    found = problems(
        make_dataset(events=events, excerpts=excerpts, sources=sources, vocabulary=vocabulary)
    )
    where = {(p.file, p.line, p.column) for p in found}
    assert where >= {
        ("events.csv", 3, "date"),
        ("events.csv", 4, "actors"),
        ("excerpts.csv", 2, "source_id"),
        ("sources.csv", 3, "published"),
        ("vocabulary.csv", 4, "kind"),
    }


def test_error_report_lists_every_problem_on_its_own_line(make_dataset: MakeDataset):
    events = with_event(1, date="1990-02-30")
    events[2]["themes"] = "war"
    with pytest.raises(DatasetError) as info:
        load_dataset(make_dataset(events=events))
    report = info.value.report().splitlines()
    assert len(report) == len(info.value.problems) + len(info.value.warnings)
    assert any(line.startswith("error: events.csv:3: column 'date'") for line in report)
    assert any(line.startswith("error: events.csv:4: column 'themes'") for line in report)


# --- what a valid dataset loads into --------------------------------------------------------


def test_early_and_late_years_load(make_dataset: MakeDataset):
    rows = [
        event(id="early", date="0800", title="Early"),
        event(id="peace", date="1648-10-24", title="Peace"),
        event(id="late", date="9999-12-31", title="Late"),
    ]
    dataset = load_dataset(make_dataset(events=rows, excerpts=[]))
    by_id = dataset.events.set_index("id")
    assert by_id.loc["early", "start"] == np.datetime64("0800-01-01", "us")
    assert by_id.loc["early", "end"] == np.datetime64("0801-01-01", "us")
    assert by_id.loc["peace", "start"] == np.datetime64("1648-10-24", "us")
    assert by_id.loc["late", "end"] == np.datetime64("10000-01-01", "us")
    assert dataset.events["id"].tolist() == ["early", "peace", "late"]  # sorted by time


def test_precision_and_labels(make_dataset: MakeDataset):
    rows = [
        event(id="y", date="1961"),
        event(id="m", date="2023-09"),
        event(id="span", date="2024-06-18", end_date="2024-06-19"),
        event(id="months", date="2024-06", end_date="2024-07"),
        event(id="years", date="1961", end_date="1965"),
    ]
    by_id = load_dataset(make_dataset(events=rows, excerpts=[])).events.set_index("id")
    assert by_id.loc["y", ["precision", "date_label"]].tolist() == ["year", "1961"]
    assert by_id.loc["m", ["precision", "date_label"]].tolist() == ["month", "September 2023"]
    assert by_id.loc["span", ["precision", "date_label"]].tolist() == ["day", "18–19 June 2024"]
    assert by_id.loc["span", "end_precision"] == "day"
    assert by_id.loc["months", "date_label"] == "June – July 2024"
    assert by_id.loc["years", "date_label"] == "1961 – 1965"
    assert by_id.loc["span", "end"] == np.datetime64("2024-06-20", "us")


def test_actor_and_theme_lists(tiny_dataset: Path):
    dataset = load_dataset(tiny_dataset)
    by_id = dataset.events.set_index("id")
    assert by_id.loc["summit", "actors"] == ["Ruritania", "Freedonia", "League"]
    assert by_id.loc["rail", "themes"] == ["trade"]
    assert dataset.actors == ("Ruritania", "Freedonia", "League")
    long = dataset.event_actors
    summit = int(np.flatnonzero(dataset.events["id"] == "summit")[0])
    assert sorted(long.loc[long["event"] == summit, "actor"].astype(str)) == [
        "Freedonia",
        "League",
        "Ruritania",
    ]


def test_n_sources_counts_distinct_articles(make_dataset: MakeDataset):
    excerpts = [
        *EXCERPTS,
        {"event_id": "rail", "source_id": "b", "quote": "carried goods for a decade"},
    ]
    by_id = load_dataset(make_dataset(excerpts=excerpts)).events.set_index("id")
    assert by_id.loc["rail", ["n_sources", "n_excerpts"]].tolist() == [2, 3]
    assert by_id.loc["westphalia", ["n_sources", "n_excerpts"]].tolist() == [1, 1]


def test_quote_offsets_point_at_the_quote(tiny_dataset: Path):
    dataset = load_dataset(tiny_dataset)
    assert len(dataset.excerpts) == len(EXCERPTS)
    for row in dataset.excerpts.itertuples():
        text = dataset.articles[row.source_id].text
        span = text[row.quote_start : row.quote_end]
        assert normalise(span) == normalise(row.quote)
        assert dataset.events.loc[row.event, "id"] == row.event_id
    rail = dataset.excerpts[dataset.excerpts["source_id"] == "b"].iloc[0]
    assert rail["quote_start"] == ARTICLE_B.index("The rail link")


def test_straight_quotes_match_typographic_article(tiny_dataset: Path):
    """The conftest excerpt types ' and " where article a has ’ “ ”."""
    dataset = load_dataset(tiny_dataset)
    summit = dataset.excerpts[dataset.excerpts["quote"].str.contains("envoy")].iloc[0]
    span = ARTICLE_A[summit["quote_start"] : summit["quote_end"]]
    assert span == "Ruritania’s envoy said the “old friendship” was renewed on 2 May 2001."


def test_typographic_quotes_match_straight_article(make_dataset: MakeDataset):
    articles = {"a.txt": ARTICLE_A.replace("’", "'").replace("“", '"'), "b.txt": ARTICLE_B}
    articles["a.txt"] = articles["a.txt"].replace("”", '"')
    excerpts = [dict(row) for row in EXCERPTS]
    excerpts[3]["quote"] = "Ruritania’s envoy said the “old friendship” was renewed"
    dataset = load_dataset(make_dataset(articles=articles, excerpts=excerpts))
    row = dataset.excerpts[dataset.excerpts["quote"].str.contains("envoy")].iloc[0]
    assert articles["a.txt"][row["quote_start"] : row["quote_end"]] == (
        'Ruritania\'s envoy said the "old friendship" was renewed'
    )


def test_white_space_runs_and_line_breaks_are_tolerated(make_dataset: MakeDataset):
    excerpts = [dict(row) for row in EXCERPTS]
    excerpts[0]["quote"] = "  Leaders of   Ruritania\nand\tFreedonia  met in 1648 "
    excerpts[1]["quote"] = "Westphalia-by-the-Sea. In March 1990"  # across the article's line break
    dataset = load_dataset(make_dataset(excerpts=excerpts))
    spans = [
        ARTICLE_A[start:end]
        for start, end in zip(
            dataset.excerpts["quote_start"], dataset.excerpts["quote_end"], strict=True
        )
    ]
    assert "Leaders of Ruritania and Freedonia met in 1648" in spans
    assert "Westphalia-by-the-Sea.\nIn March 1990" in spans


@pytest.mark.parametrize(
    "quote",
    [
        "Leaders of Ruritania and Freedonia met in 1649",  # one changed character
        "Leaders of Ruritania and Freedonia gathered in 1648",  # one changed word
        "Leaders of Ruritania, and Freedonia met in 1648",  # an added comma
        "Leaders of Ruritania andFreedonia met in 1648",  # a dropped space
        "leaders of Ruritania and Freedonia met in 1648",  # case
    ],
)
def test_paraphrase_is_an_error(make_dataset: MakeDataset, quote: str):
    excerpts = [dict(row) for row in EXCERPTS]
    excerpts[0]["quote"] = quote
    found = problems(make_dataset(excerpts=excerpts))
    assert located(the_problem(found, "excerpts.csv", "quote")) == (
        "excerpts.csv",
        2,
        "quote",
        quote,
    )


# --- columns the format does not know -------------------------------------------------------


def test_extra_columns_are_kept_with_a_warning(make_dataset: MakeDataset):
    rows = [{**row, "region": f"r{i}"} for i, row in enumerate(EVENTS)]
    dataset = load_dataset(make_dataset(events=rows))
    assert dataset.events.set_index("id").loc["rail", "region"] == "r1"
    warning = the_problem(list(dataset.warnings), "events.csv", "region")
    assert (warning.severity, warning.line) == ("warning", 1)
    assert "kept" in warning.message


def test_misspelt_column_gets_a_did_you_mean_warning(make_dataset: MakeDataset):
    rows = [{("end-date" if k == "end_date" else k): v for k, v in row.items()} for row in EVENTS]
    dataset = load_dataset(make_dataset(events=rows))
    warning = the_problem(list(dataset.warnings), "events.csv", "end-date")
    assert warning.severity == "warning"
    assert "did you mean 'end_date'" in warning.message


def test_a_misspelt_required_column_is_an_error_and_a_hint(make_dataset: MakeDataset):
    rows = [{("actor" if k == "actors" else k): v for k, v in row.items()} for row in EVENTS]
    with pytest.raises(DatasetError) as info:
        load_dataset(make_dataset(events=rows))
    assert the_problem(info.value.problems, "events.csv", "actors").line == 1
    hint = the_problem(info.value.warnings, "events.csv", "actor")
    assert "did you mean 'actors'" in hint.message


def test_uncited_source_warning_names_its_line(make_dataset: MakeDataset):
    sources = [*SOURCES, {"id": "c", "title": "Unused", "published": "2001", "file": "b.txt"}]
    dataset = load_dataset(make_dataset(sources=sources))
    warning = the_problem(list(dataset.warnings), "sources.csv", "id")
    assert (warning.line, warning.value, warning.severity) == (4, "c", "warning")


def test_unknown_date_basis_is_reported_without_a_pandas_warning(make_dataset: MakeDataset):
    """An unknown basis once reached pd.Categorical, which pandas 4 will turn into an error."""
    root = make_dataset(events=with_event(1, date_basis="guessed"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = problems(root)
    assert located(the_problem(found, "events.csv", "date_basis")) == (
        "events.csv",
        3,
        "date_basis",
        "guessed",
    )


def test_a_csv_that_is_a_folder(make_dataset: MakeDataset):
    root = make_dataset()
    (root / "events.csv").unlink()
    (root / "events.csv").mkdir()
    assert "folder" in the_problem(problems(root), "events.csv").message


def test_symlink_out_of_the_sources_folder_is_refused(make_dataset: MakeDataset, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Leaders of Ruritania and Freedonia met in 1648", encoding="utf-8")
    root = make_dataset()
    (root / "sources" / "a.txt").unlink()
    (root / "sources" / "a.txt").symlink_to(secret)
    problem = the_problem(problems(root), "sources.csv", "file")
    assert located(problem) == ("sources.csv", 2, "file", "a.txt")


@pytest.mark.parametrize("target", ["sources.csv", "sources/b.txt"])
def test_unreadable_file_is_a_problem(
    make_dataset: MakeDataset, monkeypatch: pytest.MonkeyPatch, target: str
):
    """Permission errors cannot be produced as root, so reading is made to fail instead."""
    root = make_dataset()
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.resolve() == (root / target).resolve():
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    found = problems(root)
    problem = the_problem(found, "sources.csv")
    assert "cannot be read" in problem.message
    assert "Permission denied" in problem.message


def test_every_problem_prints_on_one_line(make_dataset: MakeDataset):
    """A declared name with a line break is echoed in a hint; the report stays one per line."""
    vocabulary = [
        {"kind": "actor", "name": "Rur\nitania", "description": ""},
        {"kind": "actor", "name": "Freedonia", "description": ""},
        {"kind": "actor", "name": "League", "description": ""},
        {"kind": "theme", "name": "treaty", "description": ""},
        {"kind": "theme", "name": "trade", "description": ""},
    ]
    with pytest.raises(DatasetError) as info:
        load_dataset(make_dataset(vocabulary=vocabulary))
    assert info.value.problems
    assert len(info.value.report().splitlines()) == len(info.value.problems) + len(
        info.value.warnings
    )


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("excerpts", "event"),
        ("excerpts", "quote_end"),
        ("events", "n_sources"),
        ("sources", "published_label"),
    ],
)
def test_an_extra_column_named_like_a_computed_one_is_an_error(
    make_dataset: Callable[..., Path], table: str, column: str
) -> None:
    """Extra columns are kept, but not under a name the loader computes: that one would be
    overwritten (or clash) without a word."""
    rows = {"events": EVENTS, "excerpts": EXCERPTS, "sources": SOURCES}[table]
    folder = make_dataset(**{table: [{**row, column: "mine"} for row in rows]})
    with pytest.raises(DatasetError) as raised:
        load_dataset(folder)
    [problem] = [p for p in raised.value.problems if p.column == column]
    assert problem.file == f"{table}.csv" and problem.line == 1 and problem.severity == "error"
    assert "rename the column" in problem.message


def test_row_of_finds_an_event_by_id(tiny_dataset: Path) -> None:
    dataset = load_dataset(tiny_dataset)
    for row, event_id in enumerate(dataset.events["id"]):
        assert dataset.row_of(event_id) == row
    assert dataset.row_of("no-such-event") is None
