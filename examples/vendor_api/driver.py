"""``VendorApiDriver``: the suite's driver protocol over a differently shaped vendor API.

The vendor API (``adapter_app`` stands in for it) lives under ``/api/v2``: ``workspaces`` for
organizations, ``profiles/me`` for the signed-in identity, ``chats`` for conversations,
``testing`` for test-support; camelCase fields (``accountType``, ``tier``, ``orgId``, ...);
``personal``/``workspace`` accounts and upper-case roles; errors
``{"errorCode", "message", "httpStatus"}`` with the vendor's own codes.

This is an independent implementation of ``AccountServiceDriver`` (it does not use the
bundled HTTP driver): its own URLs, request bodies and parsing; it returns the suite's domain
models, maps every vendor ``errorCode`` onto the contract's code in a ``ServiceRefusal`` and
reports an answer it cannot read as a ``ContractViolation``. Only the sending is shared: every
request goes through the suite's ``Transport`` (``self.transport``, from ``RecordingDriver``),
which applies the timeouts, records every exchange, redacted, as evidence, and turns a
connection problem into ``ServiceUnreachable``/``ServiceTimeout``.

Use it with ``account-conformance run --base-url URL
--driver examples.vendor_api.driver:VendorApiDriver``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from account_conformance.driver import DriverSettings, RecordingDriver, Reply
from account_conformance.driver.errors import (
    ContractViolation,
    Evidence,
    ServiceRefusal,
    TestSupportMissing,
)
from account_conformance.driver.models import (
    Account,
    Domain,
    DomainVerification,
    Identity,
    Invitation,
    Item,
    Me,
    Member,
    Organization,
    OrganizationRef,
    ServiceInfo,
    Session,
    SsoConfig,
)

Json = dict[str, Any]
T = TypeVar("T")
PREFIX = "/api/v2"
TESTING_KEY_HEADER = "X-Testing-Key"

# the vendor's errorCode -> the contract's code
CONTRACT_CODES = {
    "VALIDATION_FAILED": "invalid_request", "AUTH_REQUIRED": "unauthenticated",
    "SSO_ASSERTION_REJECTED": "sso_assertion_invalid", "ROLE_NOT_PERMITTED": "insufficient_role",
    "TIER_LACKS_FEATURE": "plan_feature_unavailable", "DOMAIN_LOCKED": "domain_restricted",
    "NOT_IN_WORKSPACE": "not_a_member", "RESOURCE_NOT_FOUND": "not_found",
    "ACCOUNT_ALREADY_EXISTS": "account_exists", "INVITE_ALREADY_USED": "invitation_not_pending",
    "NO_ACTIVE_ACCOUNT": "no_current_account", "DOMAIN_ALREADY_ADDED": "domain_exists",
    "DOMAIN_UNVERIFIED": "domain_not_verified", "DOMAIN_OWNED_ELSEWHERE": "domain_already_claimed",
    "SSO_DISABLED": "sso_not_configured", "SUBSCRIPTION_STILL_ACTIVE": "subscription_active",
    "OWNER_ROLE_LOCKED": "primary_owner_protected",
    "TRANSFER_NOT_SUPPORTED": "account_migration_unsupported",
    "MERGE_NOT_SUPPORTED": "account_merge_unsupported", "PUBLIC_EMAIL_DOMAIN": "domain_public",
    "METHOD_NOT_ALLOWED": "method_not_allowed", "BODY_TOO_LARGE": "payload_too_large",
    "CONTENT_TYPE_NOT_JSON": "unsupported_media_type",
}
# the vendor's accountType -> the contract's kind; the vendor's role -> the contract's role
KINDS = {"personal": "individual", "workspace": "organization"}
ROLES = {"PRIMARY_OWNER": "primary_owner", "OWNER": "owner", "ADMIN": "admin",
         "MEMBER": "member"}
_VENDOR_ROLES = {contract: vendor for vendor, contract in ROLES.items()}
# per item kind: the vendor collection and the field that holds the label
ITEMS = {"conversation": ("/chats", "subject"), "project": ("/projects", "name")}
# secrets the vendor puts in bodies: registered for redaction before anything is recorded
_SECRET_FIELDS = ("accessToken", "targetAccessToken", "assertion")
# test-support operations for which RESOURCE_NOT_FOUND is a real answer, not "not offered"
_MAY_NOT_FIND = frozenset({"/testing/personal-tier"})
# the contract's field names the vendor spells differently (others: camelCase)
_VENDOR_FIELDS = {"kind": "accountType", "plan": "tier", "organization_id": "orgId"}
# probe_operation: the contract's operation id -> the vendor's method and path; path
# parameters keep the contract's names and get placeholder values
PROBE_ROUTES = {
    "get_meta": ("GET", "/about"),
    "get_me": ("GET", "/profiles/me"),
    "list_my_accounts": ("GET", "/profiles/me/accounts"),
    "switch_current_account": ("POST", "/profiles/me/active-account"),
    "get_account": ("GET", "/accounts/{account_id}"),
    "sign_up_individual": ("POST", "/profiles/me/personal-account"),
    "delete_individual_account": ("DELETE", "/profiles/me/personal-account"),
    "cancel_individual_subscription": ("POST", "/profiles/me/personal-account/cancel"),
    "request_migration": ("POST", "/accounts/{account_id}/transfers"),
    "request_merge": ("POST", "/accounts/{account_id}/merges"),
    "create_conversation": ("POST", "/chats"),
    "list_conversations": ("GET", "/chats"),
    "get_conversation": ("GET", "/chats/{id}"),
    "delete_conversation": ("DELETE", "/chats/{id}"),
    "create_project": ("POST", "/projects"),
    "list_projects": ("GET", "/projects"),
    "get_project": ("GET", "/projects/{id}"),
    "delete_project": ("DELETE", "/projects/{id}"),
    "create_organization": ("POST", "/workspaces"),
    "get_organization": ("GET", "/workspaces/{org_id}"),
    "list_members": ("GET", "/workspaces/{org_id}/members"),
    "change_member_role": ("PATCH", "/workspaces/{org_id}/members/{account_id}"),
    "remove_member": ("DELETE", "/workspaces/{org_id}/members/{account_id}"),
    "transfer_ownership": ("POST", "/workspaces/{org_id}/owner-handover"),
    "create_invitation": ("POST", "/workspaces/{org_id}/invites"),
    "list_my_invitations": ("GET", "/profiles/me/invites"),
    "accept_invitation": ("POST", "/invites/{invitation_id}/accept"),
    "get_sso": ("GET", "/workspaces/{org_id}/sso-settings"),
    "configure_sso": ("PUT", "/workspaces/{org_id}/sso-settings"),
    "add_domain": ("POST", "/workspaces/{org_id}/domains"),
    "list_domains": ("GET", "/workspaces/{org_id}/domains"),
    "get_domain": ("GET", "/workspaces/{org_id}/domains/{domain}"),
    "update_domain_settings": ("PATCH", "/workspaces/{org_id}/domains/{domain}"),
    "verify_domain": ("POST", "/workspaces/{org_id}/domains/{domain}/checks"),
    "sso_sign_in": ("POST", "/workspaces/{org_id}/sso/login"),
}


class VendorApiDriver(RecordingDriver):
    """``AccountServiceDriver`` for the vendor's ``/api/v2`` API.

    It reuses only the suite's plumbing (``RecordingDriver``: the ``Transport`` that sends,
    times, records and maps transport failures) and its domain models and errors; every
    request and every answer is its own.
    """

    answer_secret_fields = _SECRET_FIELDS  # registered before an exchange is recorded

    def __init__(self, settings: DriverSettings) -> None:
        super().__init__(settings)
        self._extra: Json = {}

    def _call(self, method: str, path: str, parse: Callable[[Json], T] | None = None, *,
              session: Session | None = None, body: Json | None = None,
              expect: Sequence[int] = (200,), testing: bool = False) -> T | None:
        """Send one request; return ``parse(answer)`` or raise the outcome it stands for."""
        headers: dict[str, str] = {}
        if self._extra and body is not None and not testing:
            body = {**self._extra, **body}
        if session is not None:
            headers["Authorization"] = f"Bearer {session.token}"
        if testing and self.settings.test_support_key:
            headers[TESTING_KEY_HEADER] = self.settings.test_support_key
        reply = self.transport.send(method, PREFIX + path, headers=headers, json=body)
        data = _json_or_none(reply)
        evidence = reply.evidence
        status = reply.status
        operation = f"{method} {PREFIX}{_template(path)}"  # failure messages name no ids
        if status in expect:
            if parse is None:
                return None
            if not isinstance(data, dict):
                raise ContractViolation("a JSON object expected", evidence,
                                        operation=operation)
            try:
                return parse(data)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ContractViolation(f"an unreadable answer ({exc.__class__.__name__}: "
                                        f"{exc})", evidence, operation=operation) from exc
        error = data if isinstance(data, dict) else {}
        vendor_code = error.get("errorCode")
        if testing and (status in (405, 501) or (status == 404 and not (
                vendor_code == "RESOURCE_NOT_FOUND" and path in _MAY_NOT_FIND))):
            raise TestSupportMissing(f"test-support operation {method} {PREFIX}{path} is not "
                                     f"offered by {self.base_url} (status {status})")
        if 400 <= status < 500:
            raise self._refusal(status, error, evidence, operation)
        raise ContractViolation(f"the status {status}, not {' or '.join(map(str, expect))}",
                                evidence, operation=operation)

    @staticmethod
    def _refusal(status: int, error: Json, evidence: Evidence,
                 operation: str | None = None) -> AssertionError:
        """A vendor error as the contract's ``ServiceRefusal`` (or a violation)."""
        vendor_code = error.get("errorCode")
        if not isinstance(vendor_code, str):
            return ContractViolation(f"a refusal {status} without an errorCode", evidence,
                                     operation=operation)
        code = CONTRACT_CODES.get(vendor_code)
        if code is None:
            return ContractViolation(f"a refusal {status} with an unknown errorCode "
                                     f"“{vendor_code}”", evidence, operation=operation)
        detail = str(error.get("message", ""))
        problem: Json = {"code": code, "status": status, "detail": detail,
                         "vendor_error_code": vendor_code}
        if "accountTypes" in error:
            problem["account_kinds"] = [KINDS.get(t, t) for t in error["accountTypes"]]
        return ServiceRefusal(code, status, detail, problem, evidence, operation)

    def _session(self, data: Json, email: str) -> Session:
        ident = _identity(data["identity"]) if data.get("identity") else None
        token = str(data["accessToken"])
        self.name_session(token, email)  # curl lines in the evidence: one variable per person
        return Session(email=email, token=token, identity=ident)

    # -- meta -----------------------------------------------------------------------------
    def service_info(self) -> ServiceInfo:
        """The service's name, contract version and whether test-support is on."""
        return _required(self._call("GET", "/about", lambda d: ServiceInfo(
            contract_version=str(d["contractVersion"]), service=str(d["service"]),
            test_support=bool(d.get("testingEnabled")), raw=d)))

    # -- sessions and accounts ------------------------------------------------------------
    def start_session(self, email: str, name: str) -> Session:
        """Test-support: sign in as ``email`` (the identity is created if new)."""
        return _required(self._call("POST", "/testing/sessions",
                                    lambda d: self._session(d, email),
                                    body={"email": email, "name": name}, expect=(200, 201),
                                    testing=True))

    def whoami(self, session: Session) -> Me:
        """The session's identity and current account id."""
        return _required(self._call("GET", "/profiles/me", lambda d: Me(
            identity=_identity(d["identity"]), current_account_id=d.get("activeAccountId")),
            session=session))

    def list_accounts(self, session: Session) -> list[Account]:
        """The identity's accounts."""
        return _required(self._call("GET", "/profiles/me/accounts", _accounts, session=session))

    def get_account(self, session: Session, account_id: str) -> Account:
        """One of the identity's own accounts."""
        return _required(self._call("GET", f"/accounts/{_seg(account_id)}", _account,
                                    session=session))

    def switch_account(self, session: Session, account_id: str) -> list[Account]:
        """Make ``account_id`` current; returns the account list."""
        return _required(self._call("POST", "/profiles/me/active-account", _accounts,
                                    session=session, body={"accountId": account_id}))

    def sign_up_individual(self, session: Session) -> Account:
        """Create the identity's individual (personal) account."""
        return _required(self._call("POST", "/profiles/me/personal-account", _account,
                                    session=session, body={}, expect=(201,)))

    def set_individual_plan(self, email: str, plan: str) -> Account:
        """Test-support: set the individual plan without billing."""
        return _required(self._call("PUT", "/testing/personal-tier", _account,
                                    body={"email": email, "tier": plan}, testing=True))

    def cancel_individual_subscription(self, session: Session) -> Account:
        """Cancel the individual account's paid subscription."""
        return _required(self._call("POST", "/profiles/me/personal-account/cancel", _account,
                                    session=session, body={}))

    def delete_individual_account(self, session: Session) -> None:
        """Delete the identity's individual account."""
        self._call("DELETE", "/profiles/me/personal-account", session=session, expect=(204,))

    def request_migration(self, session: Session, account_id: str,
                          organization_id: str) -> None:
        """Ask to move an account into an organization (a vendor "transfer")."""
        self._call("POST", f"/accounts/{_seg(account_id)}/transfers", session=session,
                   body={"orgId": organization_id}, expect=(200, 201, 204))

    def request_merge(self, session: Session, account_id: str, target_account_id: str,
                      target_session: Session | None = None) -> None:
        """Ask to merge two accounts."""
        body: Json = {"targetAccountId": target_account_id}
        if target_session is not None:
            body["targetAccessToken"] = target_session.token
        self._call("POST", f"/accounts/{_seg(account_id)}/merges", session=session, body=body,
                   expect=(200, 201, 204))

    # -- conversations and projects -------------------------------------------------------
    def create_item(self, session: Session, kind: str, label: str) -> Item:
        """Create a conversation (vendor: chat) or project in the current account."""
        collection, field = _items(kind)
        return _required(self._call("POST", collection, lambda d: _item(kind, d),
                                    session=session, body={field: label}, expect=(201,)))

    def list_items(self, session: Session, kind: str) -> list[Item]:
        """The current account's conversations or projects."""
        collection, _ = _items(kind)
        return _required(self._call("GET", collection,
                                    lambda d: [_item(kind, entry) for entry in d["data"]],
                                    session=session))

    def get_item(self, session: Session, kind: str, item_id: str) -> Item:
        """One conversation or project of the current account."""
        collection, _ = _items(kind)
        return _required(self._call("GET", f"{collection}/{_seg(item_id)}",
                                    lambda d: _item(kind, d), session=session))

    def delete_item(self, session: Session, kind: str, item_id: str) -> None:
        """Delete a conversation or project of the current account."""
        collection, _ = _items(kind)
        self._call("DELETE", f"{collection}/{_seg(item_id)}", session=session, expect=(204,))

    # -- organizations (vendor: workspaces) -----------------------------------------------
    def create_organization(self, session: Session, name: str,
                            plan: str) -> tuple[Organization, Account]:
        """Create an organization; the caller gets a new primary-owner account."""
        return _required(self._call(
            "POST", "/workspaces",
            lambda d: (_organization(d["workspace"]), _account(d["account"])),
            session=session, body={"name": name, "tier": plan}, expect=(201,)))

    def get_organization(self, session: Session, organization_id: str) -> Organization:
        """An organization the caller is a member of."""
        return _required(self._call("GET", _ws(organization_id), _organization,
                                    session=session))

    def list_members(self, session: Session, organization_id: str) -> list[Member]:
        """The organization's member list."""
        return _required(self._call("GET", _ws(organization_id, "/members"),
                                    lambda d: [_member(entry) for entry in d["members"]],
                                    session=session))

    def invite(self, session: Session, organization_id: str, email: str,
               role: str) -> Invitation:
        """Invite an email to the organization with a role."""
        return _required(self._call(
            "POST", _ws(organization_id, "/invites"), _invitation, session=session,
            body={"email": email, "role": _VENDOR_ROLES.get(role, role)}, expect=(201,)))

    def change_member_role(self, session: Session, organization_id: str, account_id: str,
                           role: str) -> Member:
        """Give a member another role."""
        return _required(self._call(
            "PATCH", _ws(organization_id, f"/members/{_seg(account_id)}"), _member,
            session=session, body={"role": _VENDOR_ROLES.get(role, role)}))

    def remove_member(self, session: Session, organization_id: str, account_id: str) -> None:
        """Remove a member from the workspace."""
        self._call("DELETE", _ws(organization_id, f"/members/{_seg(account_id)}"),
                   session=session, expect=(204,))

    def transfer_ownership(self, session: Session, organization_id: str,
                           account_id: str) -> list[Member]:
        """Hand the workspace's primary ownership on (vendor: an "owner handover")."""
        return _required(self._call(
            "POST", _ws(organization_id, "/owner-handover"),
            lambda d: [_member(entry) for entry in d["members"]], session=session,
            body={"accountId": account_id}))

    def list_my_invitations(self, session: Session) -> list[Invitation]:
        """Pending invitations for the session's email."""
        return _required(self._call("GET", "/profiles/me/invites",
                                    lambda d: [_invitation(entry) for entry in d["invitations"]],
                                    session=session))

    def accept_invitation(self, session: Session, invitation_id: str) -> Account:
        """Accept an invitation: a new organization account."""
        return _required(self._call("POST", f"/invites/{_seg(invitation_id)}/accept", _account,
                                    session=session, body={}, expect=(201,)))

    # -- enterprise: SSO and domains ------------------------------------------------------
    def get_sso(self, session: Session, organization_id: str) -> SsoConfig:
        """The organization's SSO configuration."""
        return _required(self._call("GET", _ws(organization_id, "/sso-settings"), _sso,
                                    session=session))

    def configure_sso(self, session: Session, organization_id: str, idp_entity_id: str,
                      enabled: bool) -> SsoConfig:
        """Change the organization's SSO configuration."""
        return _required(self._call("PUT", _ws(organization_id, "/sso-settings"), _sso,
                                    session=session,
                                    body={"idpEntityId": idp_entity_id, "enabled": enabled}))

    def add_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """Claim a domain for the organization (pending until verified)."""
        return _required(self._call("POST", _ws(organization_id, "/domains"), _domain,
                                    session=session, body={"domain": domain}, expect=(201,)))

    def list_domains(self, session: Session, organization_id: str) -> list[Domain]:
        """The organization's domains."""
        return _required(self._call("GET", _ws(organization_id, "/domains"),
                                    lambda d: [_domain(entry) for entry in d["domains"]],
                                    session=session))

    def get_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """One of the organization's domains."""
        return _required(self._call("GET", _ws(organization_id, f"/domains/{_seg(domain)}"),
                                    _domain, session=session))

    def verify_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """Ask the service to check the domain's TXT record now (vendor: a "check")."""
        return _required(self._call(
            "POST", _ws(organization_id, f"/domains/{_seg(domain)}/checks"), _domain,
            session=session, body={}))

    def update_domain_settings(self, session: Session, organization_id: str, domain: str,
                               restrict_to_members: bool | None = None,
                               block_individual_signups: bool | None = None) -> Domain:
        """Turn the restriction or the sign-up block on or off."""
        body: Json = {}
        if restrict_to_members is not None:
            body["restrictToMembers"] = restrict_to_members
        if block_individual_signups is not None:
            body["blockPersonalSignups"] = block_individual_signups
        return _required(self._call("PATCH", _ws(organization_id, f"/domains/{_seg(domain)}"),
                                    _domain, session=session, body=body))

    def sso_sign_in(self, organization_id: str, assertion: str) -> tuple[Session, Account]:
        """Sign in through the organization's SSO with an identity-provider assertion."""
        self.redactor.register(assertion)

        def parse(data: Json) -> tuple[Session, Account]:
            account = _account(data["account"])
            return self._session(data, account.email), account

        return _required(self._call("POST", _ws(organization_id, "/sso/login"), parse,
                                    body={"assertion": assertion}, expect=(200, 201)))

    # -- test-support (vendor: /testing) --------------------------------------------------
    def publish_txt(self, name: str, values: Sequence[str]) -> None:
        """Test-support: set the TXT records the service's resolver returns for ``name``."""
        self._call("PUT", f"/testing/dns/{_seg(name)}/txt", body={"records": list(values)},
                   testing=True)

    def issue_assertion(self, organization_id: str, email: str) -> str:
        """Test-support: a stub identity provider's signed assertion."""
        return _required(self._call("POST", "/testing/idp/assertions",
                                    lambda d: str(d["assertion"]),
                                    body={"orgId": organization_id, "email": email},
                                    expect=(200, 201), testing=True))

    def tamper_assertion(self, assertion: str) -> str:
        """The same assertion with the first character of its signature part altered."""
        payload, _, signature = assertion.rpartition(".")
        tampered = (f"{payload}.{'C' if signature[0] == 'B' else 'B'}{signature[1:]}"
                    if signature else assertion + "x")
        self.redactor.register(tampered)
        return tampered

    def register_public_email_domain(self, domain: str) -> None:
        """Test-support: treat ``domain`` as a public email provider."""
        self._call("POST", "/testing/public-domains", body={"domain": domain},
                   expect=(200, 201), testing=True)

    def remove_run_data(self, prefix: str) -> dict[str, int]:
        """Test-support: remove everything under the run prefix; counts per kind."""
        return _required(self._call(
            "DELETE", f"/testing/runs/{_seg(prefix)}",
            lambda d: {_snake(key): int(count) for key, count in d["removed"].items()},
            testing=True))

    # -- security probes ------------------------------------------------------------------
    def probe_operation(self, operation_id: str, token: str | None, *,
                        path_values: Mapping[str, str] | None = None,
                        body: Mapping[str, Any] | None = None,
                        scheme: str = "Bearer") -> tuple[int, str | None]:
        """Send the vendor route of a contract operation with ``token`` (or none), the path
        parameters and body given in contract names (default: placeholders and ``{}`` for a
        POST, PUT or PATCH); the status and the contract's code for the vendor's
        ``errorCode``."""
        if operation_id not in PROBE_ROUTES:
            raise NotImplementedError(f"no vendor route known for {operation_id}")
        method, template = PROBE_ROUTES[operation_id]
        values = dict(path_values or {})
        path = re.sub(r"\{(\w+)\}", lambda m: _seg(values.get(m.group(1)) or (
            "probe.example.test" if m.group(1) == "domain" else f"probe-{m.group(1)}")),
            template)
        sent: Json | None = (
            {_VENDOR_FIELDS.get(k, _camel(k)): _vendor_value(k, v) for k, v in body.items()}
            if body is not None else ({} if method in ("POST", "PUT", "PATCH") else None))
        headers: dict[str, str] = {}
        if token is not None:
            self.redactor.register(token)
            headers["Authorization"] = f"{scheme} {token}"
        reply = self.transport.send(method, PREFIX + path, headers=headers, json=sent)
        data = _json_or_none(reply)
        vendor_code = data.get("errorCode") if isinstance(data, dict) else None
        return reply.status, CONTRACT_CODES.get(str(vendor_code)) if vendor_code else None

    def with_extra_fields(self, fields: Mapping[str, Any]) -> VendorApiDriver:
        """A view that adds ``fields`` (contract names, put into the vendor's names and
        values) to every request body it sends; the request's own fields win."""
        view = copy.copy(self)
        view._extra = {**self._extra, **{
            _VENDOR_FIELDS.get(key, _camel(key)): _vendor_value(key, value)
            for key, value in fields.items()}}
        return view


# -- vendor JSON -> domain models -----------------------------------------------------------
def _identity(data: Json) -> Identity:
    return Identity(id=data["id"], email=data["email"], name=data["name"],
                    initials=data["initials"])


def _enum(table: dict[str, str], value: object, what: str) -> str:
    if value not in table:
        raise ValueError(f"unknown {what} {value!r}")
    return table[str(value)]


def _account(data: Json) -> Account:
    workspace = data.get("workspace")
    role = data.get("role")
    return Account(
        id=data["id"], kind=_enum(KINDS, data["accountType"], "accountType"),
        plan=data["tier"], email=data["email"], subscription=data.get("subscription", "none"),
        organization=(OrganizationRef(workspace["id"], workspace["name"], workspace["tier"])
                      if workspace else None),
        role=_enum(ROLES, role, "role") if role is not None else None,
        current=bool(data.get("current")), status=data.get("status", "active"),
        features=tuple(data.get("features", ())))


def _accounts(data: Json) -> list[Account]:
    return [_account(entry) for entry in data["accounts"]]


def _item(kind: str, data: Json) -> Item:
    return Item(kind=kind, id=data["id"], label=data[_items(kind)[1]],
                account_id=data["accountId"])


def _organization(data: Json) -> Organization:
    return Organization(id=data["id"], name=data["name"], plan=data["tier"])


def _member(data: Json) -> Member:
    return Member(account_id=data["accountId"], email=data["email"], name=data["name"],
                  role=_enum(ROLES, data["role"], "role"))


def _invitation(data: Json) -> Invitation:
    return Invitation(id=data["id"], organization_id=data["orgId"], email=data["email"],
                      role=_enum(ROLES, data["role"], "role"), status=data["status"])


def _domain(data: Json) -> Domain:
    proof = data["verification"]
    return Domain(
        domain=data["domain"], status=data["status"],
        verification=DomainVerification(proof["recordType"], proof["recordName"],
                                        proof["recordValue"]),
        restrict_to_members=bool(data["restrictToMembers"]),
        block_individual_signups=bool(data["blockPersonalSignups"]))


def _sso(data: Json) -> SsoConfig:
    return SsoConfig(organization_id=data["orgId"], idp_entity_id=data.get("idpEntityId"),
                     enabled=bool(data["enabled"]))


# -- small helpers --------------------------------------------------------------------------
_ID_SEGMENT = re.compile(r"/(?![a-z-]+(?:/|$))[^/]+")


def _template(path: str) -> str:
    """The path with every segment that is not a plain word shown as ``{id}``."""
    return _ID_SEGMENT.sub("/{id}", path)


def _json_or_none(reply: Reply) -> object:
    if reply.status == 204 or not reply.content:
        return None
    try:
        return reply.json()
    except ValueError:
        return None


def _required(value: T | None) -> T:
    """The parsed answer of an operation that always has one."""
    if value is None:
        raise ContractViolation("expected an answer body, got none", None)
    return value


def _seg(value: str) -> str:
    """A value as one URL path segment (ids are opaque: encode everything)."""
    return quote(value, safe="")


def _ws(organization_id: str, rest: str = "") -> str:
    return f"/workspaces/{_seg(organization_id)}{rest}"


def _items(kind: str) -> tuple[str, str]:
    if kind not in ITEMS:
        raise ValueError(f"unknown item kind {kind!r}; expected one of {tuple(ITEMS)}")
    return ITEMS[kind]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _vendor_value(key: str, value: Any) -> Any:
    """A contract value in the vendor's spelling (roles upper-case, kinds renamed)."""
    if key == "role":
        return _VENDOR_ROLES.get(value, value)
    if key == "kind":
        return {contract: vendor for vendor, contract in KINDS.items()}.get(value, value)
    return value


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()
