"""The HTTP routes, one module per concern; ``ROUTERS`` lists them in mounting order."""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    combine,
    domains,
    individual,
    invitations,
    items,
    me,
    members,
    meta,
    organizations,
    sso_config,
    sso_signin,
    test_support,
)

ROUTERS: tuple[APIRouter, ...] = (
    meta.router, me.router, individual.router, combine.router, items.router,
    organizations.router, members.router, invitations.router, sso_config.router, domains.router,
    sso_signin.router, test_support.router,
)
