"""The report formats, in one light module: the builders, the CLI and the page's format
choice all read them (importing it loads none of the renderers)."""

from __future__ import annotations

from typing import Literal

Format = Literal["html", "docx", "md", "pdf"]
# format -> the name a person picks it by, in the order offered
REPORT_FORMATS: dict[Format, str] = {
    "html": "HTML page",
    "docx": "Word",
    "md": "Markdown",
    "pdf": "PDF",
}
