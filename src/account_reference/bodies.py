"""Pydantic models of request bodies: strict types, unknown fields ignored."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .validation import email_domain, normalize_domain


def _check_email(value: str) -> str:
    if email_domain(value) is None:
        raise ValueError("not a valid email address")
    return value


def _check_domain(value: str) -> str:
    domain = normalize_domain(value)
    if domain is None:
        raise ValueError("not a valid domain name")
    return domain


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email)]
DomainName = Annotated[str, AfterValidator(_check_domain)]  # at most 253: normalize_domain
Text = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_check_text)]
IDP_ENTITY_ID_MAX = 1024  # SAML's limit for an entityID
Plan = Literal["free", "pro", "max"]
OrganizationPlan = Literal["team", "enterprise"]
InvitationRole = Literal["owner", "admin", "member"]


class Body(BaseModel):
    """Base of every request body: strict types, extra fields ignored."""

    model_config = ConfigDict(extra="ignore", strict=True)


class EmptyBody(Body):
    """A body with no fields (``{}``)."""


class SwitchAccount(Body):
    """``PUT /v1/me/current-account``."""

    account_id: str


class MigrateRequest(Body):
    """``POST /v1/accounts/{id}/migrate`` (always refused)."""

    organization_id: str


class MergeRequest(Body):
    """``POST /v1/accounts/{id}/merge`` (always refused); ``target_token`` may be left out,
    but not sent as null."""

    target_account_id: str
    target_token: Annotated[str, Field(min_length=1)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_null_token(cls, data: Any) -> Any:
        if isinstance(data, dict) and "target_token" in data and data["target_token"] is None:
            raise ValueError("target_token must be a string when given")
        return data


class NewConversation(Body):
    """``POST /v1/conversations``."""

    title: Text


class NewProject(Body):
    """``POST /v1/projects``."""

    name: Text


class NewOrganization(Body):
    """``POST /v1/organizations``."""

    name: Text
    plan: OrganizationPlan


class NewInvitation(Body):
    """``POST /v1/organizations/{id}/invitations``."""

    email: Email
    role: InvitationRole


class SsoUpdate(Body):
    """``PUT /v1/organizations/{id}/sso``: SSO can be enabled only with an entity id."""

    idp_entity_id: Annotated[str, Field(min_length=1, max_length=IDP_ENTITY_ID_MAX)] | None
    enabled: bool

    @model_validator(mode="after")
    def _entity_when_enabled(self) -> SsoUpdate:
        if self.enabled and self.idp_entity_id is None:
            raise ValueError("idp_entity_id is required to enable SSO")
        return self


class NewDomain(Body):
    """``POST /v1/organizations/{id}/domains``."""

    domain: DomainName


class DomainPatch(Body):
    """``PATCH /v1/organizations/{id}/domains/{domain}``: omitted fields stay as they are."""

    restrict_to_members: bool | None = None
    block_individual_signups: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("restrict_to_members", "block_individual_signups"):
                if key in data and data[key] is None:
                    raise ValueError(f"{key} must be a boolean when given")
        return data


class SsoSignIn(Body):
    """``POST /v1/sso/{org_id}/sign-in``."""

    assertion: str


class NewSession(Body):
    """``POST /test-support/sessions``."""

    email: Email
    name: Text


class SignInLinkRequest(Body):
    """``POST /test-support/sign-in-links``: the session a browser signs in as."""

    token: str


class IndividualPlan(Body):
    """``PUT /test-support/individual-plan``."""

    email: Email
    plan: Plan


class TxtValues(Body):
    """``PUT /test-support/dns/txt/{name}``."""

    values: list[Annotated[str, Field(max_length=255)]]


class AssertionRequest(Body):
    """``POST /test-support/idp/assertions``."""

    organization_id: str
    email: Email


class PublicEmailDomain(Body):
    """``POST /test-support/public-email-domains``."""

    domain: DomainName
