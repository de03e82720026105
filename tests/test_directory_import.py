"""Issue 21: ``mitp importar guia.csv`` — a coordinator's spreadsheet into the catalogue.

In process on a copy of the shipped catalogue; one build of a project copy with the imported
entries (tests/directory_sites.py) proves they reach the directory and the open data."""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from mitp import catalogue, cli
from mitp.directory import importer

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "plantillas" / "guia-servicios.csv"
TODAY = "2026-12-07"

GOOD = {
    "nombre": "Oficina Comunal de Orientación a Migrantes de Prueba",
    "nombre_en": "Test Migrant Guidance Office",
    "descripcion": "Orientación sobre trámites migratorios.",
    "institucion": "Municipalidad de Prueba",
    "nivel": "municipal",
    "region": "Biobío",
    "comuna": "Concepción",
    "direccion": "Calle de Prueba 100",
    "servicios": "orientacion;Regularización migratoria",
    "telefonos": "+56 41 212 3456",
    "correos": "migrantes@prueba.cl",
    "sitio_web": "https://www.prueba.cl/",
    "acceso": "directo",
    "fuente": "Sitio de la municipalidad de prueba",
    "fuente_url": "https://www.prueba.cl/migrantes",
    "fuente_debil": "prensa",
    "verificado": TODAY,
}


def write_csv(path: Path, rows: list[dict], *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=importer.COLUMN_NAMES, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def catalogue_copy(tmp_path):
    path = tmp_path / "resources.yaml"
    shutil.copy(ROOT / "data" / "resources.yaml", path)
    return path


def run(csv_path: Path, catalogue_path: Path, *extra: str) -> int:
    return cli.main(["importar", str(csv_path), "--catalogo", str(catalogue_path), "--hoy", TODAY, *extra])


def test_template_has_every_column_and_its_example_row_is_refused(catalogue_copy, capsys):
    header = TEMPLATE.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header) == importer.COLUMN_NAMES
    before = catalogue_copy.read_bytes()
    assert run(TEMPLATE, catalogue_copy, "--escribir") == 1
    out = capsys.readouterr().out
    assert "guia-servicios.csv:2:nombre: esta es la fila de ejemplo" in out
    assert catalogue_copy.read_bytes() == before


def test_good_and_bad_rows_give_row_and_column_errors_and_write_nothing(tmp_path, catalogue_copy, capsys):
    rows = [
        GOOD,                                                              # row 2: fine
        {**GOOD, "nombre": "Otra oficina", "telefonos": "41 XXXX"},        # row 3: phone with letters
        {**GOOD, "nombre": "Casa", "confidencial": "si"},                  # row 4: confidential with an address
        {**GOOD, "nombre": "Sitio", "sitio_web": "http://www.prueba.cl/", "region": "Región 17",
         "comuna": "Concepsion"},                                          # row 5: http, region, comuna
        {**GOOD, "nombre": "", "servicios": "comida", "verificado": "7/12/2026"},   # row 6
    ]
    guide = write_csv(tmp_path / "guia.csv", rows)
    before = catalogue_copy.read_bytes()
    assert run(guide, catalogue_copy, "--escribir") == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert not any(line.startswith("guia.csv:2:") or ":2:" in line.split(" ")[0] for line in lines)
    expected = [
        ":3:telefonos: '41 XXXX' tiene letras",
        ":4:direccion: una entrada confidencial no publica su dirección",
        ":5:region: 'Región 17' no es una región de Chile",
        ":5:sitio_web: 'http://www.prueba.cl/' no es válido: la dirección debe empezar con https://",
        ":6:nombre: falta 'nombre'",
        ":6:servicios: 'comida' no es válido en 'servicios'",
        ":6:verificado: '7/12/2026' no es una fecha: escríbela como AAAA-MM-DD",
    ]
    for fragment in expected:
        assert any(fragment in line and line.split(":")[0].endswith("guia.csv") for line in lines), fragment
    assert "no se escribió nada" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert catalogue_copy.read_bytes() == before          # nothing written while a row fails


def test_a_good_csv_shows_the_diff_then_writes_valid_entries_in_the_region_group(tmp_path, catalogue_copy, capsys):
    rows = [GOOD, {**GOOD, "nombre": "Fiscalía Local de Prueba", "nivel": "regional", "region": "16",
                   "comuna": "", "direccion": "", "servicios": "denuncia", "fuente_debil": "",
                   "telefonos": "600 333 0000"}]
    guide = write_csv(tmp_path / "guia.csv", rows, delimiter=";")      # Spanish Excel saves with ';'
    before = catalogue_copy.read_text(encoding="utf-8")
    # Without --escribir: the diff, nothing written.
    assert run(guide, catalogue_copy) == 0
    captured = capsys.readouterr()
    assert "+  - id: oficina-comunal-de-orientacion-a-migrantes-de-prueba-concepcion" in captured.out
    assert "--escribir" in captured.err
    assert catalogue_copy.read_text(encoding="utf-8") == before
    # With --escribir: appended, the rest of the file untouched, and the catalogue valid.
    assert run(guide, catalogue_copy, "--escribir") == 0
    after = catalogue_copy.read_text(encoding="utf-8")
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == [] and after.startswith(before.split("  # --- Región de Tarapacá")[0])
    report = catalogue.validate_file(catalogue_copy, today=dt.date(2026, 12, 7))
    assert report.errors == []
    by_id = report.catalogue.by_id
    new = by_id["oficina-comunal-de-orientacion-a-migrantes-de-prueba-concepcion"]
    assert new["services"] == ["orientacion", "regularizacion-migratoria"]
    assert new["territory"] == {"region": "08", "provincia": "081", "comuna": "08101"}
    assert new["source"]["weak"] == "news" and new["phones"][0]["number"] == "+56412123456"
    # Biobío had no group: one is added, north to south (before Ñuble's? no: Ñuble comes before Biobío).
    assert "  # --- Biobío (08) ---" in after
    # Ñuble (16) already had a group: the Fiscalía row went into it, before the next group.
    nuble = after.index("(16) ---")
    assert nuble < after.index("- id: fiscalia-local-de-prueba") < after.index("(08) ---")
    # Importing the same rows again is refused: the ids are stable.
    assert run(guide, catalogue_copy, "--escribir") == 1
    assert "ya existe" in capsys.readouterr().out


def write_xlsx(path: Path, rows: list[dict]) -> Path:
    """An Excel sheet as a coordinator saves it: phones typed as numbers, dates as dates."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(importer.COLUMN_NAMES))
    for row in rows:
        cells = []
        for name in importer.COLUMN_NAMES:
            value = row.get(name, "")
            if name == "verificado" and value and value[:4].isdigit() and "-" in value:
                value = dt.date.fromisoformat(value)
            elif name == "telefonos" and value.isdigit():
                value = int(value)
            cells.append(value if value != "" else None)
        sheet.append(cells)
    book.save(path)
    return path


def test_an_excel_sheet_is_read_like_the_csv_with_its_row_numbers(tmp_path, catalogue_copy, capsys):
    rows = [{**GOOD, "telefonos": "56412123456"},                       # row 2: a phone typed as a number
            {**GOOD, "nombre": "Otra oficina", "sitio_web": "http://www.prueba.cl/"}]   # row 3: http
    guide = write_xlsx(tmp_path / "guia.xlsx", rows)
    before = catalogue_copy.read_bytes()
    assert run(guide, catalogue_copy, "--escribir") == 1
    out = capsys.readouterr().out
    assert "guia.xlsx:3:sitio_web: 'http://www.prueba.cl/' no es válido" in out
    assert "guia.xlsx:2:" not in out                   # the number and the date cells read as typed
    assert catalogue_copy.read_bytes() == before
    guide = write_xlsx(tmp_path / "guia.xlsx", rows[:1])
    assert run(guide, catalogue_copy, "--escribir") == 0
    capsys.readouterr()
    report = catalogue.validate_file(catalogue_copy, today=dt.date(2026, 12, 7))
    new = report.catalogue.by_id["oficina-comunal-de-orientacion-a-migrantes-de-prueba-concepcion"]
    assert new["phones"][0]["number"] == "+56412123456" and new["last_verified"] == dt.date(2026, 12, 7)


def test_other_spreadsheet_files_and_broken_sheets_get_a_clear_message(tmp_path, catalogue_copy, capsys):
    sheet = tmp_path / "guia.ods"
    sheet.write_bytes(b"PK\x03\x04")
    assert run(sheet, catalogue_copy) == 1
    assert "guia.ods:1:-: no se leen archivos .ods" in capsys.readouterr().out
    broken = tmp_path / "guia.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    assert run(broken, catalogue_copy) == 1
    captured = capsys.readouterr()
    assert "guia.xlsx:1:-: no es un archivo .xlsx que se pueda leer" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_imported_entries_build_into_the_directory_and_open_data(tmp_path_factory):
    """One build of a project copy: the imported entry is on its region page in every language,
    marked as weakly sourced, and in the open data (HSDS included)."""
    from directory_sites import built, html_of

    work = tmp_path_factory.mktemp("importar")
    path = work / "resources.yaml"
    shutil.copy(ROOT / "data" / "resources.yaml", path)
    guide = write_csv(work / "guia.csv", [GOOD])
    assert run(guide, path, "--escribir") == 0
    site = built("importar", resources=str(path))
    entry_id = "oficina-comunal-de-orientacion-a-migrantes-de-prueba-concepcion"
    for prefix, weak in (("", "Dato por confirmar con la institución"), ("en/", "Details to be confirmed"),
                         ("ht/", "Enfòmasyon sa yo dwe konfime")):
        html = html_of(site, f"/{prefix}directorio/biobio/")
        assert f'id="{entry_id}"' in html and weak in html
        assert "data-no-local-service" not in html     # Biobío now has a local service
    records = json.loads((site / "datos" / "resources.json").read_text(encoding="utf-8"))
    rows = records["resources"] if isinstance(records, dict) else records
    assert any(r.get("id") == entry_id for r in rows)
    services = (site / "datos" / "services.csv").read_text(encoding="utf-8")    # HSDS 3.0 package
    assert GOOD["nombre"] in services
