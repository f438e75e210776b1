"""What every endpoint may depend on: the store, the enabled faults and the signer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

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
