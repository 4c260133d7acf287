"""Plain data types that flow through Coffer: parsed documents, fields, extractions."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in page units (PDF points or pixels)
FieldSource = Literal["model", "rule", "person"]


@dataclass(frozen=True)
class TextLine:
    """One line of the document text: where it sits in ``ParsedDocument.text`` and on the page."""

    start: int
    end: int
    page: int = 0
    box: Box | None = None
    confidence: float | None = None  # OCR confidence of the line, None for a text layer


@dataclass
class ParsedDocument:
    """What ingestion hands to extraction: the full text, and where each line came from."""

    text: str
    lines: list[TextLine] = field(default_factory=list)
    media_type: str = "text/plain"
    page_count: int = 1
    page_sizes: list[tuple[float, float]] = field(default_factory=list)
    ocr_used: bool = False
    ocr_confidence: float | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str, media_type: str = "text/plain") -> ParsedDocument:
        """Build a one-page document whose lines are the text's lines (no boxes)."""
        lines: list[TextLine] = []
        pos = 0
        for raw in text.splitlines(keepends=True):
            body = raw.rstrip("\r\n")
            lines.append(TextLine(start=pos, end=pos + len(body), page=0))
            pos += len(raw)
        return cls(text=text, lines=lines, media_type=media_type)

    def line_at(self, offset: int) -> TextLine | None:
        """The line holding character ``offset`` (binary search over sorted lines)."""
        lo, hi = 0, len(self.lines) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            line = self.lines[mid]
            if offset < line.start:
                hi = mid - 1
            elif offset > line.end:
                lo = mid + 1
            else:
                return line
        return None


@dataclass
class Field:
    """One extracted value, tied to where it was found in the document text."""

    name: str
    raw: str | None  # the value as printed in the document
    value: str | None  # normalised: ISO date, decimal amount, ISO currency, compact IBAN...
    type: str = "text"
    span: tuple[int, int] | None = None  # character span in ParsedDocument.text
    confidence: float = 0.0
    grounded: bool = False
    source: FieldSource = "model"
    page: int | None = None
    box: Box | None = None
    model_value: str | None = None  # the model's value, kept when a person corrects it
    note: str = ""  # why the value is uncertain, if it is

    @property
    def uncertain(self) -> bool:
        return self.raw is not None and (not self.grounded or self.confidence < UNCERTAIN_BELOW)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span) if self.span else None
        data["box"] = list(self.box) if self.box else None
        data["uncertain"] = self.uncertain
        return data


UNCERTAIN_BELOW = 0.7

Row = dict[str, Field]


@dataclass
class Extraction:
    """Everything Coffer learned about one document."""

    kind: str
    kind_confidence: float
    fields: list[Field] = field(default_factory=list)
    lists: dict[str, list[Row]] = field(default_factory=dict)
    summary: str = ""
    checks: list[str] = field(default_factory=list)  # failed consistency checks, readable
    timings: dict[str, float] = field(default_factory=dict)

    def get(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_confidence": round(self.kind_confidence, 3),
            "fields": {f.name: f.to_dict() for f in self.fields},
            "lists": {
                name: [{k: c.to_dict() for k, c in row.items()} for row in rows]
                for name, rows in self.lists.items()
            },
            "summary": self.summary,
            "checks": list(self.checks),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }


@dataclass(frozen=True)
class Completion:
    """What the text engine returned for one prompt."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0  # prompt tokens whose KV cache was reused
    mean_logprob: float | None = None  # over generated tokens, when the engine knows it
    token_logprobs: tuple[float, ...] = ()
    seconds: float = 0.0


@dataclass
class DocumentRecord:
    """A document as kept in the vault, with its latest extraction."""

    id: int
    name: str
    sha256: str
    media_type: str
    size: int
    added_at: str  # ISO 8601 UTC
    status: str  # queued, reading, extracting, done, failed
    kind: str = "other"
    error: str = ""
    extraction: Extraction | None = None
    parsed: ParsedDocument | None = None  # loaded on demand (text, lines)

    @property
    def date(self) -> str | None:
        """The document's own date (ISO), if one was extracted."""
        if self.extraction:
            f = self.extraction.get("date")
            if f and f.value:
                return f.value
        return None
