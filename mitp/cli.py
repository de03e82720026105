"""Command line: ``mitp validate [FILE…]``, ``mitp export OUT_DIR [--resources PATH]``,
``mitp diff BASE HEAD`` (what a change does to the catalogue and the channels, ``mitp/changes.py``),
``mitp links urls|report`` (external link checks, ``mitp/linkcheck.py``),
``mitp cobertura`` (what each region of the directory lacks, ``mitp/directory/coverage.py``),
``mitp importar guia.csv`` (a coordinator's spreadsheet into the catalogue, ``mitp/directory/importer.py``).

``mitp validate`` with no arguments checks every data file the site declares (``mitp/registry.py``):
the catalogue, the reporting channels and the rest. Arguments name declared files (``channels``)
or give paths; a path counts as the declared file with the same file name (``…/channels.yaml``),
otherwise as the catalogue (``--as NAME`` says which).

It prints every problem as ``data/resources.yaml:LINE:COL: field: message``, errors first, then
warnings, and at the end the list of files checked; it exits 1 when there is any error, 0
otherwise (warnings alone do not fail). Inside GitHub Actions it also prints workflow annotations
and writes the job summary (``mitp/annotations.py``). No Python traceback ever reaches the reader: an
unexpected failure is reported in one Spanish line. ``mitp export`` validates the catalogue, then
writes the open-data files.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from mitp import changes, linkcheck, registry, translations_cli
from mitp.annotations import report_problems
from mitp.directory import coverage, importer
from mitp.core import datafile
from mitp.plan import data as plan_data
from mitp.problems import display_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mitp", description="Datos del sitio de la MITP.")
    commands = parser.add_subparsers(dest="command", required=True)
    names = ", ".join(spec.name for spec in registry.FILES)
    validate = commands.add_parser("validate", help="valida los archivos de datos y lista todos los problemas")
    validate.add_argument("files", nargs="*", metavar="ARCHIVO",
                          help=f"nombre de un archivo declarado ({names}) o ruta; sin argumentos, todos")
    validate.add_argument("--as", dest="as_name", choices=[spec.name for spec in registry.FILES],
                          help="tipo de archivo de las rutas dadas (por omisión, según su nombre)")
    validate.add_argument("--channels", type=Path, metavar="RUTA", help="valida este archivo de canales")
    export = commands.add_parser("export", help="valida el catálogo y escribe los datos abiertos")
    export.add_argument("out_dir", type=Path, help="carpeta de destino")
    export.add_argument("--resources", type=Path, help="archivo del catálogo (por omisión data/resources.yaml)")
    changes.register(commands)          # mitp diff BASE HEAD (mitp/changes.py)
    linkcheck.register(commands)        # mitp links urls|report (mitp/linkcheck.py)
    translations_cli.register(commands)  # mitp translations [stamp] (mitp/translations_cli.py)
    coverage.register(commands)         # mitp cobertura [--region CÓDIGO] (mitp/directory/coverage.py)
    importer.register(commands)         # mitp importar guia.csv [--escribir] (mitp/directory/importer.py)
    args = parser.parse_args(argv)
    try:
        if hasattr(args, "run"):        # commands that bring their own runner
            return args.run(args)
        if args.command == "validate":
            return _validate(_targets(args))
        return _export(args.out_dir, args.resources)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for an editor: one line saying what failed
        print(f"mitp: no se pudo terminar ({type(exc).__name__}: {exc}). Avisa al equipo del sitio.", file=sys.stderr)
        return 2


def _targets(args) -> list[tuple[datafile.DataFile, Path | None]]:
    specs = registry.by_name()
    targets: list[tuple[datafile.DataFile, Path | None]] = []
    for item in args.files:
        if item in specs and not Path(item).is_file():   # a folder may share the name (podcast/)
            targets.append((specs[item], None))
        else:
            spec = specs[args.as_name] if args.as_name else (registry.for_path(item) or specs["resources"])
            targets.append((spec, Path(item)))
    if args.channels:
        targets.append((specs["channels"], args.channels))
    if not targets:
        targets = [(spec, None) for spec in registry.FILES]
        # The Plan's progress reports are a folder of files, each checked as the build checks it.
        targets += [(plan_data.REPORT, path) for path in sorted(plan_data.reports_dir().glob("*.yaml"))]
    return targets


def _validate(targets) -> int:
    errors = 0
    summary = []
    for spec, path in targets:
        shown = display_path(path or spec.file_in())
        report = datafile.check(spec, path)
        if spec.name == "materials" and path is None and not report.errors:
            # The build lays every piece out; so does the pull request's check (same code and cache).
            from mitp.materials import outputs as materials_outputs

            problem = materials_outputs.check_layout()
            if problem is not None:
                report = dataclasses.replace(report, errors=[*report.errors, problem], records=None)
        _print(report)
        # On GitHub Actions: the same problems on the changed lines and in the run's summary.
        report_problems(report.errors, report.warnings,
                        heading=f"Revisión de {spec.title or spec.path}" if spec.title else f"Revisión de {spec.path}")
        errors += len(report.errors)
        if report.errors:
            summary.append(f"{shown}: {len(report.errors)} error(es), {len(report.warnings)} advertencia(s).")
        else:
            count = f"{len(report.records)} elementos, " if isinstance(report.records, list) else ""
            summary.append(f"{shown}: válido: {count}{len(report.warnings)} advertencia(s).")
    print("", file=sys.stderr)
    for line in summary:
        print(line, file=sys.stderr)
    if errors:
        print(f"Archivos revisados: {len(targets)}. Corrige los errores y vuelve a validar.", file=sys.stderr)
        return 1
    print(f"Archivos revisados: {len(targets)}, todos válidos.", file=sys.stderr)
    return 0


def _print(report) -> None:
    for problem in report.errors:
        print(str(problem))
    if report.warnings:
        if report.errors:
            print()
        print(f"Advertencias ({len(report.warnings)}):")
        for problem in report.warnings:
            print(f"{problem} [advertencia]")


def _export(out_dir: Path, path: Path | None) -> int:
    from mitp import catalogue, exports
    from mitp.taxonomy import load_taxonomy
    from mitp.territories import load_territories

    report = catalogue.validate_file(path)
    _print(report)
    report_problems(report.errors, report.warnings, heading="Revisión del catálogo de recursos")
    if report.errors:
        print(f"\n{len(report.errors)} error(es): no se exporta nada.", file=sys.stderr)
        return 1
    written = exports.write_all(report.catalogue, load_territories(), load_taxonomy(), out_dir)
    for file in written:
        print(f"escrito: {file}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
