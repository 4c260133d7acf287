"""DocumentService: the one facade the CLI and the GUI use to read, analyse, keep and correct documents."""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .classify import classify
from .entities import Extraction, ParsedDocument
from .errors import CofferError, DocumentError, VaultLocked
from .extraction import Extractor, FieldFiller
from .jobs import CancelToken, Progress, ProgressCallback, no_progress
from .lists import check, read_lists
from .memory import CorrectionMemory, Lesson
from .normalize import groups_by_space_with_point, in_whole_units, normalise_value, whole_units
from .ports import DocumentReader, DocumentStore
from .schemas import SchemaSet
from .summary import summarize

log = logging.getLogger("coffer.service")

EngineFactory = Callable[[], FieldFiller]


@dataclass
class FileResult:
    """The outcome for one file of a batch."""

    path: Path
    doc_id: int | None = None
    extraction: Extraction | None = None
    parsed: ParsedDocument | None = None
    duplicate: bool = False
    error: str = ""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error


class DocumentService:
    """Reads files, classifies and extracts them, keeps them in the store (when one is open)."""

    def __init__(
        self,
        *,
        reader: DocumentReader,
        schemas: SchemaSet,
        engine_factory: EngineFactory | None = None,
        store: DocumentStore | None = None,
        use_model: bool = True,
    ) -> None:
        self.reader = reader
        self.schemas = schemas
        self._engine_factory = engine_factory
        self._engine: FieldFiller | None = None
        self._engine_lock = threading.Lock()
        self.store = store
        self.use_model = use_model and engine_factory is not None
        self.memory = CorrectionMemory()
        self._memory_loaded = False

    # -- model -------------------------------------------------------------------
    @property
    def engine_loaded(self) -> bool:
        return self._engine is not None

    def reload_engine(self) -> None:
        """Forget the loaded model so the next document loads it again (after unlocking a vault
        with a personal adapter, or after teaching one). The old context is freed once idle."""
        with self._engine_lock:
            old, self._engine = self._engine, None
        close = getattr(old, "close", None)
        if close is not None:
            close()

    def engine(self) -> FieldFiller | None:
        """The text engine, loaded on first use (once for any number of documents)."""
        if not self.use_model or self._engine_factory is None:
            return None
        with self._engine_lock:
            if self._engine is None:
                self._engine = self._engine_factory()
        return self._engine

    # -- analysis (no storage) -----------------------------------------------------
    def read(self, path: Path, *, password: str | None = None,
             cancel: CancelToken | None = None) -> ParsedDocument:
        return self.reader.read(path, password=password, cancel=cancel)

    def analyse(
        self,
        parsed: ParsedDocument,
        *,
        kind: str | None = None,
        cancel: CancelToken | None = None,
        progress: ProgressCallback = no_progress,
    ) -> Extraction:
        """Classify (unless ``kind`` is given), extract fields and lists, check, summarise."""
        started = time.perf_counter()
        cut = len(parsed.text) > MAX_ANALYSED_CHARS
        if cut:
            # Fields, lists and summaries come from the first part of a very long document, so a
            # 10 MB file is read in seconds; the person is told (in the checks) what was skipped.
            parsed = ParsedDocument(
                text=parsed.text[:MAX_ANALYSED_CHARS],
                lines=[ln for ln in parsed.lines if ln.end <= MAX_ANALYSED_CHARS],
                media_type=parsed.media_type, page_count=parsed.page_count,
                page_sizes=parsed.page_sizes, ocr_used=parsed.ocr_used,
                ocr_confidence=parsed.ocr_confidence, warnings=list(parsed.warnings),
            )
        progress(Progress("classifying", 0.3))
        if kind is None or kind not in self.schemas:
            kind, confidence, _ = classify(parsed.text, self.schemas)
        else:
            confidence = 1.0
        schema = self.schemas[kind]
        progress(Progress("extracting", 0.4))
        lesson = self._memory().nearest(kind, parsed.text)
        extractor = Extractor(self.engine())
        # (yen, dong, rupiah: a page's money in whole units reads '468.400' as an amount)
        money = any(f.type == "money" for f in schema.fields)
        # ('8 412.55' on a page that groups by spaces with a point is one amount)
        with whole_units(money and in_whole_units(parsed.text), money and groups_by_space_with_point(parsed.text)):
            result = extractor.extract(parsed, schema, kind_confidence=confidence,
                                       cancel=cancel, lesson=lesson)
            if lesson is not None:
                result.timings["taught_similarity"] = round(lesson[1], 3)
            result.lists = read_lists(parsed.text, [ls.name for ls in schema.lists])
            result.checks = check(result, parsed.text)
        if cut:
            result.checks.append(f"only the first {MAX_ANALYSED_CHARS:,} characters were read for fields")
        progress(Progress("summarizing", 0.9))
        result.summary = summarize(parsed.text, result, schema.title)
        result.timings["total"] = time.perf_counter() - started
        return result

    def _memory(self) -> CorrectionMemory:
        """The correction memory, rebuilt from the vault's corrected documents on first use."""
        if not self._memory_loaded and self.store is not None:
            self._memory_loaded = True
            try:
                for record in self.store.corrected_documents():
                    self._learn_record(record)
            except CofferError:
                log.warning("Could not load corrected documents into the memory.")
        return self.memory

    def _learn_record(self, record) -> None:
        if record.parsed is None or record.extraction is None:
            return
        fields = {f.name: f.raw for f in record.extraction.fields if f.raw}
        self.memory.add(Lesson.from_document(record.extraction.kind, record.parsed.text, fields))

    def teach(self, kind: str, text: str, fields: dict[str, str]) -> None:
        """Remember a confirmed document: later documents that look like it follow it."""
        self.memory.add(Lesson.from_document(kind, text, fields))

    def extract_file(
        self,
        path: Path,
        *,
        kind: str | None = None,
        password: str | None = None,
        cancel: CancelToken | None = None,
        progress: ProgressCallback = no_progress,
    ) -> FileResult:
        """Read and analyse one file without storing it. Errors become ``FileResult.error``."""
        started = time.perf_counter()
        result = FileResult(path=path)
        try:
            progress(Progress("reading", 0.1))
            t = time.perf_counter()
            result.parsed = self.read(path, password=password, cancel=cancel)
            result.timings["read"] = time.perf_counter() - t
            result.extraction = self.analyse(result.parsed, kind=kind, cancel=cancel, progress=progress)
            progress(Progress("done", 1.0))
        except CofferError as exc:
            result.error = str(exc)
            progress(Progress("failed", 1.0, str(exc)))
        except OSError as exc:
            result.error = f"Cannot open {path.name}: {exc.strerror or exc}. Check that the file exists and you may read it."
            progress(Progress("failed", 1.0, result.error))
        result.seconds = time.perf_counter() - started
        return result

    # -- with the vault ------------------------------------------------------------
    def _require_store(self) -> DocumentStore:
        if self.store is None:
            raise VaultLocked("The vault is locked.")
        return self.store

    def add_files(
        self,
        paths: Sequence[Path],
        *,
        password: str | None = None,
        cancel: CancelToken | None = None,
        on_progress: Callable[[int, Path, Progress], None] | None = None,
    ) -> list[FileResult]:
        """Add files to the vault: de-duplicate by content, read, analyse, save. One failure
        never stops the batch and never touches what is already stored."""
        self._require_store()  # refuse the whole batch at once when the vault is locked
        results: list[FileResult] = []
        for index, path in enumerate(paths):
            if cancel is not None and cancel.cancelled:
                break

            def report(p: Progress, i: int = index, pth: Path = path) -> None:
                if on_progress:
                    on_progress(i, pth, p)

            results.append(self.add_file(path, password=password, cancel=cancel, progress=report))
        return results

    def add_file(
        self,
        path: Path,
        *,
        password: str | None = None,
        cancel: CancelToken | None = None,
        progress: ProgressCallback = no_progress,
    ) -> FileResult:
        store = self._require_store()
        started = time.perf_counter()
        result = FileResult(path=path)
        try:
            content = path.read_bytes() if path.stat().st_size <= MAX_STORED_BYTES else None
        except OSError as exc:
            result.error = f"Cannot open {path.name}: {exc.strerror}."
            progress(Progress("failed", 1.0, result.error))
            return result
        if content is None:
            result.error = f"{path.name} is larger than {MAX_STORED_BYTES // 2**20} MB. Split it and add the parts."
            progress(Progress("failed", 1.0, result.error))
            return result
        digest = hashlib.sha256(content).hexdigest()
        existing = store.find_by_hash(digest)
        if existing is not None:
            result.doc_id, result.duplicate = existing, True
            progress(Progress("done", 1.0, "already in the vault"))
            return result
        try:
            progress(Progress("reading", 0.1))
            parsed = self.read(path, password=password, cancel=cancel)
        except DocumentError as exc:
            result.error = str(exc)
            progress(Progress("failed", 1.0, result.error))
            return result
        doc_id = store.add_document(name=path.name, sha256=digest, media_type=parsed.media_type,
                                    content=content, parsed=parsed, status="extracting")
        result.doc_id, result.parsed = doc_id, parsed
        try:
            extraction = self.analyse(parsed, cancel=cancel, progress=progress)
            progress(Progress("saving", 0.95))
            store.save_extraction(doc_id, extraction)
            store.set_status(doc_id, "done")
            result.extraction = extraction
            progress(Progress("done", 1.0))
        except CofferError as exc:
            store.set_status(doc_id, "failed", str(exc))
            result.error = str(exc)
            progress(Progress("failed", 1.0, result.error))
        result.seconds = time.perf_counter() - started
        return result

    def reextract(self, doc_id: int, *, kind: str | None = None,
                  cancel: CancelToken | None = None) -> Extraction:
        """Extract a stored document again, e.g. after the person changed its kind."""
        store = self._require_store()
        record = store.get_document(doc_id, with_text=True)
        if record.parsed is None:
            raise DocumentError(f"{record.name} has no text to read.")
        extraction = self.analyse(record.parsed, kind=kind, cancel=cancel)
        store.save_extraction(doc_id, extraction)
        return extraction

    def correct(self, doc_id: int, name: str, raw: str) -> str | None:
        """Save a person's correction; returns the normalised value (None if it does not parse)."""
        store = self._require_store()
        record = store.get_document(doc_id, with_text=False)
        kind = record.extraction.kind if record.extraction else record.kind
        spec = self.schemas[kind].field(name) if kind in self.schemas else None
        value = normalise_value(spec.type if spec else "text", raw) if raw.strip() else None
        store.correct_field(doc_id, name, raw, value)
        # the corrected document teaches at once: later documents of the same issuer follow it
        try:
            self._learn_record(store.get_document(doc_id, with_text=True))
        except CofferError:
            log.warning("Could not add a corrected document to the memory.")
        return value


MAX_STORED_BYTES = 200 * 2**20  # originals above this are refused before reading
MAX_ANALYSED_CHARS = 200_000  # ~60 pages of text: more than any receipt, letter or statement
