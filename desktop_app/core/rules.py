"""Deterministic candidate finders: dates, totals, labelled values, issuer header, addresses."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal

from .normalize import AMOUNT_RE, find_dates, find_ibans, format_amount, parse_amount


@dataclass(frozen=True)
class Candidate:
    raw: str
    value: str
    start: int
    end: int
    score: float
    why: str = ""


@dataclass(frozen=True)
class Line:
    text: str
    start: int
    end: int
    index: int


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.splitlines(keepends=True)):
        body = raw.rstrip("\r\n")
        out.append(Line(body, pos, pos + len(body), i))
        pos += len(raw)
    return out


def _has(line: str, words: tuple[str, ...]) -> bool:
    low = line.lower()
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low) for w in words)


# --- dates -------------------------------------------------------------------
DATE_GOOD = ("date", "dated", "tarikh", "datum", "fecha", "le", "invoice date", "issued",
             "collected", "reported", "pay date", "visit", "date of service")
DATE_BAD = ("due", "expiry", "expires", "exp", "dob", "birth", "born", "valid until", "until",
            "from", "to", "period", "admitted", "discharged")


def date_candidates(text: str, *, good: tuple[str, ...] = DATE_GOOD,
                    bad: tuple[str, ...] = DATE_BAD, today: _dt.date | None = None,
                    day_first: bool = True) -> list[Candidate]:
    """Valid, plausible dates ranked: a 'date' label helps, 'due'/'birth' labels hurt, earlier
    dates win ties (documents print their own date near the top)."""
    today = today or _dt.date.today()
    lines = split_lines(text)
    out: list[Candidate] = []
    n = max(1, len(text))
    for start, end, date in find_dates(text, day_first=day_first):
        if not (_dt.date(1980, 1, 1) <= date <= today + _dt.timedelta(days=400)):
            continue
        line = next((ln for ln in lines if ln.start <= start <= ln.end), None)
        context = line.text[: start - line.start] if line else ""
        prev = lines[line.index - 1].text if line and line.index > 0 else ""
        score = 1.0 - 0.3 * (start / n)
        why = []
        if _has(context, good) or (not context.strip() and _has(prev, good) and not _has(prev, bad)):
            score += 1.0
            why.append("labelled")
        if _has(context, bad):
            score -= 1.5
            why.append("other date")
        if re.search(r"\d{1,2}:\d{2}", text[end : end + 12]):
            score += 0.3  # a date followed by a time is the transaction stamp
            why.append("with time")
        out.append(Candidate(text[start:end], date.isoformat(), start, end, score, ",".join(why)))
    out.sort(key=lambda c: -c.score)
    return out


# --- amounts -----------------------------------------------------------------
TOTAL_WORDS = ("total", "jumlah", "amount due", "balance due", "grand total", "amount payable",
               "total payable", "to pay", "summe", "gesamt", "gesamtbetrag", "total ttc", "importe",
               "net total", "nett total", "total amount", "total sales", "amount", "totaal",
               "montant", "zu zahlen", "betrag")
TOTAL_BONUS = {"rounded": 1.2, "round": 1.0, "grand": 1.0, "amount due": 0.9, "balance due": 0.9,
               "payable": 0.8, "nett": 0.5, "net total": 0.5, "incl": 0.6, "inclusive": 0.6,
               "ttc": 0.8, "gesamt": 0.6, "to pay": 0.8, "total sales": 0.3, "total amount": 0.5}
TOTAL_PENALTY = ("sub", "subtotal", "sub-total", "qty", "quantity", "item", "items", "tax", "gst",
                 "vat", "sst", "discount", "saving", "savings", "excl", "exclusive", "before",
                 "change", "cash", "tendered", "points", "mwst", "ust", "tip", "service charge",
                 "rounding adj", "adjustment", "deposit", "no.")


def amounts_in(text: str, offset: int = 0) -> list[Candidate]:
    """Every amount with decimals (or a currency) in ``text``; values normalised."""
    out = []
    for m in AMOUNT_RE.finditer(text):
        num = m.group("num")
        has_cur = bool(m.group("cur1") or m.group("cur2"))
        if not re.search(r"[.,]\d{2}$", num) and not has_cur:
            continue  # a bare integer is a count, a code or a year, not money
        value = parse_amount(m.group(0))
        if value is None:
            continue
        s = m.start("num")
        if m.group("neg") or m.group("neg2"):
            s = m.start()
        out.append(Candidate(text[s : m.end("num")], format_amount(value), offset + s,
                             offset + m.end("num"), 0.0))
    return out


def total_candidates(text: str) -> list[Candidate]:
    """Amounts on (or right after) a 'total' line, ranked; checked against cash − change."""
    lines = split_lines(text)
    scored: list[Candidate] = []
    for ln in lines:
        low = ln.text.lower()
        if not _has(low, TOTAL_WORDS):
            continue
        score = 1.0
        for word, bonus in TOTAL_BONUS.items():
            if word in low:
                score += bonus
        if _has(low, TOTAL_PENALTY):
            score -= 1.6
        cands = amounts_in(ln.text, ln.start)
        source = "same line"
        if not cands:
            # Transcriptions often put the amount on the next line (or two).
            for nxt in lines[ln.index + 1 : ln.index + 3]:
                if nxt.text.strip() and _has(nxt.text.lower(), TOTAL_WORDS + TOTAL_PENALTY):
                    break
                cands = amounts_in(nxt.text, nxt.start)
                if cands:
                    score -= 0.1
                    source = "next line"
                    break
        if not cands:
            continue
        best = cands[-1]  # the right-most amount on a line is the line's total
        position = ln.index / max(1, len(lines))
        scored.append(Candidate(best.raw, best.value, best.start, best.end,
                                score + 0.2 * position, f"{ln.text.strip()[:20]}|{source}"))
    # Consistency: the amount paid is cash tendered minus change given.
    paid = _cash_minus_change(lines)
    if paid is not None:
        scored = [
            Candidate(c.raw, c.value, c.start, c.end, c.score + (1.5 if Decimal(c.value) == paid else 0), c.why)
            for c in scored
        ]
    # The same value printed on several total lines is more likely the total.
    counts: dict[str, int] = {}
    for c in scored:
        counts[c.value] = counts.get(c.value, 0) + 1
    scored = [Candidate(c.raw, c.value, c.start, c.end, c.score + 0.25 * (counts[c.value] - 1), c.why)
              for c in scored]
    scored.sort(key=lambda c: -c.score)
    if not scored:
        # No total line: the largest amount on the document is the best guess, flagged weak.
        every = amounts_in(text)
        if every:
            best = max(every, key=lambda c: (Decimal(c.value), c.start))
            scored.append(Candidate(best.raw, best.value, best.start, best.end, 0.2, "largest"))
    return scored


def _cash_minus_change(lines: list[Line]) -> Decimal | None:
    def amount_after(words: tuple[str, ...]) -> Decimal | None:
        for ln in lines:
            if _has(ln.text, words):
                for probe in (ln, *lines[ln.index + 1 : ln.index + 2]):
                    found = amounts_in(probe.text)
                    if found:
                        return Decimal(found[-1].value)
        return None

    cash = amount_after(("cash", "tunai", "tendered", "bar"))
    change = amount_after(("change", "baki", "kembalian", "rückgeld"))
    if cash is None or change is None or change > cash:
        return None
    return cash - change


def labelled_amount(text: str, words: tuple[str, ...], avoid: tuple[str, ...] = ()) -> list[Candidate]:
    """Amounts on lines carrying one of ``words`` (and none of ``avoid``), in document order."""
    out = []
    lines = split_lines(text)
    for ln in lines:
        if _has(ln.text, words) and not (avoid and _has(ln.text, avoid)):
            found = amounts_in(ln.text, ln.start)
            if not found and ln.index + 1 < len(lines):
                nxt = lines[ln.index + 1]
                found = amounts_in(nxt.text, nxt.start)
            if found:
                c = found[-1]
                out.append(Candidate(c.raw, c.value, c.start, c.end, 1.0, ln.text.strip()[:20]))
    return out


# --- labelled text -----------------------------------------------------------
def labelled_value(text: str, labels: tuple[str, ...], *, max_len: int = 80) -> list[Candidate]:
    """The text after ``Label:`` on the same line (up to a wide gap or the next label), or on the
    next line when the label stands alone."""
    out = []
    lines = split_lines(text)
    for ln in lines:
        for label in labels:
            m = re.search(rf"(?<![A-Za-z]){re.escape(label)}\s*(?:[:#.]|no\.?|nr\.?)?\s*[:#]?\s*",
                          ln.text, re.IGNORECASE)
            if not m:
                continue
            rest = ln.text[m.end():]
            start = ln.start + m.end()
            if not rest.strip() and ln.index + 1 < len(lines):
                nxt = lines[ln.index + 1]
                rest, start = nxt.text, nxt.start
            # stop at a wide gap, a tab or another "Label:" on the same line
            cut = re.search(r"\s{3,}|\t|\s+[A-Z][A-Za-z .]{1,20}:\s", rest)
            if cut:
                rest = rest[: cut.start()]
            value = rest.strip().strip(",;")
            if not value or len(value) > max_len:
                continue
            lead = len(rest) - len(rest.lstrip())
            s = start + lead
            out.append(Candidate(value, value, s, s + len(value), 1.0 - 0.01 * ln.index, label))
            break
    return out


def iban_candidates(text: str) -> list[Candidate]:
    return [Candidate(text[s:e], v, s, e, 1.0, "checksum ok") for s, e, v in find_ibans(text)]


# --- issuer header and address (receipts, invoices) --------------------------
LEGAL_SUFFIX = re.compile(
    r"\b(SDN\.?\s*BHD|BHD|S/B|PLT|LTD|LIMITED|LLC|L\.L\.C|INC|CORP|CORPORATION|GMBH|AG|KG|SARL|SAS|"
    r"S\.A\.|SA|SRL|SPA|S\.P\.A|BV|B\.V\.|NV|OY|AB|PTY|PTE|PLC|CO\.|COMPANY|ENTERPRISE|ENTERPRISES|"
    r"TRADING|HOLDINGS|INDUSTRIES|RESTAURANT|RESTORAN|PHARMACY|FARMASI|MART|STORE|STORES|SHOP|"
    r"MARKET|SUPERMARKET|HARDWARE|BAKERY|CAFE|KEDAI|GROUP)\b",
    re.IGNORECASE,
)
STOP_HEADER = re.compile(
    r"\b(TEL|TELEPHONE|PHONE|FAX|H/P|HP|GST|SST|VAT|REG|CO\.?\s*REG|ROC|COMPANY NO|INVOICE|RECEIPT|"
    r"CASHIER|DATE|TARIKH|TABLE|BILL|DOC|NO\s*:|EMAIL|E-MAIL|WWW|HTTP|TAX|ORDER|SALES|STAFF)\b",
    re.IGNORECASE,
)
ADDRESS_HINT = re.compile(
    r"\b(JALAN|JLN|LOT|NO\.?\s*\d|TAMAN|LORONG|BATU|KM|STREET|ST\.|ROAD|RD\.?|AVENUE|AVE|LANE|"
    r"DRIVE|BLVD|STRASSE|STR\.|PLATZ|RUE|VIA|CALLE|BLOCK|BLK|FLOOR|LEVEL|SUITE|UNIT|BANDAR|"
    r"KAMPUNG|KG\.?|PERSIARAN|SEKSYEN|SECTION|INDUSTRIAL|PERINDUSTRIAN|PLAZA|CENTRE|CENTER|"
    r"MALL|KUALA LUMPUR|SELANGOR|JOHOR|PENANG|PULAU PINANG|PERAK|KEDAH|MELAKA|PAHANG)\b"
    r"|\b\d{5}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",
    re.IGNORECASE,
)


def header_lines(text: str, limit: int = 12) -> list[Line]:
    lines = [ln for ln in split_lines(text) if ln.text.strip()]
    return lines[:limit]


def company_candidates(text: str) -> list[Candidate]:
    """Lines at the top that look like the issuer's name, ranked: a legal form (SDN BHD, LTD,
    GMBH...) wins; mostly-letter lines before the address come next."""
    out = []
    head = header_lines(text)
    for rank, ln in enumerate(head):
        body = ln.text.strip()
        letters = sum(ch.isalpha() for ch in body)
        if letters < 3 or letters / max(1, len(body)) < 0.5:
            continue
        if STOP_HEADER.search(body) and not LEGAL_SUFFIX.search(body):
            continue
        if ADDRESS_HINT.search(body) and not LEGAL_SUFFIX.search(body):
            continue
        score = 1.0 - 0.08 * rank
        why = []
        if LEGAL_SUFFIX.search(body):
            score += 1.0
            why.append("legal form")
        if body.isupper():
            score += 0.1
        lead = len(ln.text) - len(ln.text.lstrip())
        out.append(Candidate(body, " ".join(body.split()), ln.start + lead,
                             ln.start + lead + len(body), score, ",".join(why)))
    out.sort(key=lambda c: -c.score)
    return out


def address_after(text: str, company_end: int, max_lines: int = 5) -> Candidate | None:
    """The address block: the lines after the issuer's name up to a phone/tax/date line."""
    lines = split_lines(text)
    block: list[Line] = []
    for ln in lines:
        if ln.end <= company_end:
            continue
        body = ln.text.strip()
        if not body:
            if block:
                break
            continue
        if STOP_HEADER.search(body) and not ADDRESS_HINT.search(body):
            break
        if re.match(r"^\(?(CO|COMPANY|ROC|REG)", body, re.IGNORECASE) or re.fullmatch(r"\(?[\w\s.:-]*\d{5,}[\w-]*\)?", body) and not ADDRESS_HINT.search(body):
            if not block:
                continue  # a registration number right under the name
            break
        block.append(ln)
        if len(block) >= max_lines:
            break
    if not block or not any(ADDRESS_HINT.search(ln.text) for ln in block):
        return None
    # trailing lines that are not address-like (e.g. a branch name) are kept only if inside
    while block and not ADDRESS_HINT.search(block[-1].text) and not block[-1].text.strip().endswith(","):
        if len(block) == 1:
            break
        # keep a closing bracketed branch name like "(MR DIY TESCO TERBAU)"
        if block[-1].text.strip().startswith("("):
            break
        block.pop()
    joined = " ".join(ln.text.strip() for ln in block)
    lead = len(block[0].text) - len(block[0].text.lstrip())
    return Candidate(joined, joined, block[0].start + lead, block[-1].end, 1.0, f"{len(block)} lines")
