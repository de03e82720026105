from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest

from sitebuild import RUN_FOLDER_VARIABLE, built_site, page_paths

# Every build of a project copy draws the campaign graphics and posters into this one cache (its
# keys are the pieces' own content, so a copy with other pieces draws only what differs): without
# it each copied build re-drew all 270 downloads (cold 30 s, warm 11 s).
os.environ.setdefault("MITP_MATERIALS_CACHE",
                      str(Path(__file__).resolve().parent.parent / ".cache" / "materials"))

CHROMIUM = "/usr/bin/chromium"
# Flags for a sandboxed machine with no network: no background requests of Chromium's own.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_configure(config):
    """The process that starts the run (not an xdist worker) names the folder of the one shared build."""
    if not hasattr(config, "workerinput") and RUN_FOLDER_VARIABLE not in os.environ:
        os.environ[RUN_FOLDER_VARIABLE] = tempfile.mkdtemp(prefix="mitp-run-")
        config._mitp_run_folder = os.environ[RUN_FOLDER_VARIABLE]


def pytest_unconfigure(config):
    folder = getattr(config, "_mitp_run_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(RUN_FOLDER_VARIABLE, None)


def pytest_generate_tests(metafunc):
    """`page_path` parametrizes a test over every page of the built site."""
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", page_paths(built_site()))


@pytest.fixture(scope="session")
def site() -> Path:
    return built_site()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A reader who leaves (quick exit) closes connections mid-request: not an error of the site.
        pass


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The built site, served over HTTP on the loopback interface."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


# The quick exit's neutral site (mkdocs.yml extra.quick_exit_url).
EXIT_URL = "https://www.google.cl/"


class _Visits(list):
    left_at: list[float]


@pytest.fixture
def neutral(context):
    """The neutral site, answered locally: the test machine has no network and needs none."""
    visits = _Visits()

    def answer(route):
        visits.append(route.request.url)
        left_at.append(time.monotonic())
        route.fulfill(status=200, content_type="text/html", body="<title>neutral</title><p>neutral</p>")

    left_at: list[float] = []
    context.route(re.compile(r"^https://www\.google\.cl/.*"), answer)
    visits.left_at = left_at
    return visits
