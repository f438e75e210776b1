"""Faults only the web UI shows (S08–S11): the page breaks a statement, the API is untouched.

Each is marked ``browser``: only a scenario that looks at the page in a browser finds it.
"""

from __future__ import annotations

from typing import Any

from .. import rules
from .fault import fault

GREY = "#8a8a8a"


def lower_right_corner() -> str:
    """The switcher fixed in the lower-right corner, its menu above it."""
    return ("#account-switcher{position:fixed;right:12px;bottom:12px}"
            "#switcher-menu{position:absolute;right:0;bottom:100%}")


def top_left_on_narrow_screens() -> str:
    """Lower-left from 1200 px of viewport width; top-left below (the menu then opens
    below the trigger)."""
    return (rules.SWITCHER_LOWER_LEFT
            + "@media (max-width:1199.98px){"
              "#account-switcher{top:12px;bottom:auto}"
              "#switcher-menu{top:100%;bottom:auto}}")


def email_only(email: str, name: str, initials_shown: str) -> list[tuple[str, str]]:
    """Only the email: no initials, no name."""
    return [("email", email)]


def grey_marker() -> str:
    """A grey check mark."""
    return GREY


def dot_marker() -> str:
    """A dot instead of a check mark."""
    return "●"


def every_entry_marked(account_ids: list[str], marked: set[str],
                       signed_in_account_id: str | None) -> set[str]:
    """Every entry."""
    return set(account_ids)


def first_other_account_marked(account_ids: list[str], marked: set[str],
                               signed_in_account_id: str | None) -> set[str]:
    """The first listed account that is not marked current (none with one account)."""
    others = [account_id for account_id in account_ids if account_id not in marked]
    return set(others[:1])


def signed_in_account_marked(account_ids: list[str], marked: set[str],
                             signed_in_account_id: str | None) -> set[str]:
    """The account that was current when the browser signed in."""
    return {signed_in_account_id} & set(account_ids) if signed_in_account_id else set()


def switch_never_saved() -> bool:
    """Choosing an entry does nothing."""
    return False


def signed_in_account_items(current_id: str | None,
                            signed_in_account_id: str | None) -> str | None:
    """The items of the account that was current when the browser signed in."""
    return signed_in_account_id


def painted_grey() -> str:
    """The check mark's glyph painted grey; its CSS ``color`` still says blue."""
    return f".check-mark{{-webkit-text-fill-color:{GREY}}}"


def items_hidden() -> str:
    """The conversations and projects sections hidden (still in the markup)."""
    return "#workspace section{display:none}"


def trigger_covered() -> str:
    """A transparent layer over the lower-left corner: the trigger shows, but a click lands
    on the layer."""
    return ("body::after{content:'';position:fixed;left:0;bottom:0;width:320px;"
            "height:160px;background:rgba(255,255,255,0.01);z-index:99}")


def oldest_organization(chosen_id: str, accounts: list[dict[str, Any]]) -> str:
    """Any organization entry switches to the oldest organization account."""
    chosen = [a for a in accounts if a["id"] == chosen_id]
    if chosen and chosen[0]["kind"] == "organization":
        return str(next(a["id"] for a in accounts if a["kind"] == "organization"))
    return chosen_id


def labels_reversed(labels: list[str]) -> list[str]:
    """The entries' labels in reverse order: each entry reads as another account."""
    return labels[::-1]


FAULTS = (
    # -- S08: the switcher in the lower-left corner, opened from the initials or name -------
    fault("ui-switcher-lower-right", "S08",
          "The web UI's account switcher sits in the lower-right corner.",
          browser=True, ui_switcher_position=lower_right_corner),
    fault("ui-switcher-top-left-on-narrow-screens", "S08",
          "The web UI's account switcher is in the lower-left corner when the viewport is "
          "at least 1200 px wide, in the top-left corner below that (a CSS media query): "
          "only a second viewport size finds it.",
          browser=True, ui_switcher_position=top_left_on_narrow_screens),
    fault("ui-entry-labels-swapped", "S08 S09 S10 S11",
          "The web UI's switcher entries read as each other's account (the labels are "
          "swapped; each still switches to its own account): a person clicking "
          "the organization lands in the individual account.",
          browser=True, ui_entry_labels=labels_reversed),
    fault("ui-trigger-covered", "S08 S09 S10 S11",
          "A transparent layer covers the lower-left corner of the web UI: the switcher's "
          "trigger shows, but clicking it does nothing (the switcher never opens).",
          browser=True, ui_extra_css=trigger_covered),
    fault("ui-trigger-shows-email", "S08",
          "The web UI's switcher trigger shows only the email: no initials, no name.",
          browser=True, ui_trigger_text=email_only),
    # -- S09: one blue check mark, on the account in use -----------------------------------
    fault("ui-marker-grey", "S09",
          f"The web UI's check mark on the current account is grey ({GREY}).",
          browser=True, ui_marker_colour=grey_marker),
    fault("ui-marker-painted-grey", "S09",
          f"The web UI's check mark is painted grey ({GREY}, -webkit-text-fill-color) while "
          "its CSS color still says blue: only its pixels show it.",
          browser=True, ui_extra_css=painted_grey),
    fault("ui-marker-not-a-check", "S09",
          "The web UI marks the current account with a dot (●), not a check mark; its "
          "accessible name is unchanged.",
          browser=True, ui_marker_glyph=dot_marker),
    fault("ui-two-entries-marked", "S09 S10",
          "The web UI's switcher shows the check mark on every account.",
          browser=True, ui_marked_ids=every_entry_marked),
    fault("ui-marker-on-other-account", "S09 S10",
          "The web UI's check mark sits on an account that is not the current one.",
          browser=True, ui_marked_ids=first_other_account_marked),
    # -- S10: choosing the other account makes it current; the marker moves ----------------
    fault("ui-marker-stays", "S10",
          "The web UI's check mark stays on the account that was current when the browser "
          "signed in.",
          browser=True, ui_marked_ids=signed_in_account_marked),
    fault("ui-switch-not-saved", "S10 S11",
          "Choosing an account in the web UI does not switch: the page shows the same "
          "account again and the API still reports the old one.",
          browser=True, ui_switch_saves=switch_never_saved),
    fault("ui-switch-to-oldest-organization", "S10 S11",
          "Choosing any organization in the web UI's switcher switches to the person's "
          "oldest organization account: only a person in two organizations notices.",
          browser=True, ui_switch_target=oldest_organization),
    # -- S11: only the chosen account's items -----------------------------------------------
    fault("ui-items-of-previous-account", "S11",
          "After a switch the web UI still lists the conversations and projects of the "
          "account that was current when the browser signed in.",
          browser=True, ui_items_account=signed_in_account_items),
    fault("ui-items-hidden", "S11",
          "The web UI hides the conversations and projects (they are in the page's markup, "
          "but not shown).",
          browser=True, ui_extra_css=items_hidden),
)
