"""The FastAPI application: routers, problem handlers and the optional added latency."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from . import CONTRACT_VERSION, SERVICE_NAME
from .accounts import install_restriction_rule
from .context import Service
from .faults import FaultSet
from .problems import install_handlers
from .routes import ROUTERS
from .schemas import Problem
from .signing import Signer
from .store import Store


class LatencyMiddleware:
    """Adds a fixed delay before every HTTP request is handled (``--latency-ms``)."""

    def __init__(self, app: ASGIApp, latency_ms: int) -> None:
        self.app = app
        self.delay_s = latency_ms / 1000

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Sleep, then pass the request on."""
        if scope["type"] == "http":
            await asyncio.sleep(self.delay_s)
        await self.app(scope, receive, send)


def create_app(store: Store, faults: FaultSet | Iterable[str] = frozenset(),
               latency_ms: int = 0) -> FastAPI:
    """The reference service's app on ``store``, with ``faults`` enabled."""
    fault_set = faults if isinstance(faults, FaultSet) else FaultSet(faults)
    app = FastAPI(
        title=SERVICE_NAME, version=CONTRACT_VERSION, redirect_slashes=False,
        description="Reference implementation of the account-service contract.",
        generate_unique_id_function=lambda route: route.name,
        responses={"4XX": {"model": Problem, "description": "A refusal (RFC 9457 problem)."}},
    )
    install_restriction_rule(store, fault_set)
    app.state.service = Service(store=store, faults=fault_set, signer=Signer(store.signing_key()))
    install_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    if latency_ms > 0:
        app.add_middleware(LatencyMiddleware, latency_ms=latency_ms)
    return app
