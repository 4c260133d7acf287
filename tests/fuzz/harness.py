"""The fuzzing targets, mutators and oracles, shared by the hypothesis tests (default suite, small
budget) and `make fuzz` (tests/fuzz/run_fuzz.py, fixed wall-clock budget).

Targets
- ingestion: ``read_document`` on mutated files. It must return a well-formed ParsedDocument or
  raise a DocumentError; anything else (another exception, a crash, a hang) is a finding. Each
  input runs in a forked child (as the app runs readers in a sandbox child), so a segfault in
  PDFium/Pillow is caught and reported instead of killing the run. OCR inference is stubbed:
  the parsers under test are PDFium, Pillow, zipfile/python-docx and the text decoders; the
  ONNX models only ever see decoded pixels.
- parsing: normalisation (parse_date/parse_amount/normalise_value), grounding, every rule
  candidate finder, list readers, classification and the whole Extractor with a scripted model
  whose output is the fuzzed string. No exception, bounded time, results inside the text.
"""
from __future__ import annotations

import json
import os
import random
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"
CHILD_TIMEOUT_S = 20  # per input; the reader's own budget (FUZZ_LIMITS) is lower
PARSE_BUDGET_S = 5.0  # per parsing call on inputs of at most a few KB (the box is shared)
CRASH_DIR = Path(__file__).resolve().parent / "crashes"  # not committed; make fuzz writes here


def seed_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(CORPUS.iterdir())
            if p.is_file() and p.name != "model_outputs.json"}


def model_outputs() -> list[str]:
    return list(json.loads((CORPUS / "model_outputs.json").read_text(encoding="utf-8")))


# --- mutators ----------------------------------------------------------------------------------
def mutate(data: bytes, rng: random.Random, others: list[bytes] | None = None, rounds: int = 0) -> bytes:
    """AFL-style havoc: flips, interesting values, inserts, deletes, duplicates, splices."""
    buf = bytearray(data)
    for _ in range(rounds or rng.randint(1, 8)):
        op = rng.randrange(9)
        n = len(buf)
        if op == 0 and n:  # bit flip
            i = rng.randrange(n)
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1 and n:  # random byte
            buf[rng.randrange(n)] = rng.randrange(256)
        elif op == 2 and n >= 4:  # interesting 32-bit value
            i = rng.randrange(n - 3)
            v = rng.choice([0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000])
            buf[i:i + 4] = v.to_bytes(4, rng.choice(["little", "big"]))
        elif op == 3:  # insert random bytes
            i = rng.randrange(n + 1)
            buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        elif op == 4 and n:  # delete a range
            i = rng.randrange(n)
            del buf[i:i + rng.randint(1, max(1, n // 8))]
        elif op == 5 and n:  # duplicate a chunk
            i = rng.randrange(n)
            chunk = buf[i:i + rng.randint(1, 64)]
            j = rng.randrange(len(buf) + 1)
            buf[j:j] = chunk * rng.randint(1, 4)
        elif op == 6 and n:  # truncate
            del buf[rng.randrange(n):]
        elif op == 7 and others:  # splice with another seed
            other = rng.choice(others)
            if other:
                i, j = rng.randrange(len(buf) + 1), rng.randrange(len(other))
                buf[i:] = other[j:j + rng.randint(1, 256)]
        elif op == 8 and n:  # big ASCII numbers where PDF/PNG keep lengths and counts
            i = rng.randrange(n)
            buf[i:i] = str(rng.choice([2**31, 2**32, 2**63, 10**12, -1, 0])).encode()
    return bytes(buf)


# --- ingestion target ----------------------------------------------------------------------------
# Findings already filed and kept as strict-xfail regression tests (test_regressions.py): the
# default suite must not fail at random on them; `make fuzz` counts them apart as "tracked".
# Remove an entry when its fix lands (its xfail then turns into a failure, as a reminder).
TRACKED: list[tuple[str, tuple[str, ...]]] = [
    # known open findings go here (file, exception names); the TIFF TypeError and the zip
    # NotImplementedError found by this harness are fixed and are regression tests now
]


def _tracked(trace: str) -> bool:
    last = trace.strip().splitlines()[-1] if trace.strip() else ""
    return any(where in trace and last.startswith(kinds) for where, kinds in TRACKED)


@dataclass
class Outcome:
    status: str  # ok | known | tracked | unexpected | crash | hang
    detail: str = ""

    @property
    def bad(self) -> bool:
        return self.status in ("unexpected", "crash", "hang")


def _fuzz_limits() -> Any:
    from desktop_app.ingestion.limits import Limits

    return Limits(max_seconds=10.0, max_pages=20, max_image_pixels=4_000_000,
                  max_render_pixels=2_000_000, max_stream_bytes=32 * 1024 * 1024,
                  max_unzipped_bytes=64 * 1024 * 1024, max_text_bytes=4 * 1024 * 1024)


class _NoOcr:
    def read(self, image: Any, **_kw: Any) -> list[Any]:
        image.load() if hasattr(image, "load") else None
        return []


def _check_document(doc: Any) -> str:
    from desktop_app.core.entities import ParsedDocument

    if not isinstance(doc, ParsedDocument):
        return f"returned {type(doc).__name__}, not a ParsedDocument"
    if not isinstance(doc.text, str):
        return "text is not a str"
    for ln in doc.lines:
        if not (0 <= ln.start <= ln.end <= len(doc.text)):
            return f"line span {ln.start}:{ln.end} outside a text of {len(doc.text)}"
    if doc.page_count < 0:
        return f"page_count {doc.page_count}"
    return ""


_KEEP: list[Any] = []


def _ingest_in_child(data: bytes, suffix: str, folder: str) -> tuple[str, str]:
    from desktop_app.core.errors import DocumentError
    from desktop_app.ingestion import ocr
    from desktop_app.ingestion.reader import read_document

    # Keep the parent's engine alive: destroying an ONNX Runtime session in a forked child joins
    # thread-pool threads that do not exist there, and the child hangs (os._exit skips it).
    _KEEP.append(ocr.OcrEngine._shared)
    ocr.OcrEngine._shared = _NoOcr()  # type: ignore[assignment]
    path = Path(folder) / f"input{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path, limits=_fuzz_limits())
    except DocumentError as exc:
        return "known", type(exc).__name__
    except BaseException as exc:  # noqa: BLE001 - this is exactly what a fuzzer looks for
        trace = "".join(traceback.format_exception(exc))
        return ("tracked" if _tracked(trace) else "unexpected"), trace[-3000:]
    problem = _check_document(doc)
    return ("unexpected", problem) if problem else ("ok", f"{len(doc.text)} chars")


def ingest(data: bytes, suffix: str = ".bin", timeout: int = CHILD_TIMEOUT_S) -> Outcome:
    """read_document on ``data`` in a forked child with a CPU alarm, core dumps off."""
    folder = tempfile.mkdtemp(prefix="coffer-fuzz-")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        status, detail = "unexpected", "child did not report"
        try:
            import faulthandler
            import resource

            faulthandler.disable()  # a crash is reported by the parent, not dumped by the child
            os.close(r)
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            signal.signal(signal.SIGALRM, signal.SIG_DFL)  # not pytest-timeout's handler: die
            signal.alarm(timeout)
            status, detail = _ingest_in_child(data, suffix, folder)
        finally:
            try:
                os.write(w, json.dumps([status, detail]).encode()[:60000])
            finally:
                os._exit(0)
    os.close(w)
    chunks = []
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    for p in Path(folder).iterdir():
        p.unlink()
    os.rmdir(folder)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGALRM:
            return Outcome("hang", f"no answer within {timeout} s")
        return Outcome("crash", f"killed by {signal.Signals(sig).name}")
    try:
        kind, detail = json.loads(b"".join(chunks) or b'["unexpected", "no answer"]')
    except ValueError:
        return Outcome("unexpected", "garbled answer")
    return Outcome(kind, detail)


# --- parsing targets -----------------------------------------------------------------------------
_SCHEMAS = None


def schemas() -> Any:
    global _SCHEMAS
    if _SCHEMAS is None:
        from desktop_app.main import schemas as load

        _SCHEMAS = load()
    return _SCHEMAS


def _timed(name: str, fn: Callable[[], Any], problems: list[str]) -> Any:
    started = time.perf_counter()
    try:
        out = fn()
    except Exception as exc:  # noqa: BLE001
        problems.append(f"{name}: {''.join(traceback.format_exception(exc))[-1500:]}")
        return None
    took = time.perf_counter() - started
    if took > PARSE_BUDGET_S:
        problems.append(f"{name}: took {took:.1f} s")
    return out


def _span_ok(start: int, end: int, text: str) -> bool:
    return start == end == -1 or (start == -1 and end == -1) or 0 <= start <= end <= len(text)


def check_normalise(raw: str) -> list[str]:
    from desktop_app.core import normalize as nz

    problems: list[str] = []
    d = _timed("parse_date", lambda: nz.parse_date(raw), problems)
    if d is not None and not (1900 <= d.year <= 2099):
        problems.append(f"parse_date year {d.year}")
    a = _timed("parse_amount", lambda: nz.parse_amount(raw), problems)
    if a is not None and not (isinstance(a, Decimal) and a.is_finite()):
        problems.append(f"parse_amount {a!r}")
    for kind in ("date", "money", "number", "currency", "iban", "phone", "percent", "text", "code"):
        v = _timed(f"normalise_value[{kind}]", lambda k=kind: nz.normalise_value(k, raw), problems)
        if v is not None and not isinstance(v, str):
            problems.append(f"normalise_value[{kind}] returned {type(v).__name__}")
    _timed("find_dates", lambda: nz.find_dates(raw), problems)
    _timed("find_ibans", lambda: nz.find_ibans(raw), problems)
    _timed("find_currency", lambda: nz.find_currency(raw), problems)
    return problems


def check_ground(value: str, text: str) -> list[str]:
    from desktop_app.core.grounding import ground

    problems: list[str] = []
    for hint in (None, len(text) // 2):
        g = _timed("ground", lambda h=hint: ground(value, text, hint=h), problems)
        if g is not None and not (0 <= g.start <= g.end <= len(text) and 0.0 <= g.score <= 1.0):
            problems.append(f"ground span {g.start}:{g.end} score {g.score} in {len(text)} chars")
    return problems


def check_rules(text: str) -> list[str]:
    from desktop_app.core import lists, rules
    from desktop_app.core.classify import classify

    problems: list[str] = []
    finders: dict[str, Callable[[], Any]] = {
        "date_candidates": lambda: rules.date_candidates(text),
        "amounts_in": lambda: rules.amounts_in(text),
        "total_candidates": lambda: rules.total_candidates(text),
        "labelled_amount": lambda: rules.labelled_amount(text, ("tax", "vat"), ("incl",)),
        "labelled_value": lambda: rules.labelled_value(text, ("patient", "bill to", "name")),
        "iban_candidates": lambda: rules.iban_candidates(text),
        "company_candidates": lambda: rules.company_candidates(text),
        "address_after": lambda: [c for c in [rules.address_after(text, 0)] if c],
    }
    for name, fn in finders.items():
        for c in _timed(name, fn, problems) or []:
            if not _span_ok(c.start, c.end, text):
                problems.append(f"{name}: span {c.start}:{c.end} outside {len(text)} chars")
    names = ["line_items", "transactions", "results", "medications"]
    _timed("read_lists", lambda: lists.read_lists(text, names), problems)
    _timed("classify", lambda: classify(text, schemas()), problems)
    return problems


class ScriptedModel:
    def __init__(self, values: list[str], prob: float = 0.8) -> None:
        self.values, self.prob, self.n = values, prob, 0

    def fill(self, prompt: str, keys: Any, **_kw: Any) -> dict[str, tuple[str, float]]:
        out = {}
        for k in keys:
            out[k] = (self.values[self.n % len(self.values)], self.prob)
            self.n += 1
        return out


def check_extract(text: str, model_values: list[str], prob: float = 0.8) -> list[str]:
    """The whole extraction of every kind, with the fuzzed strings as the model's output."""
    from desktop_app.core.entities import ParsedDocument
    from desktop_app.core.extraction import Extractor
    from desktop_app.core.lists import check, read_lists
    from desktop_app.core.summary import summarize

    problems: list[str] = []
    doc = ParsedDocument.from_text(text)
    for kind in schemas().kinds():
        schema = schemas()[kind]

        def run(schema: Any = schema) -> Any:
            ex = Extractor(ScriptedModel(model_values or [""], prob)).extract(doc, schema)
            ex.lists = read_lists(text, [ls.name for ls in schema.lists])
            ex.checks = check(ex)
            ex.summary = summarize(text, ex, schema.title)
            return ex

        ex = _timed(f"extract[{kind}]", run, problems)
        if ex is None:
            continue
        if [f.name for f in ex.fields] != [f.name for f in schema.fields]:
            problems.append(f"extract[{kind}]: fields {[f.name for f in ex.fields]}")
        for f in ex.fields:
            if f.span is not None and not (0 <= f.span[0] <= f.span[1] <= len(text)):
                problems.append(f"extract[{kind}].{f.name}: span {f.span}")
    return problems


def check_parsing(text: str, model_values: list[str]) -> list[str]:
    problems = check_normalise(text)
    for v in model_values[:4]:
        problems += check_normalise(v) + check_ground(v, text)
    problems += check_rules(text)
    problems += check_extract(text, model_values)
    return problems
