"""Conversations and projects: data owned by the session's current account (S11).

Both live in one table (``items.kind``); every request acts on the current account and is
refused with 409 ``no_current_account`` or 403 ``domain_restricted`` first.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response

from ..accounts import data_account
from ..auth import Session, SessionDep, authenticated_router
from ..bodies import NewConversation, NewProject
from ..context import Service, ServiceDep
from ..schemas import Conversation, ConversationList, Project, ProjectList
from ..store import Row, new_id, now
from ..store import items as stored

router = authenticated_router(tags=["items"])

# kind -> (name of the text field, id prefix, what it is called in errors)
KINDS = {"conversation": ("title", "cnv", "The conversation"),
         "project": ("name", "prj", "The project")}


def _view(kind: str, row: Row | dict[str, Any]) -> dict[str, Any]:
    field = KINDS[kind][0]
    return {"id": row["id"], field: row["label"], "account_id": row["account_id"],
            "created_at": row["created_at"]}


def create_item(service: Service, session: Session, kind: str, label: str) -> dict[str, Any]:
    """Create a conversation or project in the current account."""
    account = data_account(service, session)
    item = {"id": new_id(KINDS[kind][1]), "label": label, "account_id": account["id"],
            "created_at": now()}
    with service.store.tx():
        stored.add(service.store, item, kind)
    return _view(kind, item)


def list_items(service: Service, session: Session, kind: str) -> dict[str, Any]:
    """The current account's conversations or projects, oldest first."""
    account = data_account(service, session)
    rows = service.rules.listed_items(service.store, session.identity_id, account["id"], kind)
    return {"items": [_view(kind, row) for row in rows]}


def get_item(service: Service, session: Session, kind: str, item_id: str) -> dict[str, Any]:
    """One item of the current account."""
    rules = service.rules
    account = data_account(service, session)
    row = rules.item_to_read(service.store, account["id"], kind, item_id)
    if row is None:
        raise rules.missing_item(service.store, kind, item_id, KINDS[kind][2])
    return _view(kind, row)


def delete_item(service: Service, session: Session, kind: str, item_id: str) -> Response:
    """Delete one item of the current account."""
    rules = service.rules
    account = data_account(service, session)
    row = rules.item_to_delete(service.store, account["id"], kind, item_id)
    if row is None:
        raise rules.missing_item(service.store, kind, item_id, KINDS[kind][2])
    with service.store.tx():
        stored.delete(service.store, row["id"])
    return Response(status_code=204)


@router.post("/v1/conversations", status_code=201, response_model=Conversation)
async def create_conversation(body: NewConversation, session: SessionDep,
                              service: ServiceDep) -> dict[str, Any]:
    """Create a conversation in the current account."""
    return create_item(service, session, "conversation", body.title)


@router.get("/v1/conversations", response_model=ConversationList)
async def list_conversations(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The current account's conversations."""
    return list_items(service, session, "conversation")


@router.get("/v1/conversations/{id}", response_model=Conversation)
async def get_conversation(id: str, session: SessionDep,
                           service: ServiceDep) -> dict[str, Any]:
    """One conversation of the current account."""
    return get_item(service, session, "conversation", id)


@router.delete("/v1/conversations/{id}", status_code=204, response_class=Response)
async def delete_conversation(id: str, session: SessionDep,
                              service: ServiceDep) -> Response:
    """Delete one conversation of the current account."""
    return delete_item(service, session, "conversation", id)


@router.post("/v1/projects", status_code=201, response_model=Project)
async def create_project(body: NewProject, session: SessionDep,
                         service: ServiceDep) -> dict[str, Any]:
    """Create a project in the current account."""
    return create_item(service, session, "project", body.name)


@router.get("/v1/projects", response_model=ProjectList)
async def list_projects(session: SessionDep, service: ServiceDep) -> dict[str, Any]:
    """The current account's projects."""
    return list_items(service, session, "project")


@router.get("/v1/projects/{id}", response_model=Project)
async def get_project(id: str, session: SessionDep,
                      service: ServiceDep) -> dict[str, Any]:
    """One project of the current account."""
    return get_item(service, session, "project", id)


@router.delete("/v1/projects/{id}", status_code=204, response_class=Response)
async def delete_project(id: str, session: SessionDep, service: ServiceDep) -> Response:
    """Delete one project of the current account."""
    return delete_item(service, session, "project", id)
