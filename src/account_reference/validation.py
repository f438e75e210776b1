"""Normalising and checking emails, domains and names (pure functions, no I/O)."""

from __future__ import annotations

import re

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_DNS_LABEL = re.compile(r"^[a-z0-9_][a-z0-9_-]{0,62}$")
_LOCAL_FORBIDDEN = re.compile(r"[\s@]")

BUILTIN_PUBLIC_EMAIL_DOMAINS: frozenset[str] = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com",
    "icloud.com", "gmx.de", "web.de", "proton.me", "aol.com",
})


def normalize_domain(value: str) -> str | None:
    """The domain stripped and lower-cased, or None when it is not a valid hostname."""
    domain = value.strip().lower()
    if len(domain) > 253 or "." not in domain:
        return None
    if all(_LABEL.match(label) for label in domain.split(".")):
        return domain
    return None


def email_domain(email: str) -> str | None:
    """The lower-cased domain part of a well-formed email, or None when it is malformed."""
    if email.count("@") != 1 or len(email) > 320:
        return None
    local, _, domain = email.partition("@")
    if not local or _LOCAL_FORBIDDEN.search(local):
        return None
    if domain != domain.strip():
        return None
    return normalize_domain(domain)


def initials(name: str) -> str:
    """First letter of the first and of the last word, upper-cased (one for one word)."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


RUN_PREFIX = re.compile(r"^[a-z0-9-]{8,}$")


def normalize_txt_name(name: str) -> str | None:
    """A DNS name as the resolver keys it (lower-cased, no trailing dot), or None if invalid.

    Labels may start with an underscore (``_account-verification.example.com``).
    """
    key = name.strip().lower().removesuffix(".")
    if not key or len(key) > 253:
        return None
    return key if all(_DNS_LABEL.match(label) for label in key.split(".")) else None
