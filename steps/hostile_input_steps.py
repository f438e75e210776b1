"""Steps for hostile input: requests no client should send are refused cleanly, change nothing.

"Alex sends <input> to every <area> operation" takes the contract's operations of that area,
asks the driver's raw-request helper (``driver.raw``) for the hostile requests of that kind
for each operation, and sends them (``fixtures.hostile.send_hostile_input``; the input and
area phrases are the ``HostileInput`` and ``HostileArea`` types). Everything else in each
request is valid: Alex's session, the ids of the scenario's own objects, a valid body; so
the one wrong thing is what must be refused. Before sending, the step reads everything the
scenario's people and organizations show (accounts, current account, conversations,
projects, invitations, members, domains with their settings, single sign-on), so "a fresh
look shows that nothing has changed" can compare (``world.hostile``).

Refused cleanly means: a 4xx answer that is an RFC 9457 problem fitting the contract's
``Problem`` schema (so with a contract ``code``); never a 5xx, never a success. A driver
without raw requests ends the scenario with ``RawRequestsUnsupported``, a suite error (no
verdict), not a failure. A hostile request that got no answer (a timeout, a reset, a
gateway's 502) is followed by a look at whether the service is alive (``GET /v1/meta``
through the driver): if that gets no answer either, the transport's ``SuiteError`` stands
(an *error*: the service or the network is down); if it does, the request is sent once
more, and a second drop fails the scenario ("the service dropped the connection instead of
refusing …, twice, while it answered other requests"), while an answer is judged as any
other (``fixtures.hostile.send_all``).
"""

from __future__ import annotations

from behave import then, when
from behave.runner import Context

from fixtures.hostile import send_hostile_input, what_the_scenario_shows
from fixtures.wording import plural
from fixtures.world import required, scenario_world

SHOWN_IN_LINE = 3
"""How many findings the first line of a message names; the rest follow on lines below."""


# -- steps -------------------------------------------------------------------------------
@when("{person:Person} sends {hostile:HostileInput} to every {area:HostileArea} operation")
def step_sends_hostile_to_every_area_operation(context: Context, person: str, hostile: str,
                                               area: str) -> None:
    """Build the hostile requests for each operation of the area, then send them all."""
    send_hostile_input(scenario_world(context), person, hostile, area)


@then("every one of those requests is refused cleanly")
def step_refused_cleanly(context: Context) -> None:
    """Each got a 4xx RFC 9457 problem with a contract code: no 5xx, no success."""
    world = scenario_world(context)
    answers = required(world.hostile, "no hostile request was sent in this scenario").answers
    unclean = [a for a in answers if not a.refused_cleanly]  # all answered (send_all)
    if unclean:
        found = [a.describe() for a in unclean]
        more = len(found) - SHOWN_IN_LINE
        world.words.fail(
            f"the answers to the {len(answers)} hostile requests",
            "a clean refusal to each (a 4xx problem with a contract code)",
            f"{len(unclean)} not refused cleanly: " + "; ".join(found[:SHOWN_IN_LINE])
            + (f"; and {more} more" if more > 0 else "")
            + "".join(f"\n- {line}" for line in found[SHOWN_IN_LINE:12])
            + (f"\n… and {len(found) - 12} more" if len(found) > 12 else ""))


@then("a fresh look shows that nothing has changed")
def step_nothing_changed(context: Context) -> None:
    """Read everything again: accounts, items, invitations, members, domains, settings."""
    world = scenario_world(context)
    before = required(world.hostile, "no hostile request was sent in this scenario").before
    after = what_the_scenario_shows(world)
    changed = [key for key in before.keys() | after.keys() if before.get(key) != after.get(key)]
    if changed:
        words = world.words
        words.fail(
            "what the scenario shows after the hostile requests", "the same as before",
            f"{plural(len(changed), 'change')}: " + "; ".join(
                f"{key} changed from {words.describe(before.get(key))} to "
                f"{words.describe(after.get(key))}" for key in sorted(changed)))
