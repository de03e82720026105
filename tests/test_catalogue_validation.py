"""What a coordinator's broken edit gets: every problem, located, explained in Spanish.

One test per class of bad input named in issue 3. Fixtures live in tests/fixtures/; variants of
the valid fixture are made by replacing one line, so each test shows exactly what it breaks.
"""
from __future__ import annotations

import datetime as dt
import resource
import time
from pathlib import Path

import pytest

from mitp.catalogue import CatalogueError, load_catalogue, validate_file
from mitp.yamlload import MAX_BYTES

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid.yaml"
TODAY = dt.date(2026, 11, 23)


def check(tmp_path: Path, text: str, name: str = "resources.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return validate_file(path, today=TODAY)


def variant(old: str, new: str) -> str:
    text = VALID.read_text(encoding="utf-8")
    assert old in text, f"the valid fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def messages(report) -> list[str]:
    return [str(p) for p in report.errors]


def only_error(report):
    assert len(report.errors) == 1, "\n".join(messages(report))
    return report.errors[0]


def test_valid_fixture_has_no_problem():
    report = validate_file(VALID, today=TODAY)
    assert report.errors == [] and report.warnings == []
    assert [entry["id"] for entry in report.catalogue.resources] == ["servicio-nacional", "servicio-comunal"]


def test_syntax_error_names_file_line_and_column():
    report = validate_file(FIXTURES / "syntax_error.yaml", today=TODAY)
    problem = only_error(report)
    assert problem.path.endswith("tests/fixtures/syntax_error.yaml")
    # libyaml notices the unclosed list on the next line (line 5), where "languages:" starts.
    assert problem.line in (4, 5)
    assert "error de sintaxis YAML" in problem.message
    assert str(problem).startswith(f"{problem.path}:{problem.line}:{problem.column}: ")


def test_duplicate_key_is_refused_with_both_lines():
    problem = only_error(validate_file(FIXTURES / "duplicate_key.yaml", today=TODAY))
    assert (problem.line, problem.column) == (5, 5)
    assert problem.field == "resources[0].name"
    assert "clave duplicada 'name'" in problem.message and "línea 3" in problem.message


def test_unknown_field_suggests_the_closest(tmp_path):
    report = check(tmp_path, variant("    level: nacional\n", "    levle: nacional\n"))
    unknown = [p for p in report.errors if "campo desconocido" in p.message]
    assert len(unknown) == 1
    assert unknown[0].field == "levle"
    assert "¿quisiste decir 'level'?" in unknown[0].message
    assert unknown[0].line == line_of(variant("    level: nacional\n", "    levle: nacional\n"), "levle")
    # and the real field is then missing
    assert any(p.field == "level" and "falta el campo obligatorio 'level'" in p.message for p in report.errors)


def test_missing_required_field(tmp_path):
    text = variant("    access: direct\n", "")
    problem = only_error(check(tmp_path, text))
    assert problem.field == "access"
    assert "falta el campo obligatorio 'access'" in problem.message
    assert problem.line == line_of(text, "- id: servicio-nacional")


def test_wrong_type_says_what_would_be_valid(tmp_path):
    text = variant("    cost: {es: Gratuito, en: Free}\n", "    cost: Gratuito\n")
    problem = only_error(check(tmp_path, text))
    assert problem.field == "cost"
    assert "debe ser un mapeo" in problem.message and "es: \"Gratuito\"" in problem.message
    assert problem.line == line_of(text, "    cost: Gratuito")


def test_wrong_type_boolean(tmp_path):
    problem = only_error(check(tmp_path, variant("    confidential: false\n", "    confidential: \"no\"\n")))
    assert problem.field == "confidential" and "true o false" in problem.message


def test_enum_lists_allowed_values_and_suggests(tmp_path):
    problem = only_error(check(tmp_path, variant("services: [salud-mental]", "services: [salud-mentl]")))
    assert problem.field == "services[0]"
    assert "valores permitidos: orientacion, denuncia" in problem.message
    assert "¿Quisiste decir 'salud-mental'?" in problem.message


def test_duplicate_id(tmp_path):
    text = variant("  - id: servicio-comunal\n", "  - id: servicio-nacional\n")
    problem = only_error(check(tmp_path, text))
    assert problem.field == "id"
    assert "id duplicado 'servicio-nacional'" in problem.message
    assert f"línea {line_of(text, '- id: servicio-nacional')}" in problem.message


def test_comuna_name_instead_of_code_suggests_the_comuna(tmp_path):
    text = variant('comuna: "13122"}', 'comuna: "Penalolen"}')
    problem = only_error(check(tmp_path, text))
    assert problem.field == "territory.comuna"
    assert "¿Quisiste decir 'Peñalolén' (\"13122\")?" in problem.message


def test_unknown_comuna_code(tmp_path):
    problem = only_error(check(tmp_path, variant('comuna: "13122"}', 'comuna: "13199"}')))
    assert problem.field == "territory.comuna"
    assert "no existe la comuna con código '13199'" in problem.message
    assert "en la provincia Santiago (131) los códigos van de 13101 a 13132" in problem.message
    assert "¿Quisiste decir" in problem.message


def test_comuna_outside_its_region(tmp_path):
    text = variant('territory: {region: "13", provincia: "131", comuna: "13122"}',
                   'territory: {region: "05", comuna: "13122"}')
    problem = only_error(check(tmp_path, text))
    assert problem.field == "territory.comuna"
    assert "13122 (Peñalolén) está en la región 13" in problem.message
    assert "no en la región 05 (Valparaíso)" in problem.message


def test_comuna_code_without_quotes_gets_the_padded_code(tmp_path):
    problem = only_error(check(tmp_path, variant('comunas: ["13122", "13120"]', 'comunas: ["13122", 5101]')))
    assert problem.field == "service_area.comunas[1]"
    assert '"05101" (Valparaíso)' in problem.message


def test_invalid_phone(tmp_path):
    problem = only_error(check(tmp_path, variant('"+56 2 2123 4567"', '"2-12"')))
    assert problem.field == "phones[0].number"
    assert "no es un teléfono válido en Chile" in problem.message


def test_phone_is_normalised_to_e164(tmp_path):
    report = check(tmp_path, variant('"+56 2 2123 4567"', '"(2) 2123-4567"'))
    assert report.errors == []
    phone = report.catalogue.by_id["servicio-comunal"]["phones"][0]
    assert phone["number"] == "+56221234567"
    assert phone["tel"] == "tel:+56221234567"
    short = report.catalogue.by_id["servicio-nacional"]["phones"][0]
    assert (short["number"], short["tel"]) == ("134", "tel:134")


def test_bad_email(tmp_path):
    problem = only_error(check(tmp_path, variant("[contacto@example.org]", "[contacto@@example]")))
    assert problem.field == "emails[0]" and "no es un correo válido" in problem.message


def test_javascript_url_is_refused(tmp_path):
    problem = only_error(check(tmp_path, variant("website: https://www.example.org/",
                                                 "website: \"javascript:alert(1)\"")))
    assert problem.field == "website"
    assert "el esquema 'javascript:' no está permitido" in problem.message


@pytest.mark.parametrize("url", ["http://www.example.org/", "data:text/html,hola", "https://", "https://sin espacio.cl"])
def test_website_must_be_a_real_https_address(tmp_path, url):
    problem = only_error(check(tmp_path, variant("website: https://www.example.org/", f"website: \"{url}\"")))
    assert problem.field == "website"


def test_source_url_accepts_http_but_not_other_schemes(tmp_path):
    assert check(tmp_path, variant("url: https://www.example.org/fuente", "url: http://www.example.org/fuente")).errors == []
    problem = only_error(check(tmp_path, variant("url: https://www.example.org/fuente", "url: \"ftp://example.org/x\"")))
    assert problem.field == "source.url"


def test_confidential_entry_cannot_publish_an_address(tmp_path):
    text = variant("    confidential: false\n    cost: {es: Gratuito}", "    confidential: true\n    cost: {es: Gratuito}")
    problem = only_error(check(tmp_path, text))
    assert problem.field == "address"
    assert "confidencial" in problem.message


def test_empty_catalogue_fails():
    problem = only_error(validate_file(FIXTURES / "empty.yaml", today=TODAY))
    assert problem.field == "resources"
    assert "no tiene entradas" in problem.message


def test_empty_file_fails(tmp_path):
    problem = only_error(check(tmp_path, ""))
    assert "vacío" in problem.message


def test_truncated_catalogue_fails():
    report = validate_file(FIXTURES / "truncated.yaml", today=TODAY)
    assert report.catalogue is None
    missing = {p.field for p in report.errors}
    assert {"access", "last_verified", "source"} <= missing


def test_file_cut_inside_a_quoted_string_fails(tmp_path):
    text = VALID.read_text(encoding="utf-8")
    cut = text[: text.index("Todos los días") + 5]
    problem = only_error(check(tmp_path, cut))
    assert "error de sintaxis YAML" in problem.message and "cortado" in problem.message


def test_python_object_tag_is_refused():
    problem = only_error(validate_file(FIXTURES / "python_tag.yaml", today=TODAY))
    assert (problem.line, problem.field) == (3, "resources[0].name")
    assert "la etiqueta '!!python/object/apply:os.system' no está permitida" in problem.message


def test_alias_bomb_fails_fast_without_expanding():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    report = validate_file(FIXTURES / "alias_bomb.yaml", today=TODAY)
    elapsed = time.process_time() - started
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert report.catalogue is None
    assert any("anclas YAML (&a)" in p.message for p in report.errors)
    assert any("alias YAML (*a)" in p.message for p in report.errors)
    # Expanded, the file is 10^9 strings; refused, it costs nothing noticeable. The bounds are
    # generous (a shared machine) yet orders of magnitude below what expansion would take.
    assert elapsed < 5 and grown_kb < 200_000


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:          # sparse: no disk or memory used
        handle.truncate(MAX_BYTES + 1)
    problem = only_error(validate_file(path, today=TODAY))
    assert "más que el máximo permitido" in problem.message
    small = tmp_path / "small.yaml"
    small.write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    problem = only_error(validate_file(small, today=TODAY, max_bytes=100))
    assert "más que el máximo permitido" in problem.message


def test_every_problem_is_reported_at_once():
    report = validate_file(FIXTURES / "three_errors.yaml", today=TODAY)
    assert len(report.errors) == 3, "\n".join(messages(report))
    fields = [p.field for p in report.errors]
    assert fields == ["territory.comuna", "phones[0].number", "websit"]
    assert [p.line for p in report.errors] == [7, 12, 14]
    assert "¿quisiste decir 'website'?" in report.errors[2].message


def test_load_catalogue_raises_with_every_problem_one_per_line():
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(FIXTURES / "three_errors.yaml", today=TODAY)
    lines = str(caught.value).splitlines()
    assert len(lines) == 3
    assert all(line.startswith("tests/fixtures/three_errors.yaml:") for line in lines)


def test_warning_for_old_last_verified(tmp_path):
    report = check(tmp_path, variant("last_verified: 2026-10-15", "last_verified: 2025-11-22"))
    assert report.errors == []
    assert len(report.warnings) == 1
    warning = report.warnings[0]
    assert warning.severity == "warning" and warning.field == "last_verified"
    assert "más de 12 meses" in warning.message
    # exactly 12 months old is still fresh
    assert check(tmp_path, variant("last_verified: 2026-10-15", "last_verified: 2025-11-23")).warnings == []


def test_future_last_verified_is_an_error(tmp_path):
    problem = only_error(check(tmp_path, variant("last_verified: 2026-10-15", "last_verified: 2027-01-01")))
    assert "futuro" in problem.message


def test_invalid_date(tmp_path):
    problem = only_error(check(tmp_path, variant("last_verified: 2026-10-15", "last_verified: 2026-13-45")))
    assert problem.field == "last_verified" and "AAAA-MM-DD" in problem.message


def test_warning_for_entry_without_contact(tmp_path):
    text = variant("    phones:\n      - number: \"+56 2 2123 4567\"\n        type: voice\n    emails: [contacto@example.org]\n", "")
    report = check(tmp_path, text)
    assert report.errors == []
    assert [w.entry_id for w in report.warnings] == ["servicio-comunal"]
    assert "no tiene teléfono, correo ni sitio web" in report.warnings[0].message


@pytest.mark.parametrize("plain", ["1_000", "0b101", "0X1F"])
def test_text_that_only_the_quick_reader_takes_for_a_number_stays_text(tmp_path, plain):
    # YAML 1.2 keeps these as text; yaml-rs reads them as numbers, the schema then complains,
    # and the file is read again by the strict reader, whose reading decides.
    text = VALID.read_text(encoding="utf-8").replace("    access: direct\n", f"    access: direct\n    confirmed_by: {{institution: {{es: {plain}}}, date: 2026-11-01}}\n", 1)
    report = check(tmp_path, text)
    assert report.errors == [], "\n".join(messages(report))
    assert report.catalogue.resources[0]["confirmed_by"]["institution"]["es"] == plain


def test_warnings_from_the_quick_path_carry_their_line(tmp_path):
    text = variant("last_verified: 2026-10-15", "last_verified: 2025-01-01")
    report = check(tmp_path, text)
    assert report.errors == [] and len(report.warnings) == 1
    assert report.warnings[0].line == line_of(text, "last_verified: 2025-01-01")


def test_a_missing_field_is_explained_in_whole_sentences(tmp_path):
    """The explanation comes from the schema's description; "p. ej." inside it used to end the
    sentence, leaving an editor with "… (p." and no example."""
    text = variant('      - number: "134"\n        type: voice\n', '      - type: voice\n')
    problem = only_error(check(tmp_path, text))
    assert problem.field == "phones[0].number"
    assert 'p. ej. "+56 2 2345 6789" o "600 123 4567"' in problem.message
    assert not problem.message.rstrip().endswith("(p.")
    assert "(p.." not in problem.message
