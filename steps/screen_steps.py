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
    entries_among,
    entry_for,
    entry_texts,
    lower_left,
    marked,
    poll,
    scenario_screen,
    shows_name_or_initials,
)
from fixtures.wording import quoted
from fixtures.world import ScenarioWorld, scenario_world


def _names(world: ScenarioWorld) -> dict[str, str]:
    """Organization id -> name, for the organizations the scenario made."""
    return {org.id: org.name for org in world.organizations.values()}


def _marked_entry(world: ScenarioWorld, screen: Screen,
                  entries: list[SwitcherEntry] | None = None) -> SwitcherEntry:
    """The one entry (of ``entries``, else of a fresh read) that carries the marker; a check
    failure naming the entries otherwise."""
    entries = screen.ui.entries() if entries is None else entries
    carrying = marked(entries)
    return world.words.one(
        carrying, "the switcher entries carrying the marker (located by "
        f"{quoted(screen.ui.locators.marker)})", "exactly one", entries_among(carrying, entries))


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
    world.words.expect(
        shows_name_or_initials(trigger, me.identity.name, me.identity.initials),
        "the switcher trigger",
        f"{person}'s name {quoted(me.identity.name)} or initials {quoted(me.identity.initials)}",
        f"{quoted(trigger.text)} (accessible name {quoted(trigger.accessible_name)})")


@then("the switcher trigger lies in the lower-left corner of the screen")
def step_the_switcher_trigger_lies_in_the_lower_left_corner(context: Context) -> None:
    """The trigger's box: inside the viewport, centre in its left and lower thirds."""
    world, screen = scenario_world(context), scenario_screen(context)
    screen.signed_in()
    trigger = screen.ui.trigger()
    viewport = world.words.present(screen.viewport, "the browser's screen size",
                                   "the size the scenario opened it at", "none")
    problem = lower_left(trigger.box, viewport)
    world.words.expect(problem is None, "the place of the switcher trigger",
                       "the lower-left corner of the screen", problem)


@when("{person:Person} opens the account switcher")
def step_opens_the_account_switcher(context: Context, person: str) -> None:
    """Click the trigger; the menu must show."""
    world, screen = scenario_world(context), scenario_screen(context)
    _check_signed_in_as(world, screen, person)
    screen.ui.open_switcher()


@then("the switcher lists every account of {person:Person} once")
def step_the_switcher_lists_every_account_once(context: Context, person: str) -> None:
    """One entry per account the service lists for the person, each found once."""
    world, screen = scenario_world(context), scenario_screen(context)
    accounts = world.accounts(person)
    entries = screen.ui.entries()
    world.words.expect(len(entries) == len(accounts), f"the entries of {person}'s switcher",
                       f"one for each of {world.words.accounts(accounts)}",
                       entry_texts(entries))
    for account in accounts:
        entry_for(entries, account, _names(world))


@then("exactly one entry of the switcher carries the marker")
def step_exactly_one_entry_carries_the_marker(context: Context) -> None:
    """One visible marker among the entries (polled: the page may still be settling)."""
    world, screen = scenario_world(context), scenario_screen(context)
    poll(lambda: _marked_entry(world, screen))


@then("the marker is a check mark")
def step_the_marker_is_a_check_mark(context: Context) -> None:
    """The marker's glyph (or accessible name) is what the locator file declares."""
    world, screen = scenario_world(context), scenario_screen(context)
    locators = screen.ui.locators
    marker = world.words.present(_marked_entry(world, screen).marker, "the marker",
                                 "a visible marker", "none")
    if locators.marker_is == "glyph":
        world.words.expect(
            locators.marker_text in marker.text
            and any(glyph in marker.text for glyph in CHECK_GLYPHS),
            "what the marker shows", f"the check mark {quoted(locators.marker_text)}",
            quoted(marker.text))
    else:
        name = " ".join(marker.accessible_name.split()).casefold()
        world.words.expect(name == locators.marker_text.casefold(),
                           "the marker's accessible name", quoted(locators.marker_text),
                           quoted(marker.accessible_name))


@then("the marker is blue")
def step_the_marker_is_blue(context: Context) -> None:
    """The marker is painted blue (its pixels, else its computed colour; ``colour.py``)."""
    world, screen = scenario_world(context), scenario_screen(context)
    marker = world.words.present(_marked_entry(world, screen).marker, "the marker",
                                 "a visible marker", "none")
    property_name = screen.ui.locators.marker_colour
    painted = getattr(marker, "painted", None)
    if painted is not None:
        world.words.expect(is_blue(painted), "the colour the marker is painted on the screen",
                           "blue", f"{painted} (its {property_name} is "
                           f"{_colour(marker.colour)})")
        return
    world.words.expect(marker.colour is not None and is_blue(marker.colour),
                       f"the marker's {property_name}", "blue", _colour(marker.colour))


def _colour(colour: str | None) -> str:
    """A CSS colour as the page gave it (``no colour`` when it gave none)."""
    return quoted(colour) if colour is not None else "no colour"


def _marker_on(context: Context, account: Account) -> None:
    world, screen = scenario_world(context), scenario_screen(context)

    def check() -> None:
        entries = screen.ui.entries()  # one read per attempt: the marker and the entry agree
        entry = _marked_entry(world, screen, entries)
        wanted = entry_for(entries, account, _names(world))
        world.words.expect(entry.index == wanted.index, "the switcher entry with the marker",
                           f"{quoted(wanted.text)}, the entry of {world.words.account(account)}",
                           quoted(entry.text))

    poll(check)


@then("the marker is on the account {person:Person}'s session is using")
def step_the_marker_is_on_the_account_the_session_is_using(context: Context, person: str) -> None:
    """The marked entry is the account the service says the session is using."""
    world = scenario_world(context)
    accounts = world.accounts(person)
    current = [a for a in accounts if a.current]
    world.words.expect(len(current) == 1, f"the accounts {person}'s list marks current",
                       "exactly one", world.words.accounts(accounts))
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


def _check_signed_in_as(world: ScenarioWorld, screen: Screen, person: str) -> None:
    """The browser is signed in as ``person`` (a scenario-text error when it is not open)."""
    signed_in = screen.signed_in()
    world.words.expect(signed_in == person, "the person the browser is signed in as", person,
                       signed_in)


def _choose(context: Context, person: str, chosen: Account) -> None:
    world, screen = scenario_world(context), scenario_screen(context)
    _check_signed_in_as(world, screen, person)
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
            world.words.expect(shown == made, f"the {kind}s on the screen",
                               f"those of {what}: {_labels_in_words(made, kind)}",
                               _labels_in_words(shown, kind))

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
        world.words.expect(shown == listed, f"the {kind}s on the screen",
                           f"those the service lists for {person}'s session: "
                           f"{_labels_in_words(listed, kind)}", _labels_in_words(shown, kind))


def _labels_in_words(labels: list[str], kind: str) -> str:
    """``no conversation``, ``2 conversations: “Plan B”; “Q3”``."""
    if not labels:
        return f"no {kind}"
    return f"{len(labels)} {kind}{'' if len(labels) == 1 else 's'}: " + "; ".join(
        quoted(label) for label in labels)
