"""`make fuzz`: run the fuzzing harness of tests/fuzz for a fixed wall-clock budget and print
executions and findings. Same targets and oracles as the default-suite hypothesis tests, with a
havoc mutator over the corpus instead of hypothesis' generator (throughput over shrinking).

    python -m tests.fuzz.run_fuzz --seconds 300 [--seed N] [--share 0.6]

Findings (unexpected exception, crash, hang, over-budget parse) are written to
$FUZZ_CRASH_DIR (default: <tmp>/coffer-fuzz-crashes) and make the exit code 1. Turn each into a
test in tests/fuzz/test_regressions.py."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.fuzz import harness  # noqa: E402
from tests.fuzz.test_fuzz_parsing import ATOMS  # noqa: E402


def _random_text(rng: random.Random) -> str:
    parts = []
    for i in range(rng.randint(0, 80)):
        if rng.random() < 0.7:
            parts.append(rng.choice(ATOMS))
        else:
            parts.append("".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x80, 0x2FFF)]))
                                 for _ in range(rng.randint(1, 10))))
        parts.append("\n" if i % rng.randint(2, 8) == 0 else rng.choice([" ", "  ", "\t", ": "]))
    return "".join(parts)


def _mutated_string(rng: random.Random, seeds: list[str]) -> str:
    base = rng.choice(seeds).encode()
    return harness.mutate(base, rng, [s.encode() for s in seeds]).decode("utf-8", "replace")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300.0)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--share", type=float, default=0.6, help="time share of the ingestion target")
    args = ap.parse_args(argv)
    out_dir = Path(os.environ.get("FUZZ_CRASH_DIR", Path(tempfile.gettempdir()) / "coffer-fuzz-crashes"))
    rng = random.Random(args.seed)
    seeds = harness.seed_files()
    seed_list = list(seeds.values())
    names = sorted(seeds)
    outputs = harness.model_outputs()
    # Warm imports once so each forked child starts fast (as conftest does for pytest).
    import desktop_app.ingestion.reader  # noqa: F401
    from desktop_app.ingestion import docx, image, ocr, pdf, text  # noqa: F401

    stats = {"ingestion": 0, "parsing": 0}
    outcomes: dict[str, int] = {}
    findings: list[dict[str, object]] = []
    started = time.monotonic()
    end = started + args.seconds
    ingest_until = started + args.seconds * args.share
    last_print = started
    print(f"fuzzing for {args.seconds:.0f} s (seed {args.seed}); corpus: {len(seeds)} files, "
          f"{len(outputs)} model outputs", flush=True)
    while time.monotonic() < end:
        now = time.monotonic()
        if now < ingest_until:
            name = rng.choice(names)
            data = harness.mutate(seeds[name], rng, seed_list)
            out = harness.ingest(data, Path(name).suffix)
            stats["ingestion"] += 1
            outcomes[out.status] = outcomes.get(out.status, 0) + 1
            if out.bad:
                digest = hashlib.sha256(data).hexdigest()[:16]
                out_dir.mkdir(parents=True, exist_ok=True)
                (out_dir / f"ingest-{digest}{Path(name).suffix}").write_bytes(data)
                findings.append({"target": "ingestion", "seed": name, "status": out.status,
                                 "detail": out.detail[-500:], "file": f"ingest-{digest}{Path(name).suffix}"})
        else:
            doc = _random_text(rng) if rng.random() < 0.7 else _mutated_string(rng, outputs + ATOMS)
            vals = [rng.choice(outputs) if rng.random() < 0.5 else _mutated_string(rng, outputs)
                    for _ in range(rng.randint(1, 3))]
            problems = harness.check_parsing(doc, vals)
            stats["parsing"] += 1
            if problems:
                digest = hashlib.sha256(json.dumps([doc, vals]).encode()).hexdigest()[:16]
                out_dir.mkdir(parents=True, exist_ok=True)
                (out_dir / f"parse-{digest}.json").write_text(
                    json.dumps({"text": doc, "model_values": vals, "problems": problems}, ensure_ascii=False))
                findings.append({"target": "parsing", "problems": problems[:3], "file": f"parse-{digest}.json"})
        if time.monotonic() - last_print > 30:
            last_print = time.monotonic()
            print(f"  {last_print - started:5.0f} s  ingestion {stats['ingestion']}  parsing "
                  f"{stats['parsing']}  findings {len(findings)}", flush=True)
    took = time.monotonic() - started
    total = stats["ingestion"] + stats["parsing"]
    print(f"\nexecutions: {total} in {took:.0f} s ({total / max(took, 1e-9):.1f}/s): ingestion "
          f"{stats['ingestion']} {dict(sorted(outcomes.items()))}, parsing {stats['parsing']}")
    print(f"findings (unhandled exceptions, crashes, hangs): {len(findings)}")
    for f in findings[:20]:
        print("  ", json.dumps(f, ensure_ascii=False)[:400])
    if findings:
        print(f"inputs saved in {out_dir}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
