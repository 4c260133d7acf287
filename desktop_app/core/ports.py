"""Interfaces that adapters implement; ``main.py`` hands concrete ones to the core."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from .entities import Completion, DocumentRecord, Extraction, ParsedDocument
from .jobs import CancelToken


@runtime_checkable
class TextEngine(Protocol):
    """A local language model that continues a prompt. Deterministic (greedy)."""

    name: str

    def complete(
        self,
        prompt: str,
        *,
        max_tokens: int = 96,
        stop: Sequence[str] = (),
        cancel: CancelToken | None = None,
        copy_from: str | None = None,
    ) -> Completion:
        """Continue ``prompt``. With ``copy_from``, every value after ``key:`` on an output line
        is restricted to text that occurs in ``copy_from`` (verbatim copying)."""
        ...

    def count_tokens(self, text: str) -> int: ...


@runtime_checkable
class DocumentReader(Protocol):
    """Turns a file into text with line positions (text layer, OCR, DOCX...)."""

    def read(
        self,
        path: Path,
        *,
        password: str | None = None,
        cancel: CancelToken | None = None,
    ) -> ParsedDocument: ...


@runtime_checkable
class DocumentStore(Protocol):
    """Where documents, fields, corrections and summaries are kept (the encrypted vault).

    Ids are chosen by the store; nothing the model outputs ever selects a record.
    """

    def find_by_hash(self, sha256: str) -> int | None: ...

    def add_document(
        self, *, name: str, sha256: str, media_type: str, content: bytes,
        parsed: ParsedDocument | None = None, status: str = "queued",
    ) -> int: ...

    def set_parsed(self, doc_id: int, parsed: ParsedDocument) -> None: ...

    def set_status(self, doc_id: int, status: str, error: str = "") -> None: ...

    def save_extraction(self, doc_id: int, extraction: Extraction) -> None:
        """Replace the model/rule fields, list rows and summary of one document.
        Values a person corrected are kept (they win over a re-extraction)."""
        ...

    def get_document(self, doc_id: int, *, with_text: bool = True) -> DocumentRecord: ...

    def get_content(self, doc_id: int) -> bytes: ...

    def list_documents(
        self, *, kind: str | None = None, date_from: str | None = None,
        date_to: str | None = None, limit: int = 1000, offset: int = 0,
    ) -> list[DocumentRecord]: ...

    def search(self, query: str, *, limit: int = 200) -> list[DocumentRecord]:
        """Full text (document text, field values, summaries), best first."""
        ...

    def correct_field(self, doc_id: int, name: str, raw: str, value: str | None) -> None:
        """A person's correction: source becomes 'person', the model's value is kept,
        the change is added to the correction history."""
        ...

    def undo_correction(self, doc_id: int, name: str) -> None: ...

    def delete_document(self, doc_id: int) -> None: ...

    def corrected_documents(self, *, kind: str | None = None) -> list[DocumentRecord]:
        """Documents with at least one correction, with their text: few-shot memory."""
        ...

    def close(self) -> None: ...
