"""Builds of a temporary copy of the project with a chosen catalogue, for the directory tests.

The copy keeps the repository's own generated pages and data untouched; the catalogue comes
from ``MITP_RESOURCES`` (read by hooks/directory.py).
"""
from __future__ import annotations

import functools
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import atexit
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "directory" / "resources.yaml"
REPORT_URL = ("https://github.com/example-org/example-repo/issues/new?template=error-en-recurso.md"
              "&title=Error%20en%20el%20recurso%3A%20{id}")


def copy_project(dest: Path, *, report_url: str = "", coordinator: str = "") -> Path:
    """mkdocs.yml, docs, overrides, hooks, data, mitp and schemas copied to ``dest`` (generated pages left out)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "overrides", "hooks", "data", "mitp", "schemas"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for generated in (dest / "docs").glob("*/directorio/*"):
        if generated.name != "index.md":
            shutil.rmtree(generated) if generated.is_dir() else generated.unlink()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if report_url:
        config, n = re.subn(r'catalogue_report_url: ""', f'catalogue_report_url: "{report_url}"', config)
        assert n == 1, "mkdocs.yml has no empty extra.catalogue_report_url to set"
    if coordinator:
        config, n = re.subn(r'catalogue_coordinator: ""', f'catalogue_coordinator: "{coordinator}"', config)
        assert n == 1, "mkdocs.yml has no empty extra.catalogue_coordinator to set"
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def build(project: Path, resources: Path, site: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """Strict build of a copied project; ``extra_env`` such as MITP_CHANNELS=path.

    GitHub Actions' repository variables are dropped unless given: they would turn on the
    report links (mitp.directory.report_url_template) when the tests run in GitHub Actions.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY")}
    env.update(NO_MKDOCS_2_WARNING="1", MITP_RESOURCES=str(resources), **extra_env)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True,
    )


@functools.lru_cache(maxsize=None)
def built(name: str, resources: str = str(FIXTURE), report_url: str = REPORT_URL, coordinator: str = "",
          env: tuple[tuple[str, str], ...] = ()) -> Path:
    """A built site of the project with ``resources`` as its catalogue (once per test process)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"mitp-dir-{name}-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    project = copy_project(tmp / "project", report_url=report_url, coordinator=coordinator)
    site = tmp / "site"
    proc = build(project, Path(resources), site, **dict(env))
    if proc.returncode != 0:
        raise RuntimeError(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    return site


def write_catalogue(path: Path, resources: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"resources": resources}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def html_of(site: Path, url_path: str) -> str:
    path = site / url_path.strip("/") / "index.html" if not url_path.endswith(".html") else site / url_path.strip("/")
    return path.read_text(encoding="utf-8")


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))
