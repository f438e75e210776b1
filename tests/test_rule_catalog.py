"""The contract rule catalog: complete against the contract, and traced to scenarios.

Completeness is checked against the contract itself: every row of the README's error table
has its ``R-ERR-<code>`` rule with the same statuses, every operation of ``openapi.yaml`` has
a rule, every section of the README has rules, and every refusal code the README's
operations table names for an operation has a rule of that operation with that code.

Traceability is a ratchet: a rule without a scenario must be marked ``covered: false`` with
a reason, and a marked rule that has got a scenario must lose the mark, so the list of
uncovered rules only shrinks. Both directions are shown to fail on a synthetic catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from behave.parser import parse_file

from account_conformance import contract
from account_conformance.catalog import CatalogError
from account_conformance.catalog.rules import (
    RULE_TAG,
    RuleCatalog,
    error_statuses,
    load_rules,
    parse_rules,
    rule_ids,
)
from conftest import REPO

README = REPO / "contract" / "README.md"
SECTION_OF_HEADING = {"Conventions": "Conventions", "Error codes": "Error codes",
                      "Things": "Things", "Operations (`/v1`)": "Operations",
                      "Members and the primary owner (S18)": "Members and the primary owner",
                      "Concurrency": "Concurrency",
                      "Restriction and sign-up block (S15, S17, S19)":
                          "Restriction and sign-up block",
                      "Deleting the individual account (S12)": "Deleting the individual account",
                      "Test-support part (`/test-support`, tag `test-support`)":
                          "Test-support part"}
BARE_STATUS_CODES = {"401": "unauthenticated", "404": "not_found"}


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def readme_error_table(text: str) -> dict[str, tuple[int, ...]]:
    """The README's error table: code -> statuses."""
    section = text.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    table = {}
    for match in re.finditer(r"^\| `([a-z_]+)` \| ([\d /]+) \|", section, re.M):
        table[match[1]] = tuple(int(s) for s in match[2].split("/"))
    return table


def readme_operation_refusals(text: str) -> dict[str, set[str]]:
    """operationId -> the refusal codes the README's operations table names for it."""
    section = text.split("## Operations", 1)[1].split("\n### ", 1)[0]
    codes = set(readme_error_table(text))
    by_route = {(op.method, op.path): op.operation_id for op in contract.operations()}
    found: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        route = re.match(r"`(GET|PUT|POST|PATCH|DELETE) (/v1/[^` ]*)", cells[0]) if cells else None
        if route is None or len(cells) < 4 or (route[1], route[2]) not in by_route:
            continue
        refusals = cells[3]
        named = {c for c in re.findall(r"`([a-z_]+)`", refusals) if c in codes}
        named |= {code for status, code in BARE_STATUS_CODES.items()
                  if re.search(rf"\b{status}\b(?! `)", refusals)}
        if re.search(r"403 (?:plan|`plan)", refusals):
            named.add("plan_feature_unavailable")
        if re.search(r"\brole\b", refusals) and "403" in refusals:
            named.add("insufficient_role")
        if re.search(r"(?:^|; )422\b(?! `)", refusals):
            named.add("invalid_request")
        found[by_route[(route[1], route[2])]] = named
    return found


def scenario_rule_tags(features_dir: Path) -> set[str]:
    """Every rule ID any scenario of the features carries (outline rows expanded)."""
    used: set[str] = set()
    for path in sorted(features_dir.glob("*.feature")):
        feature = parse_file(str(path))
        for scenario in feature.walk_scenarios():
            used |= {t for t in scenario.effective_tags if t.startswith("R-")}
    return used


def traceability_problems(rules: RuleCatalog, used: Iterable[str]) -> list[str]:
    """The ratchet: unknown tags, uncovered rules not marked so, marked rules now covered."""
    used = set(used)
    problems = [f"@{tag}: not a rule of the catalog" for tag in sorted(used - set(rules.ids))]
    for rule in rules.rules:
        if rule.id not in used and rule.covered:
            problems.append(f"{rule.id}: no scenario carries it; tag one, or mark it "
                            "'covered: false' with a reason")
        if rule.id in used and not rule.covered:
            problems.append(f"{rule.id}: marked 'covered: false' but a scenario carries it; "
                            "remove the mark (the list only shrinks)")
    return problems


# -- the packaged catalog -----------------------------------------------------------------
def test_the_catalog_parses_with_unique_well_formed_ids() -> None:
    rules = load_rules()
    assert len(rules.rules) > 100
    assert all(RULE_TAG.match(r.id) for r in rules.rules)
    assert len(set(rules.ids)) == len(rules.ids)


def test_every_error_code_of_the_readme_has_its_rule_with_its_status() -> None:
    table = readme_error_table(_readme())
    assert len(table) >= 20, table
    assert error_statuses() == table
    for code in table:
        assert f"R-ERR-{code}" in load_rules().ids


def test_the_reference_gives_every_code_a_status_of_the_table() -> None:
    from account_reference.problems import PROBLEMS

    for code, statuses in error_statuses().items():
        assert PROBLEMS[code].status in statuses, code


def test_every_operation_of_the_contract_has_a_rule() -> None:
    covered = {r.operation for r in load_rules().rules if r.operation}
    missing = [op.operation_id for op in contract.operations() if op.operation_id not in covered]
    assert not missing, f"operations without a rule: {missing}"
    unknown = covered - {op.operation_id for op in contract.operations()}
    assert not unknown, f"rules name operations the contract lacks: {unknown}"


def test_every_refusal_of_the_operations_table_has_a_rule() -> None:
    rules = load_rules().rules
    table = readme_operation_refusals(_readme())
    assert len(table) > 25, table
    missing = [f"{op}: {code}" for op, codes in sorted(table.items()) for code in sorted(codes)
               if not any(r.operation == op and r.code == code for r in rules)]
    assert not missing, f"refusals of the README's operations table without a rule: {missing}"


def test_every_section_of_the_readme_has_rules() -> None:
    headings = re.findall(r"^#{2,3} (.+)$", _readme(), re.M)
    assert set(SECTION_OF_HEADING) <= set(headings), set(SECTION_OF_HEADING) - set(headings)
    sections = {r.section for r in load_rules().rules}
    missing = [h for h, section in SECTION_OF_HEADING.items() if section not in sections]
    assert not missing, f"README sections without rules: {missing}"
    assert sections <= set(SECTION_OF_HEADING.values()), sections


def test_rule_tags_are_valid_behave_tags() -> None:
    from behave.tag_expression import make_tag_expression

    for rule_id in load_rules().ids:
        assert make_tag_expression(f"@{rule_id}").check([rule_id]), rule_id
    assert rule_ids(["S01", "R-ERR-not_found", "security"]) == ("R-ERR-not_found",)


# -- traceability: the ratchet ------------------------------------------------------------
def test_every_rule_has_a_scenario_or_is_listed_as_uncovered() -> None:
    problems = traceability_problems(load_rules(), scenario_rule_tags(REPO / "features"))
    assert not problems, "\n".join(problems)


SYNTHETIC = """
rules:
  - {id: R-CONV-01, section: Conventions, statements: [contract], text: "One."}
  - {id: R-CONV-02, section: Conventions, statements: [S01], text: "Two.",
     covered: false, reason: "not yet"}
"""


def _synthetic(tmp_path: Path, tags: str) -> tuple[RuleCatalog, set[str]]:
    features = tmp_path / "features"
    features.mkdir()
    (features / "x.feature").write_text(
        f"Feature: x\n\n  @S01 {tags}\n  Scenario: one\n    Given nothing\n", encoding="utf-8")
    return parse_rules(SYNTHETIC), scenario_rule_tags(features)


def test_the_ratchet_passes_a_consistent_synthetic_catalog(tmp_path: Path) -> None:
    assert traceability_problems(*_synthetic(tmp_path, "@R-CONV-01")) == []


def test_the_ratchet_fails_on_a_rule_without_scenario(tmp_path: Path) -> None:
    problems = traceability_problems(*_synthetic(tmp_path, ""))
    assert problems and "R-CONV-01: no scenario carries it" in problems[0]


def test_the_ratchet_fails_when_a_listed_rule_got_a_scenario(tmp_path: Path) -> None:
    problems = traceability_problems(*_synthetic(tmp_path, "@R-CONV-01 @R-CONV-02"))
    assert any("R-CONV-02: marked 'covered: false'" in p for p in problems), problems


def test_the_ratchet_fails_on_an_unknown_rule_tag(tmp_path: Path) -> None:
    problems = traceability_problems(*_synthetic(tmp_path, "@R-CONV-01 @R-CONV-99"))
    assert problems == ["@R-CONV-99: not a rule of the catalog"]


@pytest.mark.parametrize("entry, why", [
    ("{id: R-X-1, section: S, statements: [S01], text: t, covered: false}", "reason"),
    ("{id: R-X-1, section: S, statements: [S99], text: t}", "not testable"),
    ("{id: r-x, section: S, statements: [S01], text: t}", "not a rule ID"),
    ("{id: R-X-1, section: S, statements: [], text: t}", "statements"),
    ("{id: R-X-1, section: S, statements: [S01], text: t, colour: red}", "unknown fields"),
])
def test_the_loader_refuses_a_broken_entry(entry: str, why: str) -> None:
    with pytest.raises(CatalogError, match=why):
        parse_rules(f"rules:\n  - {entry}\n")


def test_the_loader_refuses_repeated_ids() -> None:
    entry = "{id: R-X-1, section: S, statements: [S01], text: t}"
    with pytest.raises(CatalogError, match="repeated"):
        parse_rules(f"rules:\n  - {entry}\n  - {entry}\n")


def test_a_readme_code_missing_from_the_catalog_is_found() -> None:
    text = _readme().replace("| `domain_exists` | 409 |", "| `domain_exists` | 409 |\n"
                             "| `brand_new_code` | 418 |")
    table = readme_error_table(text)
    assert table["brand_new_code"] == (418,)
    assert error_statuses() != table
