#!/usr/bin/env python3
"""Benchmark of the resource catalogue: validation and (when the directory exists) the site build.

Generates deterministic synthetic catalogues (``random.Random(seed)``) of 500, 5,000 and 20,000
fully filled entries spread over every comuna, then measures:

- validation: ``mitp.catalogue.validate_file`` (strict YAML load + JSON Schema + semantic checks),
  wall time and CPU time of this process (CPU time is the steadier figure on a shared machine),
  the best of ``--repeat`` runs;
- build (unless ``--no-build``, and only if ``hooks/directory.py`` exists): ``mkdocs build
  --strict`` of a temporary copy of the repository, all languages, with ``MITP_RESOURCES``
  pointing at the synthetic file; then the largest page (raw and gzip), the largest page outside
  the directory, the largest directory page, and the size of the whole site.

With ``--first-visit`` it measures instead what a first visit to each type of page transfers
(issue 14): the shipped catalogue plus 0, 5,000 and 20,000 synthetic entries is built, and for
each page type (home, triage "pide ayuda", national directory, the heaviest region page of the
directory, an information page; the heavier of its Spanish and English versions) the page and
every file it references (stylesheets, scripts, icon, images) are counted, gzip level 6 as a
static host serves them. ``tests/test_browser.py`` checks the same figure in Chromium.

Usage:  ./run.sh bench [--sizes 500,5000,20000] [--no-build] [--repeat 3] [--keep DIR]
        ./run.sh bench --first-visit [--sizes 0,5000,20000]
Targets (issue 3): validate 20,000 entries in < 3 s; build time growing no faster than linearly;
no page outside the directory growing with the catalogue; no directory page > 150 KB gzip at 5,000.
Target (issue 14): every page <= 64 KB gzip on a first visit, whatever the catalogue's size.
"""
from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mitp.catalogue import validate_file  # noqa: E402
from mitp.taxonomy import load_taxonomy  # noqa: E402
from mitp.territories import load_territories  # noqa: E402

SEED = 20261123
SHIPPED_CATALOGUE = ROOT / "data" / "resources.yaml"
COPY = ["mkdocs.yml", "docs", "overrides", "hooks", "data", "schemas", "mitp"]

WORDS = ("apoyo orientación atención víctimas trata personas derechos denuncia salud protección "
         "acompañamiento migrantes mujeres niñez trabajo asesoría legal albergue familia comunidad").split()


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthetic_catalogue(count: int, seed: int = SEED) -> str:
    """A valid catalogue of ``count`` fully filled entries, the same for the same seed."""
    rnd = random.Random(seed)
    territories = load_territories()
    taxonomy = load_taxonomy()
    comunas = sorted(territories.comunas.values(), key=lambda c: c.code)
    services, populations, languages = list(taxonomy.services), list(taxonomy.populations), list(taxonomy.languages)
    out = ["# yaml-language-server: $schema=../schemas/resources.schema.json",
           f"# Catálogo SINTÉTICO para el benchmark ({count} entradas, semilla {seed}): datos inventados.",
           "resources:"]
    for i in range(count):
        comuna = comunas[rnd.randrange(len(comunas))]
        level = rnd.choices(["municipal", "provincial", "regional", "nacional"], weights=[60, 10, 25, 5])[0]
        sentence = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(12, 30))).capitalize() + "."
        confidential = rnd.random() < 0.05
        lines = [
            f"  - id: recurso-sintetico-{i:05d}",
            "    name:",
            f"      es: {q(f'Servicio de {rnd.choice(WORDS)} {i} de {comuna.name}')}",
            f"      en: {q(f'Service {i} in {comuna.name}')}",
            "    description:",
            f"      es: {q(sentence)}",
            f"      en: {q('Synthetic entry for the benchmark.')}",
            f"    organization: {{es: {q(f'Municipalidad de {comuna.name}')}}}",
            f"    level: {level}",
        ]
        if level != "nacional":
            lines.append(f'    territory: {{region: "{comuna.region}", provincia: "{comuna.provincia}", comuna: "{comuna.code}"}}')
            if level == "municipal":
                lines.append(f'    service_area: {{scope: comunas, comunas: ["{comuna.code}"]}}')
            else:
                lines.append(f'    service_area: {{scope: region, region: "{comuna.region}"}}')
        else:
            lines.append("    service_area: {scope: national}")
        lines += [
            f"    services: [{', '.join(rnd.sample(services, rnd.randint(1, 3)))}]",
            f"    populations: [{', '.join(rnd.sample(populations, rnd.randint(0, 2)))}]",
            f"    languages: [es{', ' + rnd.choice(languages[1:]) if rnd.random() < 0.3 else ''}]",
            "    phones:",
            f'      - number: "+56 2 2{rnd.randint(100, 999)} {rnd.randint(1000, 9999)}"',
            "        type: voice",
            '        hours: {es: "Lunes a viernes, 9:00 a 17:00", en: "Monday to Friday, 9:00 to 17:00"}',
            f"    emails: [recurso{i}@example.org]",
            f"    website: https://www.example.org/recurso/{i}",
        ]
        if not confidential and level != "nacional":
            lines += ["    address:", f"      street: {q(f'Calle Sintética {rnd.randint(1, 9999)}')}",
                      f'      comuna: "{comuna.code}"']
        lines += [
            f"    confidential: {'true' if confidential else 'false'}",
            "    hours: {text: {es: \"Lunes a viernes, 9:00 a 17:00\", en: \"Monday to Friday, 9:00 to 17:00\"}}",
            "    cost: {es: Gratuito, en: Free}",
            "    documents: {required: false, text: {es: \"No necesitas documentos.\", en: \"You need no documents.\"}}",
            f"    access: {rnd.choice(['direct', 'referral'])}",
            f"    last_verified: 2026-{rnd.randint(1, 10):02d}-{rnd.randint(1, 28):02d}",
            "    source: {es: \"Catálogo sintético del benchmark\"}",
        ]
        out.extend(lines)
    return "\n".join(out) + "\n"


def measure_validation(path: Path, repeat: int) -> dict:
    best_wall = best_cpu = float("inf")
    entries = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        report = validate_file(path)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        if report.errors:
            raise SystemExit("el catálogo sintético no es válido:\n" + "\n".join(map(str, report.errors[:10])))
        entries = len(report.catalogue.resources)
    return {"entries": entries, "wall_s": best_wall, "cpu_s": best_cpu}


def build_site(path: Path, work: Path) -> tuple[Path, float]:
    """Builds a copy of the repository with ``MITP_RESOURCES=path``; the site folder and seconds."""
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, work / name)
    site = work / "site"
    env = {**os.environ, "MITP_RESOURCES": str(path), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    wall = time.perf_counter()
    result = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-d", str(site)], cwd=work, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - wall
    if result.returncode != 0:
        raise SystemExit(f"la construcción falló:\n{result.stderr[-3000:]}")
    return site, elapsed


# First visit (issue 14) ------------------------------------------------------------------------

# Page types and where each is in the built site (Spanish path; English under en/).
PAGE_TYPES = {
    "inicio": "index.html",
    "pide ayuda (triage)": "pide-ayuda/index.html",
    "directorio nacional": "directorio/index.html",
    "región del directorio (la más pesada)": None,   # the heaviest page under directorio/<región>/
    "página informativa (qué es la trata)": "que-es-la-trata/index.html",
}
_REFERENCES = re.compile(
    r"""<(?:link\b[^>]*\brel=["']?(?:stylesheet|icon)["']?[^>]*\bhref|script\b[^>]*\bsrc|img\b[^>]*\bsrc)=["']([^"'#?]+)""",
    re.I)


def gzip_size(file: Path) -> int:
    return len(gzip.compress(file.read_bytes(), compresslevel=6))


def first_visit(site: Path, page: str) -> tuple[int, list[tuple[int, str]]]:
    """Bytes (gzip) of a page and every same-site file it references; and the files, heaviest first."""
    site = site.resolve()
    html_file = site / page
    files = {html_file}
    for ref in _REFERENCES.findall(html_file.read_text("utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", ref, re.I):
            continue  # data: URIs cost nothing more; other origins would fail the browser test
        target = (html_file.parent / ref).resolve()
        files.add(target / "index.html" if target.is_dir() else target)
    sized = sorted(((gzip_size(f), f.relative_to(site).as_posix()) for f in files), reverse=True)
    return sum(size for size, _ in sized), sized


def heaviest_region_page(site: Path, prefix: str) -> str:
    pages = [p for p in (site / prefix / "directorio").glob("*/**/index.html")]
    return max(pages, key=gzip_size).relative_to(site).as_posix()


def measure_first_visit(site: Path) -> dict[str, tuple[int, str]]:
    out = {}
    for kind, page in PAGE_TYPES.items():
        best = (0, "")
        for prefix in ("", "en/"):
            path = page and prefix + page or heaviest_region_page(site, prefix)
            if (site / path).is_file():
                best = max(best, (first_visit(site, path)[0], path))
        out[kind] = best
    return out


def catalogue_with_extra(count: int, seed: int) -> str:
    """The shipped catalogue followed by ``count`` synthetic entries (its only key is `resources`)."""
    shipped = SHIPPED_CATALOGUE.read_text("utf-8").rstrip("\n") + "\n"
    if not count:
        return shipped
    extra = synthetic_catalogue(count, seed).split("\nresources:\n", 1)[1]
    return shipped + extra


def run_first_visit(sizes: list[int], seed: int, keep: Path | None) -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="mitp-bench-data-") as tmp:
        for size in sizes:
            path = Path(tmp) / f"recursos-mas-{size}.yaml"
            path.write_text(catalogue_with_extra(size, seed), encoding="utf-8")
            work = Path(tempfile.mkdtemp(prefix="mitp-bench-"))
            try:
                site, elapsed = build_site(path, work)
                row = {"size": size, "build_s": elapsed, "pages": measure_first_visit(site)}
                search = site / "pagefind"
                row["index_bytes"] = sum(f.stat().st_size for f in search.rglob("*") if f.is_file())
                row["index_files"] = sum(1 for f in search.rglob("*") if f.is_file())
                if keep:
                    shutil.copytree(site, keep / path.stem, dirs_exist_ok=True)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            print(f"+{size:>6} entradas: construcción {elapsed:.1f} s", file=sys.stderr, flush=True)
            rows.append(row)
    kinds = list(PAGE_TYPES)
    print("\n| entradas añadidas | " + " | ".join(kinds) + " | construcción (s) | índice de búsqueda (archivos) |")
    print("|---:|" + "---:|" * len(kinds) + "---:|---:|")
    for row in rows:
        cells = [f"{kb(row['pages'][k][0])} (`{row['pages'][k][1]}`)" if k.startswith("región")
                 else kb(row["pages"][k][0]) for k in kinds]
        print(f"| {row['size']:,} | " + " | ".join(cells) +
              f" | {row['build_s']:.1f} | {kb(row['index_bytes'])} ({row['index_files']:,}) |")
    worst = max(row["pages"][k][0] for row in rows for k in kinds)
    print(f"\nPrimera visita más pesada: {kb(worst)} (presupuesto: 64 KB)")
    return 0 if worst <= 64 * 1024 else 1


def measure_build(path: Path, keep: Path | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="mitp-bench-"))
    try:
        site, elapsed = build_site(path, work)
        pages = []
        total = 0
        largest_file = (0, "")
        for file in site.rglob("*"):
            if file.is_file():
                size = file.stat().st_size
                total += size
                largest_file = max(largest_file, (size, file.relative_to(site).as_posix()))
                if file.suffix == ".html":
                    raw = file.read_bytes()
                    pages.append((len(raw), len(gzip.compress(raw, 6)), file.relative_to(site).as_posix()))
        directory = [p for p in pages if "directorio/" in p[2]]
        other = [p for p in pages if "directorio/" not in p[2]]
        if keep:
            shutil.copytree(site, keep / path.stem, dirs_exist_ok=True)
        return {
            "build_s": elapsed, "site_bytes": total, "pages": len(pages), "largest_file": largest_file,
            "largest": max(pages, key=lambda p: p[1]) if pages else None,
            "largest_directory": max(directory, key=lambda p: p[1]) if directory else None,
            "largest_other": max(other, key=lambda p: p[1]) if other else None,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="500,5000,20000")
    parser.add_argument("--repeat", type=int, default=3, help="validation runs per size (best is kept)")
    parser.add_argument("--no-build", action="store_true", help="measure validation only")
    parser.add_argument("--keep", type=Path, help="copy each built site into this folder")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--first-visit", action="store_true",
                        help="first-visit bytes per page type, shipped catalogue + --sizes entries (default 0,5000,20000)")
    args = parser.parse_args(argv)
    if args.first_visit:
        sizes = [int(s) for s in (args.sizes if args.sizes != "500,5000,20000" else "0,5000,20000").split(",")]
        return run_first_visit(sizes, args.seed, args.keep)
    sizes = [int(s) for s in args.sizes.split(",")]
    build = not args.no_build and (ROOT / "hooks" / "catalogue.py").exists()
    rows = []
    with tempfile.TemporaryDirectory(prefix="mitp-bench-data-") as tmp:
        for size in sizes:
            path = Path(tmp) / f"recursos-{size}.yaml"
            path.write_text(synthetic_catalogue(size, args.seed), encoding="utf-8")
            row = {"size": size, "file_bytes": path.stat().st_size, **measure_validation(path, args.repeat)}
            print(f"{size:>6} entradas ({kb(row['file_bytes'])}): validación {row['wall_s']:.2f} s "
                  f"(CPU {row['cpu_s']:.2f} s)", file=sys.stderr, flush=True)
            if build:
                row.update(measure_build(path, args.keep))
                print(f"        construcción {row['build_s']:.1f} s, {row['pages']} páginas, "
                      f"sitio {kb(row['site_bytes'])}", file=sys.stderr, flush=True)
            rows.append(row)
    print("\n| entradas | archivo | validación (s, reloj / CPU) |" + (
        " construcción (s) | páginas | página más grande (bruto / gzip) | mayor página del directorio (gzip) "
        "| mayor página fuera del directorio (gzip) | sitio completo | archivo más grande |" if build else ""))
    print("|---:|---:|---:|" + ("---:|---:|---|---:|---:|---:|---|" if build else ""))
    for row in rows:
        line = f"| {row['size']:,} | {kb(row['file_bytes'])} | {row['wall_s']:.2f} / {row['cpu_s']:.2f} |"
        if build:
            largest, directory, other = row["largest"], row["largest_directory"], row["largest_other"]
            line += (f" {row['build_s']:.1f} | {row['pages']:,} | {kb(largest[0])} / {kb(largest[1])} (`{largest[2]}`) |"
                     f" {kb(directory[1]) if directory else '—'} | {kb(other[1]) if other else '—'} |"
                     f" {kb(row['site_bytes'])} | {kb(row['largest_file'][0])} (`{row['largest_file'][1]}`) |")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
