"""The inputs a view is made of, and how each kind of value is read and written.

A :class:`Field` is one input of a view: a list of actors, a from date, the search words, the
lanes, the axis, the zoom window, the open event. Its :class:`Kind` owns everything about
values of that kind: parsing a text (from a link, a typed box or the command line), writing
it back into a link, the page control that shows it and the command-line option that sets it.
The URL codec, the page's controls and the CLI are loops over fields; none of them branches
on what a field holds, so a new kind of input is a new class here.

Kinds describe their page control and CLI option as plain data; the web layer and the CLI
make the Dash component and the click option from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from timeline.model.dates import DATE_FORMAT_HINT, parse_dates
from timeline.model.text import text_problem

DATE_PLACEHOLDER = "YYYY, YYYY-MM or YYYY-MM-DD"


class Invalid(ValueError):
    """A text a kind cannot take: why (``str(exc)``), and what a forgiving reader (a link,
    a typed box) uses instead (``fallback``; None: leave the field empty)."""

    def __init__(self, reason: str, fallback: Any = None) -> None:
        super().__init__(reason)
        self.fallback = fallback


class Kind:
    """How values of one kind are spelled. Subclasses override what differs."""

    multiple = False  # a list of values (repeated parameter or option), or one
    component: str | None = None  # the page control: "dropdown", "input", "toggle" or none

    def empty(self) -> Any:
        """The value of an unset field."""
        return () if self.multiple else None

    def parse(self, text: str) -> Any:
        """One stripped, non-empty text as a value; :class:`Invalid` says why not."""
        return text

    def texts(self, value: Any) -> list[str]:
        """The value as texts for a link (none for the unset value)."""
        if self.multiple:
            return list(value)
        text = "" if value is None else str(value).strip()
        return [text] if text else []

    def control_value(self, value: Any) -> Any:
        """What the page control shows for a value."""
        return list(value) if self.multiple else (value or "")

    def from_request(self, raw: Any) -> Any:
        """A control's value as a browser sent it (untrusted JSON), of the right type, or
        None: a list of strings for a multiple kind, else a string."""
        if self.multiple:
            return [v for v in raw if isinstance(v, str)] if isinstance(raw, list) else None
        return raw if isinstance(raw, str) else None

    def control_texts(self, value: Any) -> list[str]:
        """A control's value (as :meth:`from_request` gives it) as texts to :func:`read`."""
        if self.multiple:
            return list(value or ())
        return [value] if isinstance(value, str) else []

    def control_props(self) -> dict[str, Any]:
        """Properties of the page control, beyond its id and placeholder."""
        return {}

    def option(self) -> dict[str, Any]:
        """The command-line option's settings: ``multiple``, ``default``, and ``choices``
        when only some values are allowed."""
        return {"multiple": self.multiple, "default": self.empty()}


class Names(Kind):
    """Any number of names from a vocabulary (actors, themes, source ids); a repeated name
    counts once. Whether a name exists is the dataset's question (see ``Facet.known``)."""

    multiple = True
    component = "dropdown"

    def control_props(self) -> dict[str, Any]:
        return {"multi": True}


class PartialDate(Kind):
    """One ISO date at any precision: ``2023``, ``2023-09`` or ``2023-09-13``."""

    component = "input"

    def parse(self, text: str) -> str:
        if not bool(parse_dates(pd.Series([text]))["valid"].iloc[0]):
            raise Invalid(f"not {DATE_FORMAT_HINT}")
        return text

    def control_props(self) -> dict[str, Any]:
        return {"type": "text", "debounce": True}


class Words(Kind):
    """Free text of bounded length (the search box); longer text is cut, not refused."""

    component = "input"

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def empty(self) -> str:
        return ""

    def parse(self, text: str) -> str:
        if len(text) > self.max_length:
            raise Invalid(
                f"longer than {self.max_length} characters; cut to {self.max_length}",
                fallback=text[: self.max_length].strip(),
            )
        return text

    def control_props(self) -> dict[str, Any]:
        return {"type": "search", "debounce": 0.6, "maxLength": self.max_length}


class Choice(Kind):
    """One of a fixed set of values, with a default (lanes by actor or theme; the axis)."""

    component = "toggle"

    def __init__(self, choices: Mapping[str, str], default: str) -> None:
        self.choices = dict(choices)  # value -> label, in the order offered
        self.default = default

    def empty(self) -> str:
        return self.default

    def parse(self, text: str) -> str:
        if text not in self.choices:
            raise Invalid(f"expected one of {', '.join(self.choices)}")
        return text

    def texts(self, value: Any) -> list[str]:
        return [] if value == self.default else [value]

    def control_value(self, value: Any) -> Any:
        return value

    def control_props(self) -> dict[str, Any]:
        options = [{"label": label, "value": value} for value, label in self.choices.items()]
        return {"options": options, "value": self.default}

    def option(self) -> dict[str, Any]:
        return {**super().option(), "choices": list(self.choices)}


class Span(Kind):
    """A stretch of whole days, ``FROM..TO`` (the zoom window); set on the page by zooming
    the chart, not by a control of its own."""

    def __init__(self, parse: Callable[[str], Any], format: Callable[[Any], str]) -> None:
        self._parse, self._format = parse, format

    def parse(self, text: str) -> Any:
        try:
            return self._parse(text)
        except ValueError as exc:
            raise Invalid(str(exc)) from None

    def texts(self, value: Any) -> list[str]:
        return [self._format(value)] if value else []


@dataclass(frozen=True)
class Field:
    """One input of a view: the attribute it sets, how it is spelled in a URL (``param``),
    on the command line (``flag``; None: not an option) and on the page (``label``), and the
    :class:`Kind` of value it holds."""

    attr: str
    param: str
    flag: str | None
    label: str
    kind: Kind
    help: str = ""
    placeholder: str = ""


def _parse(kind: Kind, text: str) -> Any:
    """A text as a value of ``kind``, after the one rule for text every input follows (no
    control characters, noncharacters or unpaired surrogates: see ``model/text.py``)."""
    if problem := text_problem(text):
        raise Invalid(problem)
    return kind.parse(text)


Say = Callable[[Field, str], str]  # how a surface names a field's bad text in a notice


def in_link(field: Field, text: str) -> str:
    """A link's bad text, as its reader typed it: ``'from=June'``."""
    return f"'{field.param}={text}'"


def in_box(field: Field, text: str) -> str:
    """A typed box's bad text, by the box's label: ``'June' in From``."""
    return f"'{text}' in {field.label}"


def read(field: Field, texts: Sequence[str], notices: list[str], say: Say = in_link) -> Any:
    """A field's value from the texts given for it, forgiving: a bad text is left out (or
    cut, as its kind says) and said in ``notices``; of several values for a field that takes
    one, the last is used and the repeat is said."""
    kind = field.kind
    given = [t.strip() for t in texts if isinstance(t, str) and t.strip()]
    values = []
    for text in given if kind.multiple else given[-1:]:
        try:
            values.append(_parse(kind, text))
        except Invalid as exc:
            notices.append(f"Ignored {say(field, text)}: {exc}")
            if exc.fallback is not None:
                values.append(exc.fallback)
    if not kind.multiple and len(given) > 1:
        notices.append(f"'{field.param}' was given {len(given)} times; using the last one")
    if kind.multiple:
        return tuple(dict.fromkeys(values))
    return values[0] if values else kind.empty()


def read_strict(field: Field, texts: Sequence[str]) -> tuple[Any, list[str]]:
    """A field's value from the command line, and every problem with it (nothing is cut
    or dropped there: a script should fail rather than run on a different view)."""
    kind = field.kind
    values, problems = [], []
    for text in [t.strip() for t in texts if t and t.strip()]:
        try:
            values.append(_parse(kind, text))
        except Invalid as exc:
            problems.append(f"{field.flag} {text!r}: {str(exc).split(';')[0]}")
    if kind.multiple:
        return tuple(dict.fromkeys(values)), problems
    return (values[-1] if values else kind.empty()), problems
