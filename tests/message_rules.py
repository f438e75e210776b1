"""What a failure message must look like (issue 14): one expected-vs-actual line in words.

Shared by ``tests/test_messages.py`` (the rules themselves, and the wording helpers) and
``tests/test_fault_matrix.py`` (every failing scenario of every fault run): the first line
of a failure reads ``<what>: expected <…>; actual <…>``, shows no Python repr, and an id
only as ``(id X)`` / ``id X`` right after what it belongs to. Texts the service stored are
quoted typographically (“…”) and are not inspected: they are the service's words.
"""

from __future__ import annotations

import re

ASSERT_PREFIXES = ("ASSERT FAILED: ", "Assertion Failed: ")
SHAPE = re.compile(r"^\S.*: expected .+; actual .+")
QUOTED = re.compile(r"“[^”]*”")
REPRS = {
    "a dataclass repr": re.compile(r"\b[A-Z][A-Za-z]+\([a-z_]+="),
    "a quoted Python string": re.compile(r"(?:^|[\s(\[{:,=])'[^']*'(?=[\s)\]},:;.]|$)"),
    "a Python list or dict": re.compile(r"\[\s*['\"(\[]|\{\s*['\"]"),
    "None, True or False": re.compile(r"\b(?:None|True|False)\b"),
}
REFERENCE_ID = re.compile(r"(?<![\w/-])[a-z]{1,4}_[A-Za-z0-9_-]{16}(?![\w-])")
"""An id as the reference service makes them (``acc_`` + 16 URL-safe characters)."""
ID_OWNED = re.compile(r"id $")


def first_line(message: str) -> str:
    """The message's first line without behave's assertion prefix."""
    line = message.strip().splitlines()[0] if message.strip() else ""
    for prefix in ASSERT_PREFIXES:
        if line.startswith(prefix):
            line = line[len(prefix):]
    return line


def problems(message: str) -> list[str]:
    """What is wrong with a failure message's first line (empty: nothing)."""
    line = first_line(message)
    found = []
    if not SHAPE.match(line):
        found.append("not in the form '<what>: expected …; actual …'")
    unquoted = QUOTED.sub("“”", line)
    found += [f"shows {name}" for name, pattern in REPRS.items() if pattern.search(unquoted)]
    for match in REFERENCE_ID.finditer(unquoted):
        if not ID_OWNED.search(unquoted[:match.start()]):
            found.append(f"shows the id {match.group()} on its own, not as 'id …' after "
                         "what it belongs to")
    return found
