"""Raw requests for hostile-input checks: requests the contract does not allow, on purpose.

The typed driver only sends what the contract allows. Checking that a service refuses
everything else cleanly needs requests that are wrong on purpose: a body that is not JSON,
one declared as plain text or sent as a web form, a body of the wrong shape or without its
required fields, a field that is null, of the wrong type or 10,000 characters long, a body
over 1 MiB, a path id that climbs out of its folder, hides a NUL character, runs to 5,000
characters or smuggles in a database command.

``RawRequests.hostile_requests`` builds such requests for one contract operation from the
contract's request-body schema (each request has exactly one thing wrong; everything else
is the valid ``base_body`` and ``path_values`` the caller gives); ``send`` sends one through
the driver's ``Transport`` (the path exactly as built, the exchange recorded as evidence)
and reports the answer as a small ``RawAnswer``: the status, the problem ``code`` and
whether the answer is an RFC 9457 problem that fits the contract's ``Problem`` schema (read
as strict JSON: ``driver/strict_json.py``). Nothing here raises on a bad answer, nor on a
transport failure (the answer then has no status and keeps the transport's ``SuiteError``
as ``error``): judging it is the caller's job. The one exception is an answer the transport
itself refuses for every driver — a redirect, a body over the size cap or that does not
decode: that ``ContractViolation`` (a fail) goes to the caller as it is.

The HTTP driver offers it as ``driver.raw``. A vendor driver that cannot send raw requests
leaves the attribute out (or raises ``NotImplementedError``); the steps then stop with
``RawRequestsUnsupported``, a suite error (no verdict), not a failure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

import jsonschema_rs

from .. import contract
from . import strict_json
from .errors import ServiceTimeout, SuiteError
from .transport import Transport

MALFORMED_BODY = "malformed body"
PLAIN_TEXT_BODY = "plain-text body"
FORM_BODY = "form body"
WRONG_SHAPE_BODY = "wrong-shape body"
NESTING_DEPTH = 100_000
"""How deep the nested-lists body of ``WRONG_SHAPE_BODY`` goes."""
MISSING_FIELDS = "missing fields"
NULL_FIELD = "null field"
WRONG_TYPE_FIELD = "wrong-type field"
OVERLONG_TEXT = "overlong text"
OVERSIZED_BODY = "oversized body"
CLIMBING_ID = "climbing id"
NUL_ID = "nul id"
OVERLONG_ID = "overlong id"
INJECTION_ID = "injection id"

BODY_KINDS = (MALFORMED_BODY, PLAIN_TEXT_BODY, FORM_BODY, WRONG_SHAPE_BODY, MISSING_FIELDS,
              NULL_FIELD, WRONG_TYPE_FIELD, OVERLONG_TEXT, OVERSIZED_BODY)
ID_KINDS = (CLIMBING_ID, NUL_ID, OVERLONG_ID, INJECTION_ID)
HOSTILE_KINDS = BODY_KINDS + ID_KINDS
"""Every kind of hostile input ``hostile_requests`` can build."""

ONE_MIB = 1024 * 1024
OVERSIZED_BYTES = ONE_MIB + 1024
OVERLONG_TEXT_CHARS = 10_000
OVERLONG_ID_CHARS = 5_000
JSON_TYPE = "application/json"
PROBLEM_TYPE = "application/problem+json"

# Path values, exactly as they appear in the request line (never re-encoded or normalised).
ODD_IDS: dict[str, tuple[tuple[str, str], ...]] = {
    CLIMBING_ID: (("“../x” unencoded", "../x"), ("“../../x” with encoded slashes", "..%2F..%2Fx"),
                  ("“..\\x” encoded", "..%5Cx")),
    NUL_ID: (("a NUL character alone", "%00"), ("a NUL character inside", "x%00y")),
    OVERLONG_ID: ((f"{OVERLONG_ID_CHARS:,} characters", "x" * OVERLONG_ID_CHARS),),
    INJECTION_ID: (("a quoted SQL condition", quote("' OR '1'='1", safe="")),
                   ("a SQL statement", quote("1; DROP TABLE accounts; --", safe=""))),
}
_PATH_PARAM = re.compile(r"\{([A-Za-z0-9_]+)\}")
_OVERLONG_TEXT = ("Überlänge " * (OVERLONG_TEXT_CHARS // 10 + 1))[:OVERLONG_TEXT_CHARS]


class RawRequestsUnsupported(SuiteError):
    """The driver cannot send raw requests, so hostile-input checks cannot run."""

    kind = "raw_requests_unsupported"


@dataclass(frozen=True)
class RawRequest:
    """One deliberately wrong request for one operation; ``path`` is sent exactly as is."""

    operation_id: str
    method: str
    path: str
    description: str
    body: bytes | None = None
    content_type: str | None = None
    token: str | None = field(default=None, repr=False)
    chunked: bool = False  # sent in chunks, without a declared length

    def shown_body(self, limit: int = 160) -> str:
        """The body as text for messages and evidence, cut short with its size."""
        if self.body is None:
            return ""
        text = self.body[:limit].decode("utf-8", "replace")
        return text if len(self.body) <= limit else f"{text}… ({len(self.body):,} bytes)"


@dataclass(frozen=True)
class RawAnswer:
    """What the service answered to one raw request (status None: no answer at all)."""

    request: RawRequest
    status: int | None
    code: str | None
    is_problem: bool
    problem_errors: tuple[str, ...] = ()
    transport_error: str = ""
    excerpt: str = ""
    error: SuiteError | None = field(default=None, repr=False, compare=False)

    @property
    def refused_cleanly(self) -> bool:
        """A 4xx answer that is an RFC 9457 problem with a contract code."""
        return self.status is not None and 400 <= self.status < 500 and self.is_problem

    def describe(self) -> str:
        """One line without reprs: operation, what was wrong, and what came back
        (``create_project (POST /v1/projects) with a body that is not well-formed: refused
        with 422 and the code invalid_request``); the service's text in “quotes”."""
        req = self.request
        head = f"{req.operation_id} ({req.method} {_short(req.path)}) with {req.description}"
        excerpt = f", answering {_quoted(self.excerpt)}" if self.excerpt else ""
        if self.status is None:
            return f"{head}: no answer ({self.transport_error})"
        if self.status < 400:
            return f"{head}: accepted with {self.status}{excerpt}"
        if self.status >= 500:
            return f"{head}: a server error {self.status}{excerpt}"
        code = f"the code {self.code}" if self.code else "no code"
        text = f"{head}: refused with {self.status} and {code}"
        if self.problem_errors:
            text += f", not a clean problem ({', '.join(self.problem_errors)})"
        return text + (excerpt if not self.refused_cleanly else "")


def _quoted(text: str) -> str:
    """A field name or header value in typographic quotes, as failure messages quote."""
    return f"“{text}”"


def path_parameters(operation_id: str) -> tuple[str, ...]:
    """The names of the operation's path parameters, in path order."""
    return tuple(_PATH_PARAM.findall(contract.operation(operation_id).path))


@dataclass(frozen=True)
class BodySchema:
    """What the contract says about an operation's request body."""

    present: bool
    required: bool
    required_fields: tuple[str, ...]
    properties: dict[str, dict[str, Any]]


class RawRequests:
    """Builds and sends hostile requests; answers are judged against the contract."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    # -- building ------------------------------------------------------------------------
    def hostile_requests(self, operation_id: str, kind: str, *,
                         path_values: Mapping[str, str],
                         base_body: Mapping[str, Any] | None = None,
                         token: str | None = None) -> list[RawRequest]:
        """The requests of one hostile ``kind`` for the operation ([] when none applies).

        ``path_values`` gives a valid value for every path parameter and ``base_body`` a
        valid body (default: placeholders from the schema); each request breaks one thing.
        ``token`` is sent as the bearer token when the operation needs a session.
        """
        if kind not in HOSTILE_KINDS:
            raise ValueError(f"unknown hostile input {kind!r}; known: {HOSTILE_KINDS}")
        op = contract.operation(operation_id)
        missing = [name for name in path_parameters(operation_id) if name not in path_values]
        if missing:
            raise ValueError(f"{operation_id}: no value for path parameter(s) {missing}")
        schema = body_schema(operation_id)
        base = dict(base_body) if base_body is not None else _placeholder_body(schema)
        bearer = token if op.requires_auth else None
        path = _fill(op.path, path_values)

        def make(description: str, body: bytes | None, content_type: str | None = JSON_TYPE,
                 at: str = path) -> RawRequest:
            return RawRequest(operation_id, op.method, at, description, body,
                              content_type if body is not None else None, bearer)

        if kind in ID_KINDS:
            valid_body = _json(base) if schema.present else None
            return [make(f"path parameter {name} = {label}", valid_body,
                         at=_fill(op.path, path_values, odd=(name, value)))
                    for name in path_parameters(operation_id)
                    for label, value in ODD_IDS[kind]]
        if not schema.present:
            return []
        return [make(description, body, content_type) for description, body, content_type
                in _body_variants(kind, schema, base)]

    # -- sending -------------------------------------------------------------------------
    def send(self, raw: RawRequest) -> RawAnswer:
        """Send one raw request exactly as built and judge the answer (never raises on it)."""
        headers: dict[str, str] = {}
        if raw.token:
            headers["Authorization"] = f"Bearer {raw.token}"
        if raw.content_type:
            headers["Content-Type"] = raw.content_type
        try:
            reply = self.transport.send(
                raw.method, raw.path, headers=headers, data=_body(raw), exact_url=True,
                secret_headers=("Authorization",) if raw.token else (),
                shown_url=self.transport.base_url + _short(raw.path, 300),
                shown_body=raw.shown_body() or None)
        except ServiceTimeout as exc:
            return RawAnswer(raw, None, None, False, transport_error=(
                f"no answer within {self.transport.settings.read_timeout_s}s"), error=exc)
        except SuiteError as exc:
            return RawAnswer(raw, None, None, False, transport_error=(
                f"{exc.kind}: {str(exc).splitlines()[0][:200]}"), error=exc)
        return judge(raw, reply.status, reply.content_type, reply.content,
                     self.transport.policy.max_json_depth)


CHUNK_BYTES = 64 * 1024


def _body(raw: RawRequest) -> bytes | Iterator[bytes] | None:
    """The body as sent: the bytes, or (``chunked``) a stream of them, so the request has
    no ``Content-Length`` and goes out with ``Transfer-Encoding: chunked``."""
    if raw.body is None or not raw.chunked:
        return raw.body
    body = raw.body
    return (body[start:start + CHUNK_BYTES] for start in range(0, len(body), CHUNK_BYTES))


def judge(raw: RawRequest, status: int, content_type: str, content: bytes,
          max_json_depth: int = strict_json.DEFAULT_MAX_DEPTH) -> RawAnswer:
    """A ``RawAnswer`` for what came back: is it an RFC 9457 problem the contract allows?"""
    errors: list[str] = []
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != PROBLEM_TYPE:
        errors.append(f"Content-Type is {_quoted(content_type) if content_type else 'missing'}, "
                      f"not {PROBLEM_TYPE}")
    data: Any = None
    try:
        data = strict_json.loads(content, max_json_depth) if content else None
    except strict_json.StrictJsonError as exc:
        errors.append(f"the body is not strict JSON: {exc}")
    code = data.get("code") if isinstance(data, dict) else None
    if data is not None and not isinstance(data, dict):
        errors.append("the body is not a JSON object")
    elif isinstance(data, dict):
        if data.get("status") != status:
            errors.append(f"its status field {json.dumps(data.get('status'))} is not {status}")
        errors += _problem_errors(data)
    elif not content:
        errors.append("the body is empty")
    excerpt = " ".join(content[:200].decode("utf-8", "replace").split())
    return RawAnswer(raw, status, code if isinstance(code, str) else None, not errors,
                     tuple(errors), excerpt=excerpt)


# -- the contract's request-body schemas ------------------------------------------------
@cache
def _problem_validator() -> jsonschema_rs.Draft202012Validator:
    root = {**contract.load_contract(), "$ref": "#/components/schemas/Problem"}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def _problem_errors(data: dict[str, Any]) -> list[str]:
    validator = _problem_validator()
    if validator.is_valid(data):
        return []
    return [f"Problem schema: {'/'.join(map(str, e.instance_path)) or '(body)'}: {e.message}"
            for e in list(validator.iter_errors(data))[:3]]


def _resolve(node: Any) -> Any:
    """Follow local ``$ref``s, merging sibling keywords over the referenced object."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise ValueError(f"unsupported reference {ref!r}")
        seen.add(ref)
        target: Any = contract.load_contract()
        for token in ref[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


@cache
def body_schema(operation_id: str) -> BodySchema:
    """The operation's request body as the contract describes it."""
    op = contract.operation(operation_id)
    raw_op = contract.load_contract()["paths"][op.path][op.method.lower()]
    request_body = _resolve(raw_op.get("requestBody"))
    if not request_body:
        return BodySchema(False, False, (), {})
    content = request_body.get("content", {})
    media = next((m for m in content if "json" in m), None)
    schema = _resolve(content[media].get("schema", {})) if media else {}
    properties = {name: _resolve(prop) for name, prop in schema.get("properties", {}).items()}
    return BodySchema(True, bool(request_body.get("required")),
                      tuple(schema.get("required", ())), properties)


def _types(schema: Mapping[str, Any]) -> set[str]:
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or ())
    for key in ("oneOf", "anyOf", "allOf"):
        for option in schema.get(key, ()):
            types |= _types(_resolve(option))
    for value in ([schema["const"]] if "const" in schema else []) + list(schema.get("enum", [])):
        types.add({bool: "boolean", str: "string", int: "integer", float: "number",
                   type(None): "null"}.get(type(value), "object"))
    return types


def _is_text(schema: Mapping[str, Any]) -> bool:
    return "string" in _types(schema) and "enum" not in schema and "const" not in schema


def _wrong_value(schema: Mapping[str, Any]) -> Any:
    types = _types(schema)
    if "string" in types:
        return 12345
    if "boolean" in types:
        return "yes"
    if types & {"integer", "number"}:
        return "many"
    if "array" in types:
        return {"not": "a list"}
    if "object" in types:
        return "not an object"
    return ["unexpected"]


def _placeholder(schema: Mapping[str, Any]) -> Any:
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    types = _types(schema)
    if "string" in types:
        return {"email": "probe@probe.example.test",
                "hostname": "probe.example.test"}.get(schema.get("format", ""), "probe")
    if "boolean" in types:
        return False
    if types & {"integer", "number"}:
        return 1
    return [] if "array" in types else {}


def _placeholder_body(schema: BodySchema) -> dict[str, Any]:
    return {name: _placeholder(schema.properties.get(name, {}))
            for name in schema.required_fields}


# -- building bodies and paths ----------------------------------------------------------
def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _body_variants(kind: str, schema: BodySchema,
                   base: dict[str, Any]) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(description, body, content type) of each request of one body kind."""
    valid = _json(base)
    if kind == MALFORMED_BODY:
        yield "a JSON body cut off in the middle", valid[: max(1, len(valid) // 2)], JSON_TYPE
        yield "single quotes instead of JSON", b"{'probe': 'value'}", JSON_TYPE
        yield "bytes that are not UTF-8", b'{"probe": "\xff\xfe"}', JSON_TYPE
        yield "two JSON documents in a row", valid + b" " + valid, JSON_TYPE
        yield "arrays nested 100,000 deep", b"[" * 100_000, JSON_TYPE
    elif kind == PLAIN_TEXT_BODY:
        yield "a valid body declared as text/plain", valid, "text/plain; charset=utf-8"
        yield "a valid body without a Content-Type", valid, None
    elif kind == FORM_BODY:
        form = urlencode({k: json.dumps(v) if not isinstance(v, str) else v
                          for k, v in base.items()}) or "probe=1"
        yield "a web form instead of JSON", form.encode(), "application/x-www-form-urlencoded"
    elif kind == WRONG_SHAPE_BODY:
        for label, value in (("a list", [base]), ("a string", "probe"), ("a number", 42),
                             ("null", None), ("true", True)):
            yield f"a body that is {label}, not an object", _json(value), JSON_TYPE
        # well-formed JSON a recursive parser cannot descend (about 200 KB, under the limit)
        yield ("a body of lists nested 100,000 deep, not an object",
               b"[" * NESTING_DEPTH + b"]" * NESTING_DEPTH, JSON_TYPE)
    elif kind == MISSING_FIELDS:
        if schema.required:
            yield "no body at all", None, None
        if schema.required_fields:
            yield "an empty object", b"{}", JSON_TYPE
        if len(schema.required_fields) > 1:
            for name in schema.required_fields:
                yield (f"a body without {_quoted(name)}",
                       _json({k: v for k, v in base.items() if k != name}), JSON_TYPE)
    elif kind == NULL_FIELD:
        for name, prop in schema.properties.items():
            if "null" not in _types(prop):
                yield f"{_quoted(name)} set to null", _json({**base, name: None}), JSON_TYPE
    elif kind == WRONG_TYPE_FIELD:
        for name, prop in schema.properties.items():
            wrong = _wrong_value(prop)
            yield (f"{_quoted(name)} of the wrong type ({json.dumps(wrong)})",
                   _json({**base, name: wrong}), JSON_TYPE)
    elif kind == OVERLONG_TEXT:
        for name, prop in schema.properties.items():
            if _is_text(prop):
                yield (f"{_quoted(name)} of {OVERLONG_TEXT_CHARS:,} characters",
                       _json({**base, name: _OVERLONG_TEXT}), JSON_TYPE)
    elif kind == OVERSIZED_BODY:
        padded = {**base, "padding": "x" * OVERSIZED_BYTES}
        yield f"a body of {len(_json(padded)):,} bytes (over 1 MiB)", _json(padded), JSON_TYPE


def _fill(template: str, values: Mapping[str, str], odd: tuple[str, str] | None = None) -> str:
    """The path with every parameter percent-encoded, except ``odd`` (name, raw value)."""
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if odd is not None and name == odd[0]:
            return odd[1]
        return quote(str(values[name]), safe="")

    return _PATH_PARAM.sub(value, template)


def _short(path: str, limit: int = 120) -> str:
    return path if len(path) <= limit else f"{path[:limit]}… ({len(path):,} characters)"
