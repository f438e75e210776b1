"""What every endpoint may depend on: the store, the rules it decides by and the signer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from .rules import Rules
from .signing import Signer
from .store import Store


@dataclass(frozen=True)
class Service:
    """The running service's shared state (kept on ``app.state.service``)."""

    store: Store
    rules: Rules
    signer: Signer


async def get_service(request: Request) -> Service:
    """The service state of the app handling ``request``."""
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


async def sent_fields(request: Request) -> dict[str, Any]:
    """The request body's JSON object as sent, extra fields included ({} if it is none).

    Rules that say a field is ignored get it (``rules.signup_plan`` …); everything else reads
    the body models, which ignore every field they do not name.
    """
    raw = await request.body()
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
