"""Vault benchmark: import speed, open time, list and full-text search latency, size overhead.

    python bench/bench_vault.py [--docs 10000] [--import-docs 1000] [--baseline] [--json OUT]

Targets (issue 3): open <= 0.5 s, list <= 100 ms, search <= 50 ms at 10,000 documents.
``--baseline`` runs the same Vault code on an unkeyed in-memory database of the same SQLite
build (no encryption, no disk, no fsync) as a reference for what encryption + durability cost.
(stdlib sqlite3 here is too old for FTS5 contentless-delete tables.)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.entities import Extraction, Field, ParsedDocument  # noqa: E402
from desktop_app.storage import connection as dbc  # noqa: E402
from desktop_app.storage.schema import migrate  # noqa: E402
from desktop_app.storage.vault import CHECK_AT_OPEN_MAX_BYTES, Vault  # noqa: E402

VENDORS = ["ACME SUPERSTORE", "Bäckerei Müller", "City Pharmacy", "Northwind Traders", "Dr. Smith Clinic",
           "Green Grocer", "Metro Fuel", "Riverside Lab", "Blue Bank", "Sunrise Cafe"]
WORDS = ("milk bread eggs butter cheese apples coffee tea rice pasta tomatoes onions soap paracetamol "
         "ibuprofen haemoglobin glucose cholesterol creatinine invoice statement transfer salary "
         "deposit withdrawal rent electricity insurance consultation prescription dosage tablet").split()


def make_doc(i: int, rng: random.Random) -> tuple[bytes, ParsedDocument, Extraction]:
    vendor = rng.choice(VENDORS)
    date = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    items = [(rng.choice(WORDS), f"{rng.randint(1, 9999) / 100:.2f}") for _ in range(rng.randint(2, 8))]
    total = f"{sum(float(a) for _, a in items):.2f}"
    lines = [vendor, f"Receipt no. {i:06d}", f"Date: {date}", *(f"{d} {a}" for d, a in items),
             f"TOTAL {total} EUR", "Thank you for shopping with us"]
    text = "\n".join(lines) + "\n"
    original = text.encode() + os.urandom(rng.randint(200, 1200))  # a small PDF/scan stand-in
    fields = [Field("vendor", vendor, vendor, span=(0, len(vendor)), confidence=0.9, grounded=True),
              Field("date", date, date, type="date", confidence=0.9, grounded=True),
              Field("total", total, total, type="amount", confidence=0.8, grounded=True),
              Field("currency", "EUR", "EUR", confidence=0.9, grounded=True),
              Field("receipt_no", f"{i:06d}", f"{i:06d}", confidence=0.7, grounded=True)]
    rows = [{"description": Field("description", d, d), "amount": Field("amount", a, a)} for d, a in items]
    ex = Extraction(kind=rng.choice(["receipt", "receipt", "invoice", "lab_report"]), kind_confidence=0.9,
                    fields=fields, lists={"items": rows}, summary=f"{vendor}, {date}, total {total} EUR.")
    return original, ParsedDocument.from_text(text), ex


def add(v: Vault, i: int, rng: random.Random) -> int:
    original, parsed, ex = make_doc(i, rng)
    doc_id = v.add_document(name=f"doc-{i:06d}.pdf", sha256=hashlib.sha256(original).hexdigest(),
                            media_type="application/pdf", content=original, parsed=parsed, status="done")
    v.save_extraction(doc_id, ex)
    return len(original)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    fn()  # warm the page cache once, as a running app would
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))]


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def queries(v: Vault) -> dict[str, tuple[float, float]]:
    return {
        "list 1000 (newest)": timed(lambda: v.list_documents(limit=1000), 10),
        "list 100 (screenful)": timed(lambda: v.list_documents(limit=100), 30),
        "list kind=receipt 1000": timed(lambda: v.list_documents(kind="receipt", limit=1000), 10),
        "list date range 2024": timed(lambda: v.list_documents(date_from="2024-01-01", date_to="2024-12-31"), 10),
        "search rare word": timed(lambda: v.search("000123"), 30),
        "search common word": timed(lambda: v.search("milk"), 30),
        "search two words": timed(lambda: v.search("pharmacy paracetamol"), 30),
        "search prefix": timed(lambda: v.search("haem"), 30),
        "get_document with text": timed(lambda: v.get_document(4321 % max(1, v.count_documents()) + 1), 30),
    }


def run(n_docs: int, n_import: int, baseline: bool) -> dict[str, object]:
    rng = random.Random(42)
    key = secrets.token_bytes(32).hex()
    res: dict[str, object] = {"docs": n_docs}
    with tempfile.TemporaryDirectory(prefix="coffer-bench-") as tmp:
        path = Path(tmp) / "vault.db"
        v = Vault.open(path, key, create=True)
        t = time.perf_counter()
        originals = sum(add(v, i, rng) for i in range(n_import))
        took = time.perf_counter() - t
        res["import one by one (docs/s)"] = n_import / took
        res["import one by one (ms/doc)"] = took * 1000 / n_import
        t = time.perf_counter()
        done = n_import
        while done < n_docs:
            with v.batch():
                for i in range(done, min(n_docs, done + 500)):
                    originals += add(v, i, rng)
            done = min(n_docs, done + 500)
        if n_docs > n_import:
            res["import in batches of 500 (docs/s)"] = (n_docs - n_import) / (time.perf_counter() - t)
        v.close()
        res["originals (MB)"] = originals / 1e6
        res["vault on disk (MB)"] = dir_size(path) / 1e6
        res["size overhead (vault / originals)"] = dir_size(path) / originals
        res["extra bytes per document (KB)"] = (dir_size(path) - originals) / n_docs / 1000
        opens, opens_nocheck, opens_default = [], [], []
        for _ in range(5):
            t = time.perf_counter()
            v = Vault.open(path, key)
            opens_default.append(time.perf_counter() - t)
            v.close()
            t = time.perf_counter()
            v = Vault.open(path, key, check=True)
            opens.append(time.perf_counter() - t)
            v.close()
            t = time.perf_counter()
            v = Vault.open(path, key, check=False)
            opens_nocheck.append(time.perf_counter() - t)
            v.close()
        res["open, default policy (s)"] = statistics.median(opens_default)
        res["open with integrity checks (s)"] = statistics.median(opens)
        res["open without checks (s)"] = statistics.median(opens_nocheck)
        v = Vault.open(path, key, check=False)
        res["queries"] = queries(v)
        v.close()
    if baseline:
        conn = dbc.sqlcipher3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(conn, dbc.Guard(), Path(":memory:"))  # type: ignore[arg-type]
        ref = Vault(conn, Path(":memory:"), key, dbc.Guard())  # type: ignore[arg-type]
        rng = random.Random(42)
        with ref.batch():
            for i in range(n_docs):
                add(ref, i, rng)
        res["baseline queries"] = queries(ref)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--import-docs", type=int, default=1_000)
    ap.add_argument("--baseline", action="store_true", help="also run unencrypted in memory")
    ap.add_argument("--json", type=Path, help="write the results as JSON")
    args = ap.parse_args()
    res = run(args.docs, min(args.import_docs, args.docs), args.baseline)
    print(f"Coffer vault benchmark, {res['docs']} documents (SQLCipher, WAL, synchronous=FULL)\n")
    for k, v in res.items():
        if not isinstance(v, dict) and k != "docs":
            print(f"  {k:<40} {v:10.3f}")
    targets = {"list": 100.0, "search": 50.0}
    base = res.get("baseline queries", {})
    print(f"\n  {'query':<28} {'median ms':>10} {'p95 ms':>9} {'target':>8}" + (f" {'plain mem':>12}" if base else ""))
    for name, (med, p95) in res["queries"].items():  # type: ignore[union-attr]
        target = next((t for prefix, t in targets.items() if name.startswith(prefix)), None)
        mark = "" if target is None else ("  ok" if p95 <= target else "  SLOW")
        line = f"  {name:<28} {med:10.2f} {p95:9.2f} {target or '':>8}{mark}"
        if base:
            line += f" {base[name][0]:12.2f}"
        print(line)
    opened = res["open, default policy (s)"]
    full = res["open with integrity checks (s)"]
    print(f"\n  open target 0.5 s: {'ok' if opened <= 0.5 else 'SLOW'} ({opened:.3f} s; full integrity "
          f"checks run at open up to {CHECK_AT_OPEN_MAX_BYTES >> 20} MiB and take {full:.3f} s here)")
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
