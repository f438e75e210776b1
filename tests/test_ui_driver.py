"""The UI driver (``account_conformance.driver.ui``) against small static pages.

The pages in ``tests/ui_pages/`` are served by a loopback ``http.server`` thread and opened
in the operating system's Chromium: ``switcher.html`` is shaped like the reference ``/ui``
(query-string variants: grey, dot, grey-filled, transparent or faded marker, a greyscale
menu, lower-right corner, a JS cookie-and-reload choose, a form that submits elsewhere,
hidden items), ``console.html`` like the vendor-style ``/console`` (an SVG tick with an
accessible name and a ``fill``, options that ``fetch`` then reload); ``/status/CODE``
answers CODE. Each check the steps build on is shown to report what breaks it: a grey
marker's colour is not blue, a marker painted grey whatever its CSS colour says, a marker
that paints nothing is no marker, a dot is no check mark, hidden items are not read, a page
answering 503 or 502 is no verdict, a trigger in the lower-right corner, a menu the locator
file misnames, an unknown locator key, a glyph that is no check mark, a browser that is not
there. The PNG decoder and the ink reading are checked on images made here.

The browser tests are skipped when no Chromium or no playwright is installed.
"""

from __future__ import annotations

import functools
import http.server
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from account_conformance.driver import GatewayError, ServiceOverloaded
from account_conformance.driver.errors import ServiceUnreachable, SuiteError
from account_conformance.driver.ui import (
    CHECK_GLYPHS,
    INSTALL_BROWSER,
    BrowserUnavailable,
    LocatorFileError,
    Locators,
    UiDriver,
    Viewport,
    default_locator_file,
    describe_colour,
    find_browser,
    hue_saturation_lightness,
    is_blue,
    load_locators,
    mask_url,
    parse_css_colour,
    playwright_available,
    sign_in_url,
)
from account_conformance.driver.ui.ink import INK_DISTANCE, background_of, dominant_ink
from account_conformance.driver.ui.page_status import check_page_status
from account_conformance.driver.ui.png import Image, decode_png

PAGES = Path(__file__).parent / "ui_pages"
SWITCHER = PAGES / "switcher.toml"
CONSOLE = PAGES / "console.toml"
DESKTOP = Viewport(1280, 800)
needs_browser = pytest.mark.skipif(find_browser(None) is None or not playwright_available(),
                                   reason="no Chromium or no playwright installed")


# -- colours --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("rgb(29, 111, 232)", (29, 111, 232, 1.0)),
    ("rgba(29, 78, 216, 0.25)", (29, 78, 216, 0.25)),
    ("rgb(29 78 216 / 50%)", (29, 78, 216, 0.5)),
    ("rgb(100% 0% 0%)", (255, 0, 0, 1.0)),
    ("#1d6fe8", (29, 111, 232, 1.0)),
    ("#FFF", (255, 255, 255, 1.0)),
    ("#1d6fe880", (29, 111, 232, 128 / 255)),
    ("hsl(240, 100%, 50%)", (0, 0, 255, 1.0)),
    ("grey", (128, 128, 128, 1.0)),
    ("Transparent", (0, 0, 0, 0.0)),
])
def test_css_colours_are_read(text: str, expected: tuple[float, ...]) -> None:
    assert parse_css_colour(text) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("text", ["currentcolor", "none", "url(#g)", "oklch(0.5 0.2 250)",
                                  "rgb(1, 2)", "#12345", "blau", ""])
def test_unreadable_colours_are_refused_and_not_blue(text: str) -> None:
    with pytest.raises(ValueError):
        parse_css_colour(text)
    assert not is_blue(text)


def test_hue_saturation_lightness() -> None:
    hue, saturation, lightness = hue_saturation_lightness((29, 111, 232))
    assert hue == pytest.approx(215.8, abs=0.1)
    assert saturation == pytest.approx(0.815, abs=0.01)
    assert lightness == pytest.approx(0.512, abs=0.01)
    assert hue_saturation_lightness((138, 138, 138))[:2] == (0.0, 0.0)


@pytest.mark.parametrize(("text", "blue"), [
    ("#1d6fe8", True), ("rgb(29, 78, 216)", True), ("blue", True), ("dodgerblue", True),
    ("#8a8a8a", False),  # grey: no saturation
    ("rgba(29, 78, 216, 0.3)", False),  # too transparent
    ("#0a1030", False),  # too dark
    ("#dde8ff", False),  # too light
    ("#1dd8a0", False),  # green-cyan hue
    ("#8a2be2", False),  # violet hue
    (None, False),
])
def test_is_blue(text: str | None, blue: bool) -> None:
    assert is_blue(text) is blue


def test_a_colour_is_described_for_messages() -> None:
    assert "saturation 0.00" in describe_colour("rgb(138, 138, 138)")
    assert "not a colour" in describe_colour("none")


# -- pixels: the PNG decoder and the ink a marker paints --------------------------------------

Pixels = list[list[tuple[int, ...]]]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _paeth(left: int, up: int, corner: int) -> int:
    estimate = left + up - corner
    distances = [abs(estimate - left), abs(estimate - up), abs(estimate - corner)]
    return (left, up, corner)[distances.index(min(distances))]


def _filtered(line: bytes, previous: bytes, kind: int, step: int) -> bytes:
    """One scanline with PNG filter ``kind`` applied (the encoder's side)."""
    out = bytearray()
    for i, value in enumerate(line):
        left = line[i - step] if i >= step else 0
        up = previous[i]
        corner = previous[i - step] if i >= step else 0
        predicted = [0, left, up, (left + up) // 2, _paeth(left, up, corner), 0][min(kind, 5)]
        out.append((value - predicted) & 0xFF)
    return bytes(out)


def _png(rows: Pixels, filters: tuple[int, ...] = (0,), colour_type: int | None = None,
         depth: int = 8, interlace: int = 0, idat_parts: int = 1) -> bytes:
    """A PNG of ``rows`` (RGB or RGBA tuples), row ``n`` filtered with ``filters[n % len]``."""
    step = len(rows[0][0])
    colour_type = colour_type if colour_type is not None else {3: 2, 4: 6}[step]
    header = struct.pack(">IIBBBBB", len(rows[0]), len(rows), depth, colour_type, 0, 0,
                         interlace)
    raw, previous = bytearray(), bytes(len(rows[0]) * step)
    for number, row in enumerate(rows):
        line = bytes(channel for pixel in row for channel in pixel)
        kind = filters[number % len(filters)]
        raw += bytes([kind]) + _filtered(line, previous, kind, step)
        previous = line
    data = zlib.compress(bytes(raw))
    size = -(-len(data) // idat_parts)
    parts = [data[i:i + size] for i in range(0, len(data), size)]
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + b"".join(_chunk(b"IDAT", part) for part in parts) + _chunk(b"IEND", b""))


def _gradient(width: int, height: int, alpha: bool = False) -> Pixels:
    """Pixels that differ everywhere, so every filter has work to do."""
    return [[(x * 37 % 256, y * 59 % 256, (x * y * 11 + 200) % 256)
             + ((x * 50 % 256,) if alpha else ()) for x in range(width)]
            for y in range(height)]


@pytest.mark.parametrize("filters", [(0,), (1,), (2,), (3,), (4,), (0, 1, 2, 3, 4)])
def test_every_png_row_filter_is_undone(filters: tuple[int, ...]) -> None:
    rows = _gradient(7, 6)
    image = decode_png(_png(rows, filters, idat_parts=3))
    assert (image.width, image.height) == (7, 6)
    assert [image.pixel(x, y) for y in range(6) for x in range(7)] == \
        [pixel for row in rows for pixel in row]


def test_rgba_pixels_are_composited_over_white() -> None:
    rows: Pixels = [[(0, 0, 255, 255), (0, 0, 255, 0), (0, 0, 0, 128)]]
    image = decode_png(_png(rows, (4,)))
    assert image.pixels == ((0, 0, 255), (255, 255, 255), (127, 127, 127))
    assert decode_png(_png(_gradient(5, 4, alpha=True), (0, 1, 2, 3, 4))).width == 5


def test_a_crop_is_clamped_to_the_image() -> None:
    image = decode_png(_png(_gradient(4, 3)))
    part = image.crop(2, 1, 5, 5)
    assert (part.width, part.height) == (2, 2) and part.pixel(0, 0) == image.pixel(2, 1)
    assert image.crop(9, 9, 2, 2) == Image(0, 0, ())


@pytest.mark.parametrize(("data", "message"), [
    (b"GIF89a" + bytes(20), "no PNG signature"),
    (_png([[(1, 2, 3)]], colour_type=3), "colour type 3"),
    (_png([[(1, 2, 3)]], depth=16), "bit depth 16"),
    (_png([[(1, 2, 3)]], interlace=1), "interlaced"),
    (_png([[(1, 2, 3)]])[:-20], "cut off"),
    (b"\x89PNG\r\n\x1a\n" + _chunk(b"IEND", b""), "without an IHDR"),
    (_png([[(1, 2, 3)]])[:30] + b"\x00" + _png([[(1, 2, 3)]])[31:], "wrong CRC"),
    (_png([[(1, 2, 3)]], filters=(5,)), "row filter 5"),
])
def test_a_png_the_decoder_does_not_read_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decode_png(data)


WHITE, BLUE, GREY = (255, 255, 255), (29, 111, 232), (138, 138, 138)


def _glyph(ink: tuple[int, int, int], background: tuple[int, int, int] = WHITE) -> Image:
    """A 10 x 8 image: ``background`` with a 4 x 3 core of ``ink`` and a half-blended rim."""
    red, green, blue = ((a + b) // 2 for a, b in zip(ink, background, strict=True))
    rim = (red, green, blue)
    rows = [[background] * 10 for _ in range(8)]
    for y in range(2, 7):
        for x in range(2, 8):
            rows[y][x] = ink if (3 <= x <= 6 and 3 <= y <= 5) else rim
    return Image(10, 8, tuple(pixel for row in rows for pixel in row))


def test_the_ink_is_the_core_colour_not_the_anti_aliased_rim() -> None:
    assert dominant_ink(_glyph(BLUE)) == BLUE
    assert dominant_ink(_glyph(GREY)) == GREY
    assert dominant_ink(_glyph(BLUE, background=(20, 20, 20))) == BLUE
    assert background_of(_glyph(BLUE, background=(240, 240, 240))) == (240, 240, 240)


def test_nothing_painted_is_no_ink() -> None:
    assert dominant_ink(Image(3, 2, (WHITE,) * 6)) is None
    faint = tuple(round(255 - INK_DISTANCE / 3 ** 0.5 + 1) for _ in range(3))
    assert dominant_ink(_glyph((faint[0], faint[1], faint[2]))) is None
    assert dominant_ink(Image(0, 0, ())) is None


# -- page statuses ------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "raised"), [
    (429, ServiceOverloaded), (503, ServiceOverloaded), (502, GatewayError),
    (504, GatewayError), (404, AssertionError), (500, AssertionError), (401, AssertionError),
])
def test_a_page_status_is_judged_like_the_api_transport(status: int,
                                                         raised: type[Exception]) -> None:
    with pytest.raises(raised) as failed:
        check_page_status(status, "the landing page", "http://h/ui", retry_after="7")
    assert type(failed.value) is raised and f"answered {status}" in str(failed.value)
    check_page_status(200, "the landing page", "http://h/ui")
    check_page_status(303, "the landing page", "http://h/ui")


# -- locator files --------------------------------------------------------------------------

def _variant(tmp_path: Path, old: str, new: str, source: Path = SWITCHER) -> Path:
    """A copy of a locator file with one text replaced."""
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"variant-{source.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_the_test_locator_files_load() -> None:
    switcher, console = load_locators(SWITCHER), load_locators(CONSOLE)
    assert switcher.entry_choose == ".entry-choose" and switcher.landing == ""
    assert console.entry_choose is None and console.marker_is == "accessible-name"
    assert switcher.where("menu") == f'[switcher] menu = "#switcher-menu" in {SWITCHER}'


def test_the_default_locator_file_is_the_reference_one() -> None:
    path = default_locator_file()
    assert path.parts[-3:] == ("examples", "ui", "reference.toml") or \
        path.parts[-2:] == ("ui_locators", "reference.toml")
    assert isinstance(load_locators(path), Locators)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("trigger =", "triger =", "unknown key [switcher] triger (did you mean 'trigger'?)"),
    ("[items]", "[itemz]", "unknown table [itemz] (did you mean 'items'?)"),
    ("landing =", "conversations =", "(it belongs in [items])"),
    ('menu = "#switcher-menu"\n', "", "[switcher] menu is required"),
    ('marker_is = "glyph"', 'marker_is = "icon"', 'marker_is = "icon" must be one of'),
    ('marker_text = "✓"', 'marker_text = "●"', "the marker must be a check mark"),
    ('marker_colour = "color"', 'marker_colour = "color: blue"', "is not a CSS property"),
    ('entry = "#switcher-menu .switcher-entry"', "entry = 3", "entry must be a string"),
    ('trigger = "#switcher-trigger"', 'trigger = " "', "trigger must not be empty"),
    ('sign_in = "{sign_in_link}"', 'sign_in = "{link}"', "unknown placeholder {link}"),
    ("[page]", "[page", "is not TOML"),
])
def test_a_locator_file_that_breaks_the_schema_is_refused(tmp_path: Path, old: str, new: str,
                                                           message: str) -> None:
    path = _variant(tmp_path, old, new)
    with pytest.raises(LocatorFileError) as refused:
        load_locators(path)
    assert message in str(refused.value)
    assert str(path) in str(refused.value)


def test_an_accessible_name_marker_needs_no_glyph(tmp_path: Path) -> None:
    path = _variant(tmp_path, 'marker_is = "glyph"', 'marker_is = "accessible-name"')
    assert load_locators(_variant(tmp_path, 'marker_text = "✓"', 'marker_text = "Current"',
                                  path)).marker_text == "Current"


def test_every_check_glyph_is_accepted(tmp_path: Path) -> None:
    for glyph in CHECK_GLYPHS:
        path = _variant(tmp_path, 'marker_text = "✓"', f'marker_text = "{glyph}"')
        assert load_locators(path).marker_text == glyph


def test_a_missing_locator_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LocatorFileError, match="cannot read"):
        load_locators(tmp_path / "absent.toml")


def test_the_sign_in_url_fills_the_placeholders() -> None:
    switcher, console = load_locators(SWITCHER), load_locators(CONSOLE)
    base = "http://127.0.0.1:8000/"
    assert sign_in_url(switcher, base, "/ui/sign-in/abc", "t") == \
        "http://127.0.0.1:8000/ui/sign-in/abc"
    assert sign_in_url(switcher, base, "https://idp.example/x", "t") == "https://idp.example/x"
    assert sign_in_url(console, base, "/ignored", "a b/c") == \
        "http://127.0.0.1:8000/console.html?session=a%20b%2Fc"


def test_urls_are_reported_masked() -> None:
    assert mask_url("http://u:p@h:1/ui/sign-in/SECRETCODE?x=1#f") == \
        "http://h:1/ui/sign-in/[masked]?[masked]#[masked]"
    assert mask_url("http://h/ui", keep_paths=["/ui"]) == "http://h/ui"
    assert mask_url("http://h/ui") == "http://h/[masked]"


# -- the browser ----------------------------------------------------------------------------

def test_find_browser_takes_the_configured_path_or_nothing(tmp_path: Path) -> None:
    assert find_browser(str(tmp_path / "no-such-chromium")) is None
    executable = tmp_path / "chromium"
    executable.write_text("#!/bin/sh\n", encoding="utf-8")
    executable.chmod(0o755)
    assert find_browser(str(executable)) == executable


def test_a_missing_browser_is_a_suite_error_naming_the_install_command(tmp_path: Path) -> None:
    from account_conformance.driver.ui.playwright_driver import PlaywrightUiDriver

    driver = PlaywrightUiDriver(load_locators(SWITCHER), "http://127.0.0.1:9",
                                tmp_path / "no-such-chromium")
    with pytest.raises(BrowserUnavailable) as unavailable:
        driver.open_session("http://127.0.0.1:9/ui/sign-in/SECRETCODE1234", DESKTOP)
    driver.close()
    assert isinstance(unavailable.value, SuiteError)
    assert INSTALL_BROWSER in str(unavailable.value)
    assert "SECRETCODE1234" not in str(unavailable.value)


def test_a_missing_playwright_names_the_pip_command() -> None:
    message = str(BrowserUnavailable("the playwright package is not installed",
                                     playwright_missing=True))
    assert "pip install 'account-conformance[browser]'" in message
    assert INSTALL_BROWSER in message


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``tests/ui_pages`` without logging, never cached; ``/status/CODE`` answers
    CODE with a small page (and ``Retry-After: 7``)."""

    def do_GET(self) -> None:
        if self.path.startswith("/status/"):
            status = int(self.path.split("/")[2].split("?")[0])
            body = f"<!doctype html><title>{status}</title><p>{status}</p>".encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Retry-After", "7")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(PAGES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


DriverFactory = Callable[..., UiDriver]


@pytest.fixture(scope="module")
def make_driver(base_url: str) -> Iterator[DriverFactory]:
    """Build drivers (closed at the end of the module); ``make_driver(locator_path, ...)``."""
    from account_conformance.driver.ui.playwright_driver import PlaywrightUiDriver

    made: list[PlaywrightUiDriver] = []

    def make(locator_path: Path, timeout_s: float = 5.0) -> UiDriver:
        made.append(PlaywrightUiDriver(load_locators(locator_path), base_url, None,
                                       timeout_s=timeout_s))
        return made[-1]

    yield make
    for driver in made:
        driver.close()


@pytest.fixture(scope="module")
def switcher(make_driver: DriverFactory) -> UiDriver:
    return make_driver(SWITCHER)


@pytest.fixture(scope="module")
def console(make_driver: DriverFactory) -> UiDriver:
    return make_driver(CONSOLE)


def _open(driver: UiDriver, base_url: str, link: str, viewport: Viewport = DESKTOP) -> None:
    driver.open_session(sign_in_url(driver.locators, base_url, link, "session-token-123"),
                        viewport)


@needs_browser
def test_the_trigger_is_found_in_the_lower_left(switcher: UiDriver, base_url: str) -> None:
    _open(switcher, base_url, "/switcher.html")
    trigger = switcher.trigger()
    assert trigger.text == "AB Ann Bee" and trigger.role == "trigger"
    assert trigger.box is not None
    assert trigger.box.x < DESKTOP.width / 2 and trigger.box.y > DESKTOP.height / 2


@needs_browser
def test_a_trigger_in_the_lower_right_is_reported_there(switcher: UiDriver,
                                                        base_url: str) -> None:
    _open(switcher, base_url, "/switcher.html?corner=right")
    box = switcher.trigger().box
    assert box is not None and box.x > DESKTOP.width / 2


@needs_browser
@pytest.mark.parametrize("choose", ["form", "cookie"])
def test_choosing_moves_the_blue_check_mark_and_the_items(switcher: UiDriver, base_url: str,
                                                          choose: str) -> None:
    _open(switcher, base_url, f"/switcher.html?choose={choose}")
    first = switcher.entries()
    assert [(entry.index, entry.account_id) for entry in first] == [(1, "acct-a"),
                                                                    (2, "acct-b")]
    assert first[0].text.startswith("Individual · Pro") and first[1].marker is None
    marker = first[0].marker
    assert marker is not None and marker.text == "✓" and marker.box is not None
    assert marker.accessible_name == "Current account" and is_blue(marker.colour)
    assert is_blue(marker.painted), describe_colour(marker.painted)
    assert switcher.items().conversations == ("Alpha plan", "Alpha notes")

    switcher.choose(first[1])
    second = switcher.entries()
    assert [entry.marker is not None for entry in second] == [False, True]
    assert switcher.items().projects == ("Beta launch", "Beta hiring")

    switcher.choose(second[0])
    assert switcher.items().conversations == ("Alpha plan", "Alpha notes")


@needs_browser
def test_a_choice_that_changes_nothing_leaves_the_marker(switcher: UiDriver,
                                                         base_url: str) -> None:
    _open(switcher, base_url, "/switcher.html?choose=none")
    switcher.choose(switcher.entries()[1])
    assert [entry.marker is not None for entry in switcher.entries()] == [True, False]
    assert switcher.items().conversations == ("Alpha plan", "Alpha notes")


@needs_browser
def test_a_grey_marker_reports_its_colour_and_is_not_blue(switcher: UiDriver,
                                                          base_url: str) -> None:
    _open(switcher, base_url, "/switcher.html?marker=grey")
    marker = switcher.entries()[0].marker
    assert marker is not None and marker.colour == "rgb(138, 138, 138)"
    assert not is_blue(marker.colour) and not is_blue(marker.painted)


@needs_browser
@pytest.mark.parametrize("variant", ["marker=fill-grey", "menu=grayscale"])
def test_a_marker_painted_grey_is_reported_grey_whatever_its_css_colour(
        switcher: UiDriver, base_url: str, variant: str) -> None:
    _open(switcher, base_url, f"/switcher.html?{variant}")
    marker = switcher.entries()[0].marker
    assert marker is not None and is_blue(marker.colour)  # what the CSS property says
    assert marker.painted is not None and not is_blue(marker.painted)  # what is seen
    assert hue_saturation_lightness(parse_css_colour(marker.painted))[1] < 0.1, \
        describe_colour(marker.painted)


@needs_browser
@pytest.mark.parametrize("variant", ["transparent", "faded"])
def test_a_marker_that_paints_nothing_is_no_marker(switcher: UiDriver, base_url: str,
                                                   tmp_path: Path, variant: str) -> None:
    _open(switcher, base_url, f"/switcher.html?marker={variant}")
    entries = switcher.entries()
    assert "check-mark" in entries[0].element.outer_html
    assert [entry.marker is not None for entry in entries] == [False, False]
    if variant == "transparent":  # still in the evidence, saying why it does not count
        roles = [element.role for element in switcher.evidence(tmp_path, "x").elements]
        assert "marker of entry 1 (no ink)" in roles


@needs_browser
def test_a_dot_marker_is_reported_as_it_is(switcher: UiDriver, base_url: str) -> None:
    _open(switcher, base_url, "/switcher.html?marker=dot")
    marker = switcher.entries()[0].marker
    assert marker is not None and marker.text == "●"
    assert not any(glyph in marker.text for glyph in CHECK_GLYPHS)


@needs_browser
def test_a_hidden_marker_does_not_count(switcher: UiDriver, base_url: str) -> None:
    _open(switcher, base_url, "/switcher.html?hiddenmark=1")
    entries = switcher.entries()
    assert "hidden-mark" in entries[1].element.outer_html
    assert [entry.marker is not None for entry in entries] == [True, False]


@needs_browser
def test_a_vendor_page_with_an_svg_tick(console: UiDriver, base_url: str) -> None:
    _open(console, base_url, "/ignored-link")
    assert console.trigger().text == "AB" and console.trigger().accessible_name == "Ann Bee"
    entries = console.entries()
    assert [entry.account_id for entry in entries] == ["acct-a", "acct-b"]
    marker = entries[0].marker
    assert marker is not None and entries[1].marker is None
    assert (marker.text, marker.accessible_name) == ("", "Selected")
    assert marker.colour == "rgb(29, 78, 216)" and is_blue(marker.colour)
    assert is_blue(marker.painted), describe_colour(marker.painted)
    assert console.items().conversations == ("Alpha plan",)

    console.choose(entries[1])
    after = console.entries()
    assert [entry.marker is not None for entry in after] == [False, True]
    assert console.items().conversations == ("Beta budget", "Beta retro")


@needs_browser
def test_a_grey_svg_tick_is_painted_grey(make_driver: DriverFactory, base_url: str,
                                         tmp_path: Path) -> None:
    driver = make_driver(_variant(tmp_path, 'landing = "/console.html"', 'landing = ""',
                                  CONSOLE))
    driver.open_session(f"{base_url}/console.html?tick=grey", DESKTOP)
    marker = driver.entries()[0].marker
    assert marker is not None and marker.colour == "rgb(138, 138, 138)"
    assert marker.painted is not None and not is_blue(marker.painted)


@needs_browser
def test_hidden_items_are_not_read(switcher: UiDriver, base_url: str) -> None:
    _open(switcher, base_url, "/switcher.html?hiddenitems=1")
    items = switcher.items()
    assert items.conversations == ("Alpha plan", "Alpha notes")  # no hidden template row
    assert items.projects == ()  # their section is display: none


@needs_browser
@pytest.mark.parametrize(("status", "raised"), [
    (503, ServiceOverloaded), (429, ServiceOverloaded), (502, GatewayError),
    (500, AssertionError),
])
def test_a_sign_in_page_that_answers_an_error_status(switcher: UiDriver, base_url: str,
                                                     status: int, raised: type[Exception]
                                                     ) -> None:
    with pytest.raises(raised) as failed:
        _open(switcher, base_url, f"/status/{status}?code=SECRETCODE1234")
    assert type(failed.value) is raised
    assert f"answered {status}" in str(failed.value)
    assert "SECRETCODE1234" not in str(failed.value)


@needs_browser
@pytest.mark.parametrize(("status", "raised"), [
    (503, ServiceOverloaded), (504, GatewayError), (404, AssertionError),
])
def test_a_choice_whose_page_answers_an_error_status(switcher: UiDriver, base_url: str,
                                                     status: int, raised: type[Exception]
                                                     ) -> None:
    _open(switcher, base_url, f"/switcher.html?to=/status/{status}")
    entry = switcher.entries()[1]
    with pytest.raises(raised) as failed:
        switcher.choose(entry)
    assert type(failed.value) is raised
    assert f"the page after choosing entry 2 answered {status}" in str(failed.value) or (
        f"the page after choosing entry 2: expected a page (a status below 400); actual "
        f"it answered {status}") in str(failed.value) or \
        f"the page after choosing entry 2: a gateway answered {status}" in str(failed.value)


@needs_browser
def test_a_menu_the_locator_file_misnames_fails_the_check(make_driver: DriverFactory,
                                                          base_url: str,
                                                          tmp_path: Path) -> None:
    driver = make_driver(_variant(tmp_path, 'menu = "#switcher-menu"', 'menu = "#no-menu"'),
                         timeout_s=0.5)
    _open(driver, base_url, "/switcher.html?code=SECRETCODE1234")
    with pytest.raises(AssertionError) as failed:
        driver.entries()
    message = str(failed.value)
    assert ("the switcher's menu: expected shown within 0.5 s after clicking the trigger; "
            "actual not shown") in message
    assert '[switcher] menu = "#no-menu" in' in message and "variant-switcher.toml" in message
    assert "0 element(s) matched" in message
    assert f"{base_url}/[masked]?[masked]" in message and "SECRETCODE1234" not in message


@needs_browser
def test_a_hidden_trigger_fails_the_check_with_what_was_seen(make_driver: DriverFactory,
                                                             base_url: str,
                                                             tmp_path: Path) -> None:
    driver = make_driver(_variant(tmp_path, 'trigger = "#switcher-trigger"',
                                  'trigger = "#switcher-menu"'), timeout_s=0.5)
    _open(driver, base_url, "/switcher.html")
    with pytest.raises(AssertionError) as failed:
        driver.trigger()
    assert "1 element(s) matched, 0 visible; the first: “<ul id=\"switcher-menu\"" in \
        str(failed.value)


@needs_browser
def test_a_sign_in_link_that_is_refused_fails_the_check(switcher: UiDriver,
                                                        base_url: str) -> None:
    with pytest.raises(AssertionError) as failed:
        _open(switcher, base_url, "/sign-in/SECRETCODE1234")
    assert ("the sign-in URL ([page] sign_in): expected a page (a status below 400); actual "
            "it answered 404") in str(failed.value)
    assert "SECRETCODE1234" not in str(failed.value)


@needs_browser
def test_an_unreachable_service_is_a_suite_error(switcher: UiDriver) -> None:
    with pytest.raises(ServiceUnreachable) as unreachable:
        switcher.open_session("http://127.0.0.1:9/ui/sign-in/SECRETCODE1234", DESKTOP)
    assert "SECRETCODE1234" not in str(unreachable.value)


@needs_browser
def test_a_marker_selector_that_is_not_css_is_refused(make_driver: DriverFactory,
                                                      base_url: str, tmp_path: Path) -> None:
    driver = make_driver(_variant(tmp_path, 'marker = ".check-mark"', 'marker = "text=✓"'))
    _open(driver, base_url, "/switcher.html")
    with pytest.raises(LocatorFileError, match=r'\[switcher\] marker = "text=✓"'):
        driver.entries()


@needs_browser
def test_evidence_is_a_screenshot_and_the_elements_found(switcher: UiDriver, base_url: str,
                                                         tmp_path: Path) -> None:
    _open(switcher, base_url, "/switcher.html?code=SECRETCODE1234")  # copied into the forms
    switcher.entries()
    evidence = switcher.evidence(tmp_path / "shots", "scenario-1")
    assert "[REDACTED]" in evidence.elements[-1].outer_html
    assert not any("SECRETCODE1234" in element.outer_html for element in evidence.elements)
    assert evidence.screenshot == tmp_path / "shots" / "scenario-1.png"
    assert evidence.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    roles = [element.role for element in evidence.elements]
    assert roles[-4:] == ["menu", "entry 1", "marker of entry 1", "entry 2"]
    assert len(evidence.elements) <= 20
    switcher.close_session()
    assert switcher.evidence(tmp_path, "none").screenshot is None
