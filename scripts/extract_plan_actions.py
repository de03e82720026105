"""Draft data/plan/plan.yaml from chapter 7 of the Plan de Acción 2023-2026 (source 000).

A one-off helper for transcription: it prints a YAML draft that a person then reviews by
hand against the Plan. tests/test_plan_data.py compares the reviewed file with the source.

    python scripts/extract_plan_actions.py tests/fixtures/plan/sources/plan-accion-2023-2026.txt
"""
from __future__ import annotations

import re
import sys

MONTHS = {m: i for i, m in enumerate(
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1)}
DATE = re.compile(r"(\d{1,2}) de (" + "|".join(MONTHS) + r")(?: del?)?(?: año)? (\d{4})")
YEAR = re.compile(r"\baño (\d{4})\b")
UL = re.compile(r'<ul style="list-style-type: none">')


def parts(cell: str) -> list[str]:
    cell = cell.strip()
    if not UL.search(cell):
        return [cell]
    body = UL.sub("", cell).strip()
    if "•" in body:
        return [p.strip() for p in body.split("•") if p.strip()]
    return [p.strip() for p in re.split(r"(?<=\.)\s+(?=[A-ZÁÉÍÓÚÑ])", body) if p.strip()]


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(path: str) -> None:
    lines = open(path, encoding="utf-8").read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("EJE N°1"))
    out = ["ejes:"]
    for line in lines[start:]:
        if line.startswith("**CONTRA LA TRATA"):
            break
        m = re.match(r"EJE N°(\d)", line)
        if m:
            out.append(f"  - numero: {m.group(1)}")
            continue
        if line.startswith("Objetivo del Eje: "):
            out.append(f"    objetivo: {q(line[len('Objetivo del Eje: '):].strip())}")
            continue
        m = re.match(r"\*+\s*\*\*Institución coordinadora:\*\* (.*)\.$", line)
        if m:
            out.append(f"    coordinadora: {q(m.group(1))}")
            out.append("    lineas:")
            continue
        cells = line.split("\t")
        if len(cells) != 4 or cells[1] == "ACCIÓN":
            continue
        if cells[0].strip():
            num, text = re.match(r"(\d+)\. (.*)", cells[0].strip()).groups()
            out += [f"      - numero: {num}", f"        texto: {q(text)}", "        acciones:"]
        aid, text = re.match(r"(\d+\.\d+) (.*)", cells[1].strip()).groups()
        out += [f"          - id: {q(aid)}", f"            texto: {q(text)}", "            indicador:"]
        out += [f"              - {q(p)}" for p in parts(cells[2])]
        out.append("            meta:")
        for p in parts(cells[3]):
            out.append(f"              - texto: {q(p)}")
            d = DATE.search(p)
            if d:
                out.append(f"                fecha: {d.group(3)}-{MONTHS[d.group(2)]:02d}-{int(d.group(1)):02d}")
            elif YEAR.search(p):
                out.append(f"                año: {YEAR.search(p).group(1)}")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
