"""Files the Plan writes besides pages: the statistics of the study in the sources as CSV (declared in
mitp/registry.py, run once by hooks/outputs.py)."""
from __future__ import annotations

import csv
import io

from mitp.core.outputs import Output, OutputContext
from mitp.plan.stats import csv_rows

CSV_PATH = "datos/plan/estadisticas.csv"


def statistics_csv(context: OutputContext) -> dict[str, bytes]:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows("es"))
    return {CSV_PATH: buffer.getvalue().encode("utf-8")}


STATISTICS = Output("plan-estadisticas", statistics_csv)
