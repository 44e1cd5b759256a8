#!/usr/bin/env bash
# Installs the real clients that clients/check.sh runs against koryu's exports:
# a Python virtual environment with clients/requirements.txt (frictionless,
# pandas, DuckDB with its sqlite extension, Datasette, Playwright's Python
# driver, Pillow) and Debian's Chromium with the Noto CJK fonts (Playwright
# drives /usr/bin/chromium; it never downloads a browser of its own).
# Idempotent: a second run only checks what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${KORYU_CLIENTS_VENV:-target/clients-venv}"
REQ=clients/requirements.txt

mkdir -p target
die() { echo "clients/setup.sh: error: $*" >&2; exit 1; }

# --- Debian packages: Chromium and Japanese fonts -----------------------------
have_fonts() { fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; }
if [[ ! -x /usr/bin/chromium ]] || ! have_fonts; then
    command -v apt-get > /dev/null || die "/usr/bin/chromium or the Noto CJK fonts are missing and apt-get is not available; install Debian's chromium and fonts-noto-cjk"
    [[ "$(id -u)" == 0 ]] || die "/usr/bin/chromium or the Noto CJK fonts are missing; run as root (or: sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk)"
    export DEBIAN_FRONTEND=noninteractive
    # Update the package lists only when the install cannot find the packages.
    if ! apt-get install -y --no-install-recommends chromium fonts-noto-cjk > target/clients-apt.log 2>&1; then
        apt-get update > /dev/null 2>&1 || die "apt-get update failed"
        apt-get install -y --no-install-recommends chromium fonts-noto-cjk > target/clients-apt.log 2>&1 \
            || die "apt-get install chromium fonts-noto-cjk failed; see target/clients-apt.log"
    fi
    [[ -x /usr/bin/chromium ]] || die "apt-get installed chromium but /usr/bin/chromium is missing"
    # An install whose fontconfig trigger did not run (an interrupted
    # earlier dpkg run) leaves the cache stale: rebuild it once before
    # giving up.
    have_fonts || fc-cache -f > /dev/null 2>&1 || true
    have_fonts || die "fonts-noto-cjk installed but fc-list shows no Noto Sans CJK (even after fc-cache -f)"
fi
echo "ok: $(/usr/bin/chromium --version 2>/dev/null | head -1), Noto Sans CJK fonts present"

# --- Python virtual environment ------------------------------------------------
PY="${PYTHON:-python3}"
command -v "$PY" > /dev/null || die "$PY not found; install Python 3.11 with venv and pip"
mkdir -p "$(dirname "$VENV")"
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PY" -m venv "$VENV" || die "python3 -m venv $VENV failed (Debian: apt-get install python3-venv)"
fi
# Reinstall only when the requirements changed since the last good install.
STAMP="$VENV/.requirements.sha256"
WANT="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [[ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ" \
        || die "pip install -r $REQ failed"
    echo "$WANT" > "$STAMP"
fi
"$VENV/bin/python" -c "import frictionless, pandas, duckdb, duckdb_ext, datasette, playwright, PIL" \
    || die "the venv $VENV lacks a client; delete it and run clients/setup.sh again"
echo "ok: venv $VENV ($("$VENV/bin/python" --version), requirements installed)"
