"""HMAC-SHA256 signatures for the stub identity provider's assertions and domain tokens.

An assertion is ``<base64url(JSON payload)>.<base64url(signature)>`` without padding; the
signature covers the first part as sent. The key is created once and kept in the database,
so assertions and verification tokens stay valid across restarts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any


def b64url(data: bytes) -> str:
    """Base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url without padding; raises ValueError on bad input."""
    if not text or any(c not in _B64URL_ALPHABET for c in text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


_B64URL_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class Signer:
    """Signs and checks assertions and derives per-organization domain tokens."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _mac(self, message: str) -> bytes:
        return hmac.new(self._key, message.encode("utf-8"), hashlib.sha256).digest()

    def sign(self, payload: dict[str, Any]) -> str:
        """A signed assertion for ``payload``."""
        body = b64url(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
        return f"{body}.{b64url(self._mac(body))}"

    def verify(self, assertion: str) -> dict[str, Any] | None:
        """The payload of a well-formed assertion with a valid signature, else None.

        The signature text is compared with the canonical encoding, so changing any
        character of it (also one that only touches unused bits) makes it invalid.
        """
        body, dot, signature = assertion.partition(".")
        if not dot or not body or "." in signature:
            return None
        if not hmac.compare_digest(signature.encode("ascii", "replace"),
                                   b64url(self._mac(body)).encode("ascii")):
            return None
        try:
            payload = json.loads(b64url_decode(body))
        except (ValueError, UnicodeDecodeError):
            return None
        return payload if isinstance(payload, dict) else None

    def domain_token(self, organization_id: str, domain: str) -> str:
        """The TXT verification token for one organization and one domain."""
        return "acct-verify-" + self._mac(f"domain:{organization_id}:{domain}").hex()[:32]
