"""The normative HTTP contract (``contract/openapi.yaml``) as data the driver can use.

* ``load_contract()`` parses the OpenAPI document on first use, once (cached); importing
  this module reads nothing. The packaged copy ``account_conformance/contract/openapi.yaml``
  is tried first, then the repository's ``contract/openapi.yaml``.
* ``contract_version()`` is the contract's ``info.version``.
* ``operations()`` lists every operation with its id, method, path, tags and whether it is a
  test-support operation or needs a session.
* ``response_validator(operation_id, status)`` returns a callable that checks a decoded JSON
  body against the schema the contract declares for that operation and status (JSON Schema
  Draft 2020-12 with the Rust ``jsonschema_rs`` validator, compiled once per operation and
  status with the whole contract as its root document so every ``$ref`` resolves).
  Validators are compiled once per (operation, status) and cached.

A body that breaks the contract raises ``SchemaMismatch``; a status the operation does not
declare raises ``UndeclaredResponse`` (both ``ResponseMismatch``). The driver turns them into
its own ``ContractViolation`` with the HTTP evidence attached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import yaml

CONTRACT_URI = "urn:account-conformance:contract"
"""The base URI under which the document is registered for ``$ref`` resolution."""

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")

_REPO_CONTRACT = Path(__file__).resolve().parents[2] / "contract" / "openapi.yaml"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ResponseMismatch(Exception):
    """A response the contract does not allow (base of the two cases below)."""

    def __init__(self, operation_id: str, status: int, errors: list[str]) -> None:
        self.operation_id = operation_id
        self.status = status
        self.errors = errors
        super().__init__(f"{operation_id} {status}: " + "; ".join(errors))


class UndeclaredResponse(ResponseMismatch):
    """The operation does not declare this HTTP status."""


class SchemaMismatch(ResponseMismatch):
    """The body does not match the schema declared for the operation and status."""


@dataclass(frozen=True)
class Operation:
    """One operation of the contract."""

    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    test_support: bool
    requires_auth: bool


def contract_path() -> Path:
    """Where the contract document is read from: the packaged copy, else the repository's."""
    try:
        packaged = resources.files(__package__ or "account_conformance")
        candidate = packaged.joinpath("contract", "openapi.yaml")
        if candidate.is_file():
            return Path(str(candidate))
    except (ModuleNotFoundError, TypeError, OSError):
        pass
    if _REPO_CONTRACT.is_file():
        return _REPO_CONTRACT
    raise FileNotFoundError(
        "contract/openapi.yaml not found (neither in the package nor at " f"{_REPO_CONTRACT})")


@cache
def load_contract() -> dict[str, Any]:
    """The parsed OpenAPI document (parsed once; do not mutate the result)."""
    with contract_path().open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_YAML_LOADER)
    if not isinstance(document, dict) or "paths" not in document:
        raise ValueError(f"{contract_path()} is not an OpenAPI document")
    return document


def contract_version() -> str:
    """The contract's ``info.version`` (``"1.2.0"``)."""
    return str(load_contract()["info"]["version"])


@cache
def _operation_index() -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (method, path, operation object)."""
    index: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for path, item in load_contract()["paths"].items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            op_id = op["operationId"]
            if op_id in index:
                raise ValueError(f"duplicate operationId {op_id!r} in the contract")
            index[op_id] = (method.upper(), path, op)
    return index


def _requires_auth(op: dict[str, Any]) -> bool:
    security = op.get("security", load_contract().get("security", []))
    return bool(security) and all(requirement for requirement in security)


@cache
def _operations() -> tuple[Operation, ...]:
    return tuple(
        Operation(operation_id=op_id, method=method, path=path,
                  tags=tuple(op.get("tags", ())),
                  test_support=bool(op.get("x-test-support", False)),
                  requires_auth=_requires_auth(op))
        for op_id, (method, path, op) in _operation_index().items())


def operations() -> list[Operation]:
    """Every operation of the contract, in document order."""
    return list(_operations())


def operation(operation_id: str) -> Operation:
    """The operation with this id (``KeyError`` if the contract has none)."""
    for op in _operations():
        if op.operation_id == operation_id:
            return op
    raise KeyError(f"no operation {operation_id!r} in the contract")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _deref(node: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str]:
    """Follow local ``$ref``s of non-schema objects (responses); returns node and pointer."""
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise ValueError(f"unsupported reference {ref!r} at {pointer}")
        seen.add(ref)
        pointer = ref[1:]
        node = load_contract()
        for token in pointer.lstrip("/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
    return node, pointer


def declared_statuses(operation_id: str) -> list[str]:
    """The response keys the operation declares (``"200"``, ``"404"``, ``"default"``...)."""
    return list(_operation_index()[operation_id][2].get("responses", {}))


@dataclass(frozen=True)
class ResponseValidator:
    """Checks bodies of one (operation, status); ``media_type`` is None for an empty body."""

    operation_id: str
    status: int
    media_type: str | None
    _validator: jsonschema_rs.Draft202012Validator | None

    def __call__(self, body: Any) -> None:
        """Raise ``SchemaMismatch`` unless ``body`` (decoded JSON, or None) fits the contract."""
        if self._validator is None:
            if body not in (None, "", b""):
                raise SchemaMismatch(self.operation_id, self.status,
                                     ["the contract declares no body for this response"])
            return
        if self._validator.is_valid(body):
            return
        errors = sorted(self._validator.iter_errors(body), key=lambda e: list(e.instance_path))
        raise SchemaMismatch(self.operation_id, self.status, [
            f"{'/'.join(str(p) for p in e.instance_path) or '(body)'}: {e.message}"
            for e in errors[:10]])


@cache
def _compiled(operation_id: str, status: int) -> ResponseValidator:
    method, path, op = _operation_index()[operation_id]
    responses = op.get("responses", {})
    key = next((k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses),
               None)
    if key is None:
        raise UndeclaredResponse(operation_id, status, [
            f"status {status} is not declared (declared: {', '.join(responses)})"])
    pointer = f"/paths/{_escape(path)}/{method.lower()}/responses/{_escape(key)}"
    response, pointer = _deref(responses[key], pointer)
    content = response.get("content") or {}
    media_type = next((m for m in content if "json" in m), None)
    if media_type is None or "schema" not in content[media_type]:
        return ResponseValidator(operation_id, status, None, None)
    # The whole contract as the root document, pointed at this response's schema, so every
    # internal $ref resolves; compiled once per (operation, status) by the Rust validator.
    fragment = quote(f"{pointer}/content/{_escape(media_type)}/schema", safe="/~")
    root = {**load_contract(), "$ref": f"#{fragment}"}
    validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
    return ResponseValidator(operation_id, status, media_type, validator)


def response_validator(operation_id: str, status: int) -> Callable[[Any], None]:
    """A cached checker for bodies of ``operation_id`` answered with HTTP ``status``.

    Raises ``KeyError`` for an unknown operation id (a suite bug) and ``UndeclaredResponse``
    when the contract declares no response for ``status``. The returned ``ResponseValidator``
    raises ``SchemaMismatch`` for a body that does not fit.
    """
    if operation_id not in _operation_index():
        raise KeyError(f"no operation {operation_id!r} in the contract")
    return _compiled(operation_id, int(status))


def check_response(operation_id: str, status: int, body: Any) -> str | None:
    """Why a response breaks the contract, or None when it conforms."""
    try:
        response_validator(operation_id, status)(body)
    except ResponseMismatch as exc:
        return str(exc)
    return None
