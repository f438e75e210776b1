"""Faults against SSO and domain verification (S13) and Enterprise only (S14)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

from .. import rules
from ..rules import Sent
from ..signing import Signer, b64url_decode
from ..store import Store
from .fault import fault

SLOW_LOOKUP_S = 0.05
"""concurrent-domain-verification-both-win: how long the slow TXT lookup takes."""


def token_per_domain_only(signer: Signer, organization_id: str, domain: str) -> str:
    """The same token for every organization."""
    return signer.domain_token("", domain)


def first_value_only(token: str, txt_values: list[str]) -> bool:
    """Only the first TXT value counts."""
    return token in txt_values[:1]


def no_record_proves_too(token: str, txt_values: list[str]) -> bool:
    """No TXT record at all counts as proof too."""
    return not txt_values or token in txt_values


def never_claimed(store: Store, domain: str, organization_id: str) -> bool:
    """No claim of another organization is ever seen."""
    return False


async def slow_lookup_no_recheck() -> bool:
    """A slow TXT lookup, and the claim is not checked again before saving."""
    await asyncio.sleep(SLOW_LOOKUP_S)
    return False


def status_from_body(sent: Sent) -> str:
    """The status a field of the body names, else pending."""
    status = sent.get("status")
    return status if status in ("pending", "verified", "failed") else "pending"


def unchecked_payload(signer: Signer, assertion: str) -> dict[str, Any] | None:
    """The assertion's payload, its signature never checked."""
    try:
        payload = json.loads(b64url_decode(assertion.partition(".")[0]))
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def for_any_organization(payload: Mapping[str, Any], organization_id: str) -> bool:
    """An assertion counts for every organization."""
    return True


def team_has_sso(plan: str, feature: str) -> bool:
    """Every plan has SSO."""
    return feature == "sso" or rules.plan_allows(plan, feature)


def team_has_domains(plan: str, feature: str) -> bool:
    """Every plan has domain verification."""
    return feature == "domain_verification" or rules.plan_allows(plan, feature)


FAULTS = (
    # -- S13: SSO and domain verification --------------------------------------------------
    fault("domain-token-same-for-all-organizations", "S13",
          "The TXT token depends only on the domain: every organization adding the "
          "domain gets the same token.",
          domain_token=token_per_domain_only),
    fault("verify-first-txt-value-only", "S13",
          "Verification only looks at the first TXT value of the record name.",
          proves_control=first_value_only),
    fault("verify-without-record", "S13",
          "Verification succeeds when no TXT record is published at all.",
          proves_control=no_record_proves_too),
    fault("domain-claimed-twice", "S13",
          "A domain another organization has verified can be verified again.",
          claimed_by_another=never_claimed),
    fault("sso-accepts-tampered-assertion", "S13",
          "SSO sign-in does not check the assertion's signature.",
          assertion_payload=unchecked_payload),
    fault("sso-ignores-assertion-organization", "S13",
          "SSO sign-in accepts an assertion issued for another organization.",
          assertion_is_for=for_any_organization),
    fault("concurrent-domain-verification-both-win", "S13",
          "Verification checks that no other organization holds the domain before a "
          "slow TXT lookup and does not check again before saving: two organizations "
          "verifying one domain at the same moment both get it verified.",
          recheck_claim_on_save=slow_lookup_no_recheck),
    fault("domain-add-takes-status-from-body", "S13",
          "Adding a domain takes its status from a field sent along in the request "
          "body: a domain sent as verified is verified without proof.",
          added_domain_status=status_from_body),
    # -- S14: Enterprise only --------------------------------------------------------------
    fault("team-gets-sso", "S14",
          "The plan check for SSO is missing: a Team organization can configure it.",
          plan_allows=team_has_sso),
    fault("team-gets-domain-verification", "S14",
          "The plan check for domains is missing: a Team organization can add and "
          "verify domains.",
          plan_allows=team_has_domains),
)
