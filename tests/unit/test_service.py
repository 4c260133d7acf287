"""DocumentService: the model is loaded once, reloaded on demand, and taught by corrections."""
from __future__ import annotations

from pathlib import Path

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.schemas import load_schemas
from desktop_app.core.service import DocumentService

SCHEMAS = load_schemas(Path(__file__).resolve().parents[2] / "resources" / "schemas")


class CountingEngine:
    made = 0

    def __init__(self) -> None:
        CountingEngine.made += 1
        self.closed = False

    def fill(self, prompt, keys, **_):
        return {k: ("", 0.0) for k in keys}

    def close(self) -> None:
        self.closed = True


class TextReader:
    def read(self, path: Path, *, password=None, cancel=None) -> ParsedDocument:
        return ParsedDocument.from_text(path.read_text(encoding="utf-8"))


def test_model_loads_once_and_reloads_on_demand() -> None:
    CountingEngine.made = 0
    service = DocumentService(reader=TextReader(), schemas=SCHEMAS, engine_factory=CountingEngine)
    first = service.engine()
    assert service.engine() is first and CountingEngine.made == 1
    service.reload_engine()
    assert first.closed and not service.engine_loaded
    assert service.engine() is not first and CountingEngine.made == 2


def test_extract_file_reports_errors_as_text(tmp_path: Path) -> None:
    service = DocumentService(reader=TextReader(), schemas=SCHEMAS)
    result = service.extract_file(tmp_path / "missing.txt")
    assert not result.ok and result.extraction is None
    assert "missing.txt" in result.error and "Traceback" not in result.error


def test_teach_makes_the_next_document_of_the_issuer_follow_the_correction(tmp_path: Path) -> None:
    service = DocumentService(reader=TextReader(), schemas=SCHEMAS)
    first = "TAN AH KOW\nSUNRISE HARDWARE\nNO. 12, JALAN BUNGA RAYA 3,\n81100 JOHOR BAHRU\nTOTAL 25.00\n"
    later = first.replace("25.00", "19.00")
    before = service.analyse(ParsedDocument.from_text(later), kind="receipt").get("company")
    service.teach("receipt", first, {"company": "SUNRISE HARDWARE"})
    after = service.analyse(ParsedDocument.from_text(later), kind="receipt").get("company")
    assert after.raw == "SUNRISE HARDWARE" and after.confidence >= 0.9
    assert before.confidence < after.confidence
