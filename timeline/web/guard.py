"""The callback endpoint's guard: a crafted request gets a short JSON 4xx, never a traceback.

The page only ever POSTs what ``/_dash-dependencies`` told it: one known server-side callback,
its inputs and state in declared order, its outputs. Anything else is refused here with 400
before Dash touches it (Dash would answer many of these with a bare 500). Values inside a
well-formed request are the callbacks' business: they decode what they are given. An error
that still escapes a callback is logged with its traceback and answered with a one-line 500.
"""

from __future__ import annotations

import json
from typing import Any

from dash import Dash
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from timeline.web.compat import CALLBACK_ROUTE, output_pairs

MAX_BODY_BYTES = 4 * 1024 * 1024  # the page's requests are a few kB; a 1 MB search still fits
INTERNAL_ERROR = "The server could not update the view; the details are in the server log."
_HTTP_MESSAGES = {
    400: "The request body is not valid JSON.",
    413: f"The request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB.",
    415: "The request body must be JSON (Content-Type: application/json).",
}


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


def _is_pattern(component_id: str) -> bool:
    return component_id.startswith("{")


def _entry_matches(entry: Any, component_id: str, prop: str) -> bool:
    """An input/state entry has the declared id and property (a list of them for ALL, one
    for MATCH)."""
    if not _is_pattern(component_id):
        return (
            isinstance(entry, dict)
            and entry.get("id") == component_id
            and entry.get("property") == prop
        )
    pattern = json.loads(component_id)
    if isinstance(entry, dict):  # MATCH: the one matching component
        entry = [entry]
    return isinstance(entry, list) and all(
        isinstance(item, dict)
        and item.get("property") == prop
        and isinstance(item.get("id"), dict)
        and set(item["id"]) == set(pattern)
        and all(item["id"][k] == v for k, v in pattern.items() if not isinstance(v, list))
        for item in entry
    )


def _outputs_match(sent: Any, declared: list[tuple[str, str]], multi: bool) -> bool:
    entries = sent if multi else [sent]
    if not isinstance(entries, list) or len(entries) != len(declared):
        return False
    return all(
        _is_pattern(cid)
        or (isinstance(e, dict) and e.get("id") == cid and e.get("property") == prop)
        for e, (cid, prop) in zip(entries, declared, strict=True)
    )


def _changed_ok(changed: Any) -> bool:
    """changedPropIds: 'id.property' strings; a pattern id must be a JSON object."""
    if not isinstance(changed, list):
        return False
    for prop_id in changed:
        if not isinstance(prop_id, str) or "." not in prop_id:
            return False
        component = prop_id.rsplit(".", 1)[0]
        if _is_pattern(component):
            try:
                if not isinstance(json.loads(component), dict):
                    return False
            except ValueError:
                return False
    return True


def request_problem(body: Any, callback_map: dict[str, dict]) -> str | None:
    """Why ``body`` is not a request the page could have sent (None if it could have)."""
    if not isinstance(body, dict):
        return "The request body is not a JSON object."
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:
        return "The request names no callback this server runs."
    for field in ("inputs", "state"):
        sent, declared = body.get(field, []), spec[field]
        if not isinstance(sent, list) or len(sent) != len(declared):
            return f"The request's '{field}' do not match the callback."
        for entry, dep in zip(sent, declared, strict=True):
            if not _entry_matches(entry, dep["id"], dep["property"]):
                return f"The request's '{field}' do not match the callback."
    multi = isinstance(spec.get("output"), list)
    if not _outputs_match(body.get("outputs"), output_pairs(output), multi):
        return "The request's 'outputs' do not match the callback."
    if not _changed_ok(body.get("changedPropIds", [])):
        return "The request's 'changedPropIds' are malformed."
    return None


def guard_callbacks(app: Dash) -> None:
    """Check each callback request's shape first; answer errors on that route as JSON."""
    server = app.server
    route = app.config.routes_pathname_prefix + CALLBACK_ROUTE
    server.config.setdefault("MAX_CONTENT_LENGTH", MAX_BODY_BYTES)

    @server.before_request
    def _check_callback_request() -> tuple[Response, int] | None:
        if request.path != route or request.method != "POST":
            return None
        if not request.is_json:
            return _error(415, _HTTP_MESSAGES[415])
        try:
            body = request.get_json(silent=True)  # cached: Dash reads the parsed body again
        except RecursionError:
            return _error(400, "The request body is nested too deeply.")
        if body is None:
            return _error(400, _HTTP_MESSAGES[400])
        problem = request_problem(body, app.callback_map)
        return None if problem is None else _error(400, problem)

    @server.errorhandler(Exception)
    def _callback_error(error: Exception) -> Any:
        if request.path != route:
            if isinstance(error, HTTPException):
                return error
            raise error  # Flask's own handling (a plain 500 page, logged)
        if isinstance(error, HTTPException):
            status = error.code or 400
            return _error(status, _HTTP_MESSAGES.get(status, "The request was refused."))
        server.logger.exception("Callback request failed: %s", type(error).__name__)
        return _error(500, INTERNAL_ERROR)
