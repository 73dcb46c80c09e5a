"""Limits that choose how a figure is drawn, passed in rather than read from globals."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChartLimits:
    """Above ``detail`` event-lane rows in view, lanes show density, not dots; above
    ``webgl`` marker rows, markers use WebGL (off by default); multi-lane connectors are drawn up to
    ``connectors`` events; a compressed axis cuts at most ``max_breaks`` empty stretches."""

    detail: int = 3_000
    # never by default: the page's plotly.js (the basic bundle) has no WebGL traces, and
    # SVG suffices since lanes show density above ``detail`` rows
    webgl: int = 10**12
    connectors: int = 2_000
    max_breaks: int = 24
