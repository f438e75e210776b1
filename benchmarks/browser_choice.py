"""Benchmark: Playwright or Selenium for the screen scenarios — the figures behind the choice.

The same small task with each library, against the OS's Chromium (``/usr/bin/chromium``;
Selenium also needs ``chromium-driver``) and a static page on loopback: open the page in an
isolated browser state, click the trigger, read a box and a computed colour. Printed per
library: the browser's launch, and the median of 10 tasks

* Playwright: a fresh browser context per task (cookies, storage and cache of its own);
* Selenium: the same session with cookies cleared (cheap, but storage and cache are shared:
  not the isolation the suite wants), and a fresh session per task (the isolation Playwright's
  context gives).

    python benchmarks/browser_choice.py

Selenium is not a dependency of the project: install it beside (``pip install selenium``)
to see its figures; without it only Playwright's are printed.
"""

from __future__ import annotations

import http.server
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Callable

PAGE = (b"<!doctype html><meta charset=utf-8><button id=t style='position:fixed;left:8px;"
        b"bottom:8px'>AB Ann Bee</button><ul id=m hidden><li>one <span id=c style='color:"
        b"#1d6fe8'>\xe2\x9c\x93</span><li>two</ul><script>t.onclick=()=>m.hidden=false"
        b"</script>")
TASKS = 10


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        """Quiet."""


def _median(task: Callable[[], None]) -> float:
    times = []
    for _ in range(TASKS):
        started = time.perf_counter()
        task()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def playwright(url: str, chromium: str) -> None:
    """Launch once; a fresh context per task."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True)
        launch = time.perf_counter() - started

        def task() -> None:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(url)
            page.click("#t")
            page.locator("#t").bounding_box()
            page.locator("#c").evaluate("e => getComputedStyle(e).color")
            context.close()

        print(f"playwright: launch {launch:.2f} s; task in a fresh context: median "
              f"{_median(task):.3f} s")
        browser.close()


def selenium(url: str, chromium: str, driver_path: str) -> None:
    """Launch once; cookies cleared per task; then a fresh session per task."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError:
        print("selenium: not installed (pip install selenium) - no figures")
        return
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    started = time.perf_counter()
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    launch = time.perf_counter() - started

    def shared() -> None:
        driver.delete_all_cookies()
        driver.get(url)
        driver.find_element(By.ID, "t").click()
        _ = driver.find_element(By.ID, "t").rect
        driver.find_element(By.ID, "c").value_of_css_property("color")

    def fresh() -> None:
        own = webdriver.Chrome(options=options, service=Service(driver_path))
        own.get(url)
        own.find_element(By.ID, "t").click()
        own.quit()

    print(f"selenium: launch {launch:.2f} s; task in the same session (cookies cleared): "
          f"median {_median(shared):.3f} s")
    driver.quit()
    print(f"selenium: task in a fresh session (the isolation of a context): median "
          f"{_median(fresh):.3f} s")


def main() -> int:
    """Serve the page and print each library's figures."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("browser_choice: no chromium on PATH (apt-get install chromium)", file=sys.stderr)
        return 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    try:
        playwright(url, chromium)
        driver_path = shutil.which("chromedriver")
        if driver_path:
            selenium(url, chromium, driver_path)
        else:
            print("selenium: no chromedriver on PATH (apt-get install chromium-driver)")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
