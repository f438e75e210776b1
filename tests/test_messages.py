"""Failure messages say expected and actual in domain words (issue 14, point 2).

Two halves. The source rules: no step or fixture module uses a bare ``assert``,
``raise AssertionError``, ``!r`` or ``repr()`` — every check goes through
``fixtures.wording`` (``world.words.expect`` …), which writes
``<what>: expected …; actual …``. The wording itself: accounts named by their owner, ids
only after what they belong to, texts quoted, no reprs — checked by the same rules
(``tests/message_rules.py``) that the fault matrix applies to the message of every scenario
a fault makes fail, through the real CLI (``tests/test_fault_matrix.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from account_conformance.driver import Account, Item, Member
from account_conformance.driver.models import OrganizationRef
from conftest import REPO
from fixtures.wording import CheckFailed, Wording, describe, expect, quoted
from message_rules import problems

CHECKED = sorted([*(REPO / "steps").glob("*.py"), *(REPO / "fixtures").glob("*.py")])
EXEMPT = {"wording.py"}


def _findings(path: Path) -> list[str]:
    """Where a module checks or words a failure outside the wording helpers."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            found.append(f"{path.name}:{node.lineno}: assert statement")
        elif isinstance(node, ast.FormattedValue) and node.conversion == ord("r"):
            found.append(f"{path.name}:{node.lineno}: !r in an f-string")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id in ("repr", "AssertionError")):
            found.append(f"{path.name}:{node.lineno}: {node.func.id}(…)")
    return found


@pytest.mark.parametrize("path", [p for p in CHECKED if p.name not in EXEMPT],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_checks_go_through_the_wording_helpers(path: Path) -> None:
    assert _findings(path) == []


def test_the_source_rule_finds_each_kind_of_finding(tmp_path: Path) -> None:
    bad = tmp_path / "bad_steps.py"
    bad.write_text("def f(x):\n    assert x, f'{x!r}'\n    raise AssertionError(repr(x))\n")
    assert sorted(f.split(": ", 1)[1] for f in _findings(bad)) == [
        "!r in an f-string", "AssertionError(…)", "assert statement", "repr(…)"]


def _account(**changes: object) -> Account:
    values: dict[str, object] = {
        "id": "acc_AAAAAAAAAAAAAAAA", "kind": "individual", "plan": "pro",
        "email": "alex@acr-1.example.test", "subscription": "active", "organization": None,
        "role": None, "current": True, "status": "active", "features": ()}
    values.update(changes)
    return Account(**values)  # type: ignore[arg-type]


def _failure(check: Wording, *args: object) -> str:
    with pytest.raises(CheckFailed) as raised:
        check.expect(False, *args)  # type: ignore[arg-type]
    return str(raised.value)


def test_an_account_is_named_by_its_owner_with_its_id_after_it() -> None:
    words = Wording(None)
    individual = _account()
    in_org = _account(id="acc_BBBBBBBBBBBBBBBB", kind="organization", plan="team",
                      organization=OrganizationRef("org_CCCCCCCCCCCCCCCC", "Acme GmbH", "team"),
                      role="primary_owner", current=False)
    message = _failure(words, "Alex's account list", "two accounts", [individual, in_org])
    assert message == (
        "Alex's account list: expected two accounts; actual 2 accounts: "
        "alex@acr-1.example.test's Pro individual account (id acc_AAAAAAAAAAAAAAAA, current); "
        "alex@acr-1.example.test's account in Acme GmbH (Team, primary owner; "
        "id acc_BBBBBBBBBBBBBBBB)")
    assert problems(message) == []


def test_texts_are_quoted_and_control_characters_spelled_out() -> None:
    item = Item("conversation", "cnv_DDDDDDDDDDDDDDDD", "Plan 'B'\n\x00", "acc_AAAAAAAAAAAAAAAA")
    assert describe(item) == "the conversation “Plan 'B'\\n\\u0000” (id cnv_DDDDDDDDDDDDDDDD)"
    assert quoted("x" * 100).endswith("(100 characters)”")
    member = Member("acc_AAAAAAAAAAAAAAAA", "bea@acr-1.example.test", "Bea Beispiel", "admin")
    assert describe([member]) == ("1 member: Bea Beispiel <bea@acr-1.example.test> as admin "
                                  "(account id acc_AAAAAAAAAAAAAAAA)")
    assert describe(None) == "nothing" and describe(True) == "yes"
    assert describe([]) == "an empty list"


def test_expect_passes_quietly_and_fails_with_one_line() -> None:
    expect(True, "anything", "x", "y")
    with pytest.raises(CheckFailed) as raised:
        expect(0, "the count of Alex's conversations", 2, 0)
    assert str(raised.value) == "the count of Alex's conversations: expected 2; actual 0"


@pytest.mark.parametrize(("message", "finding"), [
    ("Alex has no organization account; accounts: [Account(id='acc_AAAAAAAAAAAAAAAA')]",
     "not in the form"),
    ("Alex's accounts: expected 2; actual [Account(id='x')]", "a dataclass repr"),
    ("Alex's plan: expected 'pro'; actual 'free'", "a quoted Python string"),
    ("Alex's accounts: expected two; actual ['acc_AAAAAAAAAAAAAAAA']", "a Python list"),
    ("the restriction: expected on; actual None", "None, True or False"),
    ("the account: expected Alex's; actual acc_AAAAAAAAAAAAAAAA", "on its own"),
])
def test_the_message_rules_catch_each_kind_of_bad_message(message: str, finding: str) -> None:
    assert any(finding in p for p in problems(message)), problems(message)


def test_a_worded_message_with_a_quoted_service_text_passes_the_rules() -> None:
    assert problems("ASSERT FAILED: the title of Alex's conversation (id cnv_DDDDDDDDDDDDDDDD):"
                    " expected “Plan B”; actual “None ['x']”") == []
