"""The contract document (contract/openapi.yaml) is valid and agrees with its overview.

Checks: it validates as OpenAPI 3.1; every operation has an operationId, a tag and (except
``get_meta``) a 4xx problem response; the test-support part is marked and only it; the
``Problem.code`` enum and ``info.version`` match contract/README.md; every example in the
document fits its schema.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = yaml.safe_load((ROOT / "contract" / "openapi.yaml").read_text(encoding="utf-8"))
README = (ROOT / "contract" / "README.md").read_text(encoding="utf-8")
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
PROBLEM_REF = "#/components/schemas/Problem"
URI = "urn:contract"


def escape(token: str) -> str:
    """A JSON-pointer token."""
    return token.replace("~", "~0").replace("/", "~1")


def deref(node: dict, pointer: str = "") -> tuple[dict, str]:
    """Follow a local ``$ref`` chain; the referenced object and its JSON pointer."""
    while "$ref" in node:
        pointer, node = node["$ref"].removeprefix("#"), DOCUMENT
        for token in pointer.lstrip("/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
    return node, pointer


OPERATIONS = [(path, method, op) for path, item in DOCUMENT["paths"].items()
              for method, op in item.items() if method in METHODS]


def readme_error_codes() -> set[str]:
    """The codes in the first column of the overview's "Error codes" table."""
    section = README.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    codes = set()
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and (match := re.fullmatch(r"`([a-z_]+)`", cells[0])):
            codes.add(match.group(1))
    return codes


def test_document_validates_as_openapi_31():
    assert DOCUMENT["openapi"] == "3.1.0"
    validate(DOCUMENT)


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS,
                         ids=[op.get("operationId", f"{m} {p}") for p, m, op in OPERATIONS])
def test_operation_has_id_tag_and_problem_refusal(path, method, op):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", op.get("operationId", ""))
    assert op.get("tags"), "no tag"
    if op["operationId"] == "get_meta":
        return
    problems = [code for code, response in op["responses"].items()
                if code.startswith("4") and deref(response)[0].get("content", {})
                .get("application/problem+json", {}).get("schema") == {"$ref": PROBLEM_REF}]
    assert problems, f"{method.upper()} {path} declares no 4xx problem response"


def test_operation_ids_are_unique():
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids))


def test_test_support_marking():
    for path, method, op in OPERATIONS:
        marked = op.get("x-test-support") is True
        assert marked == path.startswith("/test-support/"), f"{method.upper()} {path}"
        if marked:
            assert op["tags"] == ["test-support"]
            assert op["security"] == [{}, {"testSupportKey": []}]


def test_problem_codes_match_readme_table():
    codes = readme_error_codes()
    assert len(codes) > 10
    enum = DOCUMENT["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
    assert len(enum) == len(set(enum))
    assert set(enum) == codes


def test_version_matches_readme():
    match = re.search(r"Contract version: \*\*([0-9]+\.[0-9]+\.[0-9]+)\*\*", README)
    assert match, "README states no contract version"
    assert DOCUMENT["info"]["version"] == match.group(1)


def test_examples_fit_their_schemas():
    registry = Registry().with_resource(
        URI, Resource.from_contents(DOCUMENT, default_specification=DRAFT202012))
    checked = 0
    for path, method, op in OPERATIONS:
        for code, response in op["responses"].items():
            response, pointer = deref(response, f"/paths/{escape(path)}/{method}/responses/{code}")
            for media_type, media in response.get("content", {}).items():
                if "example" in media:
                    schema = {"$ref": f"{URI}#{pointer}/content/{escape(media_type)}/schema"}
                    Draft202012Validator(schema, registry=registry).validate(media["example"])
                    checked += 1
    assert checked > 5
