#!/usr/bin/env bash
# Refresh the page's plotly.js: the basic dist bundle (scatter, bar and pie: all the app draws; no
# WebGL, maps or 3D) of the same plotly.js version the installed plotly package ships, so the
# page and the exported HTML draw alike. Usage: scripts/vendor_plotly.sh [VERSION]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python}"
version="${1:-$("$python" -c 'from plotly.offline import get_plotlyjs_version; print(get_plotlyjs_version())')}"
package="plotly.js-basic-dist-min"
vendor="$root/assets/vendor"
target="plotly-basic-$version.min.js"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$package@$version" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp"
grep -qE "^\* plotly\.js .*v$version$" "$tmp/package/plotly-basic.min.js" || {
    echo "the bundle does not say plotly.js v$version" >&2
    exit 1
}

mkdir -p "$vendor"
rm -f "$vendor"/plotly-*.min.js
cp "$tmp/package/plotly-basic.min.js" "$vendor/$target"
cp "$tmp/package/LICENSE" "$vendor/LICENSE.plotly.js.txt"
sha256="$(cd "$vendor" && sha256sum "$target" | cut -d' ' -f1)"
integrity="$(npm view "$package@$version" dist.integrity)"

cat >"$vendor/README.md" <<README
# Vendored scripts

The page's plotly.js. It is not one of the page's scripts (\`assets_ignore\`): the page's head
preloads it and \`assets/first_view.js\` starts it when Dash requests the layout, so that it
compiles while the server renders the layout (see \`timeline/web/plotly_bundle.py\`). It defines
\`window.Plotly\`, so \`dcc.Graph\` uses it instead of fetching Dash's full plotly.js bundle.

| File | Package | Version | Licence | SHA-256 |
| --- | --- | --- | --- | --- |
| \`$target\` | [\`$package\`](https://www.npmjs.com/package/$package) | $version | MIT (\`LICENSE.plotly.js.txt\`) | \`$sha256\` |

- npm integrity of the package: \`$integrity\`.
- The version matches the plotly.js the \`plotly\` Python package ships (what the exported
  HTML embeds), so the page and the export draw alike.
- The basic bundle has scatter, bar and pie, and no WebGL trace types (\`scattergl\`): the app
  draws only SVG \`scatter\`, so this is the smallest bundle that draws its chart.
- Refresh with \`scripts/vendor_plotly.sh [VERSION]\` (defaults to the installed plotly's
  plotly.js version); it rewrites this file.
README
echo "$vendor/$target $sha256"
