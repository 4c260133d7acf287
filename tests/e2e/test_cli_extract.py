"""`coffer extract` end to end: real files, the real model, CSV and JSON, and offline."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingestion.pdfgen import text_pdf

pytestmark = pytest.mark.model

RECEIPT = """GREEN VALLEY MART SDN BHD
(CO.REG: 552211-K)
NO. 5, JALAN MERANTI 4,
TAMAN SRI TEBRAU, 80050 JOHOR BAHRU
TEL: 07-3344556
DATE: 14/06/2019 18:05
MILO 1KG 1 X 18.90 18.90
BREAD 2 X 2.50 5.00
TOTAL RM 23.90
CASH RM 30.00
CHANGE RM 6.10
THANK YOU, PLEASE COME AGAIN
"""
INVOICE_LINES = [
    "Brightwater Design Ltd",
    "22 Harbour Road, Bristol BS1 4QA",
    "INVOICE",
    "Invoice No: INV-2024-031",
    "Invoice date: 12/03/2024",
    "Due date: 11/04/2024",
    "Bill to: Clara Jensen",
    "Logo design 1 450.00 450.00",
    "Subtotal 450.00",
    "VAT 20% 90.00",
    "Total GBP 540.00",
    "IBAN: GB82 WEST 1234 5698 7654 32",
]


def _coffer(args: list[str], home: Path, model: Path, *, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COFFER_HOME": str(home)}
    cmd = [*(prefix or []), sys.executable, "-m", "desktop_app", *args, "--model", str(model)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture()
def documents(tmp_path: Path) -> list[Path]:
    receipt = tmp_path / "receipt.txt"
    receipt.write_text(RECEIPT, encoding="utf-8")
    invoice = tmp_path / "invoice.pdf"
    invoice.write_bytes(text_pdf([INVOICE_LINES]))
    return [receipt, invoice]


def test_extract_prints_fields_spans_and_writes_csv(documents: list[Path], tmp_path: Path, model_path: Path) -> None:
    out_csv = tmp_path / "out.csv"
    run = _coffer(["extract", *map(str, documents), "--json", "--csv", str(out_csv)], tmp_path / "home", model_path)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    receipt, invoice = results
    assert receipt["kind"] == "receipt"
    f = receipt["fields"]
    assert f["company"]["raw"] == "GREEN VALLEY MART SDN BHD"
    assert f["date"]["value"] == "2019-06-14" and f["date"]["raw"] == "14/06/2019"
    assert f["total"]["value"] == "23.90" and f["currency"]["value"] == "MYR"
    start, end = f["total"]["span"]
    assert RECEIPT[start:end] == f["total"]["raw"]
    assert all(0.0 <= v["confidence"] <= 1.0 for v in f.values())
    assert invoice["kind"] == "invoice"
    g = invoice["fields"]
    assert g["invoice_number"]["raw"] == "INV-2024-031"
    assert g["total"]["value"] == "540.00" and g["currency"]["value"] == "GBP"
    assert g["iban"]["value"] == "GB82WEST12345698765432"
    assert g["due_date"]["value"] == "2024-04-11" and g["date"]["value"] == "2024-03-12"
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [r["file"] for r in rows] == ["receipt.txt", "invoice.pdf"]
    assert rows[0]["total"] == "23.90"


def test_summarize_prints_a_short_grounded_summary(documents: list[Path], tmp_path: Path, model_path: Path) -> None:
    run = _coffer(["summarize", str(documents[0])], tmp_path / "home", model_path)
    assert run.returncode == 0, run.stderr
    summary = run.stdout.strip()
    assert "GREEN VALLEY MART SDN BHD" in summary and "23.90" in summary
    assert 1 <= summary.count(".") <= 8 and len(summary) < 400


def test_bad_input_gives_one_readable_line(tmp_path: Path, model_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    run = _coffer(["extract", str(empty), str(tmp_path / "missing.txt")], tmp_path / "home", model_path)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "empty.pdf: error:" in run.stdout and "missing.txt: error:" in run.stdout


@pytest.mark.netns
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare")
def test_same_result_without_any_network(documents: list[Path], tmp_path: Path, model_path: Path) -> None:
    """N2: inside a network namespace with no interfaces, the output is identical."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("network namespaces are not available here")
    args = ["extract", *map(str, documents), "--json"]
    normal = _coffer(args, tmp_path / "a", model_path)
    offline = _coffer(args, tmp_path / "b", model_path, prefix=["unshare", "-n"])
    assert normal.returncode == 0 and offline.returncode == 0, offline.stderr

    def strip(out: str) -> list[dict]:
        data = json.loads(out)
        for d in data:
            d.pop("seconds", None)
            d.pop("timings", None)
        return data

    assert strip(offline.stdout) == strip(normal.stdout)
