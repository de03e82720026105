"""The weekly check's report, offline: lychee's JSON + the catalogue → one Spanish issue body per región."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from mitp import linkcheck

ROOT = Path(__file__).resolve().parent.parent
LYCHEE = ROOT / "tests" / "fixtures" / "linkcheck" / "lychee.json"
TODAY = dt.date(2026, 11, 24)
REGIONS = {"05": "Valparaíso", "13": "Metropolitana de Santiago"}

RESOURCES = [
    {"id": "oficina-valparaiso", "name": {"es": "Oficina de Valparaíso"}, "territory": {"region": "05"},
     "website": "https://www.ejemplo-valparaiso.example/", "last_verified": dt.date(2026, 10, 1),
     "source": {"es": "Sitio de la oficina"}},
    {"id": "oficina-vieja", "name": {"es": "Oficina <b>antigua</b>"}, "service_area": {"scope": "region", "region": "05"},
     "last_verified": dt.date(2025, 11, 23), "source": {"es": "Folleto"}},
    {"id": "oficina-santiago", "name": {"es": "Oficina de Santiago"}, "territory": {"region": "13"},
     "website": "https://www.santiago.example/", "last_verified": dt.date(2026, 11, 1),
     "source": {"es": "Sitio", "url": "https://www.santiago.example/"}},
    {"id": "linea-nacional", "name": {"es": "Línea nacional"}, "service_area": {"scope": "national"},
     "last_verified": dt.date(2026, 11, 1), "source": {"es": "Sitio", "url": "https://fuente-nacional.example/"}},
]
CHANNELS = [
    {"id": "canal-1", "name": {"es": "Canal uno"}, "dial": "133", "last_verified": dt.date(2025, 1, 5),
     "source": {"es": "Fuente", "url": "https://www.santiago.example/"}},
]


def _reports() -> dict[str, linkcheck.GroupReport]:
    broken = linkcheck.broken_from_lychee(json.loads(LYCHEE.read_text("utf-8")))
    reports = linkcheck.group_reports(RESOURCES, CHANNELS, broken, today=TODAY, region_names=REGIONS)
    return {r.key: r for r in reports}


def test_lychee_json_is_read():
    broken = linkcheck.broken_from_lychee(json.loads(LYCHEE.read_text("utf-8")))
    assert {(b.url, b.reason) for b in broken} == {
        ("https://www.ejemplo-valparaiso.example/", "404 Not Found"),
        ("https://pagina-rota.example/informe.pdf", "Network error (dns error: failed to lookup address information)"),
        ("https://fuente-nacional.example/", "Timeout (Request timed out)"),
    }   # mailto: is not a web link a coordinator can fix from a checker's result


def test_each_region_gets_its_broken_links_and_stale_entries():
    reports = _reports()
    assert set(reports) == {"05", "13", "nacional", "sitio"}
    valparaiso = reports["05"]
    assert valparaiso.title == "Revisión periódica de enlaces y verificación: Valparaíso"
    assert valparaiso.findings == 2
    assert ("entrada `oficina-valparaiso` (Oficina de Valparaíso), campo `website`: "
            "`https://www.ejemplo-valparaiso.example/` — 404 Not Found") in valparaiso.body
    # 2025-11-23 is more than 12 months before 2026-11-24
    assert "### Entradas sin verificar desde antes del 2025-11-24 (1)" in valparaiso.body
    assert "entrada `oficina-vieja` (Oficina &lt;b&gt;antigua&lt;/b&gt;): última verificación `2025-11-23`" in valparaiso.body
    assert "### Qué hacer" in valparaiso.body
    assert "oficina-santiago" not in valparaiso.body


def test_a_clean_region_says_so_and_can_be_closed(tmp_path):
    reports = _reports()
    santiago = reports["13"]
    assert santiago.findings == 0
    assert "✅ Todos los enlaces respondieron" in santiago.body
    index = linkcheck.write_reports(list(reports.values()), tmp_path)
    rows = [line.split("\t") for line in index.read_text("utf-8").splitlines()]
    assert ["13.md", "cerrar", "Revisión periódica de enlaces y verificación: Metropolitana de Santiago"] in rows
    assert ["05.md", "abrir", "Revisión periódica de enlaces y verificación: Valparaíso"] in rows
    assert (tmp_path / "05.md").read_text("utf-8") == reports["05"].body


def test_national_entries_and_channels_share_one_report():
    national = _reports()["nacional"]
    assert national.title == "Revisión periódica de enlaces y verificación: servicios nacionales"
    assert "entrada `linea-nacional` (Línea nacional), campo `source.url`: `https://fuente-nacional.example/`" in national.body
    assert "`data/channels.yaml`, entrada `canal-1` (Canal uno): última verificación `2025-01-05`" in national.body


def test_page_links_go_to_the_site_report():
    site = _reports()["sitio"]
    assert site.findings == 1
    assert "`site/que-es-la-trata/index.html`: `https://pagina-rota.example/informe.pdf`" in site.body


def test_catalogue_urls_listed_once():
    urls = linkcheck.urls_to_check(linkcheck.catalogue_links(RESOURCES, CHANNELS))
    assert urls == ["https://fuente-nacional.example/", "https://www.ejemplo-valparaiso.example/",
                    "https://www.santiago.example/"]


def test_command_line_on_the_shipped_catalogue(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITP_")}
    proc = subprocess.run([sys.executable, "-m", "mitp.cli", "links", "report", str(LYCHEE), str(tmp_path),
                           "--today", "2026-11-24"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = (tmp_path / "indice.tsv").read_text("utf-8").splitlines()
    assert len(rows) == 16 + 2          # every región, national services, the site's pages
    assert "Traceback" not in proc.stderr
