#!/usr/bin/env bash
# The one way to move plotly: pins the plotly package in pyproject.toml, installs it, and
# refreshes the page's vendored scripts from the npm registry, and assets/vendor/README.md:
# - plotly.js's basic dist bundle (scatter, bar and pie: all the app draws; no WebGL, maps or
#   3D), of the same plotly.js version that plotly release ships, so the page and the
#   exported HTML draw alike;
# - regenerator-runtime, the one part of Babel's polyfill that Dash's core components use.
# Usage: scripts/vendor_js.sh [PLOTLY_VERSION [REGENERATOR_VERSION]]
#   (PLOTLY_VERSION: the Python package's, e.g. 7.1.0; default: the installed one)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python}"
plotly_release="${1:-$("$python" -c 'import plotly; print(plotly.__version__)')}"
"$python" -m pip install --quiet "plotly==$plotly_release"
sed -i -E "s/\"plotly==[^\"]+\"/\"plotly==$plotly_release\"/" "$root/pyproject.toml"
plotly_version="$("$python" -c 'from plotly.offline import get_plotlyjs_version; print(get_plotlyjs_version())')"
regenerator_version="${2:-0.14.1}"
vendor="$root/assets/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# fetch PACKAGE VERSION: unpack the package's tarball into $tmp/PACKAGE
fetch() {
    mkdir -p "$tmp/$1"
    (cd "$tmp/$1" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz)
}

plotly_package="plotly.js-basic-dist-min"
plotly_target="plotly-basic-$plotly_version.min.js"
fetch "$plotly_package" "$plotly_version"
grep -qE "^\* plotly\.js .*v$plotly_version$" "$tmp/$plotly_package/package/plotly-basic.min.js" || {
    echo "the bundle does not say plotly.js v$plotly_version" >&2
    exit 1
}

regenerator_package="regenerator-runtime"
regenerator_target="regenerator-runtime-$regenerator_version.js"
fetch "$regenerator_package" "$regenerator_version"

mkdir -p "$vendor"
rm -f "$vendor"/plotly-*.min.js "$vendor"/regenerator-runtime-*.js
cp "$tmp/$plotly_package/package/plotly-basic.min.js" "$vendor/$plotly_target"
cp "$tmp/$plotly_package/package/LICENSE" "$vendor/LICENSE.plotly.js.txt"
cp "$tmp/$regenerator_package/package/runtime.js" "$vendor/$regenerator_target"
cp "$tmp/$regenerator_package/package/LICENSE" "$vendor/LICENSE.regenerator-runtime.txt"

sha() { (cd "$vendor" && sha256sum "$1" | cut -d' ' -f1); }
plotly_sha="$(sha "$plotly_target")"
regenerator_sha="$(sha "$regenerator_target")"
plotly_integrity="$(npm view "$plotly_package@$plotly_version" dist.integrity)"
regenerator_integrity="$(npm view "$regenerator_package@$regenerator_version" dist.integrity)"

cat >"$vendor/README.md" <<README
# Vendored scripts

| File | Package | Version | Licence | SHA-256 |
| --- | --- | --- | --- | --- |
| \`$plotly_target\` | [\`$plotly_package\`](https://www.npmjs.com/package/$plotly_package) | $plotly_version | MIT (\`LICENSE.plotly.js.txt\`) | \`$plotly_sha\` |
| \`$regenerator_target\` | [\`$regenerator_package\`](https://www.npmjs.com/package/$regenerator_package) | $regenerator_version | MIT (\`LICENSE.regenerator-runtime.txt\`) | \`$regenerator_sha\` |

npm integrity of the packages: \`$plotly_integrity\` (plotly.js) and
\`$regenerator_integrity\` (regenerator-runtime).

**plotly.js.** It is not one of the page's scripts (\`assets_ignore\`): the page's head preloads
it and \`assets/first_view.js\` starts it when Dash requests the layout, so that it compiles
while the server renders the layout (see \`timeline/web/compat.py\`). It defines
\`window.Plotly\`, so \`dcc.Graph\` uses it instead of fetching Dash's full plotly.js bundle.

- The version matches the plotly.js the \`plotly\` Python package ships (what the exported
  HTML embeds), so the page and the export draw alike.
- The basic bundle has scatter, bar and pie, and no WebGL trace types (\`scattergl\`): the app
  draws only SVG \`scatter\`, so this is the smallest bundle that draws its chart.

**regenerator-runtime** replaces Babel's polyfill, which the page leaves out: Dash's core
components use only its regenerator runtime (\`regeneratorRuntime.mark\`/\`wrap\`), and the rest
of the polyfill slows a current browser down (core-js swaps the native
\`String.prototype.trim\` for its own, and plotly.js trims while it draws).

Refresh both with \`scripts/vendor_js.sh [PLOTLY_VERSION [REGENERATOR_VERSION]]\`: it pins
the \`plotly\` package in \`pyproject.toml\` to \`PLOTLY_VERSION\` (default: the installed
one), fetches the plotly.js that release ships, and rewrites this file.
README
echo "$vendor/$plotly_target $plotly_sha"
echo "$vendor/$regenerator_target $regenerator_sha"
