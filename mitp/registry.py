"""Every data file of the site and every file the build writes besides pages: declared here, once.

A new content type adds its ``FILE`` to ``FILES`` (and its outputs to ``OUTPUTS``): the command
line (``mitp validate``), the build and the tests then all read it through
``mitp.core.datafile.load``. CONTRIBUTING ("Agregar un tipo de contenido") has the steps.
"""
from __future__ import annotations

from mitp import catalogue, channels, ui
from mitp.materials import data as materials
from mitp.campaigns import data as campaigns_data
from mitp.core.datafile import DataFile
from mitp.directory import coverage
from mitp.plan import data as plan_data
from mitp.podcast import data as podcast_data

FILES: tuple[DataFile, ...] = (
    catalogue.FILE,
    channels.FILE,
    materials.FILE,
    campaigns_data.CAMPAIGNS,
    campaigns_data.ACTIVITIES,
    plan_data.FILE,
    podcast_data.FILE,
    ui.FILE,
    coverage.FILE,
)


def by_name() -> dict[str, DataFile]:
    return {spec.name: spec for spec in FILES}


def for_path(path) -> DataFile | None:
    """The declared file whose name matches ``path``'s file name (``channels.yaml`` → channels)."""
    from pathlib import Path

    name = Path(path).name
    if Path(path).parent.name == "reports" and Path(path).parent.parent.name == "plan":
        return plan_data.REPORT   # data/plan/reports/<id>.yaml: one progress report
    return next((spec for spec in FILES if Path(spec.path).name == name), None)


# Files written besides pages (hooks/outputs.py runs them)

from mitp import directory  # noqa: E402
from mitp.campaigns import outputs as campaigns_outputs  # noqa: E402
from mitp.core.outputs import Output  # noqa: E402
from mitp.plan import outputs as plan_outputs  # noqa: E402

OUTPUTS: tuple[Output, ...] = (
    Output("datos-abiertos", directory.open_data),
    Output("calendarios-actividades", campaigns_outputs.produce, per_language=True),
    plan_outputs.STATISTICS,
)

from mitp.podcast import feed as podcast_feed  # noqa: E402

from mitp.materials import outputs as materials_outputs  # noqa: E402

OUTPUTS += (
    Output("materiales", materials_outputs.site_files),
    Output("podcast-archivos", podcast_feed.media_files),
    Output("podcast-feed", podcast_feed.feeds, per_language=True),
)
