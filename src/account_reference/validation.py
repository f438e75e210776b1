"""Normalising and checking emails, domains and names (pure functions, no I/O).

Emails and domains are held to what the contract's ``format: email`` and ``format: hostname``
accept (as a JSON Schema validator checks them), so nothing the service stores and echoes
back can break the contract: a local part is an RFC 5322 dot-atom of at most 64 ASCII
characters; a domain has at least two LDH labels, and a label with ``--`` in its third and
fourth place must be a valid IDNA A-label (``xn--…``).
"""

from __future__ import annotations

import re

import idna

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_DNS_LABEL = re.compile(r"^[a-z0-9_][a-z0-9_-]{0,62}$")
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL_PART = re.compile(rf"^{_ATEXT}(?:\.{_ATEXT})*$")  # a dot-atom, no quoted strings
LOCAL_PART_MAX = 64

BUILTIN_PUBLIC_EMAIL_DOMAINS: frozenset[str] = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com",
    "icloud.com", "gmx.de", "web.de", "proton.me", "aol.com",
})


def normalize_domain(value: str) -> str | None:
    """The domain lower-cased, or None when it is not a valid hostname (white space around
    it too: the contract's domain pattern has none)."""
    domain = value.lower()
    if len(domain) > 253 or "." not in domain:
        return None
    if all(_valid_label(label) for label in domain.split(".")):
        return domain
    return None


def _valid_label(label: str) -> bool:
    """An LDH label; one with ``--`` in places 3–4 only as a valid A-label (``xn--…``)."""
    if not _LABEL.match(label):
        return False
    if label[2:4] != "--":
        return True
    if not label.startswith("xn--"):
        return False
    try:
        return idna.encode(idna.decode(label)).decode("ascii") == label
    except (idna.IDNAError, UnicodeError, ValueError):
        return False


def email_domain(email: str) -> str | None:
    """The lower-cased domain part of a well-formed email, or None when it is malformed."""
    if email.count("@") != 1 or len(email) > 320:
        return None
    local, _, domain = email.partition("@")
    if len(local) > LOCAL_PART_MAX or not _LOCAL_PART.match(local):
        return None
    if domain != domain.strip():
        return None
    return normalize_domain(domain)


def _upper(letter: str) -> str:
    """The letter upper-cased, unless that makes more than one character ('ß' → 'SS')."""
    upper = letter.upper()
    return upper if len(upper) == 1 else letter


def initials(name: str) -> str:
    """First letter of the first and of the last word, upper-cased (one for one word);
    always one or two characters, as the contract says."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return _upper(words[0][0])
    return _upper(words[0][0]) + _upper(words[-1][0])


RUN_PREFIX = re.compile(r"^[a-z0-9-]{8,}$")


def normalize_txt_name(name: str) -> str | None:
    """A DNS name as the resolver keys it (lower-cased, no trailing dot), or None if invalid.

    Labels may start with an underscore (``_account-verification.example.com``).
    """
    key = name.strip().lower().removesuffix(".")
    if not key or len(key) > 253:
        return None
    return key if all(_DNS_LABEL.match(label) for label in key.split(".")) else None
