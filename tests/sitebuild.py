"""Builds the site once per test process and discovers its pages.

Tests find pages in the built site rather than listing them, so a page added
later is checked without anyone remembering to add it here.
"""
from __future__ import annotations

import atexit
import fcntl
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
def _languages() -> tuple[str, ...]:
    """The built languages of mkdocs.yml's i18n plugin, the default first (es, en, ht…)."""
    from mitp.translations_cli import _built_languages

    found = _built_languages(ROOT)
    return tuple(sorted(found, key=lambda code: code != "es"))


LANGUAGES = _languages()
DEFAULT_LANGUAGE = "es"


# Set by conftest.pytest_configure in the process that starts the run, inherited by pytest-xdist's
# workers: the site is built once per run, by whichever worker asks first, and shared.
RUN_FOLDER_VARIABLE = "MITP_TEST_RUN_FOLDER"


@functools.lru_cache(maxsize=1)
def built_site() -> Path:
    """Strict build of every language; returns the site folder (once per test run)."""
    shared = os.environ.get(RUN_FOLDER_VARIABLE)
    if not shared:
        out = Path(tempfile.mkdtemp(prefix="mitp-site-")) / "site"
        atexit.register(shutil.rmtree, out.parent, ignore_errors=True)
        _build(out)
        return out
    folder = Path(shared)
    folder.mkdir(parents=True, exist_ok=True)
    out, done = folder / "site", folder / "built"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # the other workers wait for the first one's build
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            _build(out)
            done.touch()
    return out


def _build(out: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}")


def page_paths(site: Path) -> list[str]:
    """URL paths of every HTML page of the built site ("/", "/en/que-es-la-trata/", "/404.html")."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.endswith("index.html"):
            paths.append("/" + rel[: -len("index.html")])
        else:
            paths.append("/" + rel)
    return paths


def language_of(path: str) -> str:
    first = path.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def counterpart(path: str, language: str) -> str:
    """The same page in another language: /x/ <-> /en/x/."""
    current = language_of(path)
    rest = path if current == DEFAULT_LANGUAGE else path[len(current) + 1 :]
    return rest if language == DEFAULT_LANGUAGE else f"/{language}{rest}"
