"""The general word list (resources/ocr/words.txt.gz): word -> Zipf frequency, and which of the
list's languages hold it. Loaded once per process, on first use. OCR repair
(desktop_app.ingestion.lexicon) reads words with it; extraction uses it to doubt a name or
address with a word that looks misread (extraction._doubt_spelling)."""
from __future__ import annotations

import gzip
import logging
import threading

from .resources import resources_root

log = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: tuple[dict[str, float], dict[str, int]] | None = None


def word_list() -> tuple[dict[str, float], dict[str, int]]:
    """(lower-case word -> zipf, word -> bit mask over the list's languages); empty when the
    file is missing (a warning in the log: OCR repair and the spelling doubt are then off)."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = _load()
        return _loaded


def _load() -> tuple[dict[str, float], dict[str, int]]:
    path = resources_root() / "resources" / "ocr" / "words.txt.gz"
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except OSError:
        log.warning("Word list missing (%s): no word-level OCR repair or spelling doubts", path.name)
        return {}, {}
    words: dict[str, float] = {}
    langs: dict[str, int] = {}
    for line in text.splitlines():
        word, _, rest = line.partition("\t")
        tenths, _, mask = rest.partition("\t")
        if word and tenths:
            words[word] = int(tenths) / 10
            if mask:
                langs[word] = int(mask)
    _add_terms(words, langs)
    return words, langs


# The languages of the list, in the order of the bit mask beside each word.
LANGUAGES = ("en", "ms", "id", "de", "fr", "es", "it", "nl", "pt")
# resources/ocr/terms.txt: words of lab reports, prescriptions and clinical letters too rare for
# the general list ('créatinine', 'Hämatokrit', 'furosemida'), known at this frequency (once per
# million words) so that OCR repair may put back their accents and misread letters.
TERM_ZIPF = 3.0


def _add_terms(words: dict[str, float], langs: dict[str, int]) -> None:
    path = resources_root() / "resources" / "ocr" / "terms.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        log.warning("Term list missing (%s)", path.name)
        return
    for line in text.splitlines():
        word, _, lang = line.partition("\t")
        if not word or word.startswith("#") or lang not in LANGUAGES:
            continue
        words[word] = max(words.get(word, 0.0), TERM_ZIPF)
        langs[word] = langs.get(word, 0) | 1 << LANGUAGES.index(lang)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_letter_off(word: str) -> set[str]:
    """Every spelling one edit from ``word`` (lower case): a letter dropped, added, swapped with
    its neighbour or replaced."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in cuts if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
    out |= {a + c + b[1:] for a, b in cuts if b for c in _LETTERS}
    out |= {a + c + b for a, b in cuts for c in _LETTERS}
    out.discard(word)
    return out
