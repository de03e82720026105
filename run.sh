#!/usr/bin/env bash
# One entry point for people and CI. Each command installs what it needs first:
#   ./run.sh serve      build and serve the site on http://127.0.0.1:8000/ (live reload)
#   ./run.sh test       run the whole test suite (installs Debian's chromium if missing)
#   ./run.sh build      strict build into ./site
#   ./run.sh validate   check every data file of mitp/registry.py (or: validate campaigns): every problem as file:line:col
#   ./run.sh diff A B   what changed in the catalogue and channels between two git revisions (or files)
#   ./run.sh traducciones   translation status per language; outdated pages with what changed in Spanish
#   ./run.sh mitp …     any command of the mitp tool (mitp --help), without activating .venv
#   ./run.sh bench      benchmark: validate (and build) synthetic catalogues of 500, 5,000 and 20,000 entries
#   ./run.sh cobertura  what the directory lacks in each region and comuna (data/cobertura.yaml)
#   ./run.sh importar guia.csv [--escribir]  a coordinator's spreadsheet into data/resources.yaml
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
# Material prints a notice about its end of life on every build; the README says what it means.
export NO_MKDOCS_2_WARNING=1
PY=${PYTHON:-python3}

ensure_venv() {
  # Reinstall only when the pinned requirements changed since the last install.
  local stamp="$VENV/.installed" want
  want=$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PY" -m venv "$VENV" 2>/dev/null; then
      # Debian's own python3 ships venv support separately (package python3-venv).
      rm -rf "$VENV"
      echo "Installing Debian's python3-venv…" >&2
      apt_install python3-venv
      "$PY" -m venv "$VENV"
    fi
  fi
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  # PYTHONWARNINGS: setuptools' editable install prints an informational box ("Editable
  # installation… folders with the same name as your package") that is no problem here.
  PYTHONWARNINGS=ignore::UserWarning "$VENV/bin/python" -m pip install --quiet -c requirements.lock -e '.[test]'
  echo "$want" > "$stamp"
}

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_system_libraries() {
  # The materials (posters, graphics: mitp/materials/) are drawn with cairo (CairoSVG) and the
  # DejaVu fonts, both Debian packages usually present; install them if a machine lacks them.
  # (grep without -q reads to the end: with pipefail, -q's early exit can fail the pipeline on SIGPIPE.)
  if ldconfig -p 2>/dev/null | grep 'libcairo.so.2' >/dev/null && fc-list 2>/dev/null | grep -i 'DejaVuSans' >/dev/null; then return; fi
  echo "Installing Debian's libcairo2 and fonts-dejavu-core for the materials…" >&2
  apt_install libcairo2 fonts-dejavu-core fontconfig
}

ensure_chromium() {
  # Browser tests drive Debian's chromium through Playwright (no browser download).
  if [ -x /usr/bin/chromium ]; then return; fi
  echo "Installing Debian's chromium for the browser tests…" >&2
  apt_install chromium
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case "$cmd" in
  serve)
    ensure_venv
    ensure_system_libraries
    exec "$VENV/bin/mkdocs" serve --strict -a "127.0.0.1:${PORT:-8000}" "$@" ;;
  build)
    ensure_venv
    ensure_system_libraries
    exec "$VENV/bin/mkdocs" build --strict "$@" ;;
  test)
    ensure_venv
    ensure_system_libraries
    ensure_chromium
    exec "$VENV/bin/python" -m pytest "$@" ;;
  validate)
    ensure_venv
    exec "$VENV/bin/mitp" validate "$@" ;;
  diff)
    ensure_venv
    exec "$VENV/bin/mitp" diff "$@" ;;
  traducciones|translations)
    ensure_venv
    exec "$VENV/bin/mitp" translations "$@" ;;
  mitp)
    ensure_venv
    exec "$VENV/bin/mitp" "$@" ;;
  bench)
    ensure_venv
    exec "$VENV/bin/python" scripts/benchmark.py "$@" ;;
  cobertura)
    ensure_venv
    exec "$VENV/bin/mitp" cobertura "$@" ;;
  importar)
    ensure_venv
    exec "$VENV/bin/mitp" importar "$@" ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    [ "$cmd" = help ] || exit 2 ;;
esac
