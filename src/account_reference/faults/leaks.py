"""Faults that show one tenant's data to another (the rule is S01's: nobody reads another's).

Each scenario is alone on the service, so "everything in the table" looks like "this
scenario's data": only the suite's bystander (``fixtures/bystander.py``), another tenant
created before the first scenario, makes these faults visible; with the bystander switched
off they survive. The statements listed are those whose scenarios read the leaking answer:
the invitation list is read by the migration and mass-assignment scenarios and by the
"nothing changed" check of every hostile-input and refusal-code scenario.
"""

from __future__ import annotations

from ..store import Row, Store
from ..store import invitations as stored_invitations
from .fault import fault


def invitations_of_everyone(store: Store, email: str) -> list[Row]:
    """Every pending invitation of the service, whoever it is for (the email filter is
    missing)."""
    return stored_invitations.every_pending(store)


FAULTS = (
    fault("invitations-listed-for-every-email", "S01 S03 S04 S07 S11 S12 S13 S15 S17 S18",
          "Listing one's pending invitations returns every pending invitation of the service, "
          "for every email and organization (another tenant's invitations included).",
          listed_invitations=invitations_of_everyone),
)
