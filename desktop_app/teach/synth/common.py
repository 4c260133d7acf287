"""Building blocks of the generators: the document builder, locale formats, IBANs and noise."""
from __future__ import annotations

import datetime as _dt
import random
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

LANGS = ("en", "de", "fr")
D2 = Decimal("0.01")


@dataclass
class SynthDoc:
    """One generated document: its text and the labels a correct reader must return."""

    id: str
    kind: str
    lang: str
    layout: str
    seed: int
    text: str
    fields: dict[str, str]
    lists: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # Values that are normalised rather than printed (currency code, computed lab flag).
    derived: tuple[str, ...] = ("currency", "flag")

    def label_record(self, text_path: str) -> dict[str, Any]:
        return {"id": self.id, "text": text_path, "doc_type": self.kind, "fields": self.fields,
                "lists": self.lists, "lang": self.lang, "layout": self.layout, "seed": self.seed}


class Builder:
    """Lines of a document; lines that carry a labelled value are protected from character noise
    so every label stays grounded in the text."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, bool]] = []

    def add(self, text: str = "", protect: bool = False) -> None:
        for part in text.split("\n"):
            self.lines.append((part, protect))

    def val(self, text: str) -> None:
        self.add(text, protect=True)

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self.lines.append(("", False))


def q(x: Decimal | float | int) -> Decimal:
    return Decimal(str(x)).quantize(D2, rounding=ROUND_HALF_UP)


def till_money(x: Decimal) -> str:
    """An amount as a till prints it: 12.50."""
    return f"{x:.2f}"


def till_items(b: Builder, rng: random.Random, goods: list[str]) -> Decimal:
    """One to six 'ITEM  n X price  amount' lines of a till receipt; returns their sum."""
    total = Decimal(0)
    for _ in range(rng.randint(1, 6)):
        price = q(rng.uniform(1, 60))
        n = rng.choice([1, 1, 2, 3])
        amount = q(price * n)
        total += amount
        b.add(f"{rng.choice(goods)}  {n} X {till_money(price)}  {till_money(amount)}")
    return total


# --- locale formats --------------------------------------------------------------------------
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
}


def fmt_date(d: _dt.date, lang: str, style: int) -> str:
    """Dates as each locale prints them; ``style`` picks numeric or written forms."""
    if lang == "de":
        return [f"{d:%d.%m.%Y}", f"{d.day}. {MONTHS['de'][d.month - 1]} {d.year}", f"{d:%d.%m.%Y}",
                f"{d:%d.%m.%y}"][style % 4]
    if lang == "fr":
        return [f"{d:%d/%m/%Y}", f"{d.day} {MONTHS['fr'][d.month - 1]} {d.year}", f"{d:%d/%m/%Y}",
                f"{d:%d.%m.%Y}"][style % 4]
    return [f"{d:%d/%m/%Y}", f"{d.day} {MONTHS['en'][d.month - 1][:3]} {d.year}",
            f"{MONTHS['en'][d.month - 1]} {d.day}, {d.year}", f"{d:%Y-%m-%d}"][style % 4]


def fmt_num(x: Decimal, lang: str, places: int = 2, group: bool = True) -> str:
    """A number with the locale's decimal mark and thousands grouping."""
    neg = x < 0
    s = f"{abs(x):,.{places}f}" if group else f"{abs(x):.{places}f}"
    if lang == "de":
        s = s.replace(",", "§").replace(".", ",").replace("§", ".")
    elif lang == "fr":
        s = s.replace(",", " ").replace(".", ",")
    return ("-" if neg else "") + s


def fmt_money(x: Decimal, lang: str) -> str:
    return fmt_num(q(x), lang)


CURRENCY = {"en": ("GBP", "£"), "de": ("EUR", "€"), "fr": ("EUR", "€")}


def money_with_symbol(amount: str, lang: str, rng: random.Random) -> str:
    code, sym = CURRENCY[lang]
    if lang == "en":
        return rng.choice([f"{sym}{amount}", f"{amount}", f"{code} {amount}"])
    return rng.choice([f"{amount} {sym}", f"{amount} {code}", f"{code} {amount}"])


# --- IBANs -----------------------------------------------------------------------------------
def _check_digits(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def make_iban(rng: random.Random, country: str) -> str:
    """A random IBAN with a valid mod-97 checksum and the country's length, grouped in fours."""
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if country == "DE":
        bban = digits(8) + digits(10)
    elif country == "FR":
        bank, branch, acct = digits(5), digits(5), digits(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = f"{bank}{branch}{acct}{key:02d}"
    else:  # GB: bank code letters, sort code, account number
        bban = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + digits(14)
    compact = country + _check_digits(country, bban) + bban
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


IBAN_COUNTRY = {"en": "GB", "de": "DE", "fr": "FR"}


# --- noise -----------------------------------------------------------------------------------
OCR_SWAPS = [("O", "0"), ("0", "O"), ("l", "1"), ("1", "l"), ("I", "l"), ("S", "5"), ("B", "8"),
             ("rn", "m"), ("e", "c"), ("a", "o"), ("i", "í"), (".", ","), ("5", "S")]


def ocr_line(line: str, rng: random.Random, rate: float) -> str:
    """Character confusions an OCR engine makes on a scan."""
    out = line
    for a, b in OCR_SWAPS:
        if a in out and rng.random() < rate:
            idx = [m.start() for m in re.finditer(re.escape(a), out)]
            i = rng.choice(idx)
            out = out[:i] + b + out[i + len(a):]
    return out


def space_jitter(line: str, rng: random.Random) -> str:
    """Scanned columns come back with uneven gaps: widen or narrow runs of 2+ spaces."""
    def repl(m: re.Match[str]) -> str:
        return " " * max(2, len(m.group(0)) + rng.randint(-2, 3))
    return re.sub(r" {2,}", repl, line)


STAMPS = {
    "en": ["*** COPY ***", "PAID", "RECEIVED 14 MAR", "CONFIDENTIAL", "Scanned by CamScanner",
           "-- DUPLICATE --"],
    "de": ["*** KOPIE ***", "BEZAHLT", "EINGANG", "VERTRAULICH", "Scanned by CamScanner", "DUPLIKAT"],
    "fr": ["*** COPIE ***", "PAYÉ", "REÇU LE", "CONFIDENTIEL", "Scanned by CamScanner", "DUPLICATA"],
}
PAGE = {"en": "Page {i} of {n}", "de": "Seite {i} von {n}", "fr": "Page {i}/{n}"}


def apply_noise(b: Builder, rng: random.Random, lang: str, level: int) -> str:
    """Render the builder's lines with realistic noise: OCR confusions on unprotected lines, uneven
    column gaps, a stamp, page numbers and a fax header. ``level`` 0 leaves the text clean."""
    lines = list(b.lines)
    if level <= 0:
        return "\n".join(t for t, _ in lines).rstrip() + "\n"
    rate = 0.04 if level == 1 else 0.12
    out: list[str] = []
    for text, protect in lines:
        if not protect:
            text = ocr_line(text, rng, rate)
        if rng.random() < 0.5:
            text = space_jitter(text, rng)
        if level >= 2 and rng.random() < 0.1:
            text = " " + text  # a slightly skewed scan indents some lines
        out.append(text.rstrip())
    if rng.random() < 0.4:
        pos = rng.randrange(0, max(1, len(out)))
        out.insert(pos, " " * rng.randint(10, 40) + rng.choice(STAMPS[lang]))
    if rng.random() < 0.5:
        out.append("")
        out.append(" " * rng.randint(20, 50) + PAGE[lang].format(i=1, n=1))
    if level >= 2 and rng.random() < 0.4:
        out.insert(0, f"FAX +{rng.randint(30, 49)} {rng.randint(20, 89)} {rng.randint(100000, 999999)}"
                      f"   P.00{rng.randint(1, 3)}")
    return "\n".join(out).rstrip() + "\n"


def squash(s: str) -> str:
    """Whitespace-normalised form used to check that a label is grounded in the text."""
    return " ".join(s.split())


def pad(cells: list[str], widths: list[int], right: set[int] | None = None) -> str:
    """A table row with aligned columns (numbers right-aligned)."""
    right = right or set()
    parts = []
    for i, (c, w) in enumerate(zip(cells, widths, strict=False)):
        parts.append(c.rjust(w) if i in right else c.ljust(w))
    return "  ".join(parts).rstrip()
