"""Bytes to text for the articles: a text file must be UTF-8 (or carry a byte-order mark), and
a web page is read in the character set it declares, as a browser reads it, so a quote taken
from it is the page's own words and not mojibake."""

from __future__ import annotations

import codecs
import re

from timeline.draft.base import Problem

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# a browser looks for the declaration in the first 1,024 bytes; a page saved by hand may have
# more in front of it, and looking a little further costs nothing
_PRESCAN = 4096
_DECLARED = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*(?P<meta>[A-Za-z0-9_.:+-]+)"""
    rb"""|<\?xml\b[^>]*?\bencoding\s*=\s*["'](?P<xml>[A-Za-z0-9_.:+-]+)""",
    re.IGNORECASE,
)
# labels that the web reads otherwise than Python's codec of that name (WHATWG Encoding)
_WEB_LABELS = {
    **dict.fromkeys(
        ("ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1",
         "iso_8859-1", "cp819", "ibm819", "x-cp1252", "windows-1252", "cp1252"),
        "cp1252",
    ),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be", "unicode"), "utf-8"),  # as browsers do
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gbk",
    "x-gbk": "gbk",
    "ks_c_5601-1987": "euc-kr",
    "x-sjis": "shift_jis",
}  # fmt: skip


def decode_text(raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    """A text article as the dataset loader will read it: UTF-8, or UTF-16 with its mark."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), None
            except UnicodeDecodeError:
                return None, Problem(name, f"is not valid {_label(codec)} text after its mark")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, Problem(name, "contains NUL bytes: this is not a text file", line=line)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(
            name,
            "is not UTF-8 text (saved as Windows-1252 or another legacy encoding?): "
            "save it as UTF-8",
            line=line,
            value=raw[exc.start : exc.start + 4].hex(" "),
        )


def decode_html(raw: bytes, name: str) -> tuple[str, list[Problem]]:
    """A web page's text, in the character set its byte-order mark or its ``<meta charset>``
    (or ``http-equiv`` content type, or XML declaration) names; without either, UTF-8 when
    the bytes are UTF-8 and Windows-1252, the web's default for English, when they are not."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace"), []
    label = declared_charset(raw)
    warnings: list[Problem] = []
    if label is not None:
        codec = _codec(label)
        if codec is not None:
            return _decode_declared(raw, codec, label, name)
        warnings.append(
            Problem(name, "declares a character set this program does not know", value=label,
                    severity="warning")
        )  # fmt: skip
    try:
        return raw.decode("utf-8"), warnings
    except UnicodeDecodeError:
        warnings.append(
            Problem(name, "is not UTF-8 and declares no character set it can be read in: read "
                    "as Windows-1252; check its quotes", severity="warning")
        )  # fmt: skip
        return raw.decode("cp1252", errors="replace"), warnings


def declared_charset(raw: bytes) -> str | None:
    """The character set a page declares near its start, as written, or None."""
    found = _DECLARED.search(raw[:_PRESCAN])
    if found is None:
        return None
    return (found["meta"] or found["xml"]).decode("ascii").strip().lower()


def _codec(label: str) -> str | None:
    """Python's codec for a declared label, or None when there is none."""
    label = _WEB_LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_declared(raw: bytes, codec: str, label: str, name: str) -> tuple[str, list[Problem]]:
    try:
        return raw.decode(codec), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        warning = Problem(
            name,
            f"has bytes that are not {label}, the character set it declares: they are "
            "replaced by '�'",
            line=line,
            value=raw[exc.start : exc.start + 4].hex(" "),
            severity="warning",
        )
        return raw.decode(codec, errors="replace"), [warning]


def _label(codec: str) -> str:
    return "UTF-16" if codec.startswith("utf-16") else "UTF-8"
