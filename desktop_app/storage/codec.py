"""Conversions between vault rows/JSON and core entities (fields, list cells, parsed text)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from desktop_app.core.entities import Field, ParsedDocument, TextLine


def box_from_json(data: str | None) -> tuple[float, float, float, float] | None:
    if not data:
        return None
    v = json.loads(data)
    return (float(v[0]), float(v[1]), float(v[2]), float(v[3]))


def field_to_json(f: Field) -> dict[str, Any]:
    return {
        "name": f.name, "raw": f.raw, "value": f.value, "type": f.type,
        "span": list(f.span) if f.span else None, "confidence": f.confidence,
        "grounded": f.grounded, "source": f.source, "page": f.page,
        "box": list(f.box) if f.box else None, "model_value": f.model_value, "note": f.note,
    }


FIELD_DEFAULTS: dict[str, Any] = {"raw": None, "value": None, "type": "text", "span": None,
                                    "confidence": 0.0, "grounded": False, "source": "model",
                                    "page": None, "box": None, "model_value": None, "note": ""}


def cell_to_json(f: Field, column: str) -> dict[str, Any]:
    """A list cell without its name (when it is the row key) or default values: list rows are
    most of a small document's footprint."""
    full = field_to_json(f)
    if f.name == column:
        del full["name"]
    return {k: v for k, v in full.items() if FIELD_DEFAULTS.get(k, object()) != v}


def field_from_json(d: dict[str, Any], name: str | None = None) -> Field:
    span = d.get("span")
    box = d.get("box")
    return Field(
        name=name if name is not None else d["name"], raw=d.get("raw"), value=d.get("value"), type=d.get("type", "text"),
        span=(int(span[0]), int(span[1])) if span else None,
        confidence=float(d.get("confidence") or 0.0), grounded=bool(d.get("grounded")),
        source=d.get("source", "model"), page=d.get("page"),
        box=tuple(float(x) for x in box) if box else None,  # type: ignore[arg-type]
        model_value=d.get("model_value"), note=d.get("note") or "",
    )


def field_from_row(r: Sequence[Any]) -> Field:
    return Field(
        name=r[1], raw=r[2], value=r[3], type=r[4],
        span=(r[5], r[6]) if r[5] is not None and r[6] is not None else None,
        confidence=float(r[7]), grounded=bool(r[8]), source=r[9], page=r[10],
        box=box_from_json(r[11]), model_value=r[12], note=r[13],
    )


def parsed_to_json(p: ParsedDocument) -> str:
    return json.dumps({
        "lines": [[ln.start, ln.end, ln.page, list(ln.box) if ln.box else None, ln.confidence]
                  for ln in p.lines],
        "media_type": p.media_type, "page_count": p.page_count,
        "page_sizes": [list(s) for s in p.page_sizes], "ocr_used": p.ocr_used,
        "ocr_confidence": p.ocr_confidence, "warnings": list(p.warnings),
    }, separators=(",", ":"))


def parsed_from_json(text: str, meta: str) -> ParsedDocument:
    m = json.loads(meta)
    lines = [TextLine(start=a, end=b, page=pg, box=tuple(bx) if bx else None,  # type: ignore[arg-type]
                      confidence=c) for a, b, pg, bx, c in m.get("lines", [])]
    return ParsedDocument(
        text=text, lines=lines, media_type=m.get("media_type", "text/plain"),
        page_count=int(m.get("page_count", 1)),
        page_sizes=[(float(w), float(h)) for w, h in m.get("page_sizes", [])],
        ocr_used=bool(m.get("ocr_used")), ocr_confidence=m.get("ocr_confidence"),
        warnings=list(m.get("warnings", [])),
    )
