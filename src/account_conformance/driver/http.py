"""``HttpAccountServiceDriver``: the contract in ``contract/openapi.yaml``, sent through the
suite's one ``Transport``.

Every answer is checked against the contract (status and schema) before it becomes a domain
result; every refusal becomes a ``ServiceRefusal`` with the problem's ``code``. Sending,
timeouts, evidence and the mapping of connection failures and timeouts onto ``SuiteError``s
are the transport's (``driver/transport/``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from .. import contract
from . import parsing
from .errors import (
    ContractViolation,
    Evidence,
    InvalidJson,
    ServiceRefusal,
    TestSupportMissing,
)
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
from .protocol import ITEM_KINDS
from .raw import RawRequests
from .transport import DriverSettings, RecordingDriver, Reply

Json = dict[str, Any]
_ITEM_PATHS = {"conversation": "/v1/conversations", "project": "/v1/projects"}
_ITEM_FIELDS = {"conversation": "title", "project": "name"}
_TEST_SUPPORT_MAY_NOT_FIND = frozenset({"ts_set_individual_plan"})
_PATH_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# probe_operation's placeholders: a hostname for a domain, an id-shaped value otherwise
_PROBE_VALUES = {"domain": "probe.example.test"}


class HttpAccountServiceDriver(RecordingDriver):
    """Drives a service that implements the contract (see ``AccountServiceDriver``)."""

    accept = "application/json, application/problem+json"
    answer_secret_fields = ("url",)  # a sign-in link (test-support): masked before recording

    def __init__(self, settings: DriverSettings) -> None:
        super().__init__(settings)
        self._extra_fields: Json = {}
        self.raw = RawRequests(self.transport)
        """Deliberately malformed requests for the hostile-input checks (``driver/raw.py``)."""

    def _call(self, operation_id: str, method: str, path: str, *,
              session: Session | None = None, body: Json | None = None,
              expect: Sequence[int] = (200,), test_support: bool = False) -> Json | None:
        headers: dict[str, str] = {}
        if self._extra_fields and body is not None and not test_support:
            body = {**self._extra_fields, **body}
        if session is not None:
            self.name_session(session.token, session.email)
            headers["Authorization"] = f"Bearer {session.token}"
        if test_support and self.settings.test_support_key:
            headers["X-Test-Support-Key"] = self.settings.test_support_key
        operation = _operation_words(operation_id, method, path)
        try:
            reply = self.transport.send(method, path, headers=headers, json=body)
            data = self._json(reply)
        except ContractViolation as violation:  # the transport's: name the operation
            raise violation.about(operation) from violation.__cause__
        evidence = reply.evidence
        if reply.status in expect:
            self._validate(operation_id, reply.status, data, evidence)
            return data
        if test_support and _looks_missing(operation_id, reply.status, data):
            raise TestSupportMissing(
                f"test-support operation {operation_id} ({method} {path}) is not offered by "
                f"{self.base_url} (status {reply.status})")
        if 400 <= reply.status < 500:
            if not isinstance(data, dict) or not isinstance(data.get("code"), str):
                raise ContractViolation(
                    f"a refusal ({reply.status}) without a problem code", evidence,
                    operation=operation)
            self._validate(operation_id, reply.status, data, evidence)
            raise ServiceRefusal(data["code"], reply.status, str(data.get("detail", "")),
                                 data, evidence, operation)
        raise ContractViolation(
            f"an unexpected status {reply.status} (the operation answers "
            f"{' or '.join(map(str, expect))} here)", evidence, operation=operation)

    @staticmethod
    def _json(reply: Reply) -> Json | None:
        if reply.status == 204 or not reply.content:
            return None
        try:
            data: Json = reply.json()  # strict JSON: NaN, a member twice, ... are refused
        except InvalidJson:
            if reply.status >= 500 or reply.status in (404, 405, 501):
                return None  # the status alone is the verdict (or test support is missing)
            raise
        return data

    def _validate(self, operation_id: str, status: int, data: Json | None,
                  evidence: Evidence) -> None:
        if not self.settings.validate_responses:
            return
        problem = _contract_mismatch(operation_id, status, data) or _list_disagrees(
            operation_id, data)
        if problem:
            raise ContractViolation(problem, evidence, operation=_operation_words(
                operation_id, evidence.method, ""))

    def _session_from(self, data: Json, email: str) -> Session:
        self.redactor.register(data["token"])
        if isinstance(data["token"], str):
            self.name_session(data["token"], email)
        ident = parsing.identity(data["identity"]) if "identity" in data else None
        return Session(email=email, token=data["token"], identity=ident)

    # -- meta ----------------------------------------------------------------------------
    def service_info(self) -> ServiceInfo:
        """The service's name, contract version and whether test-support is on."""
        data = self._call("get_meta", "GET", "/v1/meta") or {}
        return ServiceInfo(contract_version=data["contract_version"], service=data["service"],
                           test_support=bool(data.get("test_support")), raw=data)

    # -- sessions and accounts -----------------------------------------------------------
    def start_session(self, email: str, name: str) -> Session:
        """Test-support: sign in as ``email`` (the identity is created if new)."""
        data = self._call("ts_start_session", "POST", "/test-support/sessions",
                          body={"email": email, "name": name}, expect=(200, 201),
                          test_support=True)
        return self._session_from(_present(data), email)

    def whoami(self, session: Session) -> Me:
        """The session's identity and current account id."""
        return parsing.me(_present(self._call("get_me", "GET", "/v1/me", session=session)))

    def list_accounts(self, session: Session) -> list[Account]:
        """The identity's accounts."""
        data = self._call("list_my_accounts", "GET", "/v1/me/accounts", session=session)
        return parsing.accounts(_present(data))

    def get_account(self, session: Session, account_id: str) -> Account:
        """One of the identity's own accounts."""
        data = self._call("get_account", "GET", f"/v1/accounts/{_seg(account_id)}",
                          session=session)
        return parsing.account(_present(data))

    def switch_account(self, session: Session, account_id: str) -> list[Account]:
        """Make ``account_id`` current; returns the account list."""
        data = self._call("switch_current_account", "PUT", "/v1/me/current-account",
                          session=session, body={"account_id": account_id})
        return parsing.accounts(_present(data))

    def sign_up_individual(self, session: Session) -> Account:
        """Create the identity's individual account."""
        data = self._call("sign_up_individual", "POST", "/v1/me/individual-account",
                          session=session, body={}, expect=(201,))
        return parsing.account(_present(data))

    def set_individual_plan(self, email: str, plan: str) -> Account:
        """Test-support: set the individual plan without billing."""
        data = self._call("ts_set_individual_plan", "PUT", "/test-support/individual-plan",
                          body={"email": email, "plan": plan}, test_support=True)
        return parsing.account(_present(data))

    def cancel_individual_subscription(self, session: Session) -> Account:
        """Cancel the individual account's paid subscription."""
        data = self._call("cancel_individual_subscription", "POST",
                          "/v1/me/individual-account/cancel", session=session, body={})
        return parsing.account(_present(data))

    def delete_individual_account(self, session: Session) -> None:
        """Delete the identity's individual account."""
        self._call("delete_individual_account", "DELETE", "/v1/me/individual-account",
                   session=session, expect=(204,))

    def request_migration(self, session: Session, account_id: str,
                          organization_id: str) -> None:
        """Ask to move an account into an organization."""
        self._call("request_migration", "POST", f"/v1/accounts/{_seg(account_id)}/migrate",
                   session=session, body={"organization_id": organization_id},
                   expect=(200, 201, 204))

    def request_merge(self, session: Session, account_id: str, target_account_id: str,
                      target_session: Session | None = None) -> None:
        """Ask to merge two accounts."""
        body: Json = {"target_account_id": target_account_id}
        if target_session is not None:
            body["target_token"] = target_session.token
        self._call("request_merge", "POST", f"/v1/accounts/{_seg(account_id)}/merge",
                   session=session, body=body, expect=(200, 201, 204))

    # -- conversations and projects ---------------------------------------------------
    def create_item(self, session: Session, kind: str, label: str) -> Item:
        """Create a conversation or project in the current account."""
        data = self._call(f"create_{_kind(kind)}", "POST", _ITEM_PATHS[kind], session=session,
                          body={_ITEM_FIELDS[kind]: label}, expect=(201,))
        return parsing.item(kind, _present(data))

    def list_items(self, session: Session, kind: str) -> list[Item]:
        """The current account's conversations or projects."""
        data = _present(self._call(f"list_{_kind(kind)}s", "GET", _ITEM_PATHS[kind],
                                   session=session))
        return [parsing.item(kind, entry) for entry in data["items"]]

    def get_item(self, session: Session, kind: str, item_id: str) -> Item:
        """One conversation or project of the current account."""
        data = self._call(f"get_{_kind(kind)}", "GET", f"{_ITEM_PATHS[kind]}/{_seg(item_id)}",
                          session=session)
        return parsing.item(kind, _present(data))

    def delete_item(self, session: Session, kind: str, item_id: str) -> None:
        """Delete a conversation or project of the current account."""
        self._call(f"delete_{_kind(kind)}", "DELETE", f"{_ITEM_PATHS[kind]}/{_seg(item_id)}",
                   session=session, expect=(204,))

    # -- organizations -----------------------------------------------------------------
    def create_organization(self, session: Session, name: str,
                            plan: str) -> tuple[Organization, Account]:
        """Create an organization; the caller gets a new primary-owner account."""
        data = _present(self._call("create_organization", "POST", "/v1/organizations",
                                   session=session, body={"name": name, "plan": plan},
                                   expect=(201,)))
        return parsing.organization(data["organization"]), parsing.account(data["account"])

    def get_organization(self, session: Session, organization_id: str) -> Organization:
        """An organization the caller is a member of."""
        data = self._call("get_organization", "GET", _org(organization_id), session=session)
        return parsing.organization(_present(data))

    def list_members(self, session: Session, organization_id: str) -> list[Member]:
        """The organization's member list."""
        data = _present(self._call("list_members", "GET", _org(organization_id, "/members"),
                                   session=session))
        return [parsing.member(entry) for entry in data["members"]]

    def invite(self, session: Session, organization_id: str, email: str,
               role: str) -> Invitation:
        """Invite an email to the organization with a role."""
        data = self._call("create_invitation", "POST", _org(organization_id, "/invitations"),
                          session=session, body={"email": email, "role": role},
                          expect=(201,))
        return parsing.invitation(_present(data))

    def change_member_role(self, session: Session, organization_id: str, account_id: str,
                           role: str) -> Member:
        """Give a member another role."""
        data = self._call("change_member_role", "PATCH",
                          _org(organization_id, f"/members/{_seg(account_id)}"),
                          session=session, body={"role": role})
        return parsing.member(_present(data))

    def remove_member(self, session: Session, organization_id: str, account_id: str) -> None:
        """Remove a member from the organization."""
        self._call("remove_member", "DELETE",
                   _org(organization_id, f"/members/{_seg(account_id)}"), session=session,
                   expect=(204,))

    def transfer_ownership(self, session: Session, organization_id: str,
                           account_id: str) -> list[Member]:
        """Make another member the primary owner; the member list afterwards."""
        data = _present(self._call("transfer_ownership", "POST",
                                   _org(organization_id, "/ownership-transfer"),
                                   session=session, body={"account_id": account_id}))
        return [parsing.member(entry) for entry in data["members"]]

    def list_my_invitations(self, session: Session) -> list[Invitation]:
        """Pending invitations for the session's email."""
        data = _present(self._call("list_my_invitations", "GET", "/v1/me/invitations",
                                   session=session))
        return [parsing.invitation(entry) for entry in data["invitations"]]

    def accept_invitation(self, session: Session, invitation_id: str) -> Account:
        """Accept an invitation: a new organization account."""
        data = self._call("accept_invitation", "POST",
                          f"/v1/invitations/{_seg(invitation_id)}/accept", session=session,
                          body={}, expect=(201,))
        return parsing.account(_present(data))

    # -- enterprise ----------------------------------------------------------------------
    def get_sso(self, session: Session, organization_id: str) -> SsoConfig:
        """The organization's SSO configuration."""
        data = self._call("get_sso", "GET", _org(organization_id, "/sso"), session=session)
        return parsing.sso(_present(data))

    def configure_sso(self, session: Session, organization_id: str, idp_entity_id: str,
                      enabled: bool) -> SsoConfig:
        """Change the organization's SSO configuration."""
        data = self._call("configure_sso", "PUT", _org(organization_id, "/sso"),
                          session=session,
                          body={"idp_entity_id": idp_entity_id, "enabled": enabled})
        return parsing.sso(_present(data))

    def add_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """Claim a domain for the organization."""
        data = self._call("add_domain", "POST", _org(organization_id, "/domains"),
                          session=session, body={"domain": domain}, expect=(201,))
        return parsing.domain(_present(data))

    def list_domains(self, session: Session, organization_id: str) -> list[Domain]:
        """The organization's domains."""
        data = _present(self._call("list_domains", "GET", _org(organization_id, "/domains"),
                                   session=session))
        return [parsing.domain(entry) for entry in data["domains"]]

    def get_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """One of the organization's domains."""
        data = self._call("get_domain", "GET", _org(organization_id, f"/domains/{_seg(domain)}"),
                          session=session)
        return parsing.domain(_present(data))

    def verify_domain(self, session: Session, organization_id: str, domain: str) -> Domain:
        """Ask the service to check the domain's TXT record now."""
        data = self._call("verify_domain", "POST",
                          _org(organization_id, f"/domains/{_seg(domain)}/verify"),
                          session=session, body={})
        return parsing.domain(_present(data))

    def update_domain_settings(self, session: Session, organization_id: str, domain: str,
                               restrict_to_members: bool | None = None,
                               block_individual_signups: bool | None = None) -> Domain:
        """Turn the restriction or the sign-up block on or off."""
        body: Json = {}
        if restrict_to_members is not None:
            body["restrict_to_members"] = restrict_to_members
        if block_individual_signups is not None:
            body["block_individual_signups"] = block_individual_signups
        data = self._call("update_domain_settings", "PATCH",
                          _org(organization_id, f"/domains/{_seg(domain)}"), session=session,
                          body=body)
        return parsing.domain(_present(data))

    def sso_sign_in(self, organization_id: str, assertion: str) -> tuple[Session, Account]:
        """Sign in through the organization's SSO."""
        self.redactor.register(assertion)
        data = _present(self._call("sso_sign_in", "POST",
                                   f"/v1/sso/{_seg(organization_id)}/sign-in",
                                   body={"assertion": assertion}, expect=(200, 201)))
        signed_in = parsing.account(data["account"])
        return self._session_from(data, signed_in.email), signed_in

    # -- test-support ------------------------------------------------------------------
    def publish_txt(self, name: str, values: Sequence[str]) -> None:
        """Test-support: set the TXT records the service's resolver returns for ``name``."""
        self._call("ts_publish_txt", "PUT", f"/test-support/dns/txt/{_seg(name)}",
                   body={"values": list(values)}, test_support=True)

    def issue_assertion(self, organization_id: str, email: str) -> str:
        """Test-support: a stub identity provider's signed assertion."""
        data = _present(self._call("ts_issue_assertion", "POST", "/test-support/idp/assertions",
                                   body={"organization_id": organization_id, "email": email},
                                   expect=(200, 201), test_support=True))
        self.redactor.register(data["assertion"])
        return str(data["assertion"])

    def tamper_assertion(self, assertion: str) -> str:
        """Alter the first character of the signature part (the contract's format)."""
        payload, _, signature = assertion.rpartition(".")
        if not signature:
            return assertion + "x"
        first = "B" if signature[0] != "B" else "C"
        tampered = f"{payload}.{first}{signature[1:]}"
        self.redactor.register(tampered)
        return tampered

    def register_public_email_domain(self, domain: str) -> None:
        """Test-support: treat ``domain`` as a public email provider."""
        self._call("ts_register_public_email_domain", "POST",
                   "/test-support/public-email-domains", body={"domain": domain},
                   expect=(200, 201), test_support=True)

    def remove_run_data(self, prefix: str) -> dict[str, int]:
        """Test-support: remove everything under the run prefix."""
        data = _present(self._call("ts_remove_run", "DELETE",
                                   f"/test-support/runs/{_seg(prefix)}", test_support=True))
        return {key: int(value) for key, value in data.get("removed", {}).items()
                if isinstance(value, int)}  # fields the contract does not name are ignored

    def sign_in_link(self, session: Session) -> str:
        """Test-support: a one-time browser sign-in link for ``session`` (a secret)."""
        data = _present(self._call("ts_create_sign_in_link", "POST",
                                   "/test-support/sign-in-links", body={"token": session.token},
                                   expect=(201,), test_support=True))
        link = data.get("url")
        if not isinstance(link, str) or not link:
            raise AssertionError("POST /test-support/sign-in-links answered without a url")
        # the link and its parts (a code may travel alone: in a path, a query, a cookie)
        self.redactor.register(link, *(part for part in re.split(r"[/?&=#]", link)
                                       if len(part) >= 12))
        return link

    # -- security probes ------------------------------------------------------------------
    def probe_operation(self, operation_id: str, token: str | None, *,
                        path_values: Mapping[str, str] | None = None,
                        body: Mapping[str, Any] | None = None,
                        scheme: str = "Bearer") -> tuple[int, str | None]:
        """Send one contract operation with ``token`` (or no ``Authorization`` header), the
        given path parameters and body (default: placeholders and ``{}`` for a POST, PUT or
        PATCH); the status and the problem's code. Answers are not checked against the
        contract here."""
        op = contract.operation(operation_id)
        values = dict(path_values or {})
        path = _PATH_PARAMETER.sub(lambda m: _seg(values.get(m.group(1)) or _PROBE_VALUES.get(
            m.group(1), f"probe-{m.group(1)}")), op.path)
        sent: Json | None = dict(body) if body is not None else (
            {} if op.method in ("POST", "PUT", "PATCH") else None)
        headers: dict[str, str] = {}
        if token is not None:
            self.redactor.register(token)
            headers["Authorization"] = f"{scheme} {token}"
        reply = self.transport.send(op.method, path, headers=headers, json=sent)
        try:
            data = reply.json() if reply.content else None
        except InvalidJson:  # strict JSON; a probe judges the status and the code only
            data = None
        code = data.get("code") if isinstance(data, dict) else None
        return reply.status, code if isinstance(code, str) else None

    def with_extra_fields(self, fields: Mapping[str, Any]) -> HttpAccountServiceDriver:
        """A view that adds ``fields`` to every request body it sends (the driver's own
        fields win; test-support requests are left alone); it shares the connection pool,
        the secrets and the evidence with this driver."""
        view = copy.copy(self)
        view._extra_fields = {**self._extra_fields, **fields}
        return view


def _seg(value: str) -> str:
    """A value as one URL path segment (ids are opaque: encode everything)."""
    return quote(value, safe="")


def _org(organization_id: str, rest: str = "") -> str:
    return f"/v1/organizations/{_seg(organization_id)}{rest}"


def _kind(kind: str) -> str:
    if kind not in ITEM_KINDS:
        raise ValueError(f"unknown item kind {kind!r}; expected one of {ITEM_KINDS}")
    return kind


ACCOUNT_LIST_OPERATIONS = ("list_my_accounts", "switch_current_account")


def _list_disagrees(operation_id: str, data: Json | None) -> str | None:
    """An account list whose ``current_account_id`` is not the one account marked
    ``current`` (or null with none marked): the contract's AccountList says they agree."""
    if operation_id not in ACCOUNT_LIST_OPERATIONS or not isinstance(data, dict):
        return None
    named = data.get("current_account_id")
    marked = [item.get("id") for item in data.get("accounts", ()) if item.get("current")]
    if len(marked) > 1:  # more than one check mark: the switcher's own statement (S09) says
        return None      # so in its steps, where the verdict belongs (pinpointing)
    if marked == ([] if named is None else [named]):
        return None
    marked_words = ", ".join(f"the account (id {account_id})" for account_id in marked)
    named_words = f"the account (id {named})" if named is not None else "no account"
    return (f"an account list that names {named_words} as the current account, but the "
            f"accounts marked current are {marked_words or 'none'}")


def _operation_words(operation_id: str, method: str, path: str) -> str:
    """``POST /v1/accounts/{account_id}/merge``: the operation as the contract writes it
    (ids stay in the evidence), or the method and path sent when the contract has no
    such operation (a driver extension)."""
    try:
        op = contract.operation(operation_id)
    except KeyError:
        return f"{method} {path}".strip()
    return f"{op.method.upper()} {op.path}"


def _contract_mismatch(operation_id: str, status: int, data: Json | None) -> str | None:
    """What in an answer the contract does not allow, in words (None: it conforms)."""
    try:
        contract.response_validator(operation_id, status)(data)
    except contract.UndeclaredResponse:
        declared = ", ".join(contract.declared_statuses(operation_id))
        return f"the status {status}, which the operation does not declare (it declares " \
            f"{declared})"
    except contract.ResponseMismatch as mismatch:
        return f"a {status} answer that does not fit the contract's schema: " + "; ".join(
            mismatch.errors)
    return None


def _present(data: Json | None) -> Json:
    if data is None:
        raise ContractViolation("an answer without the JSON body the operation answers with",
                                None)
    return data


def _looks_missing(operation_id: str, status: int, data: Json | None) -> bool:
    """Whether a test-support answer means 'no such operation' rather than a refusal.

    Only setting an individual plan can legitimately answer ``not_found`` (the email has no
    individual account); for every other test-support operation a 404 means it is missing.
    """
    if status in (405, 501):
        return True
    if status != 404:
        return False
    has_code = isinstance(data, dict) and data.get("code") == "not_found"
    return not (has_code and operation_id in _TEST_SUPPORT_MAY_NOT_FIND)

