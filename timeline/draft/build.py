"""The whole draft from IN to OUT: read the articles, draft each one, assign actors, and write
a dataset folder that passes the check, with the side report beside it."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from timeline.draft.actors import UNASSIGNED, actors_in, country_names, propose_actors
from timeline.draft.base import EVENTS, EXCERPTS, SOURCES, SOURCES_DIR, VOCABULARY, Problem
from timeline.draft.extract import Candidate, Skipped, draft_text
from timeline.draft.group import group_events
from timeline.draft.inputs import Article, DraftError, Limits, read_articles, read_vocabulary
from timeline.draft.occasion import Occasion
from timeline.draft.output import (
    REPORT,
    REPORT_COLUMNS,
    Staging,
    check_output_folder,
    check_output_place,
    write_csv,
)

THEME = "unreviewed"
THEME_DESCRIPTION = (
    "Drafted automatically by `timeline draft`: a person must review the date, actors, title "
    "and quote of this event, then replace this theme."
)
UNASSIGNED_DESCRIPTION = "Placeholder: no actor was found in the sentence; a person must name one."
_TITLE_MAX = 80


@dataclass
class Summary:
    """What the draft found, for the command's report."""

    articles: int = 0
    candidates: int = 0
    undated: int = 0
    without_date: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _quiet(_line: str) -> None:
    """No progress report (the default, for callers other than the command)."""


def draft_folder(
    source: Path,
    out: Path,
    today: dt.date | None = None,
    limits: Limits | None = None,
    progress: Callable[[str], None] = _quiet,
) -> Summary:
    """Draft the articles of ``source`` into the new dataset folder ``out``, telling
    ``progress`` which article it is at (a long one takes minutes)."""
    if not source.is_dir():
        raise DraftError(f"{source}: no such folder")
    check_output_place(source, out)
    check_output_folder(out)
    today = today or dt.date.today()
    limits = limits or Limits()
    inputs = read_articles(source, today, limits)
    articles = inputs.articles
    if not articles:
        raise DraftError(
            *inputs.warnings, f"no .txt or .html articles to draft in {source / SOURCES_DIR}"
        )
    vocabulary = read_vocabulary(source, limits)  # before the long part: its errors come first
    drafts = [(a, *_draft_one(a, n, len(articles), progress)) for n, a in enumerate(articles, 1)]
    if vocabulary is None:
        proposed = propose_actors((a.text for a in articles), country_names())
        vocabulary = [
            {"kind": "actor", "name": name, "description": f"Proposed: named {n} times in the "
             "articles. Review, describe or remove."}
            for name, n in proposed
        ]  # fmt: skip
    actors = [r["name"] for r in vocabulary if r["kind"] == "actor"]
    events, excerpts, report, apart, occasions = _tables(drafts, actors)
    # proposed groups (the schema's optional group and group_reason): the review reads them,
    # and drops them on Finish
    group_events(events, {x["event_id"]: x["quote"] for x in excerpts}, apart, occasions)
    if any(e["actors"] == UNASSIGNED for e in events) and UNASSIGNED not in actors:
        vocabulary.append(
            {"kind": "actor", "name": UNASSIGNED, "description": UNASSIGNED_DESCRIPTION}
        )
    if not any(r["kind"] == "theme" and r["name"] == THEME for r in vocabulary):
        vocabulary.append({"kind": "theme", "name": THEME, "description": THEME_DESCRIPTION})
    staging = Staging(out)
    try:
        _copy_articles(articles, staging.root / SOURCES_DIR)
        staging.tables(
            {
                SOURCES.file: (inputs.header, [a.row for a in articles]),
                EVENTS.file: (EVENTS.names, events),
                EXCERPTS.file: (EXCERPTS.names, excerpts),
                VOCABULARY.file: (VOCABULARY.names, vocabulary),
            }
        )
        staging.metadata()
        write_csv(staging.root / REPORT, REPORT_COLUMNS, report)
        staging.publish()
    except BaseException:
        staging.discard()
        raise
    return Summary(
        articles=len(articles),
        candidates=len(events),
        undated=len(report),
        without_date=[f"{a.id} ({a.original.name})" for a in articles if a.published is None],
        remarks=[f"{a.id}: {r}" for a in articles for r in a.remarks if "publication" not in r],
        warnings=inputs.warnings,
    )


def _draft_one(
    article: Article, n: int, total: int, progress: Callable[[str], None]
) -> tuple[list[Candidate], list[Skipped]]:
    """One article's candidates, with a progress line for it and every thousand sentences."""
    name = f"drafting {n}/{total}: {article.original.name}"
    progress(name)

    def sentences(done: int, count: int) -> None:
        progress(f"{name}: {done:,} of {count:,} sentences")

    return draft_text(article.text, article.published, sentences)


def _tables(
    drafts: list[tuple[Article, list[Candidate], list[Skipped]]], actors: list[str]
) -> tuple[list[dict], list[dict], list[dict], list[tuple[str, str]], dict[str, Occasion]]:
    """The rows of events.csv, excerpts.csv and the report, the pairs of event ids that
    are proposed apart (a back reference and the candidate it took its date from), and the
    occasion each event's sentence names by its date, for the grouping."""
    events, excerpts, report, apart = [], [], [], []
    occasions: dict[str, Occasion] = {}
    for article, candidates, skipped in drafts:
        ids = {}
        for n, candidate in enumerate(candidates, start=1):
            dated, sentence = candidate.dated, candidate.mention.sentence.text
            event_id = f"{dated.date.iso}-{article.id}-{n}"
            ids[candidate.mention] = event_id
            if candidate.antecedent in ids:
                apart.append((ids[candidate.antecedent], event_id))
            if candidate.occasion is not None:
                occasions[event_id] = candidate.occasion
            found = actors_in(sentence, actors) or [UNASSIGNED]
            events.append(
                {
                    "id": event_id,
                    "date": dated.date.iso,
                    "end_date": dated.end.iso if dated.end else "",
                    "title": draft_title(sentence),
                    "summary": "",
                    "actors": ";".join(found),
                    "themes": THEME,
                    "date_basis": dated.basis,
                    "note": dated.note,
                }
            )
            excerpts.append({"event_id": event_id, "source_id": article.id, "quote": sentence})
        for item in skipped:
            mention = item.mention
            report.append(
                {
                    "source_id": article.id,
                    "sentence_start": str(mention.sentence.start),
                    "mention_start": str(mention.start),
                    "mention": mention.text,
                    "reason": item.reason,
                    "sentence": mention.sentence.text,
                }
            )
    return events, excerpts, report, apart, occasions


def draft_title(sentence: str) -> str:
    """The sentence itself, cut at a word to at most 80 characters."""
    text = " ".join(sentence.split())
    if len(text) <= _TITLE_MAX:
        return text
    cut = text[: _TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _copy_articles(articles: list[Article], folder: Path) -> None:
    for article in articles:
        if article.extracted:
            (folder / article.text_file).write_text(article.text, encoding="utf-8")
            if not (folder / article.original.name).exists():
                shutil.copyfile(article.original, folder / article.original.name)
        else:
            shutil.copyfile(article.original, folder / article.text_file)
