"""The scheduled check: broken links, entries past their 12-month verification and what the directory
lacks (``mitp cobertura``), one issue per region.

The link checker itself (lychee, run by ``.github/workflows/enlaces.yml`` where there is internet)
writes JSON; this module turns that JSON plus the catalogue into one Markdown issue body per
región (and one for national entries and one for the site's own pages), in Spanish. Pure
functions, tested offline on fixtures; ``mitp links urls`` lists what to check and
``mitp links report`` writes the bodies and an index the workflow reads to open, update or close
the issues.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from mitp.annotations import md_code, md_text
from mitp.catalogue import stale_before
from mitp.core import clock

NATIONAL = "nacional"
SITE = "sitio"
TITLE_PREFIX = "Revisión periódica de enlaces y verificación"
_ALWAYS_OK = re.compile(r"^(mailto|tel):", re.I)
# GitHub refuses issue bodies over 65,536 characters.
MAX_BODY = 60_000


@dataclass(frozen=True)
class Link:
    url: str
    file: str            # data/resources.yaml, data/channels.yaml
    entry_id: str
    entry_name: str
    field: str           # website, source.url, web
    group: str           # región code, NATIONAL


@dataclass(frozen=True)
class Broken:
    url: str
    reason: str
    found_in: str        # the input lychee read (a page of the site, or the list of catalogue links)


@dataclass
class GroupReport:
    key: str             # "05", NATIONAL, SITE
    title: str
    body: str
    findings: int        # 0: nothing to do (an open issue can be closed)


# What to check


def _name(entry: dict) -> str:
    name = entry.get("name")
    return str(name.get("es", "")) if isinstance(name, dict) else str(name or "")


def group_of(entry: dict) -> str:
    """The región an entry belongs to (its seat, else its service area), or NATIONAL."""
    for key in ("territory", "service_area"):
        part = entry.get(key)
        if isinstance(part, dict) and part.get("region"):
            return str(part["region"])
    return NATIONAL


def catalogue_links(resources: Iterable[dict], channels: Iterable[dict] = ()) -> list[Link]:
    links = []
    for entry in resources:
        for field, url in (("website", entry.get("website")), ("source.url", (entry.get("source") or {}).get("url"))):
            if url:
                links.append(Link(url, "data/resources.yaml", entry["id"], _name(entry), field, group_of(entry)))
    for channel in channels:
        for field, url in (("web", channel.get("web")), ("source.url", (channel.get("source") or {}).get("url"))):
            if url:
                links.append(Link(url, "data/channels.yaml", channel["id"], _name(channel), field, NATIONAL))
    return links


def urls_to_check(links: Iterable[Link]) -> list[str]:
    return sorted({link.url for link in links})


# What the checker found


def broken_from_lychee(report: dict) -> list[Broken]:
    """Every failed link of a lychee JSON report (``error_map``; older ``fail_map``; ``timeout_map``)."""
    broken = []
    for key in ("error_map", "fail_map", "timeout_map"):
        for source, responses in (report.get(key) or {}).items():
            for response in responses or []:
                url = response.get("url", "")
                if not url or _ALWAYS_OK.match(url):
                    continue
                status = response.get("status") or {}
                reason = status.get("text") or ("tiempo de espera agotado" if key == "timeout_map" else "error")
                if status.get("details"):
                    reason = f"{reason} ({status['details']})"
                broken.append(Broken(url, str(reason), str(source)))
    return broken


# Reports


def _same(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def group_reports(resources: list[dict], channels: list[dict], broken: list[Broken], *, today: _dt.date,
                  region_names: dict[str, str], coverage: dict | None = None,
                  kinds: list | None = None) -> list[GroupReport]:
    """One report per región (every región, so a clean one can close its issue), national, and the site.

    ``coverage`` (región code or NATIONAL → ``mitp.directory.coverage.AreaCoverage``) and ``kinds``
    add each región's to-do list (kinds of service missing, entries without contact, weak sources,
    untranslated texts) to its issue: the same list ``mitp cobertura`` prints.
    """
    links = catalogue_links(resources, channels)
    limit = stale_before(today)
    stale: dict[str, list[tuple[str, dict]]] = {}
    for file, entries in (("data/resources.yaml", resources), ("data/channels.yaml", channels)):
        for entry in entries:
            verified = entry.get("last_verified")
            if isinstance(verified, str):
                verified = _dt.date.fromisoformat(verified)
            if verified is not None and verified < limit:
                group = group_of(entry) if file == "data/resources.yaml" else NATIONAL
                stale.setdefault(group, []).append((file, entry))
    catalogue_broken: dict[str, list[tuple[Link, Broken]]] = {}
    catalogue_urls = set()
    for item in broken:
        matches = [link for link in links if _same(link.url, item.url)]
        catalogue_urls.update(link.url for link in matches)
        for link in matches:
            catalogue_broken.setdefault(link.group, []).append((link, item))
    page_broken = [b for b in broken if not any(_same(b.url, u) for u in catalogue_urls)]

    reports = []
    for key in [*sorted(region_names), NATIONAL]:
        title = f"{TITLE_PREFIX}: {region_names[key]}" if key in region_names else f"{TITLE_PREFIX}: servicios nacionales"
        found_links = _dedupe(catalogue_broken.get(key, []))
        found_stale = stale.get(key, [])
        body = _catalogue_body(found_links, found_stale, today, limit)
        findings = len(found_links) + len(found_stale)
        area = (coverage or {}).get(key)
        if area is not None and kinds is not None:
            from mitp.directory.coverage import issue_section

            body = body.rstrip("\n") + "\n\n" + "\n".join(issue_section(area, kinds))
            findings += len(area.missing if key != NATIONAL else []) + len(area.without_contact) + len(area.weak)
        reports.append(GroupReport(key, title, body, findings))
    reports.append(GroupReport(SITE, f"{TITLE_PREFIX}: páginas del sitio", _site_body(page_broken, today),
                               len(page_broken)))
    return reports


def _dedupe(items: list[tuple[Link, Broken]]) -> list[tuple[Link, Broken]]:
    seen, out = set(), []
    for link, item in items:
        key = (link.file, link.entry_id, link.field, link.url)
        if key not in seen:
            seen.add(key)
            out.append((link, item))
    return out


def _header(today: _dt.date) -> list[str]:
    return [f"Revisión automática del {today.isoformat()} (flujo de trabajo «Enlaces y verificación», "
            "que corre cada semana). Este aviso se actualiza solo en cada revisión; se cierra cuando no "
            "queda nada pendiente.", ""]


def _catalogue_body(found_links: list[tuple[Link, Broken]], found_stale: list[tuple[str, dict]],
                    today: _dt.date, limit: _dt.date) -> str:
    lines = _header(today)
    if not found_links and not found_stale:
        lines += ["✅ Todos los enlaces respondieron y todas las entradas se verificaron en los últimos 12 meses."]
        return "\n".join(lines) + "\n"
    if found_links:
        lines += [f"### Enlaces que no respondieron ({len(found_links)})", ""]
        for link, item in found_links:
            lines.append(f"- {md_code(link.file)}, entrada {md_code(link.entry_id)} ({md_text(link.entry_name)}), "
                         f"campo {md_code(link.field)}: {md_code(link.url)} — {md_text(item.reason)}")
        lines.append("")
    if found_stale:
        lines += [f"### Entradas sin verificar desde antes del {limit.isoformat()} ({len(found_stale)})", ""]
        for file, entry in found_stale:
            lines.append(f"- {md_code(file)}, entrada {md_code(entry['id'])} ({md_text(_name(entry))}): "
                         f"última verificación {md_code(entry.get('last_verified'))}")
        lines.append("")
    lines += [
        "### Qué hacer",
        "",
        "1. Abre la fuente nombrada en `source` de cada entrada y confirma con la institución el teléfono, "
        "correo, sitio web y horario.",
        "2. Si un enlace falla también en tu navegador, busca la dirección nueva en el sitio oficial de la "
        "institución; si funciona, puede haber sido un corte pasajero: la próxima revisión lo verá.",
        "3. Edita la entrada en el editor web de GitHub: corrige lo que cambió, actualiza `last_verified` "
        "con la fecha de hoy y, si la fuente es otra, `source`. Abre una solicitud de cambios "
        "(CONTRIBUTING.md, «Marcar una entrada como verificada»).",
        "4. Si un dato ya no se puede confirmar en una fuente pública, quítalo: no se publica lo que no tiene fuente.",
    ]
    return "\n".join(lines) + "\n"


def _site_body(page_broken: list[Broken], today: _dt.date) -> str:
    lines = _header(today)
    if not page_broken:
        lines.append("✅ Todos los enlaces de las páginas del sitio respondieron.")
        return "\n".join(lines) + "\n"
    lines += [f"### Enlaces de las páginas que no respondieron ({len(page_broken)})", ""]
    for item in sorted(page_broken, key=lambda b: (b.found_in, b.url)):
        lines.append(f"- {md_code(item.found_in)}: {md_code(item.url)} — {md_text(item.reason)}")
    lines += ["", "Corrige el enlace en la página de `docs/` que lo contiene (en cada idioma) o quítalo si la "
              "fuente ya no existe."]
    return "\n".join(lines) + "\n"


def write_reports(reports: list[GroupReport], out_dir: Path) -> Path:
    """``<key>.md`` per report and ``indice.tsv`` (file, action, title) for the workflow."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for report in reports:
        name = f"{report.key}.md"
        body = report.body
        if len(body) > MAX_BODY:
            body = body[: body.rfind("\n", 0, MAX_BODY)] + (
                "\n\n… (lista cortada por su largo: el informe completo está en el artefacto "
                "«informes-enlaces» de la ejecución)\n")
        (out_dir / name).write_text(body, "utf-8")
        rows.append(f"{name}\t{'abrir' if report.findings else 'cerrar'}\t{report.title}")
    index = out_dir / "indice.tsv"
    index.write_text("\n".join(rows) + "\n", "utf-8")
    return index


# Command line (registered by mitp/cli.py)


def register(commands) -> None:
    parser = commands.add_parser("links", help="enlaces a revisar y avisos por región (flujo semanal)")
    sub = parser.add_subparsers(dest="links_command", required=True)
    sub.add_parser("urls", help="lista los enlaces del catálogo y los canales, uno por línea")
    report = sub.add_parser("report", help="escribe un aviso por región a partir del JSON de lychee")
    report.add_argument("lychee_json", type=Path, help="informe JSON de lychee (--format json)")
    report.add_argument("out_dir", type=Path, help="carpeta donde escribir los avisos e indice.tsv")
    report.add_argument("--today", type=_dt.date.fromisoformat, default=None, help="fecha de hoy (AAAA-MM-DD)")
    parser.set_defaults(run=run)


def _load() -> tuple[list[dict], list[dict], dict[str, str]]:
    from mitp import channels as channels_data
    from mitp.catalogue import load_catalogue
    from mitp.territories import load_territories

    territories = load_territories()
    names = {code: region.name for code, region in territories.regions.items()}
    return load_catalogue().resources, channels_data.load_channels(), names


def _coverage(resources: list[dict], today: _dt.date) -> tuple[dict | None, list | None]:
    """Each región's coverage (``mitp cobertura``), or (None, None) when the reference list is invalid."""
    from mitp.directory import coverage
    from mitp.problems import DataFileError
    from mitp.territories import load_territories

    try:
        kinds = coverage.load_kinds()
    except DataFileError as exc:
        print(f"{exc}\nLos avisos salen sin la cobertura: corrige data/cobertura.yaml.", file=sys.stderr)
        return None, None
    areas = coverage.build(resources, load_territories(), kinds, today=today)
    return {area.code: area for area in areas}, kinds


def run(args: argparse.Namespace) -> int:
    from mitp.catalogue import CatalogueError
    from mitp.channels import ChannelsError

    try:
        resources, channels, names = _load()
    except (CatalogueError, ChannelsError) as exc:
        print(f"{exc}\nCorrige los errores (./run.sh validate) antes de revisar los enlaces.", file=sys.stderr)
        return 1
    if args.links_command == "urls":
        print("\n".join(urls_to_check(catalogue_links(resources, channels))))
        return 0
    try:
        data: Any = json.loads(args.lychee_json.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        print(f"{args.lychee_json}: no es un informe JSON de lychee legible ({exc})", file=sys.stderr)
        return 2
    today = args.today or clock.today()
    coverage, kinds = _coverage(resources, today)
    reports = group_reports(resources, channels, broken_from_lychee(data), today=today,
                            region_names=names, coverage=coverage, kinds=kinds)
    index = write_reports(reports, args.out_dir)
    pending = sum(1 for r in reports if r.findings)
    print(f"{index}: {len(reports)} avisos, {pending} con algo pendiente.", file=sys.stderr)
    return 0
