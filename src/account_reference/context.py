"""What every endpoint may depend on: the store, the enabled faults and the signer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from .faults import FaultSet
from .signing import Signer
from .store import Store


@dataclass(frozen=True)
class Service:
    """The running service's shared state (kept on ``app.state.service``)."""

    store: Store
    faults: FaultSet
    signer: Signer


async def get_service(request: Request) -> Service:
    """The service state of the app handling ``request``."""
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


async def sent_fields(request: Request) -> dict[str, Any]:
    """The request body's JSON object as sent, extra fields included ({} if it is none).

    Only fault branches read it: the correct service reads its body models, which ignore
    every field they do not name.
    """
    raw = await request.body()
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
