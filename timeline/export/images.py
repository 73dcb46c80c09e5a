"""Static images (PNG, SVG, PDF) through Kaleido and a local Chromium, at bounded sizes."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import plotly.graph_objects as go

from timeline.export.browser import CHROME_MISSING as CHROME_MISSING  # re-exported
from timeline.export.browser import kaleido_options, require_chromium
from timeline.export.files import ExportError

MIN_SIDE, MAX_SIDE = 200, 4000
MIN_SCALE, MAX_SCALE = 0.5, 4.0
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class ImageSize:
    """Layout size in CSS pixels and a scale factor; the PNG is width*scale × height*scale."""

    width: int = 1600
    height: int = 900
    scale: float = 2.0

    def problems(self) -> list[str]:
        """Why this size is refused (out of bounds), so no request renders a gigapixel image."""
        found = []
        for name, value in (("width", self.width), ("height", self.height)):
            if not MIN_SIDE <= value <= MAX_SIDE:
                found.append(f"{name} {value} is outside {MIN_SIDE}-{MAX_SIDE} pixels")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            found.append(f"scale {self.scale:g} is outside {MIN_SCALE:g}-{MAX_SCALE:g}")
        pixels = self.width * self.scale * self.height * self.scale
        if not found and pixels > MAX_PIXELS:
            found.append(
                f"{self.width}×{self.height} at scale {self.scale:g} is {pixels / 1e6:.0f} "
                f"megapixels; the limit is {MAX_PIXELS / 1e6:.0f}"
            )
        return found


SIZE_PRESETS: dict[str, ImageSize] = {
    "slide": ImageSize(1600, 900, 2),
    # an article column: shown at its own width, so its type reads at body-text size
    "column": ImageSize(680, 600, 2),
    "report": ImageSize(1200, 800, 2),
    "wide": ImageSize(2400, 1000, 2),
    "square": ImageSize(1200, 1200, 2),
}


def render_static(fig: go.Figure, fmt: str, size: ImageSize) -> bytes:
    """PNG/SVG/PDF bytes through Kaleido and the browser :mod:`timeline.export.browser` finds.

    Without a browser, :class:`~timeline.export.browser.ChromiumMissing` (an
    :class:`ExportError` saying what to install) is raised before anything is rendered.
    """
    browser = require_chromium()
    import kaleido
    from kaleido.errors import KaleidoError

    opts = {"format": fmt, "width": size.width, "height": size.height, "scale": size.scale}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return kaleido.calc_fig_sync(fig.to_dict(), opts=opts, kopts=kaleido_options(browser))
    except (RuntimeError, KaleidoError) as exc:
        raise ExportError(f"the image could not be rendered: {exc}") from None


def drawn_size(fig: go.Figure, size: ImageSize) -> ImageSize:
    """The image a figure laid out for ``size`` fills: as tall as its lanes and labels need."""
    return replace(size, height=max(size.height, int(fig.layout.height or 0)))
