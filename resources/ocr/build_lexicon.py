"""Rebuild words.txt.gz, the OCR post-correction lexicon, from wordfreq's shipped word lists.

Run (once, by hand; the app only reads the result):
    pip download --no-deps wordfreq==3.1.1 && pip install msgpack
    python resources/ocr/build_lexicon.py wordfreq-3.1.1-py3-none-any.whl

wordfreq (Robyn Speer et al.) data is CC BY-SA 4.0: see README.md beside this file. Nothing
here comes from the documents Coffer is evaluated on.
"""
from __future__ import annotations

import gzip
import io
import re
import sys
import zipfile
from pathlib import Path

import msgpack

LANGUAGES = ("en", "ms", "id", "de", "fr", "es", "it", "nl", "pt")
MIN_ZIPF = 3.0  # a word seen about once per million words or more
WORD = re.compile(r"[^\W\d_]{2,}")  # letters only (any script's letters), two or more
OUT = Path(__file__).with_name("words.txt.gz")


def read_list(wheel: zipfile.ZipFile, lang: str) -> dict[str, float]:
    data = msgpack.loads(gzip.decompress(wheel.read(f"wordfreq/data/small_{lang}.msgpack.gz")),
                         raw=False)
    assert data[0] == {"format": "cB", "version": 1}, data[0]
    words: dict[str, float] = {}
    for centibels, bucket in enumerate(data[1:]):
        zipf = 9 - centibels / 100  # bucket i holds words of frequency 10^(-i/100)
        if zipf < MIN_ZIPF:
            break
        for word in bucket:
            if WORD.fullmatch(word):
                words.setdefault(word, zipf)
    return words


def main(wheel_path: str) -> None:
    merged: dict[str, float] = {}
    langs: dict[str, int] = {}
    with zipfile.ZipFile(wheel_path) as wheel:
        for bit, lang in enumerate(LANGUAGES):
            for word, zipf in read_list(wheel, lang).items():
                merged[word] = max(zipf, merged.get(word, 0.0))
                langs[word] = langs.get(word, 0) | 1 << bit
    # One line per word, "word<TAB>zipf×10<TAB>languages", in alphabetical order (gzip packs it
    # best); the languages are a bit mask over LANGUAGES in order (en = 1, ms = 2, id = 4, ...).
    lines = [f"{word}\t{round(zipf * 10)}\t{langs[word]}" for word, zipf in sorted(merged.items())]
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as fh:  # reproducible bytes
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    OUT.write_bytes(buf.getvalue())
    print(f"{len(lines)} words, {OUT.stat().st_size} bytes -> {OUT.name}")


if __name__ == "__main__":
    main(sys.argv[1])
