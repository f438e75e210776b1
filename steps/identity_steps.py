"""Steps for what the account switcher shows: the person's name and initials (S08, ui).

The switcher itself is on screen; over the service's interface the suite checks the data it
needs, the signed-in identity's name and initials, both from the sign-in answer and from
asking the session who it belongs to.
"""

from __future__ import annotations

from behave import given, then
from behave.runner import Context

from account_conformance.driver import Identity
from fixtures.data import PersonData
from fixtures.wording import quoted
from fixtures.world import ScenarioWorld, scenario_world


def _name_and_initials(name: str, initials: str) -> str:
    return f"{quoted(name)} with the initials {quoted(initials)}"


def _shown(world: ScenarioWorld, person: str) -> list[Identity]:
    """The identity as the sign-in answered it (if it did) and as the session reports it."""
    session = world.session(person)
    shown = [world.driver.whoami(session).identity]
    if session.identity is not None:
        shown.append(session.identity)
    return shown


@given('{person:Person} is called "{name:PersonName}"')
def step_is_called(context: Context, person: str, name: str) -> None:
    """Before signing in, give the person this name (first names, then the last name)."""
    world = scenario_world(context)
    *first, last = name.split()
    email = world.data.person().email
    world.new_person(person, PersonData(" ".join(first), last, email))


@then("the switcher shows {person:Person}'s name and initials")
def step_switcher_shows_person_name_and_initials(context: Context, person: str) -> None:
    """The signed-in identity carries the person's email, name and initials."""
    world = scenario_world(context)
    data = world.person(person).data
    for identity in _shown(world, person):
        world.words.expect(identity.email.lower() == data.email.lower(),
                           f"the email {person} is signed in with", data.email, identity.email)
        world.words.expect((identity.name, identity.initials) == (data.name, data.initials),
                           f"what the switcher shows for {person}",
                           _name_and_initials(data.name, data.initials),
                           _name_and_initials(identity.name, identity.initials))


@then('the switcher shows {person:Person} as "{name:PersonName}" with the initials '
      '"{initials:Initials}"')
def step_switcher_shows(context: Context, person: str, name: str, initials: str) -> None:
    """The signed-in identity carries exactly this name and these initials."""
    world = scenario_world(context)
    for identity in _shown(world, person):
        world.words.expect((identity.name, identity.initials) == (name, initials),
                           f"what the switcher shows for {person}",
                           _name_and_initials(name, initials),
                           _name_and_initials(identity.name, identity.initials))
