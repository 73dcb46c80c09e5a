"""Where the bundled dataset and assets live, installed or in a source checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def _bundled(name: str) -> Path:
    """A folder shipped inside the wheel, or, in a checkout/editable install, the repo's own."""
    packaged = Path(str(files("timeline") / name))
    if packaged.is_dir():
        return packaged
    return _REPO_ROOT / name


def bundled_data() -> Path:
    """The bundled dataset folder (the five June 2024 articles and their events)."""
    return _bundled("data")


def bundled_assets() -> Path:
    """The app's stylesheets and scripts."""
    return _bundled("assets")


def plotly_bundle_name() -> str:
    """The vendored plotly.js bundle, relative to :func:`bundled_assets`: the basic bundle of
    the plotly.js version the plotly package ships (``scripts/vendor_js.sh`` keeps them equal),
    which both the app's page and a published page run."""
    from plotly.offline import get_plotlyjs_version

    return f"vendor/plotly-basic-{get_plotlyjs_version()}.min.js"
