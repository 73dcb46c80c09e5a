"""A small HTML reader for the tests: every element with its attributes, and the text of
chosen elements, as a browser's parser would find them."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"meta", "img", "br", "hr", "link", "input"}
BLOCK = {
    "p", "h1", "h2", "h3", "h4", "dl", "dt", "dd", "aside", "section", "article", "blockquote",
    "footer", "header", "ol", "ul", "li", "figure", "figcaption", "br", "div", "table", "tr", "td",
}  # fmt: skip


class Reader(HTMLParser):
    """Collects (tag, attrs) of every element, all text, and the text inside each element of
    a tracked kind (with the stack of its ancestors' tags)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.closed: list[tuple[str, dict[str, str | None], str, tuple[str, ...]]] = []
        self.text: list[str] = []

    def _gap(self, tag: str) -> None:
        """Blocks are apart in the text, as a browser lays them out."""
        if tag in BLOCK:
            self.handle_data(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._gap(tag)
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        self._gap(tag)
        while self.stack:
            name, attrs, parts = self.stack.pop()
            ancestors = tuple(t for t, _, _ in self.stack)
            self.closed.append((name, attrs, "".join(parts), ancestors))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _, _, parts in self.stack:
            parts.append(data)

    def texts(self, tag: str, cls: str | None = None) -> list[str]:
        """Text of each closed ``tag`` (with class ``cls``), in document order of closing."""
        return [
            " ".join(text.split())
            for name, attrs, text, _ in self.closed
            if name == tag and (cls is None or cls in (attrs.get("class") or "").split())
        ]


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader
