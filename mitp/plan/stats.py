"""Official figures on trafficking in Chile 2011-2023, from the study in the sources, as plain data.

Computed (well: transcribed) once; the statistics page, its SVG charts and the CSV download all
read ``CHARTS`` and ``FACTS``. Every figure carries where the study gives it (section, chart),
the period, the registry, and ``cita``: the exact words of the study's text that contain it
(tests/test_plan_stats.py finds every ``cita`` in the source text). ``label=True`` marks a
figure read from a chart's data labels rather than stated in the text (shown with † on the page).

The three registries count different things (study, chapter 4):
- MITP: victims of cases *formalised* under art. 411 quáter, by year the investigation started
  (the MITP's own statistical report, "MITP, 2024"; data from Carabineros and PDI);
- Ministerio Público: cases it *identified* (formalised or not) and their known victims, by year
  of entry, data received on 5 August 2024 under Ley 20.285;
- Protocolo: people who *entered* the Protocolo Intersectorial de Atención a Víctimas (2013-2023).
"""
from __future__ import annotations

STUDY = {
    "es": "estudio sobre la trata de personas en Chile y las brechas de las políticas públicas, con datos de 2011 a 2023 (los del Ministerio Público, recibidos el 5 de agosto de 2024; la copia que usa este sitio no indica título, autoría ni fecha), capítulo 4 «Caracterización y antecedentes de la trata de personas en Chile»",
    "en": "study of human trafficking in Chile and the gaps in public policy, with data from 2011 to 2023 (the Public Prosecutor's Office's received on 5 August 2024; the copy this site uses gives no title, author or date), chapter 4 «Caracterización y antecedentes de la trata de personas en Chile»",
}

REGISTRIES = {
    "mitp": {"es": "MITP: causas formalizadas", "en": "MITP: formalised cases"},
    "mp": {"es": "Ministerio Público: casos identificados", "en": "Public Prosecutor's Office: identified cases"},
    "protocolo": {"es": "Protocolo de Atención a Víctimas", "en": "Victim Support Protocol"},
}


def F(value, where, cita, label=False):
    return {"value": value, "where": where, "cita": cita, "label": label}


CHARTS = [
    {
        "id": "registros",
        "title": {"es": "Cada registro cuenta algo distinto: 405, 715 y 340 personas",
                  "en": "Each registry counts something different: 405, 715 and 340 people"},
        "subtitle": {"es": "Víctimas o personas y casos según cada registro, Chile, 2011-2023 (Protocolo: 2013-2023)",
                     "en": "Victims or people and cases in each registry, Chile, 2011-2023 (Protocol: 2013-2023)"},
        "unit": {"es": "personas y casos", "en": "people and cases"},
        "categories": [
            ("personas", {"es": "Víctimas o personas", "en": "Victims or people"}),
            ("casos", {"es": "Casos", "en": "Cases"}),
        ],
        "rows": [
            ("mitp", "2011-2023", {
                "personas": F(405, "§4", "se registraron 405 víctimas de trata de personas correspondientes a 73 causas formalizadas (datos de la MITP)"),
                "casos": F(73, "§4", "se registraron 405 víctimas de trata de personas correspondientes a 73 causas formalizadas (datos de la MITP)")}),
            ("mp", "2011-2023", {
                "personas": F(715, "§4", "el Ministerio Público identificó 715 víctimas conocidas en 771 casos totales durante el mismo período"),
                "casos": F(771, "§4", "el Ministerio Público identificó 715 víctimas conocidas en 771 casos totales durante el mismo período")}),
            ("protocolo", "2013-2023", {
                "personas": F(340, "§4.5", "Entre los años 2013 y 2023, ingresaron 340 personas al Protocolo Intersectorial de Atención a Víctimas de Trata de Personas"),
                "casos": None}),
        ],
        "notes": [
            {"es": "No se suman: la MITP cuenta víctimas de causas formalizadas; el Ministerio Público, víctimas conocidas de casos formalizados o no; el Protocolo, personas que ingresaron a él (no todas las víctimas de causas formalizadas ingresan).",
             "en": "They do not add up: the MITP counts victims of formalised cases; the Public Prosecutor's Office, known victims of cases formalised or not; the Protocol, people who entered it (not every victim of a formalised case does)."},
        ],
    },
    {
        "id": "tipo",
        "title": {"es": "La trata laboral y la sexual pesan distinto en cada registro",
                  "en": "Labour and sexual trafficking weigh differently in each registry"},
        "subtitle": {"es": "Víctimas o personas según fin de explotación y registro, Chile, 2011-2023 (Protocolo: 2013-2023)",
                     "en": "Victims or people by form of exploitation and registry, Chile, 2011-2023 (Protocol: 2013-2023)"},
        "unit": {"es": "personas", "en": "people"},
        "categories": [
            ("sexual", {"es": "Explotación sexual", "en": "Sexual exploitation"}),
            ("laboral", {"es": "Explotación laboral", "en": "Labour exploitation"}),
        ],
        "rows": [
            ("mitp", "2011-2023", {
                "sexual": F(173, "§4.2, Gráfico 9", "la MITP registra un total de 173 víctimas de trata sexual"),
                "laboral": F(230, "§4.3, Gráfico 12", "MITP registra a 230 en el período de análisis")}),
            ("mp", "2011-2023", {
                "sexual": F(408, "§4.2, Gráfico 9", "el Ministerio Público identificó 408 víctimas"),
                "laboral": F(283, "§4.3, Gráfico 12", "identificó 283 víctimas conocidas en el mismo período")}),
            ("protocolo", "2013-2023", {
                "sexual": F(129, "§4.5, Gráfico 17", "129 personas correspondieron a víctimas de trata sexual y 211 a víctimas de trata laboral"),
                "laboral": F(211, "§4.5, Gráfico 17", "129 personas correspondieron a víctimas de trata sexual y 211 a víctimas de trata laboral")}),
        ],
        "notes": [
            {"es": "Las cifras por fin de explotación de la MITP (173 y 230) y del Ministerio Público (408 y 283) no suman sus totales (405 y 715); el estudio no explica la diferencia. Las del Protocolo suman 340.",
             "en": "The figures by form of exploitation of the MITP (173 and 230) and of the Public Prosecutor's Office (408 and 283) do not add up to their totals (405 and 715); the study does not explain the difference. The Protocol's add up to 340."},
        ],
    },
    {
        "id": "sexo",
        "title": {"es": "En los tres registros, la mayoría de las víctimas son mujeres",
                  "en": "In all three registries, most victims are women"},
        "subtitle": {"es": "Víctimas o personas según sexo y registro, Chile, 2011-2023 (Protocolo: 2013-2023). Mujeres: 60 % (MITP), 70,1 % (Ministerio Público), 66,8 % (Protocolo)",
                     "en": "Victims or people by sex and registry, Chile, 2011-2023 (Protocol: 2013-2023). Women: 60% (MITP), 70.1% (Public Prosecutor's Office), 66.8% (Protocol)"},
        "unit": {"es": "personas", "en": "people"},
        "categories": [
            ("femenino", {"es": "Femenino", "en": "Female"}),
            ("masculino", {"es": "Masculino", "en": "Male"}),
            ("sin_informacion", {"es": "Sin información", "en": "No information"}),
        ],
        "rows": [
            ("mitp", "2011-2023", {
                "femenino": F(243, "§4.1, Gráfico 5", "152 243", label=True),
                "masculino": F(152, "§4.1, Gráfico 5", "152 243", label=True),
                "sin_informacion": F(10, "§4.1, Gráfico 5", "501213 1 10", label=True)}),
            ("mp", "2011-2023", {
                "femenino": F(501, "§4.1, Gráfico 5", "501213 1 10", label=True),
                "masculino": F(213, "§4.1, Gráfico 5", "501213 1 10", label=True),
                "sin_informacion": F(1, "§4.1, Gráfico 5", "501213 1 10", label=True)}),
            ("protocolo", "2013-2023", {
                "femenino": F(227, "§4.5, Gráfico 18", "227 113", label=True),
                "masculino": F(113, "§4.5, Gráfico 18", "227 113", label=True),
                "sin_informacion": None}),
        ],
        "notes": [
            {"es": "Los porcentajes del subtítulo están en el texto del estudio; las cantidades (†) se leyeron de las etiquetas de sus gráficos 5 y 18 y son coherentes con esos porcentajes.",
             "en": "The percentages in the subtitle are in the study's text; the counts (†) were read from the labels of its charts 5 and 18 and agree with those percentages."},
        ],
    },
    {
        "id": "nna",
        "title": {"es": "La mayoría de las niñas, niños y adolescentes víctimas tenía 16 o 17 años",
                  "en": "Most child victims were 16 or 17 years old"},
        "subtitle": {"es": "Niñas, niños y adolescentes víctimas en causas formalizadas (MITP), según edad, Chile, 2011-2023 (35 víctimas)",
                     "en": "Child victims in formalised cases (MITP), by age, Chile, 2011-2023 (35 victims)"},
        "unit": {"es": "víctimas", "en": "victims"},
        "categories": [("victimas", {"es": "Víctimas", "en": "Victims"})],
        "rows": [
            ({"es": "5 años", "en": "5 years"}, "2011-2023", {"victimas": F(1, "§4.4", "una persona de 5 años de edad")}),
            ({"es": "14 años", "en": "14 years"}, "2011-2023", {"victimas": F(2, "§4.4", "2 personas de 14 años")}),
            ({"es": "15 años", "en": "15 years"}, "2011-2023", {"victimas": F(5, "§4.4", "5 personas de 15 años")}),
            ({"es": "16 años", "en": "16 years"}, "2011-2023", {"victimas": F(9, "§4.4", "9 personas de 16 años")}),
            ({"es": "17 años", "en": "17 years"}, "2011-2023", {"victimas": F(16, "§4.4", "16 personas de 17 años")}),
            ({"es": "Edad desconocida", "en": "Age unknown"}, "2011-2023", {"victimas": F(2, "§4.4", "2 NNA de edad desconocida")}),
        ],
        "notes": [
            {"es": "El Ministerio Público identificó 71 casos de trata de niñas, niños y adolescentes (el año con más casos fue 2022, con 19) y 62 víctimas conocidas: 57 de sexo femenino y 5 de sexo masculino. En la MITP, 31 son de sexo femenino y 4 de sexo masculino.",
             "en": "The Public Prosecutor's Office identified 71 cases of child trafficking (the year with most cases was 2022, with 19) and 62 known victims: 57 female and 5 male. In the MITP's records, 31 are female and 4 male."},
        ],
    },
    {
        "id": "nacionalidad",
        "title": {"es": "En las causas formalizadas, cuatro nacionalidades suman más de dos tercios de las víctimas",
                  "en": "In formalised cases, four nationalities make up more than two thirds of victims"},
        "subtitle": {"es": "Porcentaje de víctimas según nacionalidad: causas formalizadas (MITP, 2011-2023, 20 nacionalidades) y personas ingresadas al Protocolo (2013-2023, 20 nacionalidades)",
                     "en": "Share of victims by nationality: formalised cases (MITP, 2011-2023, 20 nationalities) and people who entered the Protocol (2013-2023, 20 nationalities)"},
        "unit": {"es": "% de las víctimas", "en": "% of victims"},
        "percent": True,
        "categories": [
            ("boliviana", {"es": "Boliviana", "en": "Bolivian"}),
            ("paraguaya", {"es": "Paraguaya", "en": "Paraguayan"}),
            ("venezolana", {"es": "Venezolana", "en": "Venezuelan"}),
            ("colombiana", {"es": "Colombiana", "en": "Colombian"}),
        ],
        "rows": [
            ("mitp", "2011-2023", {
                "boliviana": F(23, "§4.1, Gráfico 6", "boliviana (23%)"),
                "paraguaya": F(17.5, "§4.1, Gráfico 6", "paraguaya (17,5%)"),
                "venezolana": F(14.6, "§4.1, Gráfico 6", "venezolana (14,6%)"),
                "colombiana": F(13.3, "§4.1, Gráfico 6", "colombiana (13,3%)")}),
            ("protocolo", "2013-2023", {
                "boliviana": F(22.4, "§4.5", "bolivianas (22,4%)"),
                "paraguaya": None,
                "venezolana": F(25, "§4.5", "personas venezolanas (25%)"),
                "colombiana": F(12.6, "§4.5", "colombianas (12,6%)")}),
        ],
        "notes": [
            {"es": "El estudio no da el porcentaje de víctimas paraguayas entre las personas ingresadas al Protocolo.",
             "en": "The study does not give the share of Paraguayan victims among people who entered the Protocol."},
        ],
    },
]

# Figures stated in the text that the charts do not show: (text per language, figure).
FACTS = [
    ({"es": "Víctimas de causas formalizadas en 2023 (MITP)", "en": "Victims of formalised cases in 2023 (MITP)"},
     "2023", F(58, "§4.1, Gráfico 4", "2023 con 58 víctimas de casos formalizados")),
    ({"es": "Víctimas de casos identificados por el Ministerio Público en 2023", "en": "Victims of cases identified by the Public Prosecutor's Office in 2023"},
     "2023", F(113, "§4.1, Gráfico 4", "113 víctimas en casos identificados por el Ministerio Público")),
    ({"es": "Aumento de los casos formalizados en los últimos cinco años del periodo (%)", "en": "Increase in formalised cases over the last five years of the period (%)"},
     "2011-2023", F(66.7, "§4.1, Gráfico 1", "aumento de 66,7% en los casos formalizados")),
    ({"es": "Aumento de los casos identificados por el Ministerio Público en los últimos cinco años del periodo (%)", "en": "Increase in cases identified by the Public Prosecutor's Office over the last five years of the period (%)"},
     "2011-2023", F(63.1, "§4.1, Gráfico 1", "de 63,1% en los casos identificados por el Ministerio Público")),
    ({"es": "Casos formalizados de trata sexual (MITP)", "en": "Formalised cases of sexual trafficking (MITP)"},
     "2011-2023", F(51, "§4.2", "se identificaron 51 casos formalizados de trata sexual")),
    ({"es": "… de ellos, terminados con sentencia condenatoria", "en": "… of which ended with a conviction"},
     "2011-2023", F(17, "§4.2", "17 casos finalizaron con sentencia condenatoria")),
    ({"es": "… de ellos, con otro tipo de término", "en": "… of which ended in another way"},
     "2011-2023", F(15, "§4.2", "15 registran otro tipo de término de causa")),
    ({"es": "… de ellos, vigentes", "en": "… of which still open"},
     "2011-2023", F(19, "§4.2", "19 corresponden a causas vigentes")),
    ({"es": "Casos formalizados de trata laboral (MITP)", "en": "Formalised cases of labour trafficking (MITP)"},
     "2011-2023", F(22, "§4.3", "registró 22 casos formalizados de trata laboral")),
    ({"es": "… de ellos, terminados con sentencia condenatoria", "en": "… of which ended with a conviction"},
     "2011-2023", F(12, "§4.3", "12 terminaron en sentencia condenatoria")),
    ({"es": "… de ellos, con otras causales de término", "en": "… of which ended for other reasons"},
     "2011-2023", F(7, "§4.3", "7 en otras causales de término de caso")),
    ({"es": "… de ellos, vigentes", "en": "… of which still open"},
     "2011-2023", F(3, "§4.3", "3 se catalogan como vigentes")),
    ({"es": "Casos de trata sexual identificados por el Ministerio Público", "en": "Sexual trafficking cases identified by the Public Prosecutor's Office"},
     "2011-2023", F(483, "§4.2, Gráfico 8", "483 casos de trata de personas con fines de explotación sexual")),
    ({"es": "Casos de trata laboral identificados por el Ministerio Público", "en": "Labour trafficking cases identified by the Public Prosecutor's Office"},
     "2011-2023", F(225, "§4.3, Gráfico 11", "El Ministerio Público registra 225 casos de trata laboral")),
    ({"es": "Personas condenadas (MITP)", "en": "People convicted (MITP)"},
     "2011-2023", F(42, "§4.1", "la MITP identifica 42 individuos")),
    ({"es": "… de ellas, de nacionalidad chilena (%)", "en": "… of whom Chilean (%)"},
     "2011-2023", F(28.6, "§4.1", "representan un 28,6% del total de los condenados")),
    ({"es": "Personas imputadas (Ministerio Público)", "en": "People charged (Public Prosecutor's Office)"},
     "2011-2023", F(456, "§4.1", "registra 456 imputados totales")),
    ({"es": "… de ellas, en casos formalizados", "en": "… of whom in formalised cases"},
     "2011-2023", F(154, "§4.1", "154 imputados en casos formalizados")),
]


def fmt(value: float, language: str) -> str:
    """A figure as the study writes it: 17,5 in Spanish, 17.5 in English; integers plain."""
    text = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if language == "es" else text


def rows_of(chart: dict, language: str) -> list[dict]:
    """A chart's rows in one language: label, period and one cell per category (None: not given)."""
    out = []
    for key, period, cells in chart["rows"]:
        label = key[language] if isinstance(key, dict) else REGISTRIES[key][language]
        out.append({"label": label, "period": period,
                    "cells": [cells.get(c) for c, _ in chart["categories"]]})
    return out


def csv_rows(language: str = "es") -> list[list[str]]:
    """Every figure of the page as one table: the CSV download."""
    header = {"es": ["grafico", "titulo", "fila", "categoria", "valor", "unidad", "periodo", "seccion_del_estudio", "leido_de_etiqueta_de_grafico"],
              "en": ["chart", "title", "row", "category", "value", "unit", "period", "study_section", "read_from_chart_label"]}[language]
    rows = [header]
    yes, no = {"es": ("si", "no"), "en": ("yes", "no")}[language]
    for chart in CHARTS:
        for row in rows_of(chart, language):
            for (cat, names), cell in zip(chart["categories"], row["cells"]):
                if cell is not None:
                    rows.append([chart["id"], chart["title"][language], row["label"], names[language],
                                 fmt(cell["value"], language), chart["unit"][language], row["period"],
                                 cell["where"], yes if cell["label"] else no])
    for text, period, cell in FACTS:
        rows.append(["otros" if language == "es" else "other", "", text[language], "", fmt(cell["value"], language), "",
                     period, cell["where"], yes if cell["label"] else no])
    return rows
