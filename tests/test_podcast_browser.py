"""An episode page in headless Chromium, as a listener meets it: accessible, nothing downloaded
before play, keyboard-operable, and silenced by the quick exit. Built with two fixture episodes
(tests/podcast_sites.py)."""
from __future__ import annotations

import functools
import http.server
import threading
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

import podcast_sites as ps

AXE = Axe()
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}}
PHONE = {"width": 320, "height": 640}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass


@pytest.fixture(scope="module")
def podcast_url():
    _, site = ps.built_with_episodes()
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _until(page, expression: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


def _open(page, url: str) -> list[str]:
    """Loads ``url`` and returns every URL the page requested (other origins are refused)."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: m.type == "error" and requested.append(f"console error: {m.text}"))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return requested


@pytest.mark.parametrize("path", ["/podcast/", "/podcast/t1-e01/", "/en/podcast/", "/en/podcast/t1-e02/"])
def test_podcast_pages_have_no_axe_violations(browser, podcast_url, path):
    for viewport in (None, PHONE):
        context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
        page = context.new_page()
        _open(page, podcast_url + path)
        results = AXE.run(page, options=AXE_OPTIONS)
        width = page.evaluate("document.documentElement.scrollWidth")
        context.close()
        assert results.violations_count == 0, results.generate_report()
        if viewport:
            assert width <= PHONE["width"], "the episode page scrolls sideways on a phone (WCAG 1.4.10)"


def test_no_audio_byte_is_requested_before_play(page, podcast_url):
    requested = _open(page, podcast_url + "/podcast/t1-e01/")
    assert not [url for url in requested if url.endswith(".mp3")], requested
    assert page.evaluate("document.querySelector('audio').paused")
    page.evaluate("document.querySelector('audio').play()")
    _until(page, "!document.querySelector('audio').paused")
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if url.endswith("/podcast/archivos/audio/t1-e01.mp3")]
    origin = podcast_url + "/"
    assert [url for url in requested if not url.startswith(origin)] == []   # nor a CSP complaint


def test_player_is_reached_and_played_with_the_keyboard(page, podcast_url):
    _open(page, podcast_url + "/podcast/t1-e01/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.tagName") == "AUDIO":
            break
    else:
        raise AssertionError("Tab never reached the player")
    page.keyboard.press("Space")
    _until(page, "!document.querySelector('audio').paused")


def test_quick_exit_stops_the_audio(page, podcast_url):
    _open(page, podcast_url + "/podcast/t1-e01/")
    # The neutral site answers "204 No Content": the browser stays on the page, so we can look.
    page.route("https://www.google.cl/**", lambda route: route.fulfill(status=204))
    page.evaluate("document.querySelector('audio').play()")
    _until(page, "!document.querySelector('audio').paused")
    page.click("[data-mitp-exit]")
    # Paused at once, not merely finished (the fixture lasts 3 s).
    _until(page, "document.querySelector('audio').paused", timeout=1.0)
    assert not page.evaluate("document.querySelector('audio').ended")
    assert page.evaluate("document.documentElement.classList.contains('mitp-leaving')")


def test_without_javascript_the_player_and_transcript_are_there(browser, podcast_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(podcast_url + "/podcast/t1-e01/")
    assert page.locator("audio[controls]").count() == 1
    transcript = page.locator(".mitp-transcript").inner_text()
    context.close()
    assert "Bienvenidas y bienvenidos." in transcript and "<script>alert(1)</script> A & B" in transcript
