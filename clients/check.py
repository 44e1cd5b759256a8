"""Real-client checks of koryu's exports and report (issue 13).

Each check reads what `koryu export` / `koryu report` wrote with the tool an
analyst would use, compares it with the store (read with Python's sqlite3)
and prints one `ok: ...` line; the first difference stops the run with a
message saying what differed (exit 1).

Usage: check.py --koryu BIN --store STORE --work DIR
(clients/check.sh builds koryu, imports the corpus into STORE and calls this.)
"""

from __future__ import annotations

import argparse
import csv
import glob
import io
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TABLES = ["mentions", "events", "sources", "diagnostics"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class CheckFailed(Exception):
    pass


def fail(msg: str) -> None:
    raise CheckFailed(msg)


PASSED = [0]


def ok(msg: str) -> None:
    PASSED[0] += 1
    print(f"ok: {msg}", flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        fail(f"`{' '.join(map(str, cmd))}` exited {p.returncode}:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return p


# --- the store, as the truth ------------------------------------------------------


class Store:
    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def count(self, table: str) -> int:
        return self.db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]

    def rows(self, table: str, columns: list[str]) -> list[tuple]:
        cols = ", ".join(f'"{c}"' for c in columns)
        return self.db.execute(f'SELECT {cols} FROM "{table}"').fetchall()

    def columns(self, table: str) -> list[str]:
        return [r[1] for r in self.db.execute(f"PRAGMA table_info('{table}')")]


def schema_of(work: Path) -> dict[str, list[dict]]:
    """The data package's fields per table: the declared names, types and order."""
    desc = json.loads((work / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["schema"]["fields"] for r in desc["resources"]}


def store_table(store: Store, table: str, fields: list[dict], list_cols: set[str]) -> list[dict]:
    names = [f["name"] for f in fields]
    out = []
    for row in store.rows(table, names):
        rec = {}
        for name, value in zip(names, row):
            if name in list_cols and value is not None:
                value = json.loads(value)
            rec[name] = value
        out.append(rec)
    return out


def list_columns(store: Store, table: str, names: list[str]) -> set[str]:
    """Columns the store keeps as JSON arrays of strings (countries, jp_roles, ...)."""
    cols = set()
    for name in names:
        vals = [r[0] for r in store.db.execute(f'SELECT "{name}" FROM "{table}" WHERE "{name}" IS NOT NULL LIMIT 200')]
        if vals and all(isinstance(v, str) and v.startswith("[") for v in vals):
            try:
                if all(all(isinstance(x, str) for x in json.loads(v)) for v in vals):
                    cols.add(name)
            except json.JSONDecodeError:
                pass
    return cols


# --- checks -------------------------------------------------------------------------


def check_frictionless(venv_bin: Path, work: Path) -> None:
    desc = work / "datapackage" / "datapackage.json"
    p = subprocess.run(
        [str(venv_bin / "frictionless"), "validate", "--json", str(desc)],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(p.stdout)
    except json.JSONDecodeError:
        fail(f"frictionless validate printed no JSON report (exit {p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    errors = []
    for task in report.get("tasks", []):
        for e in task.get("errors", []):
            errors.append(f"{task.get('name')}: {e.get('type')}: {e.get('message')}")
    for e in report.get("errors", []):
        errors.append(f"package: {e.get('type')}: {e.get('message')}")
    if p.returncode != 0 or not report.get("valid") or errors:
        fail(f"frictionless validate {desc}: exit {p.returncode}, valid={report.get('valid')}, errors:\n" + "\n".join(errors[:40]))
    tasks = report.get("tasks", [])
    names = sorted(t.get("name") for t in tasks)
    if names != sorted(TABLES):
        fail(f"frictionless validated resources {names}, expected {sorted(TABLES)}")
    rows = {t.get("name"): t.get("stats", {}).get("rows") for t in tasks}
    ok(f"frictionless validate: datapackage.json valid (exit 0), resources {rows}")
    return rows


def pandas_dtypes_ok(df, fields: list[dict], where: str) -> None:
    import pandas as pd

    for f in fields:
        name, ftype = f["name"], f["type"]
        col = df[name]
        if ftype == "integer":
            if not (pd.api.types.is_integer_dtype(col.dtype)):
                fail(f"{where}: column {name} is declared integer but pandas read dtype {col.dtype}")
        elif ftype == "datetime":
            if not pd.api.types.is_datetime64_any_dtype(col.dtype):
                fail(f"{where}: column {name} is declared datetime but pandas parsed dtype {col.dtype}")
        elif ftype in ("string", "array"):
            if not (pd.api.types.is_string_dtype(col.dtype) or col.dtype == object):
                fail(f"{where}: column {name} is declared {ftype} but pandas read dtype {col.dtype}")


def read_csv_typed(path: Path, fields: list[dict], encoding: str = "utf-8"):
    """pandas.read_csv with the types the data package declares: the way an analyst loads it."""
    import pandas as pd

    dtype = {}
    dates = []
    for f in fields:
        if f["type"] == "integer":
            dtype[f["name"]] = "Int64"  # nullable: an empty cell stays <NA>
        elif f["type"] == "datetime":
            dates.append(f["name"])
        else:
            dtype[f["name"]] = "string"
    df = pd.read_csv(path, dtype=dtype, encoding=encoding, keep_default_na=False, na_values=[""])
    for name in dates:
        df[name] = pd.to_datetime(df[name], utc=True, format="ISO8601")
    return df


def csv_cell_to_value(value, name: str, ftype: str, list_cols: set[str]):
    import pandas as pd

    if value is None or (not isinstance(value, (list, str)) and pd.isna(value)):
        return [] if name in list_cols else None
    if name in list_cols:
        return [x for x in str(value).split(";") if x != ""]
    if ftype == "integer":
        return int(value)
    return value


def compare_frame(df, expected: list[dict], fields: list[dict], list_cols: set[str], where: str, csv_mode: bool) -> None:
    names = [f["name"] for f in fields]
    if list(df.columns) != names:
        fail(f"{where}: columns {list(df.columns)} differ from the schema's {names}")
    if len(df) != len(expected):
        fail(f"{where}: {len(df)} rows, the store has {len(expected)}")
    types = {f["name"]: f["type"] for f in fields}
    records = df.to_dict(orient="records")
    for i, (got, want) in enumerate(zip(records, expected)):
        for name in names:
            ftype = types[name]
            if ftype == "datetime":
                continue  # compared as parsed timestamps below
            g = csv_cell_to_value(got[name], name, ftype, list_cols) if csv_mode else got[name]
            w = want[name]
            if name in list_cols and w is None:
                w = []
            if csv_mode and w == "":
                w = None  # CSV writes NULL and '' alike as an empty cell
            if ftype == "array" and not csv_mode and isinstance(w, str):
                w = json.loads(w)
            if ftype == "array" and csv_mode and isinstance(w, str):
                g = got[name]
            if not csv_mode:
                import pandas as pd

                if g is not None and not isinstance(g, (list, dict, str)) and pd.isna(g):
                    g = None
                if isinstance(g, float) and g.is_integer():
                    g = int(g)
            if csv_mode and isinstance(g, str) and isinstance(w, str) and g != w and g == "'" + w:
                g = w  # a defused formula cell
            if csv_mode and isinstance(g, list) and isinstance(w, list):
                g = [x[1:] if x.startswith("'") and x[1:] in w else x for x in g]
            if g != w:
                fail(f"{where}: row {i + 1} column {name}: read {g!r}, the store has {w!r}")


def check_csv(store: Store, work: Path, schemas, list_cols) -> None:
    for table in TABLES:
        fields = schemas[table]
        path = work / "csv" / f"{table}.csv"
        df = read_csv_typed(path, fields)
        pandas_dtypes_ok(df, fields, f"pandas {path.name}")
        compare_frame(df, store_table(store, table, fields, list_cols[table]), fields, list_cols[table], f"pandas {path}", True)
    counts = {t: store.count(t) for t in TABLES}
    ok(f"pandas read_csv: every CSV with the declared dtypes (integers Int64, datetimes parsed, lists `;`-joined strings), every cell equal to the store, rows {counts}")
    # Day-precision EDTF dates are ISO dates: pandas parses every one of them.
    import pandas as pd

    ev = read_csv_typed(work / "csv" / "events.csv", schemas["events"])
    day = ev[ev["date_precision"] == "day"]["date"]
    parsed = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce")
    if parsed.isna().any():
        bad = day[parsed.isna()].head(5).tolist()
        fail(f"pandas: day-precision dates that do not parse as YYYY-MM-DD: {bad}")
    ok(f"pandas to_datetime: all {len(day)} day-precision event dates parse as dates")


def check_excel(store: Store, work: Path, schemas, list_cols) -> None:
    for table in TABLES:
        path = work / "excel" / f"{table}.csv"
        raw = path.read_bytes()
        if not raw.startswith(b"\xef\xbb\xbf"):
            fail(f"{path}: does not start with the UTF-8 BOM (first bytes {raw[:3]!r})")
        body = raw[3:]
        plain = (work / "csv" / f"{table}.csv").read_bytes()
        if body != plain:
            fail(f"{path}: after the BOM it differs from the plain CSV export")
        # Every record ends in CRLF: parse with csv (quoted cells may hold newlines) and
        # check the bytes after each record's end.
        n_lf = body.count(b"\n")
        n_crlf = body.count(b"\r\n")
        if n_crlf == 0 or not body.endswith(b"\r\n"):
            fail(f"{path}: rows do not end in CRLF")
        if n_lf != n_crlf:
            # A bare LF may only sit inside a quoted cell.
            records = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
            inner = sum(cell.count("\n") - cell.count("\r\n") for r in records for c in [r] for cell in c)
            if n_lf - n_crlf != inner:
                fail(f"{path}: {n_lf - n_crlf} bare LF line ends outside quoted cells")
        fields = schemas[table]
        df = read_csv_typed(path, fields, encoding="utf-8-sig")
        if list(df.columns)[0] != fields[0]["name"]:
            fail(f"{path}: pandas utf-8-sig read the first column as {list(df.columns)[0]!r}")
        compare_frame(df, store_table(store, table, fields, list_cols[table]), fields, list_cols[table], f"pandas utf-8-sig {path}", True)
    # Every Japanese title survives (events and sources titles against the store).
    ev = read_csv_typed(work / "excel" / "events.csv", schemas["events"], encoding="utf-8-sig")
    want = [r[0] for r in store.db.execute("SELECT title FROM events")]
    got = ev["title"].fillna("").tolist()
    got = [g[1:] if g.startswith("'") and g[1:] in want else g for g in got]
    if got != [w or "" for w in want]:
        fail("excel events.csv: titles differ from the store's")
    jp = sum(1 for t in want if t and any("\u3040" <= ch <= "\u9fff" for ch in t))
    ok(f"--excel CSV: BOM + CRLF, same bytes as the plain CSV after the BOM, pandas utf-8-sig reads every cell as the store has it; {jp} Japanese event titles survive")


def check_jsonl(store: Store, work: Path, schemas, list_cols) -> None:
    import duckdb
    import pandas as pd

    counts = {}
    for table in TABLES:
        fields = schemas[table]
        path = work / "jsonl" / f"{table}.jsonl"
        if store.count(table) == 0:
            # An empty JSONL file has no keys to name columns: only the count can be read.
            if path.read_bytes().strip():
                fail(f"{path}: the store's {table} is empty but the file is not")
            counts[table] = 0
            continue
        df = pd.read_json(path, lines=True, dtype=False)
        expected = store_table(store, table, fields, list_cols[table] | {f["name"] for f in fields if f["type"] == "array"})
        compare_frame(df, expected, fields, list_cols[table], f"pandas read_json {path}", False)
        con = duckdb.connect()
        n = con.execute("SELECT COUNT(*) FROM read_json_auto(?)", [str(path)]).fetchone()[0]
        cols = [d[0] for d in con.execute("SELECT * FROM read_json_auto(?) LIMIT 0", [str(path)]).description]
        if n != store.count(table):
            fail(f"duckdb read_json_auto {path}: {n} rows, the store has {store.count(table)}")
        names = [f["name"] for f in fields]
        if cols != names:
            fail(f"duckdb read_json_auto {path}: columns {cols}, expected {names}")
        counts[table] = n
        # DuckDB reads the same CSV too, with the same count.
        ncsv = con.execute("SELECT COUNT(*) FROM read_csv_auto(?)", [str(work / "csv" / f"{table}.csv")]).fetchone()[0]
        if ncsv != store.count(table):
            fail(f"duckdb read_csv_auto {table}.csv: {ncsv} rows, the store has {store.count(table)}")
        con.close()
    # Lists stay JSON arrays: DuckDB types countries as a list of strings.
    con = duckdb.connect()
    t = con.execute("SELECT typeof(countries) FROM read_json_auto(?) LIMIT 1", [str(work / "jsonl" / "events.jsonl")]).fetchone()[0]
    if "[]" not in t:
        fail(f"duckdb read_json_auto events.jsonl: countries typed {t}, expected a list")
    ok(f"jsonl: pandas read_json(lines=True) equals the store cell by cell; DuckDB read_json_auto and read_csv_auto give the same rows {counts} (countries typed {t})")


def duckdb_sqlite(con) -> str:
    """Load DuckDB's sqlite extension from the duckdb-ext-sqlite wheel (no download)."""
    import duckdb

    root = Path(duckdb.__file__).resolve().parent.parent / "duckdb_ext" / "extensions"
    found = sorted(glob.glob(str(root / f"v{duckdb.__version__}" / "*" / "sqlite_scanner.duckdb_extension")))
    if not found:
        fail(f"no sqlite_scanner extension for duckdb {duckdb.__version__} under {root}: pin duckdb-ext-sqlite to the duckdb version")
    con.execute(f"LOAD '{found[0]}'")
    return found[0]


def check_sqlite(store: Store, work: Path, koryu: str) -> None:
    import duckdb

    db = work / "sqlite" / "koryu.sqlite"
    py = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    # Python's sqlite3: the copy holds every table with the store's rows and columns.
    for table in TABLES:
        cols = store.columns(table)
        got_cols = [r[1] for r in py.execute(f"PRAGMA table_info('{table}')")]
        if got_cols != cols:
            fail(f"sqlite3 {db}: table {table} columns {got_cols}, the store has {cols}")
        q = f'SELECT * FROM "{table}" ORDER BY rowid'
        a = py.execute(q).fetchall()
        b = store.db.execute(q).fetchall()
        if a != b:
            fail(f"sqlite3 {db}: table {table} rows differ from the store ({len(a)} vs {len(b)} rows)")
    ok(f"sqlite3: {db.name} holds every table with the store's columns and rows, {[(t, store.count(t)) for t in TABLES]}")

    # The views, by Python's sqlite3 and the expected numbers computed from the store.
    n_pairs = store.db.execute("SELECT COUNT(*) FROM events e, json_each(e.countries)").fetchone()[0]
    n_fy = store.db.execute("SELECT COUNT(*) FROM (SELECT 1 FROM events GROUP BY fiscal_year, category)").fetchone()[0]
    n_ms = store.db.execute(
        "SELECT COUNT(*) FROM mentions m JOIN sources s ON s.source_sha256 = m.source_sha256 WHERE s.superseded_by IS NULL"
    ).fetchone()[0]
    v = {
        "events_by_country": py.execute("SELECT COUNT(*) FROM events_by_country").fetchone()[0],
        "events_by_fiscal_year": py.execute("SELECT COUNT(*) FROM events_by_fiscal_year").fetchone()[0],
        "mention_sources": py.execute("SELECT COUNT(*) FROM mention_sources").fetchone()[0],
    }
    if v != {"events_by_country": n_pairs, "events_by_fiscal_year": n_fy, "mention_sources": n_ms}:
        fail(f"sqlite3 views {v}, expected from the store {n_pairs}, {n_fy}, {n_ms}")

    # DuckDB through its sqlite extension: the same views, the same numbers.
    con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    ext = duckdb_sqlite(con)
    con.execute(f"ATTACH '{db}' AS k (TYPE sqlite, READ_ONLY)")
    dv = {name: con.execute(f"SELECT COUNT(*) FROM k.{name}").fetchone()[0] for name in v}
    if dv != v:
        fail(f"duckdb views {dv} differ from sqlite3's {v}")
    top_duck = con.execute(
        "SELECT country, COUNT(*) AS n FROM k.events_by_country GROUP BY country ORDER BY n DESC, country LIMIT 5"
    ).fetchall()
    top_store = store.db.execute(
        "SELECT c.value, COUNT(*) AS n FROM events e, json_each(e.countries) c GROUP BY c.value ORDER BY n DESC, c.value LIMIT 5"
    ).fetchall()
    if [tuple(r) for r in top_duck] != [tuple(r) for r in top_store]:
        fail(f"duckdb GROUP BY country on events_by_country {top_duck} differs from the store {top_store}")
    fy_duck = con.execute("SELECT fiscal_year, category, events FROM k.events_by_fiscal_year ORDER BY 1, 2").fetchall()
    fy_store = store.db.execute("SELECT fiscal_year, category, COUNT(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    # DuckDB sorts NULL last, SQLite first: compare as sorted sets of rows.
    key = lambda r: (r[0] is not None, r[0] or 0, r[1] or "")
    if sorted(map(tuple, fy_duck), key=key) != sorted(map(tuple, fy_store), key=key):
        fail("duckdb events_by_fiscal_year differs from GROUP BY on the store's events")
    for table in TABLES:
        n = con.execute(f"SELECT COUNT(*) FROM k.{table}").fetchone()[0]
        if n != store.count(table):
            fail(f"duckdb k.{table}: {n} rows, the store has {store.count(table)}")
    ok(f"duckdb (sqlite extension from the wheel, {Path(ext).parent.parent.name}): views {dv} equal sqlite3's and the store's; top countries {top_duck}")

    # `koryu events --country AU --fiscal-year 2022` prints the events of the view's SQL.
    sql = "SELECT event_id FROM events_by_country WHERE country = 'AU' AND fiscal_year = 2022 ORDER BY event_id"
    want = [r[0] for r in py.execute(sql)]
    p = run([koryu, "events", "--db", str(store.path), "--country", "AU", "--fiscal-year", "2022", "--format", "jsonl"])
    got = sorted(json.loads(line)["event_id"] for line in p.stdout.splitlines() if line.strip())
    if got != want:
        fail(f"koryu events --country AU --fiscal-year 2022: {len(got)} events, the events_by_country SQL gives {len(want)}; "
             f"only in koryu {sorted(set(got) - set(want))[:5]}, only in SQL {sorted(set(want) - set(got))[:5]}")
    if not want:
        fail("events_by_country has no AU event in fiscal 2022: the corpus check compares nothing")
    ok(f"koryu events --country AU --fiscal-year 2022: the same {len(got)} events as `{sql}`")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


def check_datasette(store: Store, work: Path, venv_bin: Path) -> None:
    db = work / "sqlite" / "koryu.sqlite"
    meta_path = work / "sqlite" / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    dbs = meta.get("databases", {})
    if list(dbs) != [db.stem]:
        fail(f"metadata.json describes databases {list(dbs)}, Datasette names the file {db.stem}")
    # Every table and column the metadata names exists (Datasette ignores the
    # rest silently), and every exported column of the four tables has a description.
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tables = dbs[db.stem].get("tables", {})
    for table, tm in tables.items():
        cols = [r[1] for r in con.execute(f"PRAGMA table_info('{table}')")]
        if not cols:
            fail(f"metadata.json describes {table}, which {db.name} does not have")
        unknown = sorted(set(tm.get("columns", {})) - set(cols))
        if unknown:
            fail(f"metadata.json describes columns {unknown} of {table}, which it does not have")
        if not tm.get("description"):
            fail(f"metadata.json gives {table} no description")
    for table in TABLES:
        described = tables.get(table, {}).get("columns", {})
        exported = [f["name"] for f in schema_of(work)[table]]
        missing = [c for c in exported if not described.get(c)]
        if missing or not tables.get(table, {}).get("title"):
            fail(f"metadata.json: {table} lacks a title or descriptions of {missing}")
    con.close()
    port = free_port()
    log = open(work / "datasette.log", "w")
    proc = subprocess.Popen(
        [str(venv_bin / "datasette"), "serve", str(db), "-m", str(meta_path), "-h", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get_json(f"{base}/-/versions.json")
                break
            except Exception:
                if proc.poll() is not None or time.monotonic() > deadline:
                    fail(f"datasette did not start on {base}: {(work / 'datasette.log').read_text()[-2000:]}")
                time.sleep(0.3)
        name = db.stem
        n_events = store.count("events")
        ev = get_json(f"{base}/{name}/events.json?_shape=objects&_size=max&_extra=count")
        got_count = ev.get("filtered_table_rows_count", ev.get("count"))
        if got_count != n_events:
            fail(f"datasette {name}/events.json: count {got_count}, the store has {n_events}")
        rows = ev.get("rows", [])
        first = store.db.execute("SELECT event_id, title FROM events ORDER BY event_id LIMIT 1").fetchone()
        if not rows or (rows[0].get("event_id"), rows[0].get("title")) != tuple(first):
            fail(f"datasette events.json first row {rows[:1]} differs from the store's {first}")
        # All rows, page by page: every event_id of the store comes back.
        ids = []
        url = f"{base}/{name}/events.json?_shape=objects&_size=1000&_col=event_id"
        for _ in range(10_000):
            page = get_json(url)
            ids += [r["event_id"] for r in page["rows"]]
            if not page.get("next_url"):
                break
            url = page["next_url"]
        want_ids = sorted(r[0] for r in store.db.execute("SELECT event_id FROM events"))
        if sorted(ids) != want_ids:
            fail(f"datasette paged events.json: {len(ids)} event ids, the store has {len(want_ids)}")
        # The metadata Datasette serves is ours: titles and descriptions of tables and columns.
        served = get_json(f"{base}/-/metadata.json")
        tmeta = dbs[name]["tables"]
        served_tables = served.get("databases", {}).get(name, {}).get("tables", {})
        for table, tm in tmeta.items():
            st = served_tables.get(table, {})
            if st.get("title") != tm.get("title") or st.get("description") != tm.get("description"):
                fail(f"datasette serves {table}'s title/description {st.get('title')!r}/{st.get('description')!r}, metadata.json has {tm.get('title')!r}/{tm.get('description')!r}")
        # The HTML page of the table shows the title, the description and the facets.
        with urllib.request.urlopen(f"{base}/{name}/events", timeout=10) as r:
            html = r.read().decode("utf-8")
        et = tmeta.get("events", {})
        for piece in [et.get("title"), et.get("description")]:
            if piece and piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") not in html and piece not in html:
                fail(f"datasette {name}/events page lacks the metadata text {piece!r}")
        facets = et.get("facets", [])
        fj = get_json(f"{base}/{name}/events.json?_size=0&_extra=facet_results")
        fr = fj.get("facet_results", {})
        fr = fr.get("results", fr) if isinstance(fr, dict) else {}
        names = sorted(k.split(" ")[0] if isinstance(k, str) else k for k in fr)
        want_f = sorted(f if isinstance(f, str) else next(iter(f.values())) for f in facets)
        if not facets or not set(want_f) <= set(names):
            fail(f"datasette events facets {names}, metadata.json asks for {facets}")
        # Column descriptions reach the table page.
        desc = (et.get("columns") or {}).get("category")
        if desc and desc not in html and desc.replace("(", "&#40;") not in html:
            fail(f"datasette {name}/events page lacks the column description {desc!r}")
        ok(f"datasette serve on {base}: {name}/events.json returns {got_count} rows (all {len(ids)} event ids paged), "
           f"titles/descriptions of {len(tmeta)} tables served as metadata.json has them, facets {want_f}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def check_report(store: Store, work: Path) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    report = work / "report.html"
    html = report.read_text(encoding="utf-8")
    # A self-contained page loads nothing: no src/href/url()/@import to another
    # file or address (an SVG's xmlns is a name, not a request). Chromium's
    # request log below checks the same at run time.
    loads = re.findall(r"""(?:\b(?:src|href)\s*=\s*["']?(?!#|data:)[^"'\s>]+|url\(\s*["']?(?!#|data:)[^)]*\)|@import)""", html)
    if loads:
        fail(f"report.html is not self-contained: it loads {loads[:5]}")
    shot = work / "report.png"
    messages: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 2000})
            page.on("console", lambda m: messages.append(f"console.{m.type}: {m.text}") if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
            page.on("requestfailed", lambda r: messages.append(f"requestfailed: {r.url}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.resolve().as_uri(), wait_until="load")
            page.wait_for_timeout(300)
            n_svg = page.locator("svg").count()
            n_tables = page.locator("table").count()
            page.screenshot(path=str(shot), full_page=False)
            full = work / "report-full.png"
            page.screenshot(path=str(full), full_page=True)
            version = browser.version
        finally:
            browser.close()
    if messages:
        fail("headless Chromium reported on report.html:\n" + "\n".join(messages[:20]))
    others = [u for u in requests if not u.startswith("file://") and not u.startswith("data:")]
    if others:
        fail(f"report.html made requests: {others[:5]}")
    if n_svg < 3 or n_tables < 3:
        fail(f"report.html shows {n_svg} SVG charts and {n_tables} tables, expected at least 3 of each")
    img = Image.open(shot).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 24) or []
    n_colours = len(colours)
    most = max(c for c, _ in colours) if colours else 0
    share = most / (img.width * img.height)
    if n_colours < 64 or share > 0.97:
        fail(f"screenshot {shot} looks blank: {n_colours} distinct colours, the commonest covers {share:.0%}")
    # Fonts: fc-match must give a CJK font for Japanese, else Chromium draws tofu boxes.
    fm = subprocess.run(["fc-match", "sans-serif:lang=ja"], capture_output=True, text=True).stdout.strip()
    if "CJK" not in fm and "Noto Sans JP" not in fm:
        fail(f"no Japanese font for Chromium: fc-match sans-serif:lang=ja gives {fm!r}")
    ok(f"report.html in headless Chromium {version}: {n_svg} SVG charts, {n_tables} tables, no console errors or failed/remote requests; "
       f"screenshot {shot.name} {img.width}x{img.height} with {n_colours} colours (commonest {share:.0%}); Japanese font {fm}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--koryu", required=True)
    ap.add_argument("--store", required=True, type=Path)
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    venv_bin = Path(sys.executable).parent
    store = Store(args.store)
    work = args.work
    schemas = schema_of(work)
    list_cols = {t: list_columns(store, t, [f["name"] for f in schemas[t] if f["type"] == "string"]) for t in TABLES}
    checks = {
        "frictionless": lambda: check_frictionless(venv_bin, work),
        "csv": lambda: check_csv(store, work, schemas, list_cols),
        "excel": lambda: check_excel(store, work, schemas, list_cols),
        "jsonl": lambda: check_jsonl(store, work, schemas, list_cols),
        "sqlite": lambda: check_sqlite(store, work, args.koryu),
        "datasette": lambda: check_datasette(store, work, venv_bin),
        "report": lambda: check_report(store, work),
    }
    only = [x for x in args.only.split(",") if x]
    for name, fn in checks.items():
        if only and name not in only:
            continue
        t0 = time.monotonic()
        try:
            fn()
        except CheckFailed as e:
            print(f"FAIL [{name}]: {e}", file=sys.stderr, flush=True)
            print(f"clients: {PASSED[0]} passed, 1 failed", flush=True)
            return 1
        print(f"   ({name}: {time.monotonic() - t0:.1f} s)", flush=True)
    print(f"clients: {PASSED[0]} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
