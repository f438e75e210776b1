"""Persistence: what the reference acknowledged survives a crash (SIGKILL) and a restart.

The reference runs with a database file (``--db FILE``). Writer threads, each with its own
HTTP driver, make people and their things as fast as they can: a session, an individual
account, a conversation and a project in it, a paid plan, a Team organization, an invitation
for a second person, a switch to the organization account and a conversation there. Every
call that got its 2xx answer is recorded as *acknowledged*. In the middle of this the process
is killed with SIGKILL (no shutdown, no checkpoint), the file is checked by SQLite, and a new
process is started on the same file (on a new port).

Then everything acknowledged is read back through the driver **with the sessions made before
the crash**: sessions survive (tokens are stored, hashed, in the file), and so do identities,
accounts, plans, the current account of a session, conversations, projects, organizations,
members and invitations. What was in flight when the process died (sent, not answered) may
or may not be there; nothing acknowledged may be lost. The figures are printed.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

from account_conformance.driver import (
    Account,
    DriverSettings,
    HttpAccountServiceDriver,
    Item,
    Session,
    SuiteError,
)
from account_conformance.embedded import EmbeddedReference
from conftest import say

WRITERS = 4
KILL_AFTER_ACKS = 240
KILL_AT_THE_LATEST_S = 8.0
PREFIX = "persistence-run"
T = TypeVar("T")


@dataclass
class Person:
    """One writer's person and what the service acknowledged for them."""

    email: str
    session: Session | None = None
    individual: Account | None = None
    plan: str = "free"
    plan_in_flight: bool = False  # sent, no answer yet: either plan may be in the file
    org_id: str | None = None
    org_account: Account | None = None
    invitee_session: Session | None = None
    invitation_id: str | None = None
    switched: bool = False
    items: dict[str, list[Item]] = field(default_factory=dict)  # account id -> items


@dataclass
class Record:
    """Everything acknowledged, across the writer threads."""

    people: list[Person] = field(default_factory=list)
    acks: int = 0
    in_flight_failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ack(self) -> int:
        """Count one acknowledged write; the total so far."""
        with self.lock:
            self.acks += 1
            return self.acks


def _driver(base_url: str) -> HttpAccountServiceDriver:
    return HttpAccountServiceDriver(DriverSettings(base_url, connect_timeout_s=2,
                                                   read_timeout_s=5))


def _writer(base_url: str, number: int, record: Record, stop: threading.Event) -> None:
    """Make people and their things until the service dies or ``stop`` is set."""
    driver = _driver(base_url)

    def acked(write: Callable[..., T], *args: object) -> T:
        value = write(*args)  # raises if the write was not acknowledged
        if record.ack() >= KILL_AFTER_ACKS:
            stop.set()
        return value

    try:
        for count in range(10_000):
            person = Person(f"writer{number}.{count}@{PREFIX}.example.test")
            with record.lock:
                record.people.append(person)
            session = acked(driver.start_session, person.email, "Per Sistenz")
            person.session = session
            person.individual = acked(driver.sign_up_individual, session)
            for kind in ("conversation", "project"):
                item = acked(driver.create_item, session, kind, f"{kind} {count}")
                person.items.setdefault(person.individual.id, []).append(item)
            person.plan_in_flight = True
            acked(driver.set_individual_plan, person.email, "pro")
            person.plan, person.plan_in_flight = "pro", False
            organization, account = acked(driver.create_organization, session,
                                          f"{PREFIX} writer {number}.{count}", "team")
            person.org_id, person.org_account = organization.id, account
            invitee = f"invitee{number}.{count}@{PREFIX}.example.test"
            person.invitee_session = acked(driver.start_session, invitee, "Ina Vitee")
            person.invitation_id = acked(driver.invite, session, organization.id, invitee,
                                         "member").id
            acked(driver.switch_account, session, account.id)
            person.switched = True
            item = acked(driver.create_item, session, "conversation", f"org {count}")
            person.items.setdefault(account.id, []).append(item)
    except (SuiteError, AssertionError):  # the process died under us: this write is lost
        with record.lock:
            record.in_flight_failures += 1
    finally:
        driver.close()


def _check_person(driver: HttpAccountServiceDriver, person: Person) -> int:
    """Read back everything acknowledged for one person; how many facts were checked."""
    if person.session is None:
        return 0
    session, checked = person.session, 1
    me = driver.whoami(session)  # the session itself survived
    assert me.identity.email.lower() == person.email.lower(), me
    accounts = {a.id: a for a in driver.list_accounts(session)}
    if person.individual is not None:
        assert person.individual.id in accounts, f"{person.email}: individual account lost"
        plans = {person.plan, "pro"} if person.plan_in_flight else {person.plan}
        assert accounts[person.individual.id].plan in plans, accounts[person.individual.id]
        checked += 2
    if person.org_account is not None:
        assert person.org_account.id in accounts, f"{person.email}: organization account lost"
        organization = driver.get_organization(session, person.org_id or "")
        members = {m.account_id for m in driver.list_members(session, organization.id)}
        assert person.org_account.id in members, f"{person.email}: membership lost"
        checked += 3
    if person.invitation_id is not None and person.invitee_session is not None:
        pending = {i.id for i in driver.list_my_invitations(person.invitee_session)}
        assert person.invitation_id in pending, f"{person.email}: invitation lost"
        checked += 1
    if person.switched:
        assert me.current_account_id == (person.org_account.id if person.org_account else None), (
            f"{person.email}: the session's switch to the organization account was lost")
        checked += 1
    for account_id, items in person.items.items():
        driver.switch_account(session, account_id)
        for kind in ("conversation", "project"):
            listed = {i.id for i in driver.list_items(session, kind)}
            for item in (i for i in items if i.kind == kind):
                assert item.id in listed, f"{person.email}: {kind} {item.id} lost"
                checked += 1
    return checked



@pytest.mark.slow
def test_acknowledged_writes_survive_sigkill_and_restart(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    db = tmp_path / "reference.sqlite3"
    record, stop = Record(), threading.Event()
    started = time.perf_counter()
    first = EmbeddedReference(db_path=db)
    first.start()
    try:
        writers = [threading.Thread(target=_writer, args=(first.base_url, n, record, stop))
                   for n in range(WRITERS)]
        for thread in writers:
            thread.start()
        stop.wait(KILL_AT_THE_LATEST_S)
        assert first.pid is not None
        first.kill()  # SIGKILL while the writers are still writing
        killed_at_acks = record.acks
        for thread in writers:
            thread.join(timeout=15)
        assert not any(t.is_alive() for t in writers), "a writer hung after the kill"
    finally:
        first.stop()
    assert killed_at_acks >= 50, f"only {killed_at_acks} writes before the kill"

    with sqlite3.connect(db) as check:  # the file itself is sound after the crash
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()

    with EmbeddedReference(db_path=db) as second:
        driver = _driver(second.base_url)
        try:
            checked = sum(_check_person(driver, person) for person in record.people)
            fresh = driver.start_session(f"after@{PREFIX}.example.test", "Nach Her")
            driver.sign_up_individual(fresh)  # and the restarted service takes new writes
        finally:
            driver.close()
    people = sum(1 for p in record.people if p.session is not None)
    say(request, f"\npersistence: {record.acks} acknowledged writes by {WRITERS} writers "
                  f"({people} people) before SIGKILL, {record.in_flight_failures} writes cut "
                  f"off in flight; after restart {checked} acknowledged facts read back with "
                  f"the old sessions, 0 lost; wall {time.perf_counter() - started:.1f} s")
    assert checked >= killed_at_acks // 2
