"""Fuzzing the loader: whatever is in the folder, it loads or says what is wrong, located.

The contract checked for every generated folder: ``load_dataset`` returns a Dataset (whose
frames hold together) or raises ``DatasetError`` whose every problem names a file and says
something, with a line when it is about a row — never any other exception, never a hang.

Run more cases with ``HYPOTHESIS_PROFILE=thorough`` (profiles are in conftest.py).
"""

from __future__ import annotations

import csv
import io
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from conftest import ARTICLE_A, ARTICLE_B, EVENTS, EXCERPTS, SOURCES, VOCABULARY, write_dataset
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.problems import DatasetError
from timeline.model.quotes import normalise
from timeline.model.text import first_bad

CSV_FILES = ("events.csv", "excerpts.csv", "sources.csv", "vocabulary.csv")
ARTICLES = ("sources/a.txt", "sources/b.txt")
HANG_SECONDS = 20  # far beyond any real load of these small folders
CSV_ALPHABET = st.sampled_from([*',,,"""\n\n\r ;-abcdez0123456789', "Ü", "’", "\t", "é"])
csv_text = st.text(alphabet=CSV_ALPHABET, max_size=400)
# each case is a full load (~40 ms of pandas work), so fuzz tests run 3/5 of the profile's
# examples: 120 per test with "ci" (make test, CI), 1,800 with "thorough", and at least 20:
# the "quick" profile of a plain local run gives each test 20 cases, a few seconds in all,
# so the fuzzer is not left out of the quick run (-m "not slow")
fuzz = settings(max_examples=max(20, settings().max_examples // 2))


@contextmanager
def no_hang(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail, rather than wait forever, if a load does not finish."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"load_dataset did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_contract(root: Path) -> Dataset | DatasetError:
    """Load ``root`` and check the loader's contract, whichever way it goes."""
    try:
        with no_hang():
            dataset = load_dataset(root)
    except DatasetError as error:
        assert error.problems, "a DatasetError must carry at least one error"
        for problem in [*error.problems, *error.warnings]:
            assert problem.file, problem
            assert problem.message.strip(), problem
            assert problem.severity in ("error", "warning")
            row_level = problem.value is not None and problem.column is not None
            if row_level and problem.file.endswith(".csv"):
                assert problem.line is not None and problem.line >= 1, problem
            assert "\n" not in str(problem), problem  # one line per problem in reports
        return error
    check_dataset(dataset)
    return dataset


def check_dataset(dataset: Dataset) -> None:
    """A loaded dataset is internally consistent."""
    events, excerpts = dataset.events, dataset.excerpts
    n = len(events)
    assert (events["start"] < events["end"]).all()
    starts = events["start"].to_numpy()
    assert (starts[:-1] <= starts[1:]).all(), "events are sorted by start"
    assert events["id"].is_unique
    for frame in (dataset.event_actors, dataset.event_themes, excerpts):
        positions = frame["event"].to_numpy()
        assert ((positions >= 0) & (positions < n)).all()
    if len(excerpts):
        assert (events["id"].to_numpy()[excerpts["event"].to_numpy()] == excerpts["event_id"]).all()
    for row in excerpts.itertuples():
        span = dataset.articles[row.source_id].text[row.quote_start : row.quote_end]
        assert normalise(span) == normalise(row.quote)
    assert (events["n_sources"] <= events["n_excerpts"]).all()
    assert int(events["n_excerpts"].sum()) == len(excerpts)
    for actors in events["actors"]:
        assert set(actors) <= set(dataset.actors)
    assert dataset.summary()


@contextmanager
def valid_folder() -> Iterator[Path]:
    """A fresh copy of the valid conftest dataset in a temporary folder (never in the repo)."""
    with tempfile.TemporaryDirectory(prefix="timeline-fuzz-") as tmp:
        yield write_dataset(Path(tmp) / "data")


def read(root: Path, name: str) -> str:
    return (root / name).read_bytes().decode("utf-8")


# --- whole files replaced -------------------------------------------------------------------


@fuzz
@given(st.sampled_from(CSV_FILES + ARTICLES), st.binary(max_size=600))
def test_random_bytes_in_any_file(name: str, content: bytes):
    with valid_folder() as root:
        (root / name).write_bytes(content)
        check_contract(root)


@fuzz
@given(st.sampled_from(CSV_FILES), csv_text)
def test_random_csv_text(name: str, content: str):
    with valid_folder() as root:
        (root / name).write_text(content, encoding="utf-8", newline="")
        check_contract(root)


@fuzz
@given(st.sampled_from(CSV_FILES), csv_text)
def test_random_rows_under_a_valid_header(name: str, body: str):
    with valid_folder() as root:
        header = read(root, name).splitlines()[0]
        (root / name).write_text(header + "\n" + body, encoding="utf-8", newline="")
        check_contract(root)


# --- valid files mutated --------------------------------------------------------------------

mutation = st.tuples(
    st.sampled_from(["delete", "duplicate", "insert", "truncate", "swap_lines"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    CSV_ALPHABET,
)


def mutate(text: str, kind: str, where: float, other: float, char: str) -> str:
    i = int(where * len(text)) if text else 0
    if kind == "delete":
        return text[:i] + text[i + 1 :]
    if kind == "duplicate":
        return text[: i + 1] + text[i : i + 1] + text[i + 1 :]
    if kind == "insert":
        return text[:i] + char + text[i:]
    if kind == "truncate":
        return text[:i]
    lines = text.split("\n")
    a, b = int(where * len(lines)), int(other * len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


@fuzz
@given(st.sampled_from(CSV_FILES + ARTICLES), st.lists(mutation, min_size=1, max_size=6))
def test_mutated_valid_files(name: str, mutations: list[tuple[str, float, float, str]]):
    with valid_folder() as root:
        text = read(root, name)
        for kind, where, other, char in mutations:
            text = mutate(text, kind, where, other, char)
        (root / name).write_text(text, encoding="utf-8", newline="")
        check_contract(root)


def rewrite_columns(root: Path, name: str, change: Callable[[list[list[str]]], None]) -> None:
    rows = list(csv.reader(io.StringIO(read(root, name))))
    change(rows)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    (root / name).write_text(buffer.getvalue(), encoding="utf-8", newline="")


@fuzz
@given(st.sampled_from(CSV_FILES), st.permutations(range(9)))
def test_column_order_does_not_matter(name: str, order: list[int]):
    """Columns are found by name: reordering them (header and rows alike) changes nothing."""

    def reorder(rows: list[list[str]]) -> None:
        width = len(rows[0])
        keep = [i for i in order if i < width]
        rows[:] = [[row[i] for i in keep] for row in rows]

    with valid_folder() as root:
        rewrite_columns(root, name, reorder)
        assert isinstance(check_contract(root), Dataset)


@fuzz
@given(st.sampled_from(CSV_FILES), st.integers(0, 8), st.integers(0, 8))
def test_swapped_header_names_are_reported(name: str, a: int, b: int):
    """Swapping two names in the header only: the cells now sit under the wrong names."""

    def swap(rows: list[list[str]]) -> None:
        width = len(rows[0])
        i, j = a % width, b % width
        rows[0][i], rows[0][j] = rows[0][j], rows[0][i]

    with valid_folder() as root:
        rewrite_columns(root, name, swap)
        check_contract(root)


extra_name = st.text(alphabet="abcxyz_- É", min_size=0, max_size=8)
# what the text rule allows in prose (timeline.model.text); refused ones: test_text_rule.py
extra_value = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc"], include_characters="\t\n\r"),
    max_size=30,
).filter(lambda value: first_bad(value, prose=True) is None)


@fuzz
@given(
    st.sampled_from(CSV_FILES),
    st.lists(st.tuples(extra_name, extra_value), min_size=1, max_size=4),
)
def test_extra_columns_are_kept_or_reported(name: str, extras: list[tuple[str, str]]):
    def add(rows: list[list[str]]) -> None:
        for column, value in extras:
            rows[0].append(column)
            for row in rows[1:]:
                row.append(value)

    with valid_folder() as root:
        rewrite_columns(root, name, add)
        result = check_contract(root)
        known = set(rows_header(root, name)) - {c for c, _ in extras}
        names = [c.strip() for c, _ in extras]
        clash = len(set(names)) < len(names) or any(c in known for c in names)
        if not clash and name == "events.csv":
            assert isinstance(result, Dataset)
            for column, value in extras:
                if column.strip():
                    expected = value.replace("\r\n", "\n").replace("\r", "\n").strip()
                    assert (result.events[column.strip()] == expected).all()


def rows_header(root: Path, name: str) -> list[str]:
    return [c.strip() for c in next(csv.reader(io.StringIO(read(root, name))))]


# --- folders ----------------------------------------------------------------------------------

file_state = st.sampled_from(["valid", "missing", "empty", "folder", "blank lines", "header"])


@fuzz
@given(
    st.fixed_dictionaries({name: file_state for name in CSV_FILES + ARTICLES}),
    st.sampled_from(["folder", "missing", "file"]),
)
def test_random_dataset_folders(states: dict[str, str], sources_dir: str):
    with valid_folder() as root:
        for name, state in states.items():
            path = root / name
            header = read(root, name).splitlines()[0] if name.endswith(".csv") else "x"
            if state == "missing":
                path.unlink()
            elif state == "empty":
                path.write_bytes(b"")
            elif state == "folder":
                path.unlink()
                path.mkdir()
            elif state == "blank lines":
                path.write_text("\n\n  \r\n\t\n", encoding="utf-8")
            elif state == "header":
                path.write_text(header + "\n", encoding="utf-8")
        if sources_dir != "folder":
            for article in (root / "sources").iterdir():
                if article.is_dir():
                    article.rmdir()
                else:
                    article.unlink()
            (root / "sources").rmdir()
            if sources_dir == "file":
                (root / "sources").write_text("not a folder", encoding="utf-8")
        check_contract(root)


# --- structured rows: many datasets that load, and near misses --------------------------------

ids = st.sampled_from(["e1", "e2", "e3", "e4", "westphalia", "rail", "summit", ""])
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()[: [4, 7, 10][d.day % 3]]),
    st.sampled_from(["", "2024-02-30", "0000", "24", "1990-13", "9999-12-31", "0001"]),
)
names = st.lists(
    st.sampled_from([row["name"] for row in VOCABULARY] + ["Atlantis", " ", ""]), max_size=4
)
quotes = st.one_of(
    st.sampled_from([row["quote"] for row in EXCERPTS]),
    st.builds(
        lambda text, a, b: text[min(a, b) : max(a, b)],
        st.sampled_from([ARTICLE_A, ARTICLE_B]),
        st.integers(0, 200),
        st.integers(0, 200),
    ),
    st.text(max_size=20),
)


@st.composite
def event_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        rows.append(
            {
                "id": draw(ids),
                "date": draw(dates),
                "end_date": draw(st.one_of(st.just(""), dates)),
                "title": draw(st.sampled_from(["A title", "", "Türkiye, Côte d'Ivoire"])),
                "summary": draw(st.text(max_size=30)).replace("\x00", ""),
                "actors": ";".join(draw(names)),
                "themes": draw(st.sampled_from(["treaty", "trade", "treaty;trade", "", "war"])),
                "date_basis": draw(st.sampled_from(["stated", "relative", "external", "x"])),
                "note": "",
            }
        )
    return rows


@fuzz
@given(
    event_rows(),
    st.lists(
        st.fixed_dictionaries(
            {"event_id": ids, "source_id": st.sampled_from(["a", "b", "c", ""]), "quote": quotes}
        ),
        max_size=8,
    ),
)
def test_structured_random_rows(events: list[dict[str, str]], excerpts: list[dict[str, str]]):
    with tempfile.TemporaryDirectory(prefix="timeline-fuzz-") as tmp:
        root = write_dataset(Path(tmp) / "data", events=events or [], excerpts=excerpts)
        if not events:  # write_dataset writes the default events when given none
            (root / "events.csv").write_text(",".join(EVENTS[0]) + "\n", encoding="utf-8")
        result = check_contract(root)
        if isinstance(result, Dataset):
            assert sorted(result.events["id"]) == sorted(e["id"] for e in events)


# --- huge fields: fewer cases, each slower ----------------------------------------------------


@settings(max_examples=max(5, settings().max_examples // 20), deadline=None)
@given(
    st.sampled_from(CSV_FILES),
    st.integers(1, 3),
    st.sampled_from([100_000, 300_000, 1_100_000]),
    st.sampled_from(["x", "a,b", 'q"', "\n"]),
    st.booleans(),
)
def test_huge_fields(name: str, row: int, size: int, unit: str, quoted: bool):
    def enlarge(rows: list[list[str]]) -> None:
        target = rows[min(row, len(rows) - 1)]
        target[-1] = (unit * (size // len(unit)))[:size]

    with valid_folder() as root:
        if quoted:
            rewrite_columns(root, name, enlarge)
        else:  # raw, unquoted: commas and quotes in it break the row structure on purpose
            lines = read(root, name).split("\r\n")
            lines[min(row, len(lines) - 1)] += (unit * (size // len(unit)))[:size]
            (root / name).write_text("\r\n".join(lines), encoding="utf-8", newline="")
        check_contract(root)


def test_contract_checker_accepts_the_valid_dataset():
    """The checker itself: the untouched folder loads and passes every consistency check."""
    with valid_folder() as root:
        result = check_contract(root)
    assert isinstance(result, Dataset)
    assert len(result.events) == len(EVENTS)
    assert np.array_equal(result.sources["id"].to_numpy(), [s["id"] for s in SOURCES])
