"""Word-level repair of OCR text with a general word list: glued words, split words, look-alikes.

The recogniser on Latin print runs words together ("BANDARSETIAALAM"), splits a word around a
narrow letter ("N I AGA"), and swaps letters that look alike ("Jaian", "Cashler", "INUOICE").
A word list tells which reading is a word. The list (resources/ocr/words.txt.gz) holds the
common words of English, Malay, Indonesian, German, French, Spanish, Italian, Dutch and
Portuguese with their frequency (wordfreq's lists; see resources/ocr/README.md). It knows no
document Coffer is evaluated on.

Everything here is conservative: a token changes only when it is not a word and the change makes
words; tokens with digits (amounts, dates, codes), URLs and e-mail addresses are never touched.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Sequence

from desktop_app.core.words import LANGUAGES, word_list

log = logging.getLogger(__name__)

# Short words that may stand between glued words although they are short: function words and
# legal forms. Everything else must have four letters or more, or three if very common.
SHORT_WORDS = frozenset(
    "a i an as at by de di do du el en et in la le of on or to un da dan no na ke se the and "
    "for des les del der die das den und von van zu im am au aux sur par con per por "
    "sdn bhd ltd inc llc plc pty co corp gmbh ag kg sa srl spa bv nv ab oy".split())
LEGAL_FORMS = frozenset("sdn bhd ltd inc llc plc pty co corp gmbh ag kg sa srl spa bv nv ab oy".split())
# What a business is, printed last in its name: split off a run of capitals it ends ('MART' and
# 'STORE' are not here: 'MINIMART', 'SUPERSTORE' are printed as one word as often as not).
BUSINESS_KINDS = frozenset("shop trading enterprise enterprises restaurant hardware stationery bakery "
                           "pharmacy station supermarket".split())
MIN_PIECE = 4  # letters in a glued word that is not in SHORT_WORDS ...
COMMON_ZIPF = 5.0  # ... or three letters when the word is at least this common
MIN_GLUED = 7  # shorter tokens are not split
UNKNOWN_BASE, UNKNOWN_PER_LETTER = 6.0, 1.2  # cost of a piece that is no word
PIECE = 3.5  # every word a run is cut into costs this, plus KNOWN_BASE - its zipf
KNOWN_BASE = 9.0  # (zipf 3 = once per million words, 6 = once per thousand)
KNOWN_SHARE = 0.6  # a split must put at least this share of the letters into words
MERGE_ZIPF = 3.0  # two fragments are joined only into a word at least this common
RARE_HALF_MIN, RARE_HALF_GAIN = 4.0, 1.0  # two words joined: see _rare_half
# One-letter words of the list's languages, in lower case (the list holds no single letters): in
# prose 'a round' is no 'around', 'y' and 'e' are 'and'.
LETTER_WORDS = frozenset("a e i o u y à è é ó".split())
LOOKALIKE_ZIPF = 3.0  # a look-alike reading must be a listed word
LOOKALIKE_MIN = 5  # letters in a token before look-alikes are tried
# Accents and umlauts the recogniser dropped ('Schroder', 'decembre', 'Jurgen'): a run of
# letters is given back its accents when one accented spelling is a word of the page's
# languages and the plain spelling is not, or is ACCENT_GAIN (zipf) rarer than it; the best
# accented spelling must also be ACCENT_GAIN more common than any other.
ACCENT_GAIN = 1.0
ACCENT_MIN = 3  # letters in a run before accents are restored
PAGE_SHARE = 0.5  # a language is the page's when its words weigh this share of the top one's
# Once LOST_EVIDENCE words of a page mostly in a language written with accents
# (ACCENTED_LANGUAGES) have had theirs put back, the plain spelling of a word of the page's languages gives way to an accented one
# about as common (LOST_GAIN) ('controle', 'Pole', 'Chloe' -> 'contrôle', 'Pôle', 'Chloé'):
# the recogniser drops accents, the page rarely does.
LOST_EVIDENCE = 2
LOST_GAIN = -0.3  # the list's frequencies are the highest over its languages: give or take
_GERMAN = LANGUAGES.index("de")
# Written with accents on many words, whose plain spellings are mostly no words: not German,
# where both spellings of a pair are often words ('ausgedruckt' printed, 'ausgedrückt'
# expressed; 'konnte', 'könnte').
ACCENTED_LANGUAGES = ("fr", "es", "it", "pt")

_WORD = re.compile(r"[^\W\d_]+")
_CORE = re.compile(r"^([\"'(\[{<#*]*)(.*?)([\"')\]}>.,:;!?#*]*)$")
_INNER_DOT = re.compile(r"(?<=[^\W\d_]{2})\.(?=[^\W\d_]{2})")
_WORD_THEN_NUMBER = re.compile(r"^([^\W\d_]{4,})(\d.*)$")
_NOT_PROSE = re.compile(r"@|://|www\.|\.(?:com|net|org|de|fr|my|sg|uk|eu)\b", re.IGNORECASE)
_CASE_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NAME_PREFIXES = {"mc", "mac", "de", "le", "la", "van", "von", "di", "da", "o", "d"}

# What the recogniser read -> what the print may have said, one look-alike at a time. In lower
# case 'l', 'i', 'I' and '1' are thin strokes alike; in capitals 'I' and 'L' are not alike,
# but 'U' and 'V' are.
_LOWER_LOOKALIKES: dict[str, tuple[str, ...]] = {
    "i": ("l",), "l": ("i",), "I": ("l",), "1": ("l",), "!": ("l",), "|": ("l",),
    "c": ("o",), "u": ("v",), "rn": ("m",), "cl": ("d",), "vv": ("w",), "t": ("l",),
}
_UPPER_LOOKALIKES: dict[str, tuple[str, ...]] = {"U": ("V",), "0": ("O",), "1": ("I",)}
_TURNED_LOOKALIKES: dict[str, tuple[str, ...]] = {"u": ("n",), "n": ("u",)}
TURNED_LOOKALIKE_ZIPF = 5.5  # once per 300,000 words: 'jalan', 'kuala', 'selangor', 'union'

# 'CONFECTIUNERY': an O read as U, tried in long capital words only (a short name is too often
# one letter from a word: 'DUNNES' is no 'DONNES')
_LONG_UPPER_LOOKALIKES: dict[str, tuple[str, ...]] = {**_UPPER_LOOKALIKES, "U": ("V", "O")}
LONG_LOOKALIKE_MIN = 9


class Lexicon:
    """Word -> Zipf frequency (lower case)."""

    _lock = threading.Lock()
    _shared: Lexicon | None = None

    def __init__(self, words: dict[str, float], langs: dict[str, int] | None = None) -> None:
        self.words = words
        self.langs = langs or {}
        self._plain: dict[str, list[str]] | None = None
        self._short: dict[str, list[str]] | None = None

    @classmethod
    def shared(cls) -> Lexicon:
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls(*word_list())
            return cls._shared

    def zipf(self, word: str) -> float:
        return self.words.get(word.lower(), 0.0)

    def known(self, word: str) -> bool:
        return word.lower() in self.words

    def languages(self, word: str) -> int:
        """Bit mask over LANGUAGES of the lists that hold ``word`` (0: unknown or no data)."""
        return self.langs.get(word.lower(), 0)

    def accented(self, plain: str) -> list[str]:
        """The listed words that read ``plain`` (lower case) once their accents are dropped."""
        if self._plain is None:
            self._index()
        assert self._plain is not None
        return self._plain.get(plain, [])

    def lacking(self, short: str) -> list[str]:
        """The listed words that read ``short`` (lower case) without one of their accented
        letters, or without their ß ('schrder' -> 'schröder', 'hauptstrae' -> 'hauptstraße';
        the list spells ß 'ss')."""
        if self._short is None:
            self._index()
        assert self._short is not None
        return self._short.get(short, [])

    def _index(self) -> None:
        plain: dict[str, list[str]] = {}
        short: dict[str, list[str]] = {}
        for word in self.words:
            if not word.isascii():
                bare = strip_accents(word)
                if bare != word:
                    plain.setdefault(bare, []).append(word)
                for i, ch in enumerate(word):
                    if not ch.isascii():
                        short.setdefault(word[:i] + word[i + 1:], []).append(word)
            elif "ss" in word and self.langs.get(word, 1 << _GERMAN) & 1 << _GERMAN:
                i = word.find("ss")
                while i >= 0:
                    short.setdefault(word[:i] + word[i + 2:], []).append(
                        word[:i] + "ß" + word[i + 2:])
                    i = word.find("ss", i + 1)
        self._plain, self._short = plain, short


def strip_accents(word: str) -> str:
    """'Müller' -> 'Muller', 'décembre' -> 'decembre' (ß and other letters stay)."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))


def repair(text: str, lexicon: Lexicon | None = None) -> str:
    """One OCR line, words repaired (see the module's docstring)."""
    lex = lexicon or Lexicon.shared()
    if not lex.words or not text:
        return text
    tokens = _merge_fragments(text.split(" "), lex)
    return " ".join(_repair_token(token, lex) for token in tokens)


# Legal forms are a closed vocabulary, printed right after a business name: a reading of one
# that is no word is the legal form misread ("SDN 3HD", "SDN EHD", "SEN BHD", "SDN B H" for
# SDN BHD). Short bracketed abbreviations after a name get their space and lose specks:
# "BAKERIES(KL)" and "(KL.)" are "BAKERIES (KL)".
_LEGAL_MISREADS = (
    (re.compile(r"\b(SDN\.?)\s*[38EH]HD\b(\.?)"), r"\1 BHD\2"),
    (re.compile(r"\b(?:SEN|SON|5DN|S0N)(\.?\s*)BHD\b"), r"SDN\1BHD"),
    (re.compile(r"\bS[BO0]N\s*[B8]HD\b"), "SDN BHD"),
    (re.compile(r"\bSDN\s+(?:B\s?H\s?D?|D)\s*$"), "SDN BHD"),
    (re.compile(r"\bSDN\.BHD\b"), "SDN. BHD"),
    (re.compile(r"(?<=[A-Z]{3}\s)S/[D8](?=\s*(?:\(|$))"), "S/B"),
    (re.compile(r"\bGM[B8]H\b", re.IGNORECASE), "GmbH"),
    # 'S. r.l.', 'S.p. A.': Italian legal forms print no space inside
    (re.compile(r"\b([Ss])\. ?([Rr])\. ?([Ll])\.(?!\w)"), r"\1.\2.\3."),
    (re.compile(r"\b([Ss])\. ?([Pp])\. ?([Aa])\.(?!\w)"), r"\1.\2.\3."),
)
_BRACKET_ABBREVIATION = re.compile(r"(?<=[A-Za-z]{3})\s?\(\s?([A-Z]{2,4})[\s.]?\)")


def legal_forms(text: str) -> str:
    """One OCR box with a misread legal form or bracketed abbreviation put right."""
    for pattern, replacement in _LEGAL_MISREADS:
        text = pattern.sub(replacement, text)
    return _BRACKET_ABBREVIATION.sub(
        lambda m: m.group(0) if m.group(1) in _BRACKET_CURRENCIES else f" ({m.group(1)})", text)


# "TAX(RM)", "AMOUNT(MYR)": a column's currency is printed glued as often as not; left as read
_BRACKET_CURRENCIES = frozenset("RM MYR SGD USD EUR GBP CHF AUD JPY IDR RP".split())


def word_letters(text: str, lexicon: Lexicon | None = None) -> tuple[int, int]:
    """(letters in listed words, letters in all runs of three letters or more) of ``text``."""
    lex = lexicon or Lexicon.shared()
    known = total = 0
    for run in _WORD.findall(text):
        if len(run) >= 3:
            total += len(run)
            known += len(run) if lex.known(run) else 0
    return known, total


def _split_core(token: str) -> tuple[str, str, str]:
    match = _CORE.match(token)
    assert match is not None  # the pattern matches any string
    return match.group(1), match.group(2), match.group(3)


# 'JA:AN', 'SE_ANGOR': the thin upright of an L read as a colon or an underscore inside a word in
# capitals, when that makes a word of the list ('NAME:JOHN', 'TEL:03' stay).
_STROKE_FOR_L = re.compile(r"(?<![\w:_])([A-Z]{2,})[:_]([A-Z]{2,})(?![\w:_])")


def _repair_token(token: str, lex: Lexicon) -> str:
    if _NOT_PROSE.search(token):
        return token  # e-mail addresses, web addresses
    token = _STROKE_FOR_L.sub(
        lambda m: m.group(1) + "L" + m.group(2) if lex.known(m.group(1) + "l" + m.group(2)) else m.group(0),
        token)
    if "," in token[1:-1]:  # '12,JalanTampoi7/4,Kawasan': each part on its own
        return ",".join(_repair_token(part, lex) if part else part for part in token.split(","))
    inner_dot = _INNER_DOT.search(token)
    if inner_dot:  # 'HOLDINGSSDN.BHD.'
        cut = inner_dot.start() + 1
        return _repair_token(token[:cut], lex) + _repair_token(token[cut:], lex)
    lead, core, tail = _split_core(token)
    number = _WORD_THEN_NUMBER.match(core)
    if number:  # 'Jaian7/4': the letters repaired, no space put in ('Uptown3' is a name)
        letters = _repair_word(number.group(1), lex)
        return token if letters is None else f"{lead}{letters}{number.group(2)}{tail}"
    fixed = _repair_word(core, lex)
    return lead + fixed + tail if fixed is not None else token


def _repair_word(core: str, lex: Lexicon) -> str | None:
    """A run of letters repaired, or None when it is a word or nothing better was found."""
    if not core or not _WORD.fullmatch(core) or lex.known(core):
        return None
    fixed = _sharp_s(core, lex)
    if fixed is not None:
        return fixed
    fixed = _lookalike(core, lex)
    return fixed if fixed is not None else _unglue(core, lex)


# -- glued words ------------------------------------------------------------------------------
def _unglue(core: str, lex: Lexicon) -> str | None:
    """Spaces put back into a run of letters that is no word but is made of words."""
    parts = _case_parts(core, lex)
    out = []
    changed = len(parts) > 1
    for part in parts:
        # Only runs of capitals: in mixed case a lost space shows as 'JalanTampoi' (above),
        # and a lower-case run is more often a compound ('Gesamtbetrag') than two words.
        glued = len(part) >= MIN_GLUED and part.isupper() and not lex.known(part)
        split = _segment(part, lex) if glued else None
        if split is not None:
            out.extend(split)
            changed = True
        else:
            out.append(part)
    return " ".join(out) if changed else None


def _case_parts(core: str, lex: Lexicon) -> list[str]:
    """'JalanTampoi' -> ['Jalan', 'Tampoi'] where a lower-case letter meets a capital and both
    sides are words of four letters or more ('McDonald', 'iPhone', 'SubTotal' stay whole)."""
    pieces = _CASE_BREAK.split(core)
    if len(pieces) == 1:
        return [core]
    out = [pieces[0]]
    for piece in pieces[1:]:
        left = out[-1]
        words = all(len(p) >= MIN_PIECE and lex.known(p) for p in (left, piece))
        if words and left.lower() not in _NAME_PREFIXES:
            out.append(piece)
        else:
            out[-1] = left + piece
    return out


def _piece_cost(piece: str, lex: Lexicon, first: bool, last: bool) -> float | None:
    """Cost of ``piece`` as one word of a glued run; None when it cannot be a word there.
    Short words are everywhere inside long ones ('Met-form-in', 'Ibu-prof-en'): a word of
    three letters may only begin a run, a function word or legal form may not begin it (or end
    it, unless it is a legal form)."""
    low = piece.lower()
    zipf = lex.zipf(low)
    if len(low) >= MIN_PIECE:
        return PIECE + KNOWN_BASE - max(zipf, 3.0) if zipf else None
    if low in SHORT_WORDS:
        if first or (last and low not in LEGAL_FORMS):
            return None
        return PIECE + KNOWN_BASE - max(zipf, 3.0)
    if len(low) == 3 and first and zipf >= COMMON_ZIPF:
        return PIECE + KNOWN_BASE - zipf
    return None


def _segment(run: str, lex: Lexicon) -> list[str] | None:
    """The cheapest reading of ``run`` as words (and at most a few non-words), or None when
    reading it whole is as cheap."""
    n = len(run)
    # best[i] = (cost, known letters, pieces) for run[:i]
    best: list[tuple[float, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0.0, 0, [])
    for end in range(1, n + 1):
        for start in range(max(0, end - 30), end):
            prev = best[start]
            if prev is None:
                continue
            piece = run[start:end]
            cost = _piece_cost(piece, lex, start == 0, end == n)
            known = len(piece)
            if cost is None:
                if len(piece) < 3 or (prev[2] and prev[2][-1].lower() not in lex.words
                                      and prev[2][-1].lower() not in SHORT_WORDS):
                    continue  # no two non-words in a row, no non-word shorter than 3
                cost, known = UNKNOWN_BASE + UNKNOWN_PER_LETTER * len(piece), 0
            total = prev[0] + cost
            if best[end] is None or total < best[end][0]:  # type: ignore[index]
                best[end] = (total, prev[1] + known, prev[2] + [piece])
    found = best[n]
    whole = UNKNOWN_BASE + UNKNOWN_PER_LETTER * n
    if found is None or len(found[2]) < 2 or found[0] >= whole or found[1] < KNOWN_SHARE * n:
        return None
    # Two words are as often one compound ('RETURNABLE', 'WHITEBOARD', 'SALESPERSON') as two
    # glued words: split in two only at a legal form ('HOLDINGSSDN').
    # A business's kind closing its name is a word of its own as well ('STATIONERYSHOP').
    if (len(found[2]) == 2 and not any(p.lower() in LEGAL_FORMS for p in found[2])
            and found[2][1].lower() not in BUSINESS_KINDS):
        return None
    return found[2]


# -- look-alike letters -----------------------------------------------------------------------
def _lookalike(core: str, lex: Lexicon) -> str | None:
    """'Jaian' -> 'Jalan', 'Cashler' -> 'Cashier', 'INUOICE' -> 'INVOICE': the most common
    word one look-alike swap (two in long words) away, keeping the token's capitals."""
    if len(core) < LOOKALIKE_MIN:
        return None  # 'Inv', 'Miso', 'Serv': short words are too often something else
    if core.isupper():
        table = _LONG_UPPER_LOOKALIKES if len(core) >= LONG_LOOKALIKE_MIN else _UPPER_LOOKALIKES
    else:
        table = _LOWER_LOOKALIKES
    best, best_zipf = None, LOOKALIKE_ZIPF
    frontier = [(core, 0)]
    for _ in range(1 if len(core) < 7 else 2):
        nxt = []
        for word, after in frontier:
            for variant, end in _variants(word, after, table):
                nxt.append((variant, end))
                zipf = lex.zipf(variant) or _accented_zipf(variant, lex)
                if zipf > best_zipf or (best is None and zipf >= best_zipf):
                    best, best_zipf = variant, zipf
        if best is not None:
            break  # fewer swaps first
        frontier = nxt
    if best is None and not core.isupper():
        # 'Jalau', 'Knala': u and n are each other upside down; a reading that swaps them must
        # be a very common word ('Haugen' is a name, not 'hangen')
        for variant, _ in _variants(core, 0, _TURNED_LOOKALIKES):
            zipf = lex.zipf(variant)
            if zipf >= TURNED_LOOKALIKE_ZIPF and (best is None or zipf > best_zipf):
                best, best_zipf = variant, zipf
    return None if best is None else _recase(best, core)


def _accented_zipf(word: str, lex: Lexicon) -> float:
    """The frequency of the one word ``word`` spells without its accents ('Anatyse' may be
    'Analyse', 'echantilton' 'échantillon': the accents come back later, page by page)."""
    if not word.isascii():
        return 0.0
    found = lex.accented(word.lower())
    return lex.zipf(found[0]) if len(found) == 1 else 0.0


def _variants(word: str, start: int, table: dict[str, tuple[str, ...]]) -> list[tuple[str, int]]:
    """Each reading of ``word`` with one look-alike swapped at or after ``start``, with the
    position after the swap (a second swap goes further right, never on the same letter)."""
    out = []
    for i in range(start, len(word)):
        for key, repls in table.items():
            if word.startswith(key, i):
                for repl in repls:
                    out.append((word[:i] + repl + word[i + len(key):], i + len(repl)))
    return out


def _recase(word: str, model: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper() and model[1:].islower():
        return word[:1].upper() + word[1:].lower()
    if len(word) == len(model):
        return "".join(c.upper() if m.isupper() else c.lower() for c, m in zip(word, model, strict=True))
    return word


# -- split words ------------------------------------------------------------------------------
def _merge_fragments(tokens: list[str], lex: Lexicon) -> list[str]:
    """'N I AGA DAMA I' -> 'NIAGA DAMAI', 'Real iti' -> 'Realiti': neighbouring letter runs
    that are not all words and make a common word together."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        merged = None
        for span in (4, 3, 2):
            group = tokens[i:i + span]
            if len(group) < span or not all(_WORD.fullmatch(t) for t in group):
                continue
            if not _same_case(group):
                continue
            joined = "".join(group)
            zipf = lex.zipf(joined)
            if zipf < MERGE_ZIPF or len(joined) < 4:
                continue
            unknown = [t for t in group if not lex.known(t) and t not in LETTER_WORDS]
            if not unknown and not (span == 2 and _rare_half(group, zipf, lex)):
                continue
            # A lone letter is a word in some languages ('Part I', 'Vitamin C one', 'with a
            # normal effort'): join it only into a word more common than the words beside it
            # ('DAMA I' -> 'DAMAI'; not 'Cone', 'anormal', 'along').
            singles = [t for t in unknown if len(t) == 1]
            if (unknown and len(singles) == len(unknown)
                    and zipf <= max((lex.zipf(t) for t in group if len(t) > 1), default=0.0)):
                continue
            merged = joined
            i += span
            break
        if merged is None:
            out.append(tokens[i])
            i += 1
        else:
            out.append(merged)
    return out


def _rare_half(pair: list[str], zipf: float, lex: Lexicon) -> bool:
    """'Real iti' -> 'Realiti': two words, one of them of three letters or more and rare, that
    make a word far more common than the rarer one (RARE_HALF_GAIN) and no less common than 4.
    'a part', 'any one', 'some thing' stay: their halves are commoner than the joined word; so
    do capitals ('REG NO' is no 'REGNO')."""
    rarer = min(pair, key=lex.zipf)
    return (not pair[0].isupper() and len(rarer) >= 3 and rarer.lower() not in SHORT_WORDS and zipf >= RARE_HALF_MIN
            and zipf >= lex.zipf(rarer) + RARE_HALF_GAIN)


def _same_case(group: list[str]) -> bool:
    """Fragments of one word share its capitals: all upper, or a capital then lower case."""
    if all(t.isupper() for t in group):
        return True
    return all(t.islower() for t in group[1:])


# -- ß read as B ------------------------------------------------------------------------------
_SHARP_S = re.compile(r"(?<=[a-zäöü]{2})B(?=[a-zäöü]|$)")


def _sharp_s(core: str, lex: Lexicon) -> str | None:
    """'HauptstraBe' -> 'Hauptstraße', 'GroBe' -> 'Große': a 'B' after two lower-case letters,
    before a lower-case one or at the end, is 'ß' when that makes a word (the list spells ß as
    'ss', as wordfreq folds it) or a street name ending in -straße."""
    spots = [m.start() for m in _SHARP_S.finditer(core)]
    if not spots or len(spots) > 2:
        return None
    for i in spots:
        as_ss = (core[:i] + "ss" + core[i + 1:]).lower()
        if lex.known(as_ss) or (as_ss.endswith("strasse") and len(as_ss) > 7):
            return core[:i] + "ß" + core[i + 1:]
    return None


# -- accents the recogniser dropped -----------------------------------------------------------
def page_languages(texts: Sequence[str], lexicon: Lexicon | None = None) -> int:
    """Bit mask over LANGUAGES of the page's languages, from the words of its lines: each word of
    four letters or more weighs 1 / the number of languages it belongs to; the page's are those
    that weigh PAGE_SHARE of the heaviest or more. 0 when nothing is known."""
    weights = _language_weights(texts, lexicon or Lexicon.shared())
    top = max(weights)
    if top <= 0:
        return 0
    return sum(1 << b for b, w in enumerate(weights) if w >= PAGE_SHARE * top)


def _language_weights(texts: Sequence[str], lex: Lexicon) -> list[float]:
    weights = [0.0] * len(LANGUAGES)
    seen = set()
    for text in texts:
        for run in _WORD.findall(text):
            low = run.lower()
            if len(low) < 4 or low in seen:
                continue
            seen.add(low)
            mask = lex.languages(low)
            bits = [b for b in range(len(LANGUAGES)) if mask >> b & 1]
            for b in bits:
                weights[b] += 1 / len(bits)
    return weights


def restore_accents(texts: Sequence[str], lexicon: Lexicon | None = None) -> list[str]:
    """The lines of one page with the accents the recogniser dropped put back (see
    ACCENT_GAIN). Web and mail addresses are left alone."""
    lex = lexicon or Lexicon.shared()
    if not lex.words or not lex.langs:
        return list(texts)
    weights = _language_weights(texts, lex)
    top = max(weights)
    page = sum(1 << b for b, w in enumerate(weights) if top > 0 and w >= PAGE_SHARE * top)
    out, restored = _restore_page(texts, lex, page, ACCENT_GAIN)
    if restored >= LOST_EVIDENCE and LANGUAGES[weights.index(top)] in ACCENTED_LANGUAGES:
        # The page shows the recogniser dropping accents: where the accented spelling of a
        # word of the page's languages is as common as the plain one ('controle', 'Pole',
        # 'Chloe' on a French page), it is what was printed.
        out, _ = _restore_page(texts, lex, page, LOST_GAIN)
    return out


def _restore_page(texts: Sequence[str], lex: Lexicon, page: int,
                  gain: float) -> tuple[list[str], int]:
    out = []
    restored = 0
    for text in texts:
        tokens = text.split(" ")
        for n, token in enumerate(tokens):
            if token and not _NOT_PROSE.search(token):
                # Beside digits only real words ('Hauptstrae54'), not the letters of codes.
                shortest = 4 if any(ch.isdigit() for ch in token) else ACCENT_MIN
                fixed = _WORD.sub(
                    lambda m, k=shortest: m.group(0) if len(m.group(0)) < k
                    else _accented(m.group(0), lex, page, gain), token)
                restored += fixed != token
                tokens[n] = fixed
        out.append(" ".join(tokens))
    return out, restored


def _accented(run: str, lex: Lexicon, page: int, gain: float = ACCENT_GAIN) -> str:
    if len(run) < ACCENT_MIN:
        return run
    low = run.lower()
    fixed = None if run.isupper() else _swapped(low, lex, page, gain)
    if fixed is not None:
        return _recase(fixed, run)
    fixed = _slashed_o(low, lex, page)
    if fixed is not None:
        return _recase(fixed, run)
    fixed = _plain_malay(low, lex)
    if fixed is not None:
        return _recase(fixed, run)
    if not lex.known(low) and low.isascii() and not lex.accented(low):
        # Some fonts' accented letters the recogniser leaves out altogether ('Schrder',
        # 'vollstndig', 'Hauptstrae'): what it read was certainly not what was printed (and
        # is not a word with its accents dropped: 'Releve' is 'Relevé' or 'Relève').
        lacking = _best(lex.lacking(low), lex, page)
        if lacking is not None:
            return _recase_inserted(lacking, run)
        if low.endswith("strae") and len(low) > 5:  # any street: 'Schillerstrae'
            return _recase_inserted(low[:-5] + "straße", run)
    if not run.isupper() and not lex.known(low) and low.isascii():
        compound = _compound_accents(low, lex, page)
        if compound is not None:
            return _recase(compound, run)
    return run


_SPECK_ACCENTS = "áàéèíìóòúù"  # what a speck over a letter reads as
_MALAY = 1 << LANGUAGES.index("ms") | 1 << LANGUAGES.index("id")
_WITH_ACCENTS = sum(1 << LANGUAGES.index(code) for code in ("de", "fr", "es", "it", "nl", "pt"))


def _plain_malay(low: str, lex: Lexicon) -> str | None:
    """'chéras' -> 'cheras': Malay and Indonesian words carry no accents; an accent the
    recogniser put on one (a speck over a letter) goes, when the accented spelling is no word and
    the plain one is a word of those languages only."""
    if low.isascii() or lex.known(low) or any(not ch.isascii() and ch not in _SPECK_ACCENTS for ch in low):
        return None  # (a macron, 'Ngā', is printed on purpose)
    plain = strip_accents(low)
    mask = lex.languages(plain)
    if plain == low or not plain.isascii() or not mask & _MALAY or mask & _WITH_ACCENTS:
        return None
    return plain


def _slashed_o(low: str, lex: Lexicon, page: int) -> str | None:
    """'schrøder', 'vollstøndig', 'jørgen' -> 'schröder', 'vollständig', 'jürgen': the recogniser
    reads an umlaut or accent it is unsure of as 'ø'. When the word is no word, and the page's
    languages have one word that is the same letters with an accented letter in that place,
    that word was printed ('prøvesvar', 'Søren' stay)."""
    if low.count("ø") != 1 or lex.known(low):
        return None
    at = low.index("ø")
    short = low[:at] + low[at + 1:]
    if not short.isascii():
        return None
    candidates = [w for w in lex.lacking(short) if len(w) == len(low) and not w[at].isascii()]
    return _best(candidates, lex, page)


COMPOUND_MIN = 8  # letters in a compound before its parts are looked at
COMPOUND_PART = 4  # letters in each of its two parts


def _compound_accents(low: str, lex: Lexicon, page: int) -> str | None:
    """A German compound the word list lacks, read without its umlauts ('kontofuhrung',
    'pfandruckgabe', 'geratedose'): split in two listed German words, one of them only with its
    accents ('konto' + 'führung'), it is given them back. Only on a German page, and only when one
    split does it."""
    if len(low) < COMPOUND_MIN or not page or not page & 1 << _GERMAN:
        return None
    found = set()
    for i in range(COMPOUND_PART, len(low) - COMPOUND_PART + 1):
        parts = []
        for part in (low[:i], low[i:]):
            if lex.known(part) and lex.languages(part) & 1 << _GERMAN:
                parts.append(part)
                continue
            accented = [w for w in lex.accented(part) if lex.languages(w) & 1 << _GERMAN]
            if len(accented) != 1:
                break
            parts.append(accented[0])
        else:
            if "".join(parts) != low:
                found.add("".join(parts))
    return found.pop() if len(found) == 1 else None


def _swapped(low: str, lex: Lexicon, page: int, gain: float) -> str | None:
    """The accented spelling of ``low`` (read with plain letters) that the page printed, or None.
    Capitals are not asked: they are often printed without their accents (till rolls, forms:
    'CREME', 'ESPECE'), so what the recogniser read may be what the page says."""
    plain = strip_accents(low)
    candidates = [w for w in lex.accented(plain) if w != low and _agrees(low, w)]
    if page:  # only the page's languages ('CREME' on a Malay receipt stays)
        candidates = [w for w in candidates if lex.languages(w) & page]
    if not candidates:
        return None
    candidates.sort(key=lex.zipf, reverse=True)
    best = candidates[0]
    if len(candidates) > 1 and lex.zipf(best) < lex.zipf(candidates[1]) + ACCENT_GAIN:
        return None  # 'cote': côte or côté?
    if lex.known(low):
        in_page = not page or lex.languages(low) & page
        if in_page and lex.zipf(best) < lex.zipf(low) + gain:
            return None  # 'Ines', 'cafe' in English, 'schon' in German: words as printed
    return best


def _best(candidates: list[str], lex: Lexicon, page: int) -> str | None:
    """The one candidate of the page's languages, ACCENT_GAIN more common than any other."""
    if page:
        candidates = [w for w in candidates if lex.languages(w.replace("ß", "ss")) & page]
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda w: lex.zipf(w.replace("ß", "ss")), reverse=True)
    zipfs = [lex.zipf(w.replace("ß", "ss")) for w in ranked]
    if len(ranked) > 1 and zipfs[0] < zipfs[1] + ACCENT_GAIN:
        return None
    return ranked[0]


def _recase_inserted(word: str, model: str) -> str:
    """``word`` (lower case, one letter longer than ``model``) in ``model``'s capitals."""
    if model.isupper():
        return word.upper()  # ß in capitals is SS
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _agrees(read: str, word: str) -> bool:
    """The accented letters the recogniser did read are the word's ('écreme' -> 'écrémé')."""
    return len(read) == len(word) and all(r == w for r, w in zip(read, word, strict=True)
                                          if not r.isascii())
