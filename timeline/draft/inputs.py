"""Reading the input folder: articles as .txt or .html, and the optional sources.csv and
vocabulary.csv, into source rows and the texts that quotes are taken from."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from timeline.draft.base import SOURCES, SOURCES_DIR, VOCABULARY, Problem
from timeline.draft.decode import decode_html, decode_text
from timeline.draft.resolve import Published

EXTRA_COLUMNS = ("outlet", "author", "url", "accessed", "published_basis")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
_TITLE_MAX = 150
MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much one draft may read: each bound has an option of the command to raise it."""

    file_bytes: int = 5 * MIB  # one article file, read whole (a page is parsed whole)
    total_bytes: int = 50 * MIB  # all the article files together
    text_chars: int = 200_000  # the text drafted from one article (about 35,000 words)


class DraftError(Exception):
    """Problems with the input or output folder: each is reported on a line of its own."""

    def __init__(self, *problems: Problem | str):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Article:
    """One article: its sources.csv row, the text quotes come from, and what to copy."""

    row: dict[str, str]
    text: str
    original: Path  # the input file, copied unchanged
    text_file: str  # name of the text file in the output's sources/ folder
    published: Published | None
    extracted: bool = False  # True when the text was extracted from HTML (written, not copied)
    remarks: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # met in reading it

    @property
    def id(self) -> str:
        return self.row["id"]


@dataclass
class Inputs:
    """What the input folder gives the draft."""

    header: list[str]  # of the sources.csv to write
    articles: list[Article]
    warnings: list[Problem] = field(default_factory=list)


def read_table(path: Path, limit: int) -> tuple[list[str], list[dict[str, str]], list[int]]:
    """A CSV file's header, rows (cells stripped) and each row's first line, or an error;
    a file larger than ``limit`` bytes is refused unread."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise DraftError(
                Problem(path.name, f"is {size:,} bytes, more than the {_mib(limit)} a file of "
                        "the input may be; raise --max-file-mib to read it")
            )  # fmt: skip
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftError(f"{path.name} is not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as exc:
        raise DraftError(f"{path.name} cannot be read: {exc.strerror}") from None
    rows, lines = [], []
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [str(name).strip() for name in (reader.fieldnames or [])]
        end = reader.line_num
        for row in reader:
            rows.append(
                {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
            )
            lines.append(end + 1)
            end = reader.line_num
    except csv.Error as exc:
        raise DraftError(f"{path.name} is not well-formed CSV: {exc}") from None
    return header, rows, lines


def read_articles(folder: Path, today: dt.date, limits: Limits | None = None) -> Inputs:
    """The sources.csv header to write and every article of ``folder``, in file-name order,
    with the warnings met on the way; or every problem found, at once.

    Nothing outside ``folder``/sources/ is read: a listed name must be a file right inside
    that folder, and a link must stay inside it. The names and sizes are checked before any
    article is read, so a file of the wrong place or size is never opened.
    """
    limits = limits or Limits()
    sources_dir = folder / SOURCES_DIR
    if not sources_dir.is_dir():
        raise DraftError(f"{folder} has no {SOURCES_DIR}/ folder of articles")
    if not _inside(sources_dir, folder):
        raise DraftError(
            Problem(f"{SOURCES_DIR}/", "is a link to a place outside the input folder; copy "
                    "the articles into the input folder")
        )  # fmt: skip
    given_header, given, problems = _given_rows(folder, sources_dir, limits)
    names, outside = _article_names(sources_dir)
    problems += outside
    for name in given:  # a listed file with another suffix is still read, as text
        if name not in names:
            names.append(name)
    problems += _size_problems(sources_dir, names, limits)
    if problems:
        raise DraftError(*problems)
    header = list(SOURCES.names)
    header += [c for c in EXTRA_COLUMNS if c not in header]
    header += [c for c in given_header if c not in header]
    inputs = Inputs(header, [])
    taken_ids = {row["id"] for row in given.values()}
    taken_files = set(names)
    for name in names:
        row = dict.fromkeys(header, "")
        row.update(given.get(name, {}))
        found = _read_one(sources_dir / name, row, today, taken_ids, taken_files)
        met = found if isinstance(found, list) else found.warnings
        if isinstance(found, Article):
            inputs.articles.append(found)
            if len(found.text) > limits.text_chars:
                met = [*met, _too_long(name, len(found.text), limits.text_chars)]
        problems += [p for p in met if p.severity == "error"]
        inputs.warnings += [p for p in met if p.severity == "warning"]
    if problems:
        raise DraftError(*problems)
    return inputs


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``'s real place (links followed) is ``folder``'s or lies inside it."""
    try:
        real, root = path.resolve(), folder.resolve()
    except (OSError, RuntimeError):  # a link loop
        return False
    return real == root or root in real.parents


def _given_rows(
    folder: Path, sources_dir: Path, limits: Limits
) -> tuple[list[str], dict[str, dict[str, str]], list[Problem]]:
    """The input's sources.csv: its header, its rows by file name, and its bad rows."""
    path = folder / SOURCES.file
    if not path.is_file():
        return [], {}, []
    if not _inside(path, folder):
        raise DraftError(Problem(SOURCES.file, _OUTSIDE_INPUT))
    header, rows, lines = read_table(path, limits.file_bytes)
    missing = [c for c in ("id", "file") if c not in header]
    if missing:
        raise DraftError(f"{SOURCES.file} lacks the column(s) {', '.join(missing)}")
    given: dict[str, dict[str, str]] = {}
    problems = []
    for row, line in zip(rows, lines, strict=True):
        wrong = _listed_file_problem(sources_dir, row["file"])
        if wrong:
            problems.append(
                Problem(SOURCES.file, wrong, line=line, column="file", value=row["file"])
            )
        else:
            given[row["file"]] = row
    return header, given, problems


_OUTSIDE_INPUT = "is a link to a place outside the input folder; copy the file into the folder"
_OUTSIDE_SOURCES = (
    f"is a link to a place outside the {SOURCES_DIR}/ folder; copy the file into the folder"
)


def _listed_file_problem(sources_dir: Path, name: str) -> str | None:
    """Why a ``file`` value of sources.csv names no article of sources/, or None."""
    expected = f"expected the name of a file right inside the {SOURCES_DIR}/ folder"
    if not name:
        return f"is empty: {expected}"
    if "/" in name or "\\" in name or name in (".", "..") or "\x00" in name:
        return f"is a path: {expected}, such as 'article.txt'"
    path = sources_dir / name
    if path.is_symlink() and not _inside(path, sources_dir):
        return _OUTSIDE_SOURCES
    if not path.is_file():
        return f"no such file in the {SOURCES_DIR}/ folder: {expected}"
    return None


def _article_names(sources_dir: Path) -> tuple[list[str], list[Problem]]:
    """The .txt and .html files of sources/, sorted, and a problem for each link that leads
    out of it (refused before it is read)."""
    names, problems = [], []
    with os.scandir(sources_dir) as entries:
        for entry in entries:
            if not entry.name.lower().endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
                continue
            if entry.is_symlink() and not _inside(Path(entry.path), sources_dir):
                problems.append(Problem(f"{SOURCES_DIR}/{entry.name}", _OUTSIDE_SOURCES))
            elif entry.is_file():
                names.append(entry.name)
    return sorted(names), sorted(problems, key=lambda p: p.file)


def _size_problems(sources_dir: Path, names: list[str], limits: Limits) -> list[Problem]:
    """Files larger than an article may be, and all of them together, before any is read."""
    problems, total = [], 0
    for name in names:
        size = (sources_dir / name).stat().st_size
        total += size
        if size > limits.file_bytes:
            problems.append(
                Problem(f"{SOURCES_DIR}/{name}", f"is {size:,} bytes, more than the "
                        f"{_mib(limits.file_bytes)} an article file may be; raise "
                        "--max-file-mib to draft it")
            )  # fmt: skip
    if total > limits.total_bytes:
        problems.append(
            Problem(f"{SOURCES_DIR}/", f"its {len(names):,} articles add up to {total:,} bytes, "
                    f"more than the {_mib(limits.total_bytes)} one draft may read; draft them "
                    "in parts, or raise --max-total-mib")
        )  # fmt: skip
    return problems


def _mib(size: int) -> str:
    return f"{size / MIB:g} MiB ({size:,} bytes)"


def _too_long(name: str, chars: int, limit: int) -> Problem:
    return Problem(
        f"{SOURCES_DIR}/{name}",
        f"has {chars:,} characters of text, more than the {limit:,} one article may have "
        "(prose drafts at a few thousand characters a second); split it, or raise --max-text-chars",
    )


def _read_one(
    path: Path, row: dict[str, str], today: dt.date, ids: set, files: set
) -> Article | list[Problem]:
    """The article in ``path``, or the problems that keep it out of the draft."""
    name = f"{SOURCES_DIR}/{path.name}"
    raw = path.read_bytes()
    html = path.suffix.lower() in HTML_SUFFIXES
    if html:
        found = _from_html(path, raw, row, files)
        if not isinstance(found, Article):
            return found
        article = found
    else:
        text, problem = decode_text(raw, name)
        if problem is not None or text is None:
            return [problem] if problem else []
        row["file"] = path.name
        if not row["title"]:
            row["title"] = _first_line_title(text, path.name)
        article = Article(row, text, path, path.name, None)
    if not row["id"]:
        row["id"] = _unique(_slug(path.stem), ids)
    given_date = row["published"]
    article.published = Published.parse(given_date) if given_date else None
    if given_date and article.published is None:
        article.remarks.append(f"published '{given_date}' is not an ISO date: not used")
    if article.published is None:
        _placeholder_date(article, today)
    return article


def _from_html(path: Path, raw: bytes, row: dict[str, str], files: set) -> Article | list[Problem]:
    import htmldate
    import trafilatura

    name = f"{SOURCES_DIR}/{path.name}"
    html, warnings = decode_html(raw, name)
    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    if not text.strip():
        return [*warnings, Problem(name, _NO_TEXT, severity="warning")]
    meta = trafilatura.extract_metadata(html)
    if not row["title"]:
        row["title"] = (meta.title or "").strip() or f"[{path.stem}]"
    for column, value in (
        ("outlet", meta.sitename or meta.hostname),
        ("author", meta.author),
    ):
        if not row.get(column) and value:
            row[column] = str(value).strip()
    if not row.get("url") and meta.url and urlparse(meta.url).scheme in ("http", "https"):
        row["url"] = meta.url
    if not row["published"]:
        found = htmldate.find_date(html, extensive_search=False, original_date=True)
        if found and Published.parse(found):
            row["published"] = found
            row["published_basis"] = "printed"
            row["note"] = row["note"] or "Publication date from the page's metadata."
    text_name = path.stem + ".txt"
    if text_name in files:
        text_name = path.name + ".txt"
    files.add(text_name)
    row["file"] = text_name
    return Article(
        row, text.rstrip("\n") + "\n", path, text_name, None, extracted=True, warnings=warnings
    )


_NO_TEXT = (
    "no article text could be extracted from the page (an index, a log-in wall, or only "
    "scripts?): it is left out of the draft; save the article's own page, or its text as .txt"
)


def _placeholder_date(article: Article, today: dt.date) -> None:
    """The loader needs a date; an article without one gets a marked placeholder."""
    row = article.row
    row["published"] = str(today.year)
    row["published_basis"] = "inferred"
    placeholder = (
        f"No publication date was found: {today.year}, the year this draft was made, is a "
        "placeholder and only an upper bound. Replace it; relative dates were not resolved."
    )
    row["note"] = f"{row['note']} {placeholder}".strip()
    article.remarks.append("no publication date: relative expressions are not resolved")


def _first_line_title(text: str, name: str) -> str:
    """The first non-blank line; a long one is a paragraph, so a title is supplied in brackets."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            if len(line) <= _TITLE_MAX:
                return line
            words = line.split()
            short = " ".join(words[:10])
            return f"[{short}…]"
    return f"[{name}]"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


def _unique(base: str, taken: set) -> str:
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def read_vocabulary(folder: Path, limits: Limits | None = None) -> list[dict[str, str]] | None:
    """The rows of the input's vocabulary.csv, or None when there is none."""
    limits = limits or Limits()
    path = folder / VOCABULARY.file
    if not path.is_file():
        return None
    if not _inside(path, folder):
        raise DraftError(Problem(VOCABULARY.file, _OUTSIDE_INPUT))
    header, rows, _lines = read_table(path, limits.file_bytes)
    if "kind" not in header or "name" not in header:
        raise DraftError("vocabulary.csv needs the columns kind and name")
    return [
        {"kind": r["kind"], "name": r["name"], "description": r.get("description", "")}
        for r in rows
        if r["kind"] and r["name"]
    ]
