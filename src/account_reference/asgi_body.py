"""ASGI plumbing shared by the body guard (``app.py``) and the latitude middlewares.

A middleware that must look at a request body reads it whole with :func:`read_body`, then
hands the application a ``receive`` that replays it (:func:`replay`), so the route still
sees the body as if nobody had read it.
"""

from __future__ import annotations

from starlette.types import Message, Receive


async def read_body(receive: Receive) -> bytes:
    """The whole request body, read from ``receive`` until the last chunk."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body", False))
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands out ``body`` once, then waits as usual."""
    delivered = False

    async def replayed() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
