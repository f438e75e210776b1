"""The bounded body: an answer is read, and decoded, no further than the size cap allows.

``RequestPolicy.max_response_bytes`` caps an answer's body *decoded*, so it is also the cap
on decompression. The transport offers only ``gzip`` and ``deflate`` (``OFFERED_CODINGS``)
and decodes them itself, a bounded step at a time, instead of letting urllib3 decode a
whole body at once; ``read_body`` reads ``CHUNK_BYTES`` at a time and checks the cap and the
deadline between reads. An answer that breaks the contract by itself (a declared length or a
decoded size over the cap, a coding that was not offered or does not decode) raises
``Refused``, which ``Transport.send`` records and turns into a ``ContractViolation``.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

import requests

from ..errors import ServiceTimeout
from .settings import RequestPolicy

CHUNK_BYTES = 64 * 1024
"""How much of an answer is read at a time (also the most a read may decode past a cap)."""
OFFERED_CODINGS = "gzip, deflate"
"""The ``Accept-Encoding`` sent; the transport decodes these itself, bounded."""
DECODE_STEP = 256 * 1024
"""The most one decompression call produces."""


class Refused(Exception):
    """An answer the transport refuses to hand on (it breaks the contract by itself)."""

    def __init__(self, reason: str, status: int, text: str = "") -> None:
        super().__init__(reason)
        self.reason, self.status, self.text = reason, status, text


class Decoder:
    """Decodes ``gzip``/``deflate`` answers itself, never producing more than the cap.

    Output comes in pieces of at most ``DECODE_STEP`` bytes (a decompression call given a
    larger bound builds its whole output twice over in memory), and each stage stops one
    byte past the cap.
    """

    def __init__(self, codings: list[str], cap: int, status: int) -> None:
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise Refused(f"the answer's Content-Encoding {', '.join(unknown)!r} was not "
                          f"offered (Accept-Encoding: {OFFERED_CODINGS})", status)
        self._stages: list[list[Any]] = [[coding, None, 0] for coding in reversed(codings)]
        self._cap, self._status = cap, status

    def feed(self, data: bytes, final: bool = False) -> Iterator[bytes]:
        """The decoded pieces of ``data`` (``final``: and whatever the decoders still hold)."""
        pieces: Iterable[bytes] = [data]
        for stage in self._stages:
            pieces = self._run(stage, pieces, final)
        return iter(pieces)

    def finish(self) -> Iterator[bytes]:
        """What the decoders still hold at the end of the body."""
        return self.feed(b"", final=True) if self._stages else iter(())

    def _run(self, stage: list[Any], pieces: Iterable[bytes], final: bool) -> Iterator[bytes]:
        coding = stage[0]
        try:
            for data in pieces:
                if stage[1] is None:
                    wbits = 31 if coding != "deflate" else (15 if data[:1] and (
                        data[0] & 0x0F) == 8 else -15)  # deflate: zlib-wrapped or raw
                    stage[1] = zlib.decompressobj(wbits)
                while True:
                    engine = stage[1]
                    out = engine.decompress(data, min(DECODE_STEP, self._cap - stage[2] + 1))
                    yield self._count(stage, out)
                    data = engine.unconsumed_tail
                    if not data and coding != "deflate" and engine.eof and engine.unused_data:
                        data = engine.unused_data  # another gzip member
                        stage[1] = zlib.decompressobj(31)
                    if not data:
                        break
            if final and stage[1] is not None:
                yield self._count(stage, stage[1].flush())
        except zlib.error as exc:
            raise Refused(f"the answer's Content-Encoding {coding} does not decode ({exc})",
                          self._status) from None

    def _count(self, stage: list[Any], out: bytes) -> bytes:
        stage[2] += len(out)
        if stage[2] > self._cap:
            raise Refused(f"the answer decodes to more than the {self._cap:,}-byte cap "
                          "(max_response_bytes, decoded)", self._status)
        return out


def read_body(response: requests.Response, deadline: float, policy: RequestPolicy) -> bytes:
    """The body, decoded, read while under the cap and the ``deadline`` (a monotonic time)."""
    cap = policy.max_response_bytes
    status = response.status_code
    codings = [c.strip().lower() for c in
               response.headers.get("Content-Encoding", "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    declared = response.headers.get("Content-Length", "").strip()
    if not codings and declared.isdigit() and int(declared) > cap:
        raise Refused(f"the answer declares {int(declared):,} bytes, more than the "
                      f"{cap:,}-byte cap (max_response_bytes)", status)
    decoder = Decoder(codings, cap, status)
    parts: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise ServiceTimeout(f"no complete answer within the "
                                 f"{policy.deadline_s}s deadline ({size:,} bytes "
                                 "so far)")
        chunk = response.raw.read(CHUNK_BYTES, decode_content=False)
        for piece in decoder.feed(chunk) if chunk else decoder.finish():
            size += len(piece)
            if size > cap:
                raise Refused(f"the answer is larger than the {cap:,}-byte cap "
                              "(max_response_bytes" + (", decoded" if codings else "")
                              + ")", status, head_text(parts))
            parts.append(piece)
        if not chunk:
            break
    return b"".join(parts)


def head_text(parts: list[bytes], limit: int = 4096) -> str:
    """The first ``limit`` bytes of a body read in parts, as text (without joining it all)."""
    head = bytearray()
    for part in parts:
        head += part[:limit - len(head)]
        if len(head) >= limit:
            break
    return head.decode("utf-8", "replace")


def body_text(content: bytes, content_type: str) -> str:
    """The body as text: its declared charset, else UTF-8 (bad bytes replaced)."""
    charset = "utf-8"
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    try:
        return content.decode(charset, "replace")
    except LookupError:
        return content.decode("utf-8", "replace")
