"""``GET /v1/meta``: what the service is and which contract version it implements."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from .. import CONTRACT_VERSION, SERVICE_NAME
from ..schemas import Meta

router = APIRouter(tags=["meta"])


@router.get("/v1/meta", response_model=Meta)
async def get_meta() -> dict[str, Any]:
    """The contract version, the service name, and that test-support is offered."""
    return {"contract_version": CONTRACT_VERSION, "service": SERVICE_NAME, "test_support": True}
