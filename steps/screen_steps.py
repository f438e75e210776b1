"""Steps for the screen the article describes (S08–S11), in a real browser (``@browser``).

Each step calls the UI driver (``account_conformance.driver.ui``) through the scenario's
``Screen`` (``fixtures/screen.py``) and asserts on what it located; what the screen shows is
compared with what the service answers over HTTP for the same session. Thresholds (the
lower-left corner, blue) are in ``fixtures/screen.py``.
"""

from __future__ import annotations

from behave import given, then, when
from behave.runner import Context

from account_conformance.driver import Account
from account_conformance.driver.ui import (
    CHECK_GLYPHS,
    ScreenItems,
    SwitcherEntry,
    Viewport,
    is_blue,
)
from fixtures.screen import (
    Screen,
    entry_for,
    lower_left,
    marked,
    poll,
    scenario_screen,
    shows_name_or_initials,
)
from fixtures.world import ScenarioWorld, scenario_world


def _names(world: ScenarioWorld) -> dict[str, str]:
    """Organization id -> name, for the organizations the scenario made."""
    return {org.id: org.name for org in world.organizations.values()}


def _marked_entry(screen: Screen) -> SwitcherEntry:
    """The one entry that carries the marker (an AssertionError naming them otherwise)."""
    entries = screen.ui.entries()
    carrying = marked(entries)
    assert len(carrying) == 1, (
        f"{len(carrying)} of {len(entries)} switcher entries carry the marker "
        f"({screen.ui.locators.marker!r}): {[e.text for e in carrying] or 'none'}")
    return carrying[0]


@given("{person:Person} has opened the service in the browser on a {viewport:Viewport} screen")
def step_has_opened_the_service_in_the_browser(context: Context, person: str,
                                              viewport: Viewport) -> None:
    """Sign a fresh browser in as the person's session and open the service's page."""
    scenario_screen(context).open_as(scenario_world(context), person, viewport)


@then("the switcher trigger shows {person:Person}'s initials or name")
def step_the_switcher_trigger_shows_initials_or_name(context: Context, person: str) -> None:
    """The trigger's text or accessible name shows the name or initials the service gives."""
    world, screen = scenario_world(context), scenario_screen(context)
    me = world.driver.whoami(world.session(person))
    trigger = screen.ui.trigger()
    assert shows_name_or_initials(trigger, me.identity.name, me.identity.initials), (
        f"the switcher trigger shows {trigger.text!r} (accessible name "
        f"{trigger.accessible_name!r}), neither the name {me.identity.name!r} nor the initials "
        f"{me.identity.initials!r}")


@then("the switcher trigger lies in the lower-left corner of the screen")
def step_the_switcher_trigger_lies_in_the_lower_left_corner(context: Context) -> None:
    """The trigger's box: inside the viewport, centre in its left and lower thirds."""
    screen = scenario_screen(context)
    screen.signed_in()
    trigger = screen.ui.trigger()
    viewport = screen.viewport
    assert viewport is not None
    problem = lower_left(trigger.box, viewport)
    assert problem is None, f"the switcher trigger is not in the lower-left corner: {problem}"


@when("{person:Person} opens the account switcher")
def step_opens_the_account_switcher(context: Context, person: str) -> None:
    """Click the trigger; the menu must show."""
    screen = scenario_screen(context)
    assert screen.signed_in() == person, f"the browser is signed in as {screen.person}"
    screen.ui.open_switcher()


@then("the switcher lists every account of {person:Person} once")
def step_the_switcher_lists_every_account_once(context: Context, person: str) -> None:
    """One entry per account the service lists for the person, each found once."""
    world, screen = scenario_world(context), scenario_screen(context)
    accounts = world.accounts(person)
    entries = screen.ui.entries()
    assert len(entries) == len(accounts), (
        f"the switcher lists {len(entries)} entries {[e.text for e in entries]}, the service "
        f"{len(accounts)} accounts")
    for account in accounts:
        entry_for(entries, account, _names(world))


@then("exactly one entry of the switcher carries the marker")
def step_exactly_one_entry_carries_the_marker(context: Context) -> None:
    """One visible marker among the entries (polled: the page may still be settling)."""
    screen = scenario_screen(context)
    poll(lambda: _marked_entry(screen))


@then("the marker is a check mark")
def step_the_marker_is_a_check_mark(context: Context) -> None:
    """The marker's glyph (or accessible name) is what the locator file declares."""
    screen = scenario_screen(context)
    locators = screen.ui.locators
    marker = _marked_entry(screen).marker
    assert marker is not None
    if locators.marker_is == "glyph":
        assert locators.marker_text in marker.text and any(
            glyph in marker.text for glyph in CHECK_GLYPHS), (
            f"the marker shows {marker.text!r}, not the check mark {locators.marker_text!r}")
    else:
        name = " ".join(marker.accessible_name.split()).casefold()
        assert name == locators.marker_text.casefold(), (
            f"the marker's accessible name is {marker.accessible_name!r}, not "
            f"{locators.marker_text!r}")


@then("the marker is blue")
def step_the_marker_is_blue(context: Context) -> None:
    """The marker is painted blue (its pixels, else its computed colour; ``colour.py``)."""
    screen = scenario_screen(context)
    marker = _marked_entry(screen).marker
    assert marker is not None
    painted = getattr(marker, "painted", None)
    if painted is not None:
        assert is_blue(painted), (
            f"the marker is painted {painted} on the screen, not blue (its "
            f"{screen.ui.locators.marker_colour} is {marker.colour!r})")
        return
    assert marker.colour is not None and is_blue(marker.colour), (
        f"the marker's {screen.ui.locators.marker_colour} is {marker.colour!r}, not blue")


def _marker_on(context: Context, account: Account) -> None:
    world, screen = scenario_world(context), scenario_screen(context)

    def check() -> None:
        entry = _marked_entry(screen)
        wanted = entry_for(screen.ui.entries(), account, _names(world))
        assert entry.index == wanted.index, (
            f"the marker is on {entry.text!r}, not on the {account.kind} account's entry "
            f"{wanted.text!r}")

    poll(check)


@then("the marker is on the account {person:Person}'s session is using")
def step_the_marker_is_on_the_account_the_session_is_using(context: Context, person: str) -> None:
    """The marked entry is the account the service says the session is using."""
    world = scenario_world(context)
    current = [a for a in world.accounts(person) if a.current]
    assert len(current) == 1, f"the service marks {len(current)} accounts current"
    _marker_on(context, current[0])


@then("the marker is on the {account:AccountKind} account")
def step_the_marker_is_on_the_account(context: Context, account: str) -> None:
    """The marked entry stands for the person's account of this kind."""
    screen = scenario_screen(context)
    _marker_on(context, scenario_world(context).account_of_kind(screen.signed_in(), account))


@then("the marker is on the account in {org:Org}")
def step_the_marker_is_on_the_account_in_org(context: Context, org: str) -> None:
    """The marked entry stands for the person's account in that organization."""
    screen = scenario_screen(context)
    _marker_on(context, scenario_world(context).account_in(screen.signed_in(), org))


def _choose(context: Context, person: str, chosen: Account) -> None:
    world, screen = scenario_world(context), scenario_screen(context)
    assert screen.signed_in() == person, f"the browser is signed in as {screen.person}"
    screen.ui.choose(entry_for(screen.ui.entries(), chosen, _names(world)))


@when("{person:Person} chooses the {account:AccountKind} account in the switcher")
def step_chooses_the_account_in_the_switcher(context: Context, person: str, account: str
                                             ) -> None:
    """Open the switcher and click the entry of the person's account of this kind."""
    _choose(context, person, scenario_world(context).account_of_kind(person, account))


@when("{person:Person} chooses the account in {org:Org} in the switcher")
def step_chooses_the_account_in_org_in_the_switcher(context: Context, person: str, org: str
                                                    ) -> None:
    """Open the switcher and click the entry of the person's account in that organization."""
    _choose(context, person, scenario_world(context).account_in(person, org))


def _labels(items: ScreenItems, kind: str) -> list[str]:
    return sorted(items.conversations if kind == "conversation" else items.projects)


@then("the screen shows the conversations and projects of the {account:AccountKind} account")
def step_the_screen_shows_the_conversations_and_projects_of_the_account(context: Context,
                                                                        account: str) -> None:
    """Exactly the conversations and projects the scenario made in that account."""
    _shows_items_made_in(context, account, f"the {account} account")


@then("the screen shows the conversations and projects of the account in {org:Org}")
def step_the_screen_shows_the_conversations_and_projects_of_the_account_in_org(
        context: Context, org: str) -> None:
    """Exactly the conversations and projects the scenario made in the account in ``org``."""
    _shows_items_made_in(context, f"account in {org}", f"the account in {org}")


def _shows_items_made_in(context: Context, key: str, what: str) -> None:
    """Poll until the page lists exactly the items the scenario made under ``key``."""
    world, screen = scenario_world(context), scenario_screen(context)
    person = world.person(screen.signed_in())

    def check() -> None:
        items = screen.ui.items()
        for kind in ("conversation", "project"):
            made = sorted(i.label for i in person.made(key, kind))
            shown = _labels(items, kind)
            assert shown == made, f"the screen shows the {kind}s {shown}, {what} has {made}"

    poll(check)


@then("the screen shows what the service lists for {person:Person}'s session")
def step_the_screen_shows_what_the_service_lists(context: Context, person: str) -> None:
    """The page's conversations and projects are the ones the API lists for the session."""
    world, screen = scenario_world(context), scenario_screen(context)
    session = world.session(person)
    items = screen.ui.items()
    for kind in ("conversation", "project"):
        listed = sorted(i.label for i in world.driver.list_items(session, kind))
        shown = _labels(items, kind)
        assert shown == listed, (
            f"the screen shows the {kind}s {shown}, the service lists {listed} for the same "
            "session")
