"""Reading the input folder: articles as .txt or .html, and the optional sources.csv and
vocabulary.csv, into source rows and the texts that quotes are taken from."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from timeline.draft.base import SOURCES, SOURCES_DIR, VOCABULARY
from timeline.draft.resolve import Published

EXTRA_COLUMNS = ("outlet", "author", "url", "accessed", "published_basis")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
_TITLE_MAX = 150


class DraftError(Exception):
    """A problem with the input or output folder, reported as one line."""


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

    @property
    def id(self) -> str:
        return self.row["id"]


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file's header and rows (cells stripped), or a one-line error."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftError(f"{path.name} is not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as exc:
        raise DraftError(f"{path.name} cannot be read: {exc.strerror}") from None
    try:
        reader = csv.DictReader(io.StringIO(text))
        rows = [
            {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
            for row in reader
        ]
    except csv.Error as exc:
        raise DraftError(f"{path.name} is not well-formed CSV: {exc}") from None
    header = [str(name).strip() for name in (reader.fieldnames or [])]
    return header, rows


def read_articles(folder: Path, today: dt.date) -> tuple[list[str], list[Article]]:
    """The sources.csv header to write and every article of ``folder``, in file-name order."""
    sources_dir = folder / SOURCES_DIR
    if not sources_dir.is_dir():
        raise DraftError(f"{folder} has no {SOURCES_DIR}/ folder of articles")
    given_header: list[str] = []
    given: dict[str, dict[str, str]] = {}
    if (folder / SOURCES.file).is_file():
        given_header, rows = read_table(folder / SOURCES.file)
        missing = [c for c in ("id", "file") if c not in given_header]
        if missing:
            raise DraftError(f"{SOURCES.file} lacks the column(s) {', '.join(missing)}")
        for row in rows:
            if not (sources_dir / row["file"]).is_file():
                raise DraftError(f"{SOURCES.file}: no file '{row['file']}' in {SOURCES_DIR}/")
            given[row["file"]] = row
    names = sorted(
        p.name
        for p in sources_dir.iterdir()
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES
    )
    for name in given:  # a listed file with another suffix is still read, as text
        if name not in names:
            names.append(name)
    header = list(SOURCES.names)
    header += [c for c in EXTRA_COLUMNS if c not in header]
    header += [c for c in given_header if c not in header]
    taken_ids = {row["id"] for row in given.values()}
    taken_files = set(names)
    articles = []
    for name in names:
        row = dict.fromkeys(header, "")
        row.update(given.get(name, {}))
        article = _read_one(sources_dir / name, row, today, taken_ids, taken_files)
        if article is not None:
            articles.append(article)
    return header, articles


def _read_one(
    path: Path, row: dict[str, str], today: dt.date, ids: set, files: set
) -> Article | None:
    raw = path.read_bytes()
    html = path.suffix.lower() in HTML_SUFFIXES
    if not row["id"]:
        row["id"] = _unique(_slug(path.stem), ids)
    if html:
        article = _from_html(path, raw, row, files)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DraftError(f"{SOURCES_DIR}/{path.name} is not UTF-8 text") from None
        row["file"] = path.name
        if not row["title"]:
            row["title"] = _first_line_title(text, path.name)
        article = Article(row, text, path, path.name, None)
    if article is None:
        return None
    given_date = row["published"]
    article.published = Published.parse(given_date) if given_date else None
    if given_date and article.published is None:
        article.remarks.append(f"published '{given_date}' is not an ISO date: not used")
    if article.published is None:
        _placeholder_date(article, today)
    return article


def _from_html(path: Path, raw: bytes, row: dict[str, str], files: set) -> Article | None:
    import htmldate
    import trafilatura

    html = raw.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    if not text.strip():
        return None
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
    name = path.stem + ".txt"
    if name in files:
        name = path.name + ".txt"
    files.add(name)
    row["file"] = name
    return Article(row, text.rstrip("\n") + "\n", path, name, None, extracted=True)


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


def read_vocabulary(folder: Path) -> list[dict[str, str]] | None:
    """The rows of the input's vocabulary.csv, or None when there is none."""
    path = folder / VOCABULARY.file
    if not path.is_file():
        return None
    header, rows = read_table(path)
    if "kind" not in header or "name" not in header:
        raise DraftError("vocabulary.csv needs the columns kind and name")
    return [
        {"kind": r["kind"], "name": r["name"], "description": r.get("description", "")}
        for r in rows
        if r["kind"] and r["name"]
    ]
