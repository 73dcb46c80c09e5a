"""Callback requests built from a Dash app's own dependency list, as the page builds them.

Tests and benchmarks drive callbacks over HTTP without a browser. Rather than each writing
the payload shape by hand, they ask the server for ``/_dash-dependencies`` (what the page
reads) and let :class:`Callbacks` fill in the body for "component.property" values.
Works for any Dash app, not only this one (the benchmark drives a naive app with it too).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from timeline.web.compat import CALLBACK_ROUTE, is_multi_output, output_pairs

ENDPOINT = f"/{CALLBACK_ROUTE}"


def _outputs(output: str) -> list[dict] | dict:
    """The ``outputs`` field: a list for a multi-output callback, one dict otherwise."""
    pairs = [{"id": cid, "property": prop} for cid, prop in output_pairs(output)]
    if is_multi_output(output):
        return pairs
    return {"id": pairs[0]["id"], "property": pairs[0]["property"].split("@")[0]}


def _entry(dep: dict, values: dict[str, Any]) -> dict | list:
    """One input/state entry as the browser writes it (no "value" key when unset)."""
    key = f"{dep['id']}.{dep['property']}"
    if dep["id"].startswith("{"):  # pattern-matching ALL: one entry per matching component
        return [
            {"id": pattern_id, "property": dep["property"], "value": value}
            for pattern_id, value in values.get(key, [])
        ]
    entry = {"id": dep["id"], "property": dep["property"]}
    if key in values:
        entry["value"] = values[key]
    return entry


class Callbacks:
    """The server-side callbacks of an app, from its ``/_dash-dependencies`` list."""

    def __init__(self, dependencies: Iterable[dict]) -> None:
        self.all = [d for d in dependencies if not d.get("clientside_function")]

    @classmethod
    def of(cls, client: Any) -> Callbacks:
        """From a Flask test client (or anything with ``get(path).get_json()``)."""
        return cls(client.get("/_dash-dependencies").get_json())

    def find(self, output: str) -> dict:
        """The one callback with ``output`` ("component.property") among its outputs: the
        one that owns it, when others share it with ``allow_duplicate`` (keyed
        ``property@hash`` there); a part of a key, such as ``"url.search@"``, finds those."""
        owners = [
            d
            for d in self.all
            if output in (f"{cid}.{prop}" for cid, prop in output_pairs(d["output"]))
        ]
        found = owners or [d for d in self.all if output in d["output"]]
        if len(found) != 1:
            raise LookupError(f"{len(found)} server-side callbacks output {output!r}")
        return found[0]

    @staticmethod
    def body(dep: dict, values: dict[str, Any], changed: Iterable[str] = ()) -> dict:
        """The JSON body the browser POSTs for callback ``dep``: ``values`` maps
        "component.property" to a value (missing ones are sent unset), ``changed`` lists what
        triggered it (default: its first input)."""
        changed = list(changed) or [f"{dep['inputs'][0]['id']}.{dep['inputs'][0]['property']}"]
        body: dict[str, Any] = {
            "output": dep["output"],
            "outputs": _outputs(dep["output"]),
            "inputs": [_entry(d, values) for d in dep["inputs"]],
            "changedPropIds": changed,
            "parsedChangedPropsIds": changed,
        }
        if dep.get("state"):
            body["state"] = [_entry(d, values) for d in dep["state"]]
        return body

    def payload(self, output: str, values: dict[str, Any], changed: Iterable[str] = ()) -> bytes:
        """:meth:`body` of the callback writing ``output``, as JSON bytes."""
        return json.dumps(self.body(self.find(output), values, changed)).encode("utf-8")
