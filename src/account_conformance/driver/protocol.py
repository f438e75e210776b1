"""The driver interface: everything the steps may ask of an account service.

``AccountServiceDriver`` is a ``typing.Protocol``. The bundled ``HttpAccountServiceDriver``
implements it for the contract in ``contract/openapi.yaml``; a vendor whose API is shaped
differently implements the same methods over their own API and the steps run unchanged.

Rules every implementation keeps:

* Return the domain types of ``models``; never raw responses.
* A refusal by the service raises ``ServiceRefusal`` with the contract's error ``code``
  (``not_found``, ``account_merge_unsupported``, ...), whatever the vendor's own wire format.
* An answer that breaks the contract raises ``ContractViolation``.
* A suite-side problem raises a ``SuiteError`` (``ServiceUnreachable``, ``ServiceTimeout``,
  ``TestSupportMissing``) — never a refusal, so reports can tell them apart.
* Operations marked *test-support* set up state that a production service does not offer.
* Steps may call one driver from several threads at once (the race scenarios send 20
  switches with one session at the same moment): every method must be safe to call
  concurrently, also with the same ``Session``. The HTTP driver shares one connection pool
  (thread-safe) and records evidence under a lock.

Optional methods (the security scenarios use them; a vendor driver may leave them out by
raising ``NotImplementedError``, and those scenarios then end in a suite error that names
the method, never in a verdict about the service):

* ``probe_operation`` — send one contract operation with a given token (or none) and report
  the status and problem code, so the authentication checks can cover every operation the
  contract lists without a hand-kept list;
* ``with_extra_fields`` — a view of the driver that sends extra fields in every request
  body, for the mass-assignment checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from .errors import Evidence
from .models import (
    Account,
    Domain,
    Invitation,
    Item,
    Me,
    Member,
    Organization,
    ServiceInfo,
    Session,
    SsoConfig,
)

ITEM_KINDS = ("conversation", "project")


@runtime_checkable
class AccountServiceDriver(Protocol):
    """What the steps need from an account service (see module docstring)."""

    base_url: str

    # -- meta and evidence -------------------------------------------------------------
    def service_info(self) -> ServiceInfo:
        """The service's name, contract version and whether test-support is on."""
        ...

    def request_count(self) -> int:
        """How many requests this driver has sent so far."""
        ...

    def take_evidence(self) -> list[Evidence]:
        """The redacted exchanges since the last call (for failure reports)."""
        ...

    def redact(self, text: str) -> str:
        """Mask every secret this driver knows of in ``text``."""
        ...

    # -- sessions and accounts -------------------------------------------------------
    def start_session(self, email: str, name: str) -> Session:
        """Test-support: sign in as ``email`` (the identity is created if new)."""
        ...

    def whoami(self, session: Session) -> Me:
        """The session's identity and current account id."""
        ...

    def list_accounts(self, session: Session) -> list[Account]:
        """The identity's accounts, exactly one marked current (when it has any)."""
        ...

    def get_account(self, session: Session, account_id: str) -> Account:
        """One of the identity's own accounts."""
        ...

    def switch_account(self, session: Session, account_id: str) -> list[Account]:
        """Make ``account_id`` the session's current account; returns the account list."""
        ...

    def sign_up_individual(self, session: Session) -> Account:
        """Create the identity's individual account (plan free)."""
        ...

    def set_individual_plan(self, email: str, plan: str) -> Account:
        """Test-support: set the individual plan without billing."""
        ...

    def cancel_individual_subscription(self, session: Session) -> Account:
        """Cancel the individual account's paid subscription."""
        ...

    def delete_individual_account(self, session: Session) -> None:
        """Delete the identity's individual account."""
        ...

    def request_migration(self, session: Session, account_id: str,
                          organization_id: str) -> None:
        """Ask to move an account into an organization (the contract always refuses)."""
        ...

    def request_merge(self, session: Session, account_id: str, target_account_id: str,
                      target_session: Session | None = None) -> None:
        """Ask to merge two accounts (the contract always refuses)."""
        ...

    # -- conversations and projects (act on the current account) ----------------------
    def create_item(self, session: Session, kind: str, label: str) -> Item:
        """Create a conversation or project in the current account."""
        ...

    def list_items(self, session: Session, kind: str) -> list[Item]:
        """The current account's conversations or projects."""
        ...

    def get_item(self, session: Session, kind: str, item_id: str) -> Item:
        """One conversation or project of the current account."""
        ...

    def delete_item(self, session: Session, kind: str, item_id: str) -> None:
        """Delete a conversation or project of the current account."""
        ...

    # -- organizations -----------------------------------------------------------------
    def create_organization(self, session: Session, name: str,
                            plan: str) -> tuple[Organization, Account]:
        """Create an organization; the caller gets a new primary-owner account."""
        ...

    def get_organization(self, session: Session, organization_id: str) -> Organization:
        """An organization the caller is a member of."""
        ...

    def list_members(self, session: Session, organization_id: str) -> list[Member]:
        """The organization's member list."""
        ...

    def invite(self, session: Session, organization_id: str, email: str,
               role: str) -> Invitation:
        """Invite an email to the organization with a role."""
        ...

    def list_my_invitations(self, session: Session) -> list[Invitation]:
        """Pending invitations for the session's email."""
        ...

    def accept_invitation(self, session: Session, invitation_id: str) -> Account:
        """Accept an invitation: a new organization account."""
        ...

    def change_member_role(self, session: Session, organization_id: str, account_id: str,
                           role: str) -> Member:
        """Give a member another role (owner, admin or member)."""
        ...

    def remove_member(self, session: Session, organization_id: str, account_id: str) -> None:
        """Remove a member's organization account from the organization."""
        ...

    def transfer_ownership(self, session: Session, organization_id: str,
                           account_id: str) -> list[Member]:
        """Make another member the primary owner; returns the member list afterwards."""
        ...

    # -- enterprise: SSO and domains ----------------------------------------------------
    def get_sso(self, session: Session, organization_id: str) -> SsoConfig:
        """The organization's SSO configuration."""
        ...

    def configure_sso(self, session: Session, organization_id: str, idp_entity_id: str,
                      enabled: bool) -> SsoConfig:
        """Change the organization's SSO configuration."""
        ...

    def add_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """Claim a domain for the organization (pending until verified)."""
        ...

    def list_domains(self, session: Session, organization_id: str) -> list[Domain]:
        """The organization's domains."""
        ...

    def get_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """One of the organization's domains."""
        ...

    def verify_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """Ask the service to check the domain's TXT record now."""
        ...

    def update_domain_settings(self, session: Session, organization_id: str, domain: str,
                               restrict_to_members: bool | None = None,
                               block_individual_signups: bool | None = None) -> Domain:
        """Turn the restriction or the sign-up block on or off."""
        ...

    def sso_sign_in(self, organization_id: str, assertion: str) -> tuple[Session, Account]:
        """Sign in through the organization's SSO with an identity-provider assertion."""
        ...

    # -- test-support: resolver, identity provider, cleanup ---------------------------
    def publish_txt(self, name: str, values: Sequence[str]) -> None:
        """Test-support: set the TXT records the service's resolver returns for ``name``."""
        ...

    def issue_assertion(self, organization_id: str, email: str) -> str:
        """Test-support: a stub identity provider's signed assertion."""
        ...

    def tamper_assertion(self, assertion: str) -> str:
        """The same assertion with its signature altered (must be refused)."""
        ...

    def register_public_email_domain(self, domain: str) -> None:
        """Test-support: treat ``domain`` as a public email provider."""
        ...

    def remove_run_data(self, prefix: str) -> dict[str, int]:
        """Test-support: remove everything under the run prefix; counts per kind."""
        ...

    # -- optional: security probes (may raise NotImplementedError, see module docstring) --
    def probe_operation(self, operation_id: str, token: str | None, *,
                        path_values: Mapping[str, str] | None = None,
                        body: Mapping[str, Any] | None = None,
                        scheme: str = "Bearer") -> tuple[int, str | None]:
        """Send the contract operation ``operation_id`` with ``token`` as the bearer token
        (``None``: no ``Authorization`` header), the path parameters ``path_values`` and the
        request ``body`` (contract names; defaults: placeholders and a minimal body), the
        token under the authorization ``scheme`` (another one than ``Bearer`` is a probe); return
        the HTTP status and the problem's contract ``code`` (None when the answer has none).
        Never raises ``ServiceRefusal``; suite-side problems raise ``SuiteError``.
        """
        ...

    def with_extra_fields(self, fields: Mapping[str, Any]) -> AccountServiceDriver:
        """A view of this driver that also sends ``fields`` in the body of every request
        that has one (the driver's own fields win; test-support requests are left alone).
        It shares sessions, connections and evidence with this driver."""
        ...


@runtime_checkable
class BrowserSignIn(Protocol):
    """Optional, beside ``AccountServiceDriver``: what the screen scenarios (``--browser``)
    need to sign a browser in. A driver without it still runs every other scenario; the
    screen scenarios then end in *error* unless the locator file builds the sign-in URL
    from ``{session_token}``."""

    def sign_in_link(self, session: Session) -> str:
        """Test-support: a one-time link that signs a browser in as ``session`` (absolute, or
        a path relative to the base URL)."""
        ...
