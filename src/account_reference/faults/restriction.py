"""Faults against restriction to members (S15, S19), only verified domains (S16) and the
sign-up block (S17)."""

from __future__ import annotations

from collections.abc import Callable

from ..accounts import Account
from ..store import Row, Store
from ..store import domains as stored_domains
from ..store import items as stored_items
from .fault import fault

# signup-block-folds-lookalike-domains: Cyrillic letters that look like Latin ones
_LOOKALIKES = str.maketrans("аесорху", "aecopxy")


def restriction_ignored(account: Account) -> bool:
    """A restricted account can still be used."""
    return True


def delete_individual_data_at(store: Store, domain: str) -> None:
    """Delete the items of the individual accounts at the domain."""
    stored_items.delete_of_individual_accounts_at(store, domain)


def lifting_not_saved(setting: str) -> Callable[[dict[str, int]], dict[str, int]]:
    """A ``saved_settings`` rule that answers ``setting`` off but never saves that."""
    def saved(changes: dict[str, int]) -> dict[str, int]:
        return {key: value for key, value in changes.items()
                if not (key == setting and value == 0)}

    saved.__doc__ = f"Turning {setting} off is answered, but not saved."
    return saved


def restricts_subdomains_too(domain: Row, account_kind: str, email_domain: str) -> bool:
    """The restriction also covers individual accounts at subdomains."""
    at_domain = (email_domain == domain["domain"]
                 or email_domain.endswith("." + domain["domain"]))
    return account_kind == "individual" and at_domain and bool(domain["restrict_to_members"])


def restricts_members_too(domain: Row, account_kind: str, email_domain: str) -> bool:
    """The restriction covers organization accounts too."""
    return email_domain == domain["domain"] and bool(domain["restrict_to_members"])


def signup_block_restricts(domain: Row, account_kind: str, email_domain: str) -> bool:
    """The sign-up block restricts existing individual accounts as well."""
    return (account_kind == "individual" and email_domain == domain["domain"]
            and bool(domain["restrict_to_members"] or domain["block_individual_signups"]))


def join_refused_when_restricted(store: Store, email_domain: str) -> bool:
    """Joining is refused while the email's domain restricts to members."""
    return stored_domains.setting_on(store, email_domain, "restrict_to_members")


def sso_refused_when_restricted(store: Store, identity_id: str) -> bool:
    """SSO sign-in is refused while the identity's domain restricts to members."""
    return stored_domains.restricts_identity(store, identity_id)


def failed_domain_changeable(status: str, changes: dict[str, int]) -> bool:
    """Settings of a verified or a failed domain can be changed."""
    return status in ("verified", "failed")


def block_on_unverified(status: str, changes: dict[str, int]) -> bool:
    """The sign-up block alone can be changed on a domain that is not verified."""
    return status == "verified" or set(changes) == {"block_individual_signups"}


def domain_as_written(email: str, email_domain: str) -> list[str]:
    """The email's domain as written (case-sensitive)."""
    return [email.rpartition("@")[2]]


def domain_and_parents(email: str, email_domain: str) -> list[str]:
    """The email's domain and every parent domain of it."""
    labels = email_domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def folded(domain: str) -> str:
    """The domain with internationalised labels decoded and look-alike letters folded."""
    labels = []
    for label in domain.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        labels.append(label.translate(_LOOKALIKES))
    return ".".join(labels)


def domain_and_lookalike(email: str, email_domain: str) -> list[str]:
    """The email's domain and its folded look-alike."""
    return [email_domain, folded(email_domain)]


FAULTS = (
    # -- S15, S19: restriction to members --------------------------------------------------
    fault("restriction-not-enforced", "S15",
          "A restricted individual account is listed as restricted, but it can still be "
          "switched to and used.",
          may_use=restriction_ignored),
    fault("restriction-deletes-individual-data", "S15",
          "Turning the restriction on deletes the conversations and projects of the "
          "individual accounts at the domain.",
          restriction_switched_on=delete_individual_data_at),
    fault("restriction-sticks-after-lift", "S15",
          "Turning the restriction off answers that it is off, but the change is not "
          "saved: the individual accounts stay restricted.",
          saved_settings=lifting_not_saved("restrict_to_members")),
    fault("restriction-covers-subdomains", "S15",
          "The restriction also covers individual accounts at subdomains of the "
          "domain.",
          restricts=restricts_subdomains_too),
    fault("restriction-hits-members", "S15 S19",
          "The restriction also restricts the organization accounts of identities at "
          "the domain, members included.",
          restricts=restricts_members_too),
    fault("invitation-refused-while-restricted", "S19",
          "Accepting an invitation is refused (403 domain_restricted) for an identity "
          "whose email domain is restricted to members.",
          join_refused_at=join_refused_when_restricted),
    fault("sso-refused-while-restricted", "S15 S19",
          "SSO sign-in is refused (403 domain_restricted) while the identity's domain "
          "is restricted to members.",
          sso_refused_for=sso_refused_when_restricted),
    # -- S16: only verified domains --------------------------------------------------------
    fault("restriction-on-failed-domain", "S16",
          "Only pending domains are refused settings changes: a domain whose proof "
          "failed can be restricted or blocked.",
          settings_allowed=failed_domain_changeable),
    fault("signup-block-on-unverified-domain", "S16",
          "The sign-up block can be turned on for a domain that is not verified.",
          settings_allowed=block_on_unverified),
    # -- S17: sign-up block ----------------------------------------------------------------
    fault("signup-block-case-sensitive", "S17",
          "The sign-up block compares the email's domain as written (case-sensitive).",
          signup_blocking_domains=domain_as_written),
    fault("signup-block-covers-subdomains", "S17",
          "The sign-up block also refuses addresses at subdomains of the domain.",
          signup_blocking_domains=domain_and_parents),
    fault("signup-block-sticks-after-lift", "S17",
          "Turning the sign-up block off answers that it is off, but the change is not "
          "saved: sign-ups stay blocked.",
          saved_settings=lifting_not_saved("block_individual_signups")),
    fault("signup-block-hits-existing-accounts", "S17",
          "The sign-up block also restricts the existing individual accounts at the "
          "domain.",
          restricts=signup_block_restricts),
    fault("signup-block-folds-lookalike-domains", "S17",
          "The sign-up block folds look-alike letters (an internationalised domain "
          "with a Cyrillic a is taken for the Latin one), so another domain that looks "
          "like the blocked one is refused too.",
          signup_blocking_domains=domain_and_lookalike),
)
