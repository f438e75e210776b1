"""Faults against the account list and switching (S06–S10)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import rules
from ..accounts import Account, own_account
from ..problems import Refusal
from ..rules import Service
from ..store import Store
from ..validation import initials
from .fault import Replacements, fault
from .separation import own_or_anyones

if TYPE_CHECKING:
    from ..auth import Session

SLOW_WRITE_S = 0.02
"""concurrent-switches-mark-two-current: the pause between clearing and setting a marker."""


def oldest_account_first(accounts: Sequence[Mapping[str, Any]]) -> str | None:
    """A new session starts on the identity's oldest account, whatever its kind."""
    return str(accounts[0]["id"]) if accounts else None


def only_current_listed(accounts: list[Account], current_id: str | None) -> list[Account]:
    """Only the session's current account."""
    return [account for account in accounts if account["id"] == current_id]


def refuse_leaving_organization(service: Service, session: Session, target: Account) -> None:
    """Refuse a switch from an organization account to the individual account."""
    if target["kind"] != "individual":
        return
    current = own_account(service, session.identity_id, session.current_account_id or "")
    if current is not None and current["kind"] == "organization":
        raise Refusal("insufficient_role",
                      "Leaving an organization account for an individual one is not allowed.")


def previous_stays_marked(previous_id: str | None, chosen_id: str) -> str | None:
    """The answer marks the account that was current before."""
    return previous_id


async def switch_not_saved(store: Store, token_hash: str, account_id: str) -> None:
    """Nothing is saved."""


def lowercase_initials(email: str, name: str) -> str:
    """The initials, not upper-cased."""
    return initials(name).lower()


def initials_from_email(email: str, name: str) -> str:
    """Initials of the email's local part, split at ``. _ + -``."""
    parts = [part for part in re.split(r"[._+-]", email.partition("@")[0]) if part]
    return initials(" ".join(parts))


def initials_of_first_two_words(email: str, name: str) -> str:
    """Initials of the name's first two words."""
    return initials(" ".join(name.split()[:2]))


def oldest_marked_too(account_ids: list[str], current_id: str | None,
                      token_hash: str | None) -> set[str]:
    """The current account and the oldest listed one."""
    marked = rules.marked_current(account_ids, current_id, token_hash)
    return marked | set(account_ids[:1])


def two_step_markers() -> Replacements:
    """Current-account markers kept per account in this app (token hash -> marked account
    ids), written in two steps: clear every marker, pause, mark the chosen account."""
    markers: dict[str, set[str]] = {}

    async def save_switch(store: Store, token_hash: str, account_id: str) -> None:
        markers[token_hash] = set()  # clear every marker ...
        await asyncio.sleep(SLOW_WRITE_S)  # ... a slow write ...
        markers[token_hash].add(account_id)  # ... then mark the chosen account
        await rules.save_switch(store, token_hash, account_id)

    def marked_current(account_ids: list[str], current_id: str | None,
                       token_hash: str | None) -> set[str]:
        found = markers.get(token_hash or "")
        if found is None:
            return rules.marked_current(account_ids, current_id, token_hash)
        return set(found)

    return {"save_switch": save_switch, "marked_current": marked_current}


FAULTS = (
    fault("new-session-on-oldest-account", "S09 S15 S18",
          "A new session starts on the identity's oldest account, also when that is an "
          "organization account and an unrestricted individual account exists.",
          new_session_account=oldest_account_first),
    # -- S06: both accounts in the list ----------------------------------------------------
    fault("account-list-only-current",
          "S01 S02 S03 S04 S05 S06 S07 S08 S09 S10 S11 S12",
          "The account list shows only the session's current account; the other "
          "account cannot be found, so everything that chooses it breaks too.",
          listed_accounts=only_current_listed),
    # -- S07, S10: switching ---------------------------------------------------------------
    fault("switch-to-individual-refused", "S01 S04 S05 S07 S09 S10 S11 S12",
          "Switching from an organization account to the individual account is "
          "refused (403 insufficient_role); every check that goes back to the "
          "individual account breaks too.",
          check_switch=refuse_leaving_organization),
    fault("switch-answer-marks-previous-account", "S07 S10",
          "The switch is saved, but its answer still marks the previous account as "
          "current.",
          current_after_switch=previous_stays_marked),
    fault("switch-not-persisted", "S01 S03 S04 S05 S07 S09 S10 S11 S12",
          "Switching answers success with the chosen account marked, but the session's "
          "current account does not change; every check that switches breaks too.",
          save_switch=switch_not_saved),
    fault("switch-to-foreign-account-allowed", "S07 S10",
          "Switching to another person's account is allowed when its id is known.",
          switch_target=own_or_anyones),
    # -- S08: name and initials ------------------------------------------------------------
    fault("initials-lowercase", "S08",
          "The signed-in identity's initials are not upper-cased.",
          initials_shown=lowercase_initials),
    fault("initials-from-email", "S08",
          "The signed-in identity's initials are taken from the email's local part, "
          "not from the name.",
          initials_shown=initials_from_email),
    fault("initials-first-two-words", "S08",
          "The initials use the first two words of the name instead of the first and "
          "the last.",
          initials_shown=initials_of_first_two_words),
    # -- S09: exactly one current ----------------------------------------------------------
    fault("two-accounts-marked-current", "S07 S09 S10",
          "The account list marks the identity's oldest account as current as well as "
          "the session's current account.",
          marked_current=oldest_marked_too),
    fault("concurrent-switches-mark-two-current", "S09",
          "The current-account marker is kept per account and written in two steps "
          "(clear every marker, then, after a slow write, mark the chosen account); "
          "concurrent switches on one session leave two accounts marked current.",
          per_app=two_step_markers),
)
