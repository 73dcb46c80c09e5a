"""Everything this app relies on about Dash's and Plotly's insides, in one place.

When Dash or Plotly moves, this module is what to read: the app class (:class:`TimelineDash`,
which leaves unused scripts out of the page), the format of a callback's output key, the
paths of dcc's lazily loaded chunks, and the vendored plotly.js. ``plotly`` is pinned in
``pyproject.toml`` to the release whose plotly.js is vendored; ``scripts/vendor_js.sh`` moves
both together.

**The page's plotly.js.** ``dcc.Graph`` uses ``window.Plotly`` once a script has defined it,
and otherwise fetches Dash's plotly.js (4.8 MB, every trace type). Served as an ordinary page
script, the 1.5 MB basic bundle would hold up the start of the page until it is compiled.
Instead it is kept out of the page's scripts (``ASSETS_IGNORE``), fetched early by a preload
link, and started by ``assets/first_view.js`` when Dash requests the layout, so that it
compiles while the server renders the layout. Until it has, ``window.Plotly`` is a promise of
it, which ``dcc.Graph`` waits for instead of fetching its own bundle (and which
``assets/timeline.js`` awaits before exporting). Without that script, Dash loads its own
plotly.js, as it would anyway.
"""

from __future__ import annotations

from typing import Any

from dash import Dash

from timeline.load.bundled import plotly_bundle_name

CALLBACK_ROUTE = "_dash-update-component"  # where the page POSTs callback requests


def output_pairs(output: str) -> list[tuple[str, str]]:
    """(component id, property) of each output a callback key names. Dash keys a callback by
    its outputs: ``"a.b"`` for one, ``"..a.b...c.d.."`` for several (a property may carry
    ``@<hash>`` when outputs are duplicated; it is kept here)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    pairs = [part.rsplit(".", 1) for part in parts]
    return [(p[0], p[1]) for p in pairs if len(p) == 2]


def is_multi_output(output: str) -> bool:
    """Whether a callback key names several outputs (its request sends a list of them)."""
    return output.startswith("..")


ASSETS_IGNORE = r"^plotly-basic-.*\.min\.js$"  # Dash matches it against file names
LINK_ID = "plotly-bundle"  # the preload link assets/first_view.js looks for


def bundle_name() -> str:
    """The vendored bundle, of the plotly.js version the plotly package ships."""
    return plotly_bundle_name()


def preload_vendored_plotly(app: Dash) -> None:
    """Put the preload link to the vendored bundle in the page's head."""
    href = app.get_asset_url(bundle_name())
    app.config.external_stylesheets.append(
        {"rel": "preload", "as": "script", "href": href, "id": LINK_ID}
    )


# dcc's components load their code lazily, after the layout is rendered: a second round trip
# before the first draw. The page preloads the two it shows at once instead.
LAZY_CHUNKS = ("async-dropdown.js", "async-graph.js")


def preload_lazy_chunks(app: Dash) -> None:
    """Preload links for :data:`LAZY_CHUNKS`, at the very URLs webpack will ask for."""
    for chunk in LAZY_CHUNKS:
        href = app.get_relative_path(f"/_dash-component-suites/dash/dcc/{chunk}")
        app.config.external_stylesheets.append({"rel": "preload", "as": "script", "href": href})


# Scripts Dash puts on every page that this app never needs: DataTable's bundle (the app has
# no table), and Babel's polyfill for old browsers. Of the polyfill, Dash's core components
# need only the regenerator runtime, vendored in assets/vendor; the rest is worse than nothing
# in a current browser: core-js replaces the native String.prototype.trim with a slower
# one (it disagrees with the browser on U+180E), and plotly.js trims while it draws.
UNUSED_SCRIPTS = ("/dash_table/bundle", "/deps/polyfill@")


class TimelineDash(Dash):
    """Dash, less the scripts of :data:`UNUSED_SCRIPTS` on the page it serves; it also
    carries the app's render pool (``renders``, set by ``create_app``)."""

    renders: Any = None

    def interpolate_index(self, **kwargs: Any) -> str:
        lines = kwargs.get("scripts", "").split("\n")
        kwargs["scripts"] = "\n".join(
            line for line in lines if not any(name in line for name in UNUSED_SCRIPTS)
        )
        return super().interpolate_index(**kwargs)
