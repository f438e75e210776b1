"""The reference's web UI (issue 13): sign-in links, the /ui and /console pages, switching
from the browser, and the UI fault modes — a real reference process over loopback HTTP, the
HTML read with the standard library's parser (no browser)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from reference_client import Api, Run, assert_problem, http_api, new_org, new_run

from account_conformance.embedded import EmbeddedReference
from account_reference.faults import FAULTS
from account_reference.ui.sign_ins import BrowserSignIn, SignIns

run = pytest.fixture(new_run, name="run")
VOID = frozenset({"meta", "input", "br", "img", "link", "hr", "path"})
BLUE = "#1d6fe8"


# -- a tiny DOM ------------------------------------------------------------------------------
@dataclass
class Node:
    """An element: tag, attributes, children (nodes or text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join("".join(parts).split())

    def all(self, match: Callable[[Node], bool]) -> list[Node]:
        """Every descendant (and self) that matches, in document order."""
        found = [self] if match(self) else []
        for child in self.children:
            if isinstance(child, Node):
                found += child.all(match)
        return found

    def by_class(self, name: str) -> list[Node]:
        """Descendants with the CSS class ``name``."""
        return self.all(lambda n: name in n.attrs.get("class", "").split())

    def by_id(self, element_id: str) -> Node:
        """The one descendant with this id."""
        found = self.all(lambda n: n.attrs.get("id") == element_id)
        assert len(found) == 1, (element_id, len(found))
        return found[0]


class TreeBuilder(HTMLParser):
    """Builds ``Node``s from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element (void ones close at once)."""
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        """Close the open element, which must be ``tag``."""
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, (self.stack[-1].tag, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        """Text inside the open element."""
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    """The page as a tree (its tags must balance)."""
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], [n.tag for n in builder.stack]
    return builder.root


@dataclass(frozen=True)
class Screen:
    """What /ui shows, read from its markup."""

    css: str
    workspace_account: str
    title: str
    trigger: dict[str, str]             # class -> text of each part of the trigger
    entries: list[tuple[str, str]]      # (account id, text)
    marks: list[tuple[str, Node]]       # (account id of the entry, the check-mark element)
    conversations: list[str]
    projects: list[str]


def screen_of(page: str) -> Screen:
    """Read /ui's markup."""
    root = parse(page)
    menu = root.by_id("switcher-menu")
    entries = menu.by_class("switcher-entry")
    return Screen(
        css="".join(n.text for n in root.all(lambda n: n.tag == "style")),
        workspace_account=root.by_id("workspace").attrs["data-account-id"],
        title=root.by_id("current-account-title").text,
        trigger={n.attrs["class"]: n.text
                 for n in root.by_id("switcher-trigger").all(lambda n: n.tag == "span")},
        entries=[(e.attrs["data-account-id"], e.text) for e in entries],
        marks=[(e.attrs["data-account-id"], mark) for e in entries
               for mark in e.by_class("check-mark")],
        conversations=[n.text for n in root.by_id("conversation-list").by_class("item")],
        projects=[n.text for n in root.by_id("project-list").by_class("item")])


# -- a browser-like client ---------------------------------------------------------------------
@dataclass
class Browser:
    """A cookie-keeping client that does not follow redirects."""

    client: httpx.Client

    def sign_in(self, api: Api, token: str) -> httpx.Response:
        """Create a sign-in link for ``token`` and open it."""
        link = api.ok("POST", "/test-support/sign-in-links", status=201,
                      json={"token": token})["url"]
        return self.client.get(link)

    def page(self, path: str = "/ui") -> str:
        """A page that must answer 200 HTML, uncached."""
        reply = self.client.get(path)
        assert reply.status_code == 200, (reply.status_code, reply.text)
        assert reply.headers["content-type"] == "text/html; charset=utf-8"
        assert reply.headers["cache-control"] == "no-store"
        return reply.text

    def switch(self, account_id: str, **headers: str) -> httpx.Response:
        """Post the switcher's form as the page does."""
        return self.client.post("/ui/switch", data={"account_id": account_id,
                                                   "return_to": "/ui"},
                                headers={"Origin": str(self.client.base_url).rstrip("/"),
                                         **headers})


def browser_for(api: Api) -> Browser:
    """A fresh browser on ``api``'s service."""
    return Browser(httpx.Client(base_url=api.client.base_url, timeout=10))


@dataclass(frozen=True)
class Setup:
    """An identity with an individual account (current) and a Team organization account,
    one conversation and one project in each, signed in through a browser."""

    api: Api
    browser: Browser
    token: str
    email: str
    individual: str
    organization: str


def two_accounts(api: Api, run: Run, name: str = "Ann Bee") -> Setup:
    """Build a ``Setup``."""
    email = run.email("ann")
    token = api.session(email, name)
    individual = api.ok("POST", "/v1/me/individual-account", token, status=201, json={})["id"]
    api.ok("POST", "/v1/conversations", token, status=201, json={"title": "own chat"})
    api.ok("POST", "/v1/projects", token, status=201, json={"name": "own project"})
    organization = new_org(api, token, run, "team")["account"]["id"]
    api.ok("PUT", "/v1/me/current-account", token, json={"account_id": organization})
    api.ok("POST", "/v1/conversations", token, status=201, json={"title": "team chat"})
    api.ok("POST", "/v1/projects", token, status=201, json={"name": "team project"})
    api.ok("PUT", "/v1/me/current-account", token, json={"account_id": individual})
    browser = browser_for(api)
    assert browser.sign_in(api, token).status_code == 303
    return Setup(api, browser, token, email, individual, organization)


@pytest.fixture(scope="module", name="api")
def clean_api() -> Iterator[Api]:
    """A clean reference process for the module."""
    with EmbeddedReference() as service:
        yield http_api(service.base_url)


# -- sign-in ---------------------------------------------------------------------------------
def test_a_sign_in_link_is_one_time_and_sets_an_http_only_cookie(api: Api, run: Run) -> None:
    token = api.session(run.email("sam"), "Sam Lee")
    link = api.ok("POST", "/test-support/sign-in-links", status=201, json={"token": token})
    assert link["url"].startswith("/ui/sign-in/")
    browser = browser_for(api)
    opened = browser.client.get(link["url"])
    assert (opened.status_code, opened.headers["location"]) == (303, "/ui")
    assert opened.headers["cache-control"] == "no-store"
    cookie = opened.headers["set-cookie"].lower()
    assert cookie.startswith("account_ui=")
    assert {"httponly", "samesite=lax", "path=/"} <= {p.strip() for p in cookie.split(";")}
    assert token not in opened.headers["set-cookie"]  # the cookie is not the bearer token
    assert "Sam Lee" in browser.page()
    again = browser_for(api).client.get(link["url"])
    assert again.status_code == 404 and "text/html" in again.headers["content-type"]
    assert browser_for(api).client.get("/ui/sign-in/no-such-code").status_code == 404


def test_a_sign_in_link_needs_a_live_session(api: Api, run: Run) -> None:
    assert_problem(api.call("POST", "/test-support/sign-in-links", json={"token": "nope"}),
                   404, "not_found")
    assert_problem(api.call("POST", "/test-support/sign-in-links", json={}),
                   422, "invalid_request")
    assert_problem(api.call("POST", "/test-support/sign-in-links", json={"token": 5}),
                   422, "invalid_request")


def test_a_sign_in_code_expires() -> None:
    now = [0.0]
    sign_ins = SignIns(clock=lambda: now[0], code_ttl_s=120)
    fresh, stale = sign_ins.new_code("hash-1"), sign_ins.new_code("hash-2")
    now[0] = 119.0
    assert sign_ins.take_code(fresh) == "hash-1"
    assert sign_ins.take_code(fresh) is None  # once only
    now[0] = 120.0
    assert sign_ins.take_code(stale) is None
    cookie = sign_ins.new_cookie(BrowserSignIn("hash-1", "acc"))
    assert sign_ins.by_cookie(cookie) == BrowserSignIn("hash-1", "acc")
    assert sign_ins.by_cookie("other") is None and sign_ins.by_cookie(None) is None


def test_the_pages_need_a_signed_in_browser(api: Api, run: Run) -> None:
    nobody = browser_for(api)
    for reply in (nobody.client.get("/ui"), nobody.client.get("/console"),
                  nobody.switch("acc_x")):
        assert reply.status_code == 401 and "Not signed in" in reply.text
        assert reply.headers["content-type"] == "text/html; charset=utf-8"
    setup = two_accounts(api, run)
    setup.browser.page()
    api.ok("DELETE", f"/test-support/runs/{run.prefix}")  # removes the identity's sessions
    assert setup.browser.client.get("/ui").status_code == 401


# -- /ui ---------------------------------------------------------------------------------------
def test_the_page_lists_every_account_and_marks_the_current_one_once(api: Api,
                                                                    run: Run) -> None:
    setup = two_accounts(api, run)
    screen = screen_of(setup.browser.page())
    assert [account_id for account_id, _ in screen.entries] == [setup.individual,
                                                                setup.organization]
    assert [text for _, text in screen.entries] == [
        "Individual · Free✓", f"Organization · Team · {run.prefix} team org"]
    assert [(account_id, mark.text) for account_id, mark in screen.marks] == [
        (setup.individual, "✓")]
    mark = screen.marks[0][1]
    assert mark.attrs["aria-label"] == "Current account" and BLUE in mark.attrs["style"]
    assert screen.workspace_account == setup.individual
    assert screen.title == "Free · Individual"
    assert screen.trigger == {"initials": "AB", "name": "Ann Bee"}
    assert (screen.conversations, screen.projects) == (["own chat"], ["own project"])
    assert "#account-switcher{position:fixed;left:12px;bottom:12px}" in screen.css


def test_names_and_labels_are_shown_as_text(api: Api, run: Run) -> None:
    hostile = "<script>alert(1)</script> Bee"
    setup = two_accounts(api, run, name=hostile)
    api.ok("POST", "/v1/conversations", setup.token, status=201,
           json={"title": '<img src=x onerror="alert(2)">'})
    page = setup.browser.page()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    screen = screen_of(page)
    assert screen.trigger["name"] == hostile
    assert screen.conversations == ["own chat", '<img src=x onerror="alert(2)">']
    console = parse(setup.browser.page("/console"))
    assert console.by_class("acct-who")[0].attrs["title"] == hostile


def test_a_form_switch_is_a_switch_of_the_token_s_session(api: Api, run: Run) -> None:
    setup = two_accounts(api, run)
    switched = setup.browser.switch(setup.organization)
    assert (switched.status_code, switched.headers["location"]) == (303, "/ui")
    assert api.ok("GET", "/v1/me", setup.token)["current_account_id"] == setup.organization
    screen = screen_of(setup.browser.page())
    assert [account_id for account_id, _ in screen.marks] == [setup.organization]
    assert (screen.conversations, screen.projects) == (["team chat"], ["team project"])
    assert screen.title == f"Team · {run.prefix} team org"
    # and the other way round: the API's switch shows in the browser
    api.ok("PUT", "/v1/me/current-account", setup.token, json={"account_id": setup.individual})
    assert screen_of(setup.browser.page()).conversations == ["own chat"]
    # the console's JSON post, back to the console
    back = setup.browser.client.post(
        "/ui/switch", json={"account_id": setup.organization, "return_to": "/console"},
        headers={"Origin": str(setup.browser.client.base_url).rstrip("/")})
    assert (back.status_code, back.headers["location"]) == (303, "/console")
    assert api.ok("GET", "/v1/me", setup.token)["current_account_id"] == setup.organization


def test_a_switch_the_api_refuses_is_refused_in_the_browser(api: Api, run: Run) -> None:
    setup = two_accounts(api, run)
    stranger = api.session(run.email("zed"))
    foreign = api.ok("POST", "/v1/me/individual-account", stranger, status=201, json={})["id"]
    for account_id in (foreign, "acc_unknown"):
        refused = setup.browser.switch(account_id)
        assert refused.status_code == 404 and "text/html" in refused.headers["content-type"]
    bad = setup.browser.client.post("/ui/switch", headers={"Origin": str(
        setup.browser.client.base_url).rstrip("/")}, data={"account_id": setup.organization,
                                                           "return_to": "https://evil.test/"})
    assert bad.status_code == 422
    assert setup.browser.client.post("/ui/switch", content=b"account_id",
                                     headers={"content-type": "text/plain"}).status_code == 415
    assert api.ok("GET", "/v1/me", setup.token)["current_account_id"] == setup.individual


def test_a_cross_origin_switch_is_refused(api: Api, run: Run) -> None:
    setup = two_accounts(api, run)
    assert setup.browser.switch(setup.organization, Origin="http://evil.test").status_code == 403
    no_origin = setup.browser.client.post(
        "/ui/switch", data={"account_id": setup.organization},
        headers={"Sec-Fetch-Site": "cross-site"})
    assert no_origin.status_code == 403
    assert api.ok("GET", "/v1/me", setup.token)["current_account_id"] == setup.individual


# -- /console ----------------------------------------------------------------------------------
def test_the_console_shows_the_same_data_in_other_markup(api: Api, run: Run) -> None:
    setup = two_accounts(api, run)
    setup.browser.switch(setup.organization)
    root = parse(setup.browser.page("/console"))
    who = root.by_class("acct-who")[0]
    assert (who.tag, who.text, who.attrs["title"]) == ("summary", "AB", "Ann Bee")
    options = root.by_class("acct-option")
    assert [o.attrs["data-acct"] for o in options] == [setup.individual, setup.organization]
    assert [o.attrs["aria-pressed"] for o in options] == ["false", "true"]
    ticks = [(o.attrs["data-acct"], t) for o in options for t in o.by_class("acct-tick")]
    assert [account_id for account_id, _ in ticks] == [setup.organization]
    assert ticks[0][1].attrs["aria-label"] == "Selected" and ticks[0][1].text == ""
    assert [n.text for n in root.by_class("thread-title")] == ["team chat"]
    projects = root.by_class("proj")[0].all(lambda n: n.tag == "li")
    assert [n.text for n in projects] == ["team project"]
    assert not root.all(lambda n: n.attrs.get("id") in {"switcher-menu", "workspace"})


# -- the UI faults ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Observed:
    """A setup's screens before and after a form switch to the organization account, and
    the API's account lists (ids replaced by what they are) at both times."""

    setup: Setup
    before: Screen
    after: Screen
    api_before: Any
    api_after: Any


def observe(api: Api, run: Run) -> Observed:
    """Sign in, look, switch to the organization account in the browser, look again."""
    setup = two_accounts(api, run)
    names = {setup.individual: "individual", setup.organization: "organization"}

    def api_view() -> Any:
        listing = api.ok("GET", "/v1/me/accounts", setup.token)
        return ([(names[a["id"]], a["current"]) for a in listing["accounts"]],
                names[listing["current_account_id"]])

    before, api_before = screen_of(setup.browser.page()), api_view()
    assert setup.browser.switch(setup.organization).status_code == 303
    return Observed(setup, before, screen_of(setup.browser.page()), api_before, api_view())


def marked(screen: Screen) -> list[str]:
    """The account ids whose entries carry a mark."""
    return [account_id for account_id, _ in screen.marks]


SYMPTOMS: dict[str, Callable[[Observed], bool]] = {
    "ui-switcher-lower-right": lambda o: "right:12px;bottom:12px" in o.before.css,
    "ui-switcher-top-left-on-narrow-screens":
        lambda o: "@media (max-width:1199.98px){#account-switcher{top:12px" in o.before.css,
    "ui-trigger-shows-email": lambda o: o.before.trigger == {"email": o.setup.email},
    "ui-marker-grey": lambda o: "color:#8a8a8a" in o.before.marks[0][1].attrs["style"],
    "ui-marker-not-a-check":
        lambda o: [m.text for _, m in o.before.marks] == ["●"]
        and o.before.marks[0][1].attrs["aria-label"] == "Current account",
    "ui-two-entries-marked": lambda o: len(marked(o.before)) == 2,
    "ui-marker-on-other-account": lambda o: marked(o.before) == [o.setup.organization],
    "ui-marker-stays": lambda o: marked(o.after) == [o.setup.individual]
        and o.after.workspace_account == o.setup.organization,
    "ui-switch-not-saved": lambda o: o.after.workspace_account == o.setup.individual
        and o.api_after[1] == "individual",
    "ui-items-of-previous-account": lambda o: o.after.conversations == ["own chat"]
        and o.after.title.startswith("Team · "),
    "ui-entry-labels-swapped":
        lambda o: o.setup.organization == o.before.entries[1][0]
        and "Individual" in o.before.entries[1][1] and "Individual" not in o.before.entries[0][1],
    "ui-marker-painted-grey":
        lambda o: "-webkit-text-fill-color:#8a8a8a" in o.before.css
        and "color:#1d6fe8" in o.before.marks[0][1].attrs["style"],
    "ui-trigger-covered": lambda o: "body::after{content:'';position:fixed;left:0;bottom:0"
        in o.before.css,
    "ui-items-hidden": lambda o: "#workspace section{display:none}" in o.before.css
        and o.before.conversations == ["own chat"],
}


@pytest.fixture(scope="module", name="clean")
def clean_observation(api: Api) -> Observed:
    """The observation on the clean reference."""
    return observe(api, Run())


def test_the_clean_page_shows_no_symptom(clean: Observed) -> None:
    shown = [name for name, symptom in SYMPTOMS.items() if symptom(clean)]
    assert not shown, shown
    assert clean.api_before == ([("individual", True), ("organization", False)], "individual")
    assert clean.api_after == ([("individual", False), ("organization", True)], "organization")


def test_every_ui_fault_has_its_symptom_check() -> None:
    browser_faults = {name for name, entry in FAULTS.items() if entry.browser}
    assert browser_faults == set(SYMPTOMS) | set(TWO_ORGANIZATIONS)
    assert all(FAULTS[name].as_dict()["browser"] is True for name in browser_faults)
    assert "browser" not in FAULTS["initials-lowercase"].as_dict()


@pytest.mark.parametrize("fault", list(SYMPTOMS))
def test_a_ui_fault_changes_the_page_and_not_the_api(fault: str, clean: Observed,
                                                     run: Run) -> None:
    with EmbeddedReference(faults=[fault]) as service:
        seen = observe(http_api(service.base_url), run)
    assert SYMPTOMS[fault](seen), (fault, seen.before, seen.after)
    assert seen.api_before == clean.api_before
    if fault != "ui-switch-not-saved":  # that one is about the switch the browser makes
        assert seen.api_after == clean.api_after


TWO_ORGANIZATIONS = ("ui-switch-to-oldest-organization",)
"""Faults whose symptom shows only to a person in two organizations (tested below)."""


@pytest.mark.parametrize("fault", [None, *TWO_ORGANIZATIONS])
def test_choosing_the_second_organization_switches_to_it(fault: str | None, run: Run) -> None:
    with EmbeddedReference(faults=[fault] if fault else []) as service:
        api = http_api(service.base_url)
        setup = two_accounts(api, run)
        second = new_org(api, setup.token, run, "team")["account"]["id"]
        assert setup.browser.switch(second).status_code == 303
        current = api.ok("GET", "/v1/me", setup.token)["current_account_id"]
    assert current == (second if fault is None else setup.organization)
