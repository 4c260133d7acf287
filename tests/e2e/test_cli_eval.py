"""`coffer eval` end to end: a labelled folder the test writes, transcriptions and a scan, the
table, the JSON report and the --teach simulation."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingestion.makers import save, scan_image

SHOPS = [
    ("GREEN VALLEY MART SDN BHD", ["NO. 5, JALAN MERANTI 4,", "TAMAN SRI TEBRAU, 80050 JOHOR BAHRU"]),
    ("KEDAI BUKU SINAR SDN BHD", ["LOT 12, JALAN PASAR,", "43000 KAJANG, SELANGOR"]),
]


def _receipt(shop: int, day: int, total: str, cash: str, change: str) -> tuple[list[str], dict[str, str]]:
    name, address = SHOPS[shop]
    lines = [name, "(CO.REG: 552211-K)", *address, "TEL: 07-3344556", f"DATE: {day:02d}/06/2019 18:05",
             f"ITEM A 1 X {total} {total}", f"TOTAL RM {total}", f"CASH RM {cash}", f"CHANGE RM {change}",
             "THANK YOU"]
    fields = {"company": name, "date": f"{day:02d}/06/2019", "address": " ".join(address), "total": total}
    return lines, fields


@pytest.fixture()
def labelled(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    (folder / "text").mkdir(parents=True)
    (folder / "images").mkdir()
    rows = []
    specs = [(0, 3, "23.90", "30.00", "6.10"), (1, 4, "12.50", "20.00", "7.50"),
             (0, 9, "8.40", "10.00", "1.60"), (1, 11, "41.00", "50.00", "9.00")]
    for n, spec in enumerate(specs):
        lines, fields = _receipt(*spec)
        (folder / "text" / f"r{n}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        row = {"id": f"r{n}", "text": f"text/r{n}.txt", "doc_type": "receipt", "fields": fields}
        if n == 0:
            save(scan_image(lines, size=30), folder / "images" / "r0.png")
            row["image"] = "images/r0.png"
        rows.append(json.dumps(row))
    (folder / "labels.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _eval(args: list[str], home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "COFFER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "desktop_app", "eval", *args],
                          capture_output=True, text=True, env=env, timeout=600)


def test_eval_prints_the_table_and_writes_a_report(labelled: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    run = _eval([str(labelled), "--no-model", "--report", str(report)], tmp_path / "home")
    assert run.returncode == 0, run.stderr
    assert "exact" in run.stdout and "uncertain flags:" in run.stdout
    data = json.loads(report.read_text())
    assert data["documents"] == 4
    fields = data["fields"]
    assert set(fields) == {"company", "date", "address", "total"}
    # simple, clean receipts: the rules read every field
    assert fields["company"]["exact"] == 1.0 and fields["date"]["normalised"] == 1.0
    assert fields["total"]["exact"] == 1.0 and fields["address"]["letters_digits"] == 1.0
    assert fields["total"]["grounded"] == 1.0
    assert data["latency_p50"] > 0 and "wrong_caught" in data


def test_eval_teach_reports_before_and_after(labelled: Path, tmp_path: Path) -> None:
    run = _eval([str(labelled), "--no-model", "--teach", "1", "--report", str(tmp_path / "t.json")],
                tmp_path / "home")
    assert run.returncode == 0, run.stderr
    assert "2 documents corrected, 2 later documents" in run.stdout
    assert "before teaching" in run.stdout and "after teaching" in run.stdout


def test_eval_images_reads_the_scans(labelled: Path, tmp_path: Path) -> None:
    report = tmp_path / "img.json"
    run = _eval([str(labelled), "--no-model", "--images", "--report", str(report)], tmp_path / "home")
    assert run.returncode == 0, run.stderr
    data = json.loads(report.read_text())
    assert data["documents"] == 1  # only the labelled documents that have a scan
    assert data["fields"]["total"]["normalised"] == 1.0
    assert data["fields"]["date"]["normalised"] == 1.0
