#!/usr/bin/env python3
"""First paint on a slow phone link (issue 24): each page of the built site beside its own HTML alone.

Serves a built site (default ``./site``) on 127.0.0.1 with gzip, as a static host serves it, and
loads each page in headless Chromium (Debian's, through Playwright) with an empty cache under a
2G/EDGE-like profile set through the DevTools protocol: 800 ms of latency per request, 240 kbit/s
down and up, the CPU 4x slower, a phone's screen (412 x 823). For each page it records first paint
and first contentful paint (median of ``--runs``, 3 by default) and the layout shift seen until the
page has loaded (the largest of the runs), then the same for the page's HTML alone: the same page
with its stylesheets (``<link rel=stylesheet>``, ``<style>``) and scripts removed. That the help
bar's call links are styled and on screen with only what the first paint has is checked by
tests/test_stylesheets.py (the linked stylesheets blocked).

Usage:  .venv/bin/python scripts/first_paint.py [--site site] [--runs 3] [--pages / /pide-ayuda/ …]
Prints a Markdown table (page, first paint of the site, of the HTML alone, ratio, FCP, layout shift).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["/", "/pide-ayuda/", "/en/pide-ayuda/", "/ht/pide-ayuda/", "/directorio/", "/directorio/biobio/",
         "/tus-derechos/", "/en/tus-derechos/", "/materiales/", "/plan/", "/ht/"]
PROFILE = {"latency_ms": 800, "kbit_s": 240, "cpu": 4}
PHONE = {"width": 412, "height": 823}
BARE = "__html_alone"

_STRIP = [re.compile(p, re.S | re.I) for p in (
    r"<script\b[^>]*>.*?</script>", r"<style\b[^>]*>.*?</style>", r"<link\b[^>]*\brel=\"?stylesheet\b[^>]*>")]


def html_alone(html: str) -> str:
    """The page without its stylesheets and scripts."""
    for pattern in _STRIP:
        html = pattern.sub("", html)
    return html


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip (level 6) for text as hosts serve them; ``?__html_alone`` strips a page."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path, _, query = self.path.partition("?")
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        if query == BARE:
            body = html_alone(body.decode("utf-8")).encode("utf-8")
        kind = self.guess_type(str(file))
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml", "application/json"):
            body = gzip.compress(body, compresslevel=6)
            encoded = True
        else:
            encoded = False
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


_OBSERVE_SHIFTS = """
window.__shift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
  .observe({type: 'layout-shift', buffered: true});
"""

def one_load(browser, url: str) -> dict:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    rate = PROFILE["kbit_s"] * 1000 / 8
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": PROFILE["latency_ms"],
                                                  "downloadThroughput": rate, "uploadThroughput": rate})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PROFILE["cpu"]})
    page.add_init_script(_OBSERVE_SHIFTS)
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_timeout(300)
    paints = page.evaluate("() => Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]))")
    shift = page.evaluate("() => window.__shift")
    context.close()
    return {"fp": paints.get("first-paint"), "fcp": paints.get("first-contentful-paint"), "cls": shift}


def measure(browser, base: str, path: str, runs: int) -> dict:
    site = [one_load(browser, base + path) for _ in range(runs)]
    bare = [one_load(browser, base + path + "?" + BARE) for _ in range(runs)]
    fp = statistics.median(r["fp"] for r in site)
    fp_bare = statistics.median(r["fp"] for r in bare)
    return {"path": path, "fp": fp, "fp_bare": fp_bare, "ratio": fp / fp_bare,
            "fcp": statistics.median(r["fcp"] for r in site), "fcp_bare": statistics.median(r["fcp"] for r in bare),
            "cls": max(r["cls"] for r in site)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=PAGES)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"No hay un sitio construido en {args.site}: ejecuta ./run.sh build primero.", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server, base = serve(args.site)
    print(f"Perfil: {PROFILE['latency_ms']} ms, {PROFILE['kbit_s']} kbit/s, CPU x{PROFILE['cpu']}, "
          f"caché vacía, gzip; mediana de {args.runs}.", file=sys.stderr)
    print("| page | first paint, site | HTML alone | ratio | FCP, site | FCP, HTML alone | layout shift (max) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for path in args.pages:
                r = measure(browser, base, path, args.runs)
                print(f"| `{r['path']}` | {r['fp'] / 1000:.2f} s | {r['fp_bare'] / 1000:.2f} s | {r['ratio']:.2f} | "
                      f"{r['fcp'] / 1000:.2f} s | {r['fcp_bare'] / 1000:.2f} s | {r['cls']:.3f} |", flush=True)
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
