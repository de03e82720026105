#!/usr/bin/env python3
"""Time to first search result on a throttled phone, and the bytes the search costs (issue 14).

Serves a built site on the loopback interface and opens it in Debian's Chromium with Lighthouse's
mobile profile set through the DevTools protocol (150 ms round trip, 1.6 Mbit/s down,
750 kbit/s up, CPU 4x slower), empty cache. Then it opens the search box, types a query and
measures the time until the first result is on screen, and which files the search fetched
(their gzip size, as a static host would serve them).

    scripts/search_timing.py SITE_DIR [--engine pagefind|material] [--query fiscalía]

``--engine material`` measures a site built with Material's search plugin, its search files held
back until the box is opened (option (a) of the README's comparison: Material's search deferred).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

PROFILE = {"latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8}
CPU_SLOWDOWN = 4
ENGINES = {
    # engine: (open the box, the field, a result, is this file part of the search?)
    "pagefind": (".mitp-search > summary", "#mitp-search-input", "[data-mitp-search-results] a",
                 lambda p: p.startswith("/pagefind/")),
    "material": ("label.md-header__button[for=__search]", "input.md-search__input", ".md-search-result__item",
                 lambda p: "search" in p or "/lunr/" in p),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser closing a connection early is not the site's error


def measure(site: Path, engine: str, query: str, path: str = "/") -> dict:
    from playwright.sync_api import sync_playwright

    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    opener, field, result, is_search = ENGINES[engine]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", {"offline": False, **PROFILE})
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            held, opened, fetched = [], [False], []

            def hold(route):
                # Material fetches its search at page load: hold it back until the box is opened.
                if engine == "material" and not opened[0] and is_search(urlsplit(route.request.url).path):
                    held.append(route)
                else:
                    route.continue_()

            context.route("**/*", hold)
            page.on("request", lambda r: fetched.append((opened[0], urlsplit(r.url).path)))
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(1500)
            start = time.perf_counter()
            opened[0] = True
            for route in held:
                route.continue_()
            page.locator(opener).click()
            page.locator(field).fill(query)
            page.locator(result).first.wait_for(timeout=300000)
            elapsed = time.perf_counter() - start
            browser.close()
    finally:
        server.shutdown()
    files = sorted({p for _, p in fetched if is_search(p)})
    sizes = {}
    for p in files:
        file = site / p.lstrip("/")
        if file.is_file():
            sizes[p] = len(gzip.compress(file.read_bytes(), 6))
    before = sorted({p for when, p in fetched if not when and is_search(p)})
    return {"seconds": elapsed, "search_bytes": sum(sizes.values()), "files": sizes, "requested_before_open": before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--engine", choices=sorted(ENGINES), default="pagefind")
    parser.add_argument("--query", default="fiscalía")
    parser.add_argument("--path", default="/")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [measure(args.site, args.engine, args.query, args.path) for _ in range(args.runs)]
    last = runs[-1]
    print(f"{args.engine} {args.site} {args.query!r}: first result after "
          f"{statistics.median(r['seconds'] for r in runs):.2f} s (median of {args.runs}: "
          f"{', '.join(format(r['seconds'], '.2f') for r in runs)}); search files {last['search_bytes'] / 1024:.1f} KB gzip")
    for p, size in sorted(last["files"].items(), key=lambda kv: -kv[1]):
        print(f"  {size / 1024:8.1f} KB  {p}")


if __name__ == "__main__":
    main()
