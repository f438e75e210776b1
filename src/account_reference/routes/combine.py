"""Migration and merge requests: refused after the ownership checks (S03–S05).

What happens after the checks is the rules' ``migrate_account`` and ``merge_accounts``: a
refusal that changes nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from ..accounts import Account, own_account
from ..auth import Session, SessionDep, authenticated_router, load_session
from ..bodies import MergeRequest, MigrateRequest
from ..context import Service, ServiceDep
from ..problems import Refusal, not_found
from ..schemas import Account as AccountModel
from ..schemas import Problem
from ..store import organizations as stored_organizations

router = authenticated_router(tags=["accounts"])
REFUSED: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "Always: the operation is unsupported."}}


@router.post("/v1/accounts/{account_id}/migrate", status_code=422, response_model=None,
             responses=REFUSED)
async def request_migration(account_id: str, body: MigrateRequest, session: SessionDep,
                            service: ServiceDep) -> JSONResponse:
    """Refuse to move an account into an organization (after the 404 checks)."""
    account = own_account(service, session.identity_id, account_id)
    if account is None:
        raise not_found("The account")
    organization = stored_organizations.migration_target(
        service.store, session.identity_id, session.email, body.organization_id)
    if organization is None or not (organization["member_account_id"]
                                    or organization["invitation_id"]):
        raise not_found("The organization")
    answer = service.rules.migrate_account(service, session, account, organization)
    return JSONResponse(answer, status_code=200)


def _merge_target(service: Service, session: Session, body: MergeRequest) -> Account | None:
    """The target account: the caller's own, or the one ``target_token``'s session owns."""
    target = own_account(service, session.identity_id, body.target_account_id)
    if target is None and body.target_token:
        try:
            other = load_session(service.store, f"Bearer {body.target_token}")
        except Refusal:
            return None
        target = own_account(service, other.identity_id, body.target_account_id)
    return target


@router.post("/v1/accounts/{account_id}/merge", response_model=AccountModel, responses=REFUSED)
async def request_merge(account_id: str, body: MergeRequest, session: SessionDep,
                        service: ServiceDep) -> dict[str, Any]:
    """Refuse to merge two accounts (after the 404 checks), naming both kinds."""
    source = own_account(service, session.identity_id, account_id)
    if source is None:
        raise not_found("The source account")
    target = _merge_target(service, session, body)
    if target is None:
        raise not_found("The target account")
    return service.rules.merge_accounts(service, session, source, target)
