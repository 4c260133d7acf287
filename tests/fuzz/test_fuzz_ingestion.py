"""B4 in the default suite: read_document on mutated seeds (PDF, images, DOCX, text), random
bytes behind every magic number, and structurally valid ZIPs with hostile members. Each input is
read in a forked child; the result must be a ParsedDocument or a DocumentError: no other
exception, no crash, no hang. `make fuzz` runs the same targets for minutes."""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import ingest, mutate, seed_files

SEEDS = seed_files()
MAGICS = [b"%PDF-1.7\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*",
          b"RIFF\x00\x00\x00\x00WEBP", b"BM", b"GIF89a", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b""]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_seed_reads_or_fails_cleanly(name: str) -> None:
    out = ingest(SEEDS[name], Path(name).suffix)
    assert not out.bad, f"{name}: {out.status}: {out.detail}"


@given(name=st.sampled_from(sorted(SEEDS)), seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 10))
def test_mutated_seeds(name: str, seed: int, rounds: int) -> None:
    data = mutate(SEEDS[name], random.Random(seed), list(SEEDS.values()), rounds)
    out = ingest(data, Path(name).suffix)
    assert not out.bad, f"{name} seed={seed} rounds={rounds}: {out.status}: {out.detail}"


@given(magic=st.sampled_from(MAGICS), body=st.binary(max_size=4096))
def test_random_bytes_behind_a_magic_number(magic: bytes, body: bytes) -> None:
    out = ingest(magic + body, ".bin")
    assert not out.bad, f"{out.status}: {out.detail}"


_MEMBER = st.sampled_from(["word/document.xml", "[Content_Types].xml", "_rels/.rels",
                           "word/_rels/document.xml.rels", "../x.xml", "/abs.xml", "a\\..\\b.xml",
                           "word/media/image1.png", "docProps/core.xml"])


@given(members=st.dictionaries(_MEMBER, st.binary(max_size=512), max_size=6),
       xml=st.text(max_size=300))
def test_zip_containers_with_hostile_members(members: dict[str, bytes], xml: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if "word/document.xml" not in members:
            zf.writestr("word/document.xml", f"<w:document>{xml}</w:document>")
    out = ingest(buf.getvalue(), ".docx")
    assert not out.bad, f"{out.status}: {out.detail}"


def test_harness_reports_a_crash_and_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    """Negative control: the child isolation really reports a segfault and a hang."""
    import desktop_app.ingestion.reader as reader

    def segfault(*_a, **_k):
        import ctypes

        ctypes.string_at(0)

    monkeypatch.setattr(reader, "read_document", segfault)
    assert ingest(b"x", ".txt").status == "crash"

    def hang(*_a, **_k):
        while True:
            pass

    monkeypatch.setattr(reader, "read_document", hang)
    assert ingest(b"x", ".txt", timeout=1).status == "hang"

    def boom(*_a, **_k):
        raise KeyError("not a DocumentError")

    monkeypatch.setattr(reader, "read_document", boom)
    assert ingest(b"x", ".txt").status == "unexpected"
