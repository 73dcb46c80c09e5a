"""TimelineJS's JSON (``{"title": slide, "events": [slide, …], "eras": […], "scale": …}``)
read into a :class:`~timeline.interchange.slides.Timeline`, each problem located by its JSON
path (``events[3].start_date.month``)."""

from __future__ import annotations

import json
from typing import Any

from timeline.interchange.slides import (
    Slide,
    Timeline,
    checked_text,
    ends_before,
    html_text,
    iso_date,
)
from timeline.model.problems import Problem
from timeline.model.schema import LIST_SEPARATOR

EXAMPLE = '{"events": [{"start_date": {"year": 1961}, "text": {"headline": "…"}}]}'
TIME_PARTS = ("hour", "minute", "second", "millisecond")


class _Reader:
    """Reads one document, collecting every problem as it goes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.timeline = Timeline()

    def report(self, where: str, message: str, value: object = None, **kw: Any) -> None:
        self.timeline.problems.append(Problem(self.name, f"{where}: {message}", **kw))

    def text(
        self, obj: dict, key: str, where: str, *, prose: bool = False, html: bool = True
    ) -> str:
        """The HTML text at ``obj[key]`` as plain text ('' when absent); ``html=False`` for a
        value TimelineJS never shows as HTML (``unique_id``): taken as it is."""
        value = obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.report(f"{where}.{key}", f"expected text, found {_kind(value)}")
            return ""
        text = html_text(value, prose=prose) if html else value.strip()
        return checked_text(text, f"{where}.{key}", self.report, prose=prose)

    def object(self, value: object, where: str, *, required: bool = False) -> dict | None:
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            found = "nothing" if value is None else _kind(value)
            self.report(where, f"expected an object, found {found}")
            return None
        return value


def _kind(value: object) -> str:
    """What a JSON value is, in a message: 'a list', 'the number 3'."""
    if isinstance(value, bool):
        return f"the value {json.dumps(value)}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    names = {str: "text", list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def read_json(text: str, name: str) -> Timeline:
    """The timeline in ``text`` (the file ``name``), with every problem found."""
    reader = _Reader(name)
    problems = reader.timeline.problems
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (column {exc.colno})"
        problems.append(Problem(name, message, line=exc.lineno))
        return reader.timeline
    except (ValueError, RecursionError) as exc:
        problems.append(Problem(name, f"not valid JSON: {exc}"[:200]))
        return reader.timeline
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        found = 'no "events" list' if isinstance(data, dict) else _kind(data)
        problems.append(
            Problem(name, f"expected a TimelineJS object such as {EXAMPLE}; found {found}")
        )
        return reader.timeline
    _title(reader, data.get("title"))
    for position, event in enumerate(data["events"]):
        slide = _slide(reader, event, f"events[{position}]")
        if slide is not None:
            reader.timeline.slides.append(slide)
    if not data["events"]:
        reader.report("events", "empty; a timeline needs at least one event")
    _unique_ids(reader)
    if eras := data.get("eras"):
        count = len(eras) if isinstance(eras, list) else 1
        reader.report(
            "eras", f"{count} era(s) left out: a dataset holds events", severity="warning"
        )
    return reader.timeline


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _title(reader: _Reader, value: object) -> None:
    title = reader.object(value, "title")
    if title is None:
        return
    text = reader.object(title.get("text"), "title.text") or {}
    reader.timeline.title = reader.text(text, "headline", "title.text")
    reader.timeline.description = reader.text(text, "text", "title.text", prose=True)


def _slide(reader: _Reader, value: object, where: str) -> Slide | None:
    event = reader.object(value, where, required=True)
    if event is None:
        return None
    start_date = reader.object(event.get("start_date"), f"{where}.start_date", required=True)
    start = _date(reader, start_date, f"{where}.start_date") if start_date is not None else None
    end = _end(reader, event.get("end_date"), f"{where}.end_date", start)
    text = reader.object(event.get("text"), f"{where}.text") or {}
    found = len(reader.timeline.problems)
    headline = reader.text(text, "headline", f"{where}.text")
    if not headline and len(reader.timeline.problems) == found:  # not already said why
        reader.report(f"{where}.text.headline", "missing; every event needs a title")
    group = reader.text(event, "group", where)
    if LIST_SEPARATOR in group:
        reader.report(f"{where}.group", f"{group!r}: a group name cannot contain ';'")
    if start is None or end is None or not headline:
        return None
    return Slide(
        where=where,
        start=start,
        end=end,
        headline=headline,
        text=reader.text(text, "text", f"{where}.text", prose=True),
        group=group,
        unique_id=reader.text(event, "unique_id", where, html=False),
        display_date=reader.text(event, "display_date", where),
        time=_time(start_date or {}),
        media=_media(reader, event.get("media"), f"{where}.media"),
    )


def _date(reader: _Reader, date: dict, where: str) -> str | None:
    names = (f"{where}.year", f"{where}.month", f"{where}.day")
    return iso_date(
        date.get("year"), date.get("month"), date.get("day"), reader.report, names=names
    )


def _end(reader: _Reader, value: object, where: str, start: str | None) -> str | None:
    """The end date ('' for none), or None when it is wrong."""
    if value is None:
        return ""
    date = reader.object(value, where)
    if date is None:
        return None
    if all(date.get(k) in (None, "") for k in ("year", "month", "day", *TIME_PARTS)):
        return ""  # the sheet's empty End Year, End Month and End Day
    end = _date(reader, date, where)
    if end and start and ends_before(start, end):
        reader.report(where, f"{end} ends before the start, {start}; expected an end after it")
        return None
    return end


def _time(date: dict) -> str:
    """The time of day a date gives ('14:05'), which the dataset cannot hold: it is noted."""
    parts = [date[k] for k in TIME_PARTS[:3] if date.get(k) not in (None, "")]
    shown = [str(parts[0])] if parts else []
    shown += [f"{p:02d}" if isinstance(p, int) else str(p) for p in parts[1:]]
    return ":".join(shown)


def _media(reader: _Reader, value: object, where: str) -> str:
    media = reader.object(value, where)
    if not media:
        return ""
    url = reader.text(media, "url", where)
    credit = reader.text(media, "credit", where)
    return f"{url} (credit: {credit})" if url and credit else url or credit


def _unique_ids(reader: _Reader) -> None:
    """Two slides with one unique_id are an error: an id names one event."""
    first: dict[str, str] = {}
    for slide in reader.timeline.slides:
        if not slide.unique_id:
            continue
        if slide.unique_id in first:
            reader.report(
                f"{slide.where}.unique_id",
                f"{slide.unique_id!r} is the id of {first[slide.unique_id]} too; "
                "each event needs its own",
            )
        first.setdefault(slide.unique_id, slide.where)
