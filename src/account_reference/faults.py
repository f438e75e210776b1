"""Deliberate misbehaviours (faults) the reference service can be started with.

A fault makes the service break one or more statements on purpose, so the suite can
prove that its scenarios notice. Each fault is a small ``if faults.on(...)`` branch at
the point in the code where the behaviour lives; all are off unless named with
``--fault NAME``. ``python -m account_reference --list-faults`` prints this registry.

A fault's ``statements`` are exactly the statements the suite sees it break: the fault
matrix (``tests/test_fault_matrix.py``) fails when a listed statement still passes
everywhere (not killed) or when one outside the list fails (not pinpointed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Fault:
    """One known fault: its name, the statements it breaks, and what it does."""

    name: str
    statements: tuple[str, ...]
    description: str

    def as_dict(self) -> dict[str, Any]:
        """The fault as ``--list-faults`` prints it."""
        return {"name": self.name, "statements": list(self.statements),
                "description": self.description}


def _fault(name: str, statements: str, description: str) -> Fault:
    """A registry entry; ``statements`` are space-separated statement IDs."""
    return Fault(name, tuple(statements.split()), description)


FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        # -- S01, S11: each account keeps its own conversations and projects ---------------
        _fault("items-listed-for-identity", "S01 S03 S04 S05 S11",
               "Listing conversations or projects returns those of every account of the "
               "identity, not only the current account's."),
        _fault("item-fetch-ignores-account", "S11",
               "Opening a conversation or project by id finds it in any account, not only "
               "in the current one."),
        _fault("item-delete-ignores-account", "S11",
               "Deleting a conversation or project by id deletes it in any account, not "
               "only in the current one."),
        _fault("plan-change-touches-org-accounts", "S01",
               "Changing the individual plan also gives the identity's organization "
               "accounts an active subscription."),
        _fault("foreign-item-refused-as-forbidden", "S11",
               "Opening or deleting a conversation or project of another account by id is "
               "refused with 403 insufficient_role instead of not_found, revealing that it "
               "exists."),
        _fault("account-fetch-ignores-identity", "S01",
               "Reading an account by id answers for any account, also another person's."),
        _fault("outsider-may-read-organization", "S01",
               "Someone outside an organization can read its member list, domains and SSO "
               "settings."),
        _fault("organization-read-without-session", "S01 S12",
               "Reading an organization skips the session check: without a valid token the "
               "answer is 404 not_found instead of 401 unauthenticated."),
        _fault("signup-takes-plan-from-body", "S02",
               "Individual sign-up takes the plan from a field sent along in the request "
               "body: a paid plan with an active subscription, without billing."),
        # -- S02: different features -------------------------------------------------------
        _fault("organization-plan-reported-as-team", "S02",
               "Fetching one organization account reports its organization's plan as team, "
               "also for an Enterprise organization."),
        _fault("member-list-of-individual-account-empty", "S02",
               "The member list asked for with an individual account's id answers an empty "
               "list instead of not found."),
        # -- S03: no migration; joining gives a new account --------------------------------
        _fault("migration-accepted", "S03",
               "A migration request is accepted: the individual account is converted into "
               "a member account of the organization (or, for a member, answered 200)."),
        _fault("migration-refusal-consumes-invitation", "S03",
               "The migration is refused with the right code, but the pending invitation "
               "is marked accepted first (a partial change)."),
        _fault("migration-refusal-adds-member", "S03",
               "The migration is refused with the right code, but a new member account was "
               "already added to the organization (a partial change)."),
        _fault("invitation-converts-individual",
               "S01 S02 S03 S04 S05 S06 S07 S08 S09 S10 S11 S12",
               "Accepting an invitation converts the identity's individual account into the "
               "organization account instead of creating a new one; the email then holds "
               "one account, so separation, the account list, switching and deletion break "
               "too."),
        _fault("invitation-copies-individual-data", "S03 S04 S05",
               "Accepting an invitation copies the individual account's conversations and "
               "projects into the new organization account (the merge scenarios, which "
               "create data before joining, see it too)."),
        # -- S04, S05: no merge ------------------------------------------------------------
        _fault("merge-accepted", "S04 S05",
               "A merge request is accepted (200): the source individual account's "
               "conversations and projects move into the target account and the source "
               "individual account is removed."),
        _fault("merge-accepted-same-email", "S04 S05",
               "A merge is accepted when both accounts are on the same email address; "
               "refused (correctly) otherwise."),
        _fault("merge-refused-wrong-code", "S04 S05",
               "A merge is refused, but as 422 invalid_request without the account kinds."),
        _fault("merge-refusal-moves-items", "S04 S05",
               "A merge is refused with the right code, but the source's conversations and "
               "projects were already moved into the target (a partial change)."),
        _fault("merge-org-to-individual-accepted", "S05",
               "A merge of an organization account into an individual account is accepted; "
               "the other direction is refused correctly."),
        _fault("merge-free-accepted", "S05",
               "A merge that involves a Free individual account is accepted; Pro and Max "
               "are refused correctly."),
        _fault("merge-kinds-swapped", "S05",
               "The merge refusal names the account kinds in the wrong order (target "
               "first)."),
        # -- S06: both accounts in the list ------------------------------------------------
        _fault("account-list-only-current",
               "S01 S02 S03 S04 S05 S06 S07 S08 S09 S10 S11 S12",
               "The account list shows only the session's current account; the other "
               "account cannot be found, so everything that chooses it breaks too."),
        # -- S07, S10: switching -----------------------------------------------------------
        _fault("switch-to-individual-refused", "S01 S04 S05 S07 S09 S10 S11 S12",
               "Switching from an organization account to the individual account is "
               "refused (403 insufficient_role); every check that goes back to the "
               "individual account breaks too."),
        _fault("switch-answer-marks-previous-account", "S07 S10",
               "The switch is saved, but its answer still marks the previous account as "
               "current."),
        _fault("switch-not-persisted", "S01 S03 S04 S05 S07 S09 S10 S11 S12",
               "Switching answers success with the chosen account marked, but the session's "
               "current account does not change; every check that switches breaks too."),
        _fault("switch-to-foreign-account-allowed", "S07 S10",
               "Switching to another person's account is allowed when its id is known."),
        # -- S08: name and initials --------------------------------------------------------
        _fault("initials-lowercase", "S08",
               "The signed-in identity's initials are not upper-cased."),
        _fault("initials-from-email", "S08",
               "The signed-in identity's initials are taken from the email's local part, "
               "not from the name."),
        _fault("initials-first-two-words", "S08",
               "The initials use the first two words of the name instead of the first and "
               "the last."),
        # -- S09: exactly one current ------------------------------------------------------
        _fault("two-accounts-marked-current", "S07 S09 S10",
               "The account list marks the identity's oldest account as current as well as "
               "the session's current account."),
        _fault("concurrent-switches-mark-two-current", "S09",
               "The current-account marker is kept per account and written in two steps "
               "(clear every marker, then, after a slow write, mark the chosen account); "
               "concurrent switches on one session leave two accounts marked current."),
        # -- S12: cancel and delete the individual account ---------------------------------
        _fault("delete-with-active-subscription", "S12",
               "The individual account can be deleted while its paid subscription is still "
               "active."),
        _fault("delete-removes-org-accounts", "S12",
               "Deleting the individual account also removes the identity's organization "
               "accounts (their memberships)."),
        _fault("delete-keeps-sessions", "S12",
               "Sessions whose current account was the deleted individual account keep "
               "working."),
        _fault("resignup-restores-items", "S12",
               "Deleting the individual account keeps its conversations and projects; "
               "signing up again brings them back into the new account."),
        # -- S13: SSO and domain verification ----------------------------------------------
        _fault("domain-token-same-for-all-organizations", "S13",
               "The TXT token depends only on the domain: every organization adding the "
               "domain gets the same token."),
        _fault("verify-first-txt-value-only", "S13",
               "Verification only looks at the first TXT value of the record name."),
        _fault("verify-without-record", "S13",
               "Verification succeeds when no TXT record is published at all."),
        _fault("domain-claimed-twice", "S13",
               "A domain another organization has verified can be verified again."),
        _fault("sso-accepts-tampered-assertion", "S13",
               "SSO sign-in does not check the assertion's signature."),
        _fault("sso-ignores-assertion-organization", "S13",
               "SSO sign-in accepts an assertion issued for another organization."),
        _fault("concurrent-domain-verification-both-win", "S13",
               "Verification checks that no other organization holds the domain before a "
               "slow TXT lookup and does not check again before saving: two organizations "
               "verifying one domain at the same moment both get it verified."),
        _fault("domain-add-takes-status-from-body", "S13",
               "Adding a domain takes its status from a field sent along in the request "
               "body: a domain sent as verified is verified without proof."),
        # -- S14: Enterprise only ----------------------------------------------------------
        _fault("team-gets-sso", "S14",
               "The plan check for SSO is missing: a Team organization can configure it."),
        _fault("team-gets-domain-verification", "S14",
               "The plan check for domains is missing: a Team organization can add and "
               "verify domains."),
        # -- S15, S19: restriction to members ----------------------------------------------
        _fault("restriction-not-enforced", "S15",
               "A restricted individual account is listed as restricted, but it can still be "
               "switched to and used."),
        _fault("restriction-deletes-individual-data", "S15",
               "Turning the restriction on deletes the conversations and projects of the "
               "individual accounts at the domain."),
        _fault("restriction-sticks-after-lift", "S15",
               "Turning the restriction off answers that it is off, but the change is not "
               "saved: the individual accounts stay restricted."),
        _fault("restriction-covers-subdomains", "S15",
               "The restriction also covers individual accounts at subdomains of the "
               "domain."),
        _fault("restriction-hits-members", "S15 S19",
               "The restriction also restricts the organization accounts of identities at "
               "the domain, members included."),
        _fault("invitation-refused-while-restricted", "S19",
               "Accepting an invitation is refused (403 domain_restricted) for an identity "
               "whose email domain is restricted to members."),
        _fault("sso-refused-while-restricted", "S15 S19",
               "SSO sign-in is refused (403 domain_restricted) while the identity's domain "
               "is restricted to members."),
        # -- S16: only verified domains ----------------------------------------------------
        _fault("restriction-on-failed-domain", "S16",
               "Only pending domains are refused settings changes: a domain whose proof "
               "failed can be restricted or blocked."),
        _fault("signup-block-on-unverified-domain", "S16",
               "The sign-up block can be turned on for a domain that is not verified."),
        # -- S17: sign-up block ------------------------------------------------------------
        _fault("signup-block-case-sensitive", "S17",
               "The sign-up block compares the email's domain as written (case-sensitive)."),
        _fault("signup-block-covers-subdomains", "S17",
               "The sign-up block also refuses addresses at subdomains of the domain."),
        _fault("signup-block-sticks-after-lift", "S17",
               "Turning the sign-up block off answers that it is off, but the change is not "
               "saved: sign-ups stay blocked."),
        _fault("signup-block-hits-existing-accounts", "S17",
               "The sign-up block also restricts the existing individual accounts at the "
               "domain."),
        _fault("signup-block-folds-lookalike-domains", "S17",
               "The sign-up block folds look-alike letters (an internationalised domain "
               "with a Cyrillic a is taken for the Latin one), so another domain that looks "
               "like the blocked one is refused too."),
        # -- S18: owners only --------------------------------------------------------------
        _fault("admin-may-change-domain-settings", "S18",
               "Admins may add and verify domains and change their settings."),
        _fault("member-may-change-domain-settings", "S18",
               "Any member may add and verify domains and change their settings."),
        _fault("admin-may-configure-sso", "S18",
               "Admins may configure SSO."),
        _fault("outsider-gets-role-error", "S18",
               "Someone outside an existing organization who tries to change its domains is "
               "refused with insufficient_role instead of not_found, revealing that it "
               "exists."),
        _fault("invitation-accept-takes-role-from-body", "S18",
               "Accepting an invitation takes the role from a field sent along in the "
               "request body instead of the invited role."),
        _fault("admin-may-change-member-roles", "S18",
               "Admins may change members' roles and remove members."),
        _fault("primary-owner-demotable", "S18",
               "The primary owner's role can be changed: the organization is left without "
               "a primary owner."),
        _fault("primary-owner-removable", "S18",
               "The primary owner can be removed from the organization."),
        _fault("ownership-transfer-keeps-old-primary", "S18",
               "An ownership transfer makes the new primary owner but leaves the old one "
               "primary owner too: two primary owners."),
    )
}


def registry() -> dict[str, list[dict[str, Any]]]:
    """Every known fault, in registry order: ``{"faults": [{name, statements, description}]}``."""
    return {"faults": [fault.as_dict() for fault in FAULTS.values()]}


class UnknownFaultError(ValueError):
    """A fault name that is not in the registry."""


class FaultSet:
    """The set of faults enabled for one running service."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        enabled = frozenset(names)
        unknown = sorted(enabled - FAULTS.keys())
        if unknown:
            raise UnknownFaultError(
                f"unknown fault(s): {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}")
        self.enabled: frozenset[str] = enabled

    def on(self, name: str) -> bool:
        """Whether the fault ``name`` is enabled (a typo in the code is a bug: it raises)."""
        if name not in FAULTS:
            raise KeyError(f"fault {name!r} is not registered")
        return name in self.enabled

    def __repr__(self) -> str:
        return f"FaultSet({sorted(self.enabled)!r})"
