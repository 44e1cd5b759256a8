#!/usr/bin/env bash
# The real-client checks (issue 13): builds koryu, imports the corpus
# ($KORYU_CORPUS/*.txt, else the README's samples in fixtures/samples/) into a
# temporary store, writes every export and the report, then clients/check.py
# reads them with frictionless, pandas, DuckDB, sqlite3, Datasette and headless
# Chromium. Each check prints `ok: ...`; the first difference fails the run.
# Run clients/setup.sh first (it installs the clients).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${KORYU_CLIENTS_VENV:-target/clients-venv}"
[[ -x "$VENV/bin/python" ]] || { echo "clients/check.sh: error: no venv at $VENV; run clients/setup.sh first" >&2; exit 1; }

cargo build --quiet
KORYU="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/koryu"

if [[ -n "${KORYU_CORPUS:-}" ]] && compgen -G "$KORYU_CORPUS/*.txt" > /dev/null; then
    INPUTS=("$KORYU_CORPUS"/*.txt)
    WHAT="corpus $KORYU_CORPUS"
else
    INPUTS=(fixtures/samples/*)
    WHAT="samples fixtures/samples"
fi

# Kept under target/ (not /tmp) so a failed run leaves what the clients read.
WORK="${KORYU_CLIENTS_WORK:-target/clients-work}"
rm -rf "$WORK"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
STORE="$WORK/store.sqlite"

# Exit 1 means error diagnostics in a source (the corpus has some: its
# mentions are still stored); 2 or more is a failed import.
rc=0
"$KORYU" import --quiet --db "$STORE" "${INPUTS[@]}" 2> "$WORK/import.log" || rc=$?
if (( rc > 1 )); then
    cat "$WORK/import.log" >&2
    echo "clients/check.sh: error: koryu import exited $rc" >&2
    exit 1
fi
echo "ok: imported ${#INPUTS[@]} files of the $WHAT into $STORE"

"$KORYU" export --quiet --db "$STORE" --format datapackage --out "$WORK/datapackage"
"$KORYU" export --quiet --db "$STORE" --format csv --out "$WORK/csv"
"$KORYU" export --quiet --db "$STORE" --format csv --excel --out "$WORK/excel"
"$KORYU" export --quiet --db "$STORE" --format jsonl --out "$WORK/jsonl"
"$KORYU" export --quiet --db "$STORE" --format sqlite --out "$WORK/sqlite"
"$KORYU" report --quiet --db "$STORE" --out "$WORK/report.html"

"$VENV/bin/python" clients/check.py --koryu "$KORYU" --store "$STORE" --work "$WORK" "$@"
echo "screenshot of the report: $WORK/report.png"
