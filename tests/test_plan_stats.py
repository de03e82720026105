"""Every figure of the statistics page is in the 2024 study, said where, and drawn without inline style."""
from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest

from mitp.plan import charts, stats

SOURCE = Path(__file__).parent / "fixtures" / "plan" / "sources" / "estudio-trata-2024.txt"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _source_text() -> str:
    raw = SOURCE.read_text("utf-8")
    raw = re.sub(r"(?<=[a-záéíóúñ])-\s*\n\s*(?=[a-záéíóúñ])", "", raw)   # words split at line ends
    return re.sub(r"\s+", " ", raw)


def _chart_label_runs() -> set[str]:
    """Digit runs printed as a chart's data labels (between its 0%…100% axis and its source)."""
    runs, inside = set(), False
    for line in SOURCE.read_text("utf-8").splitlines():
        if line.strip() == "0% 25% 50% 75% 100%":
            inside = True
        elif line.startswith("Fuente:"):
            inside = False
        elif inside:
            runs.update(NUMBER.findall(line))
    return runs


TEXT = _source_text()
LABELS = _chart_label_runs()


def _in_source(token: str) -> bool:
    for t in {token, token.translate(str.maketrans(".,", ",."))}:
        if re.search(rf"(?<![\d,.]){re.escape(t)}(?![\d]|[.,]\d)", TEXT):
            return True
        if any(t in run for run in LABELS):
            return True
    return False


def _all_figures():
    for chart in stats.CHARTS:
        for _, _, cells in chart["rows"]:
            for cell in cells.values():
                if cell is not None:
                    yield chart["id"], cell
    for _, _, cell in stats.FACTS:
        yield "otros", cell


@pytest.mark.parametrize("chart_id,figure", list(_all_figures()), ids=lambda v: str(v) if isinstance(v, str) else str(v["value"]))
def test_every_figure_is_quoted_from_the_study_with_its_value(chart_id, figure):
    assert figure["cita"] in TEXT, f"not in the study: {figure['cita']!r}"
    value = stats.fmt(figure["value"], "es")
    if figure["label"]:
        assert value in figure["cita"] and value in "".join(LABELS) or any(value in r for r in LABELS)
    elif figure["value"] == 1 and "una persona" in figure["cita"]:
        pass    # the study writes "una persona de 5 años"
    else:
        assert re.search(rf"(?<![\d,]){re.escape(value)}(?![\d]|,\d)", figure["cita"]), (value, figure["cita"])
    assert figure["where"].startswith("§4")


def test_chart_labels_are_only_what_the_text_does_not_say():
    """† marks a count read from chart labels; the text's own figures are never marked †."""
    marked = [f for _, f in _all_figures() if f["label"]]
    assert {f["value"] for f in marked} == {243, 152, 10, 501, 213, 1, 227, 113}


def test_the_sums_that_agree_and_the_ones_that_do_not_are_said():
    rows = {c["id"]: c for c in stats.CHARTS}
    tipo = {k: cells for k, _, cells in rows["tipo"]["rows"]}
    assert tipo["protocolo"]["sexual"]["value"] + tipo["protocolo"]["laboral"]["value"] == 340
    assert tipo["mitp"]["sexual"]["value"] + tipo["mitp"]["laboral"]["value"] != 405
    assert "no suman sus totales" in rows["tipo"]["notes"][0]["es"]
    nna = sum(cells["victimas"]["value"] for _, _, cells in rows["nna"]["rows"])
    assert nna == 35 and "35 víctimas" in rows["nna"]["subtitle"]["es"]


def test_every_chart_has_two_titles_in_both_languages_and_a_description_with_its_numbers():
    for chart in stats.CHARTS:
        for language in ("es", "en"):
            assert chart["title"][language] and chart["subtitle"][language]
            text = charts.describe(chart, language)
            for _, _, cells in chart["rows"]:
                for cell in cells.values():
                    if cell is not None:
                        assert stats.fmt(cell["value"], language) in text


def test_csv_has_every_figure_once():
    rows = stats.csv_rows("es")
    assert rows[0][4] == "valor"
    assert len(rows) - 1 == len(list(_all_figures()))
    parsed = list(csv.reader(io.StringIO("\r\n".join(",".join(f'"{c}"' for c in r) for r in rows))))
    assert parsed[1][4] == "405"


# The built site: the real statistics page.


def _article(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text("utf-8")
    return html[html.index("<article"):html.index("</article>")]


@pytest.mark.parametrize("path", ["plan/estadisticas", "en/plan/estadisticas"])
def test_every_number_on_the_statistics_page_is_in_the_study(site, path):
    article = _article(site, path)
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'<a [^>]*href="[^"]*"', "<a", article)))
    text = re.sub(r"\b(?:viewBox|width|height|x|y)=\"[^\"]*\"", "", text)
    tokens = set(NUMBER.findall(text))
    missing = sorted(t for t in tokens if not _in_source(t))
    assert not missing, f"numbers on {path} not found in the study: {missing}"
    assert "405" in tokens and "17,5" in tokens or "17.5" in tokens


@pytest.mark.parametrize("path", ["plan/estadisticas", "en/plan/estadisticas"])
def test_charts_are_accessible_svg_without_inline_style(site, path):
    article = _article(site, path)
    svgs = re.findall(r"<svg\b.*?</svg>", article, re.S)
    assert len(svgs) == len(stats.CHARTS)
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert "style=" not in svg and "<style" not in svg and "<script" not in svg
        assert "<foreignObject" not in svg
    # The same numbers in a table beside each chart; figures read from chart labels say so.
    assert article.count("<table") == len(stats.CHARTS) + 1
    assert "†" in article


def test_statistics_csv_is_published_once(site):
    text = (site / "datos" / "plan" / "estadisticas.csv").read_bytes().decode("utf-8")
    assert text.startswith("grafico,titulo,fila,categoria,valor")
    assert "\r\n" in text and ",405," in text
    assert not (site / "en" / "datos").exists()
    assert 'href="../../datos/plan/estadisticas.csv"' in _article(site, "plan/estadisticas")
    assert 'href="../../../datos/plan/estadisticas.csv"' in _article(site, "en/plan/estadisticas")
