#!/usr/bin/env python3
"""A mutation campaign through the real binary: each case is a mutated seed
file run through `koryu validate` and `koryu import`, each process checked
for the CLI's promise (exit 0, 1 or 2; a failing exit names the file in
its output; at most 10 s; at most 1 GiB resident).

    python3 fuzz/cli-campaign.py --koryu target/release/koryu \
        --cases 6000 --workbook-cases 1200 --out /tmp/campaign SEED_DIR...

Seeds: every .txt/.csv/.tsv/.xlsx/.ods under the SEED_DIRs (fixtures, or a
corpus kept outside the repository). Workbooks are mutated inside their XML
parts and re-zipped, so mutations reach calamine. Failing cases are kept
in OUT/failures/ with a line in OUT/report.tsv; nothing is written into the
repository. Deterministic for a given --seed.
"""

import argparse
import io
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile

BUDGET_S = 10.0
BUDGET_KB = 1024 * 1024
HOSTILE_NUMBERS = [b"4294967295", b"18446744073709551615", b"1048577", b"16385", b"0", b"-1",
                   b"99999999999999999999", b"2147483648", b"1000000000"]


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One mutation, the same kinds as tests/it/fuzz_replay.rs."""
    out = bytearray(data)
    n = len(out)
    kind = rng.randrange(8)
    if kind == 0 and n:
        out[rng.randrange(n)] ^= 1 << rng.randrange(8)
    elif kind == 1:
        out.insert(rng.randrange(n + 1), rng.choice(b'<>"/\n\t,\xe3\x00('))
    elif kind == 2 and n:
        at = rng.randrange(n)
        del out[at:at + rng.randrange(1, 65)]
    elif kind == 3:
        del out[rng.randrange(n + 1):]
    elif kind == 4:
        runs = list(re.finditer(rb"[0-9]+", bytes(out)))
        if runs:
            m = rng.choice(runs)
            out[m.start():m.end()] = rng.choice(HOSTILE_NUMBERS)
    elif kind == 5 and n:
        at = rng.randrange(n)
        block = out[at:at + rng.randrange(1, 2049)]
        out[at:at] = block * rng.randrange(1, 200)
    elif kind == 6:
        ends = [m.start() for m in re.finditer(rb">", bytes(out))]
        if ends:
            del out[rng.choice(ends) + 1:]
    else:
        tags = list(re.finditer(rb"</[^>]*>", bytes(out)))
        if tags:
            m = rng.choice(tags)
            del out[m.start():m.end()]
    return bytes(out)


def mutate_workbook(data: bytes, rng: random.Random) -> bytes:
    """Mutates one or two XML parts of a zip and re-zips it (or, one case
    in ten, the archive bytes themselves)."""
    if rng.randrange(10) == 0:
        return mutate_bytes(data, rng)
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        parts = [(i.filename, zin.read(i)) for i in zin.infolist()]
    except Exception:
        return mutate_bytes(data, rng)
    xml = [i for i, (name, _) in enumerate(parts) if name.endswith(".xml")]
    for _ in range(rng.randrange(1, 3)):
        if xml:
            i = rng.choice(xml)
            name, body = parts[i]
            for _ in range(rng.randrange(1, 4)):
                body = mutate_bytes(body, rng)
            parts[i] = (name, body)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, body in parts:
            zout.writestr(name, body)
    return buf.getvalue()


def run(cmd, cwd):
    """(exit code, seconds, output) of one process."""
    start = time.monotonic()
    # validate reports on stdout, import on stderr: read both.
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=BUDGET_S * 3)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    took = time.monotonic() - start
    return proc.returncode, took, out.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--koryu", required=True)
    ap.add_argument("--cases", type=int, default=5000, help="text/CSV cases")
    ap.add_argument("--workbook-cases", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    koryu = os.path.abspath(args.koryu)
    rng = random.Random(args.seed)
    texts, books = [], []
    for d in args.dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                path = os.path.join(root, f)
                ext = os.path.splitext(f)[1].lower()
                if ext in (".txt", ".csv", ".tsv"):
                    texts.append((ext, open(path, "rb").read()))
                elif ext in (".xlsx", ".ods"):
                    books.append((ext, open(path, "rb").read()))
    os.makedirs(os.path.join(args.out, "failures"), exist_ok=True)
    report = open(os.path.join(args.out, "report.tsv"), "w")
    stats = {"cases": 0, "runs": 0, "failures": 0, "exit": {}, "slowest": 0.0, "max_rss_kb": 0}
    plan = [("text", i) for i in range(args.cases)] + [("book", i) for i in range(args.workbook_cases)]
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        for family, idx in plan:
            ext, seed = rng.choice(texts if family == "text" else books)
            data = seed
            for _ in range(rng.randrange(1, 4)):
                data = mutate_bytes(data, rng) if family == "text" else mutate_workbook(data, rng)
            name = f"case{idx:05d}{ext}"
            path = os.path.join(work, name)
            with open(path, "wb") as fh:
                fh.write(data)
            stats["cases"] += 1
            # A fresh store per case: the promise is per file, and a store
            # grown by thousands of earlier cases measures the store's
            # import cost (issue 12's benches), not this input.
            for suffix in ("", "-wal", "-shm", "-writer"):
                if os.path.exists(os.path.join(work, "store.sqlite" + suffix)):
                    os.remove(os.path.join(work, "store.sqlite" + suffix))
            for cmd in (["validate", name], ["import", "--db", "store.sqlite", name]):
                before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                code, took, err = run([koryu] + cmd, work)
                after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                # The children's high-water mark only grows: a case that
                # raised it is the new maximum, and its own peak.
                rss = after if after > before else 0
                stats["runs"] += 1
                stats["exit"][code] = stats["exit"].get(code, 0) + 1
                stats["slowest"] = max(stats["slowest"], took)
                stats["max_rss_kb"] = max(stats["max_rss_kb"], after)
                problems = []
                if code not in (0, 1, 2):
                    problems.append(f"exit {code}")
                if code != 0 and name not in err:
                    problems.append("the output does not name the file")
                if "panicked" in err:
                    problems.append("panic")
                if took > BUDGET_S:
                    problems.append(f"{took:.1f} s")
                if rss > BUDGET_KB:
                    problems.append(f"{rss} KiB")
                if problems:
                    stats["failures"] += 1
                    keep = os.path.join(args.out, "failures", name)
                    with open(keep, "wb") as fh:
                        fh.write(data)
                    first = err.strip().splitlines()[:1]
                    report.write(f"{name}\t{cmd[0]}\t{'; '.join(problems)}\t{first}\n")
                    report.flush()
            os.remove(path)
            if stats["cases"] % 500 == 0:
                print(f"{stats['cases']} cases, {stats['failures']} failing runs, "
                      f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    stats["seconds"] = round(time.monotonic() - started)
    print(stats)
    return 1 if stats["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
