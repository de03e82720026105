"""Command line: ``mitp validate [path] [--channels path]`` and ``mitp export OUT_DIR [--resources path]``.

``mitp validate`` with no arguments checks both data files people edit: the catalogue
(data/resources.yaml) and the reporting channels (data/channels.yaml).

``mitp validate`` prints every problem as ``data/resources.yaml:LINE:COL: field: message``,
errors first, then warnings; it exits 1 when there is any error, 0 otherwise (warnings alone do
not fail). ``mitp export`` validates too, then writes the open-data files.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mitp import changes, channels, exports, linkcheck
from mitp.annotations import report_problems
from mitp.catalogue import resources_path, validate_file
from mitp.problems import display_path
from mitp.taxonomy import load_taxonomy
from mitp.territories import load_territories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mitp", description="Catálogo de recursos de la MITP.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="valida el catálogo y lista todos los problemas")
    validate.add_argument("path", nargs="?", type=Path, help="archivo (por omisión data/resources.yaml "
                                                              "o $MITP_RESOURCES)")
    validate.add_argument("--channels", type=Path, metavar="PATH",
                          help="valida este archivo de canales (por omisión, sin argumentos, data/channels.yaml)")
    export = commands.add_parser("export", help="valida el catálogo y escribe los datos abiertos")
    export.add_argument("out_dir", type=Path, help="carpeta de destino")
    export.add_argument("--resources", type=Path, help="archivo del catálogo (por omisión data/resources.yaml)")
    changes.register(commands)          # mitp diff BASE HEAD (mitp/changes.py)
    linkcheck.register(commands)        # mitp links urls|report (mitp/linkcheck.py)
    args = parser.parse_args(argv)
    if hasattr(args, "run"):            # commands that bring their own runner
        return args.run(args)
    if args.command == "validate":
        if args.channels:
            return _validate_channels(args.channels)
        status = _validate(args.path)
        return max(status, _validate_channels(channels.CHANNELS_FILE)) if args.path is None else status
    return _export(args.out_dir, args.resources)


def _report(path: Path | None):
    report = validate_file(path)
    for problem in report.errors:
        print(str(problem))
    if report.warnings:
        if report.errors:
            print()
        print(f"Advertencias ({len(report.warnings)}):")
        for problem in report.warnings:
            print(f"{problem} [advertencia]")
    # On GitHub Actions: the same problems on the changed lines and in the run's summary.
    report_problems(report.errors, report.warnings, heading="Revisión del catálogo de recursos")
    return report


def _validate(path: Path | None) -> int:
    shown = display_path(path or resources_path())
    report = _report(path)
    if report.errors:
        print(f"\n{shown}: {len(report.errors)} error(es), {len(report.warnings)} advertencia(s). "
              "Corrige los errores y vuelve a validar.", file=sys.stderr)
        return 1
    count = len(report.catalogue.resources)
    print(f"{shown}: válido: {count} entradas, {len(report.warnings)} advertencia(s).", file=sys.stderr)
    return 0


def _validate_channels(path: Path) -> int:
    shown = display_path(path)
    try:
        loaded = channels.load_channels(path)
    except channels.ChannelsError as exc:
        print(str(exc))
        report_problems(exc.problems, [], heading="Revisión de los canales de ayuda")
        print(f"\n{shown}: {len(str(exc).splitlines())} error(es). Corrige los errores y vuelve a validar.",
              file=sys.stderr)
        return 1
    report_problems([], [], heading="Revisión de los canales de ayuda")
    print(f"{shown}: válido: {len(loaded)} canales.", file=sys.stderr)
    return 0


def _export(out_dir: Path, path: Path | None) -> int:
    report = _report(path)
    if report.errors:
        print(f"\n{len(report.errors)} error(es): no se exporta nada.", file=sys.stderr)
        return 1
    written = exports.write_all(report.catalogue, load_territories(), load_taxonomy(), out_dir)
    for file in written:
        print(f"escrito: {file}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
