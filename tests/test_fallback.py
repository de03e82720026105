"""A page not yet translated is still there in every language, shown in Spanish with a notice."""
from __future__ import annotations

import yaml

from directory_sites import build, copy_project
from sitebuild import ROOT

UI = yaml.safe_load((ROOT / "data" / "ui.yaml").read_text("utf-8"))


def test_untranslated_page_falls_back_to_spanish_with_notice(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "en" / "privacidad.md").unlink()  # as if never translated

    out = tmp_path / "site"
    proc = build(project, ROOT / "data" / "resources.yaml", out)
    assert proc.returncode == 0, proc.stderr

    page = (out / "en" / "privacidad" / "index.html").read_text("utf-8")
    spanish_title = (ROOT / "docs" / "es" / "privacidad.md").read_text("utf-8").split("\n# ", 1)[-1].split("\n")[0]
    assert '<html lang="en"' in page                      # the English site's chrome…
    assert UI["fallback_notice"]["en"] in page            # …tells the reader, in English…
    body = page.split('class="mitp-fallback"', 1)[1]
    assert '<div lang="es">' in body                      # …and marks the Spanish text as Spanish
    assert spanish_title.strip().lstrip("# ") in body.split('<div lang="es">', 1)[1]
    # Translated pages carry no such notice.
    assert 'class="mitp-fallback"' not in (out / "en" / "tus-derechos" / "index.html").read_text("utf-8")
