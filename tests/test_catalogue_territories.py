"""Reference data: Chile's 16 regions, 56 provinces and 346 comunas with official CUT codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mitp.taxonomy import load_taxonomy
from mitp.territories import load_territories

ROOT = Path(__file__).resolve().parent.parent


def test_counts():
    t = load_territories()
    assert (len(t.regions), len(t.provincias), len(t.comunas)) == (16, 56, 346)


@pytest.mark.parametrize("code, name, region", [
    ("13101", "Santiago", "13"), ("05101", "Valparaíso", "05"), ("01101", "Iquique", "01"),
    ("16101", "Chillán", "16"), ("15101", "Arica", "15"), ("13120", "Ñuñoa", "13"),
    ("13122", "Peñalolén", "13"), ("13118", "Macul", "13"), ("11101", "Coyhaique", "11"),
])
def test_known_codes(code, name, region):
    comuna = load_territories().comunas[code]
    assert (comuna.name, comuna.region) == (name, region)


def test_codes_nest_and_every_level_is_listed_once():
    t = load_territories()
    assert sorted(t.regions) == [f"{n:02d}" for n in range(1, 17)]
    for code, provincia in t.provincias.items():
        assert code.startswith(provincia.region) and code in t.regions[provincia.region].provincias
    for code, comuna in t.comunas.items():
        assert len(code) == 5 and code.startswith(comuna.provincia)
        assert code in t.provincias[comuna.provincia].comunas
    assert sum(len(p.comunas) for p in t.provincias.values()) == 346


def test_regions_are_ordered_north_to_south():
    regions = sorted(load_territories().regions.values(), key=lambda r: r.order)
    assert [r.code for r in regions][:3] == ["15", "01", "02"] and regions[-1].code == "12"


def test_data_file_names_its_source():
    header = (ROOT / "data" / "territories.yaml").read_text(encoding="utf-8")[:2000]
    assert "Código Único Territorial" in header and "SUBDERE" in header and "django-chile-cities" in header


def test_closest_comuna_ignores_accents_and_case():
    t = load_territories()
    assert [c.code for c in t.closest_comunas("penalolen")] == ["13122"]
    assert [c.code for c in t.closest_comunas("Vina del Mar")] == ["05109"]


def test_schema_enums_match_the_taxonomy():
    """The editor-facing schema and data/taxonomy.yaml must not drift apart."""
    schema = json.loads((ROOT / "schemas" / "resources.schema.json").read_text(encoding="utf-8"))
    props = schema["$defs"]["resource"]["properties"]
    tx = load_taxonomy()
    assert props["services"]["items"]["enum"] == list(tx.services)
    assert props["populations"]["items"]["enum"] == list(tx.populations)
    assert props["languages"]["items"]["enum"] == list(tx.languages)


def test_taxonomy_has_every_label_of_the_issue():
    tx = load_taxonomy()
    # 10 of the issue + peritajes (SML) + coordinacion (Mesas Regionales: no public service)
    assert len(tx.services) == 12 and len(tx.populations) == 6
    assert {"es", "en", "ht", "fr", "pt", "qu", "ay", "gn", "arn"} <= set(tx.languages)
    for kind in ("services", "populations", "languages"):
        for key, labels in getattr(tx, kind).items():
            assert labels["es"] and labels["en"], f"{kind}.{key}"
    assert tx.label("languages", "ht", "fr") == "criollo haitiano"   # falls back to Spanish
    assert tx.languages["ht"]["native"] == "Kreyòl ayisyen"


def test_reference_files_refuse_a_duplicate_key_and_follow_edits(tmp_path):
    # data/ui.yaml, data/taxonomy.yaml and data/territories.yaml are read by the strict reader:
    # a repeated key (a translation pasted twice) fails with its line instead of vanishing.
    from mitp import ui
    path = tmp_path / "ui.yaml"
    path.write_text("saludo:\n  es: Hola\n  en: Hello\n  es: Buenas\n", encoding="utf-8")
    with pytest.raises(ui.UIStringsError) as caught:
        ui.load(path)
    assert "ui.yaml:4:3" in str(caught.value) and "clave duplicada 'es'" in str(caught.value)
    path.write_text("saludo:\n  es: Hola\n  en: Hello\n", encoding="utf-8")
    assert ui.load(path)["saludo"] == {"es": "Hola", "en": "Hello"}
