"""Deterministic candidate finders: dates, totals, labelled values, issuer header, addresses."""
from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .normalize import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    GROUPED_THOUSANDS,
    MONTHS,
    WHOLE_UNITS,
    amount_re,
    find_dates,
    find_ibans,
    format_amount,
    parse_amount,
)


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
    """Whether ``line`` holds one of ``words`` as a whole word. A word's accents may be missing
    in the line (OCR drops them: 'echeance' is 'échéance'), but an accent the line prints must be
    the word's ('PAYÉ', paid, is not 'PAYE', the UK income tax)."""
    return bool(_words_re(words).search(line.lower()))


def _last(line: str, words: tuple[str, ...]) -> tuple[int, int]:
    """Where the last of ``words`` in ``line`` is ((-1, -1): none)."""
    return max(((m.start(), m.end()) for m in _words_re(words).finditer(line.lower())), default=(-1, -1))


@functools.lru_cache(maxsize=256)
def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    # a speck a scan reads between a label's words ('BALANCE: FORWARD') does not part them
    alternatives = sorted({_scanned_letters(w, accent_optional(w.lower())).replace("\\ ", "[.:,;]? ")
                           for w in words}, key=len, reverse=True)
    return re.compile(rf"(?<![a-zà-ÿ])(?:{'|'.join(alternatives)})(?![a-zà-ÿ])")


def _scanned_letters(word: str, pattern: str) -> str:
    """A long label word's regex as a scan reads its thin letters: an l as t, i or 1
    ('Forfaltodatum', 'zahibar'), a Polish ł as l or t ('ptatnosci'). Short words stay exact."""
    if len(word) < 6:
        return pattern
    return pattern.replace("l", "[lti1]").replace("ł", "[łlt]")


def accent_optional(word: str) -> str:
    """A regex for ``word`` whose accented letters may also be read without their accent."""
    out = []
    for ch in word:
        base = fold_accents(ch)
        out.append(f"[{ch}{base}{base.upper()}{ch.upper()}]" if base != ch else re.escape(ch))
    return "".join(out)


# --- dates -------------------------------------------------------------------
DATE_GOOD = ("date", "dated", "tarikh", "datum", "fecha", "le", "invoice date", "issued",
             "collected", "reported", "pay date", "visit", "date of service")
DATE_BAD = ("due", "expiry", "expires", "exp", "dob", "birth", "born", "valid until", "until",
            "geb", "geb.", "geburtsdatum", "né", "née", "naissance", "d.o.b", "fecha de nacimiento",
            "from", "to", "period", "admitted", "discharged",
            # the date of the contract an invoice refers to ('Договір: № 17/2024 від 15.01.2024')
            "договір", "договор", "contract", "contrato", "contrat", "zmluva", "smlouva")


def _cell_above(prev: str, start: int, end: int) -> str | None:
    """The cell of the line above that stands over columns ``start``..``end`` (a row of labels
    over a row of values), if one does and the line above is such a row."""
    cells = list(re.finditer(r"\S+(?: \S+)*", prev))
    if len(cells) < 2 or re.search(r"\d", prev):
        return None
    best = max(cells, key=lambda c: min(c.end(), end) - max(c.start(), start))
    return best.group(0) if min(best.end(), end) - max(best.start(), start) > 0 else None


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
        # a date in a row of cells under a row of labels ('Data de emissão   Data de vencimento' over
        # '2024-04-09   2024-05-09'): its label is the cell printed above it
        # (a label on the date's own line comes first: 'Auszahlung am: 28. November 2022' under
        # a title row stays the pay date)
        above = _cell_above(prev, start - line.start, end - line.start) if line else None
        if above is not None and not _has(context, good) and (_has(above, good) or _has(above, bad)):
            if _has(above, good) and not _has(above, bad):
                score += 1.0
                why.append("labelled")
            else:
                score -= 1.5
                why.append("other date")
        elif _has(context, good) or (above is None and not context.strip() and _has(prev, good)
                                     and not _has(prev, bad)):
            score += 1.0
            why.append("labelled")
        # the label of this date is the cell it stands in ("DOB: 09/14/1956   Admission Date: …"):
        # a word of another cell to the left does not count against a date labelled in its own
        near = re.split(r"\s{2,}|\t", context)[-1]
        # nor a word said before another date earlier in the sentence ("from 15/05 and went home on 21/05")
        last_bad, last_good = _last(near, bad), _last(near, good)
        if last_good[0] > last_bad[1] >= 0 and re.search(r"\d", near[last_bad[1]:last_good[0]]):
            near = near[last_bad[1]:]
        if _has(near, bad) or (_has(context, bad) and not _has(near, good)):
            score -= 1.5
            why.append("other date")
        if re.search(r"\d{1,2}:\d{2}", text[end : end + 12]):
            score += 0.3  # a date followed by a time is the transaction stamp
            why.append("with time")
        out.append(Candidate(text[start:end], date.isoformat(), start, end, score, ",".join(why)))
    out.sort(key=lambda c: -c.score)
    return out


# (a scan's speck after the word: '1 March 2024 to. 31 March 2024')
_RANGE_WORD = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|bis|au|al|a|t/m|tot en met)[.,]?\s*", re.IGNORECASE)
_RANGE_LABEL = ("period", "statement period", "billing cycle", "billing period", "cycle", "from", "du",
                "vom", "zeitraum", "période", "periodo", "dal", "del")


def date_ranges(text: str, today: _dt.date | None = None) -> list[tuple[Candidate, Candidate]]:
    """'1 March 2024 to 31 March 2024', 'February 1, 2024 through February 29, 2024', 'du 1er
    mars 2024 au 31 mars 2024', '02/19/2024 - 03/18/2024': a period's first and last day, in
    document order (the first one, near the top, is usually the document's own period); a
    period label before it ('Billing Cycle:', 'du') adds."""
    today = today or _dt.date.today()
    dates = find_dates(text)
    n = max(1, len(text))
    out = []
    for (s1, e1, d1), (s2, e2, d2) in zip(dates, dates[1:], strict=False):
        if not _RANGE_WORD.fullmatch(text[e1:s2]) or not d1 < d2 <= today + _dt.timedelta(days=400):
            continue
        line_start = text.rfind("\n", 0, s1) + 1
        score = 2.0 - 0.3 * (s1 / n) + (0.3 if _has(text[line_start:s1], _RANGE_LABEL) else 0.0)
        out.append((Candidate(text[s1:e1], d1.isoformat(), s1, e1, score, "labelled range"),
                    Candidate(text[s2:e2], d2.isoformat(), s2, e2, score, "labelled range")))
    return out


# a pay stub's period printed as two labelled dates ('Period Beginning: 11/01/2024' over 'Period
# Ending: 11/14/2024', 'Pay Period Start Date', 'Period End')
_PERIOD_BEGIN = re.compile(r"(?<![\w])(?:pay\s+)?period\s+(?:beginning|begins|begin|starting|start)(?:\s+date)?"
                           r"\s*[:.]?\s*", re.IGNORECASE)
_PERIOD_END = re.compile(r"(?<![\w])(?:pay\s+)?period\s+(?:ending|ends|end)(?:\s+date)?\s*[:.]?\s*", re.IGNORECASE)


def period_from_labels(text: str) -> list[Candidate]:
    """The period a pay stub prints as its first and last day under labels of their own, joined
    as 'from - to' (its span runs from the first date to the last)."""
    dates = {s: e for s, e, _ in find_dates(text)}
    begin = next((m for m in _PERIOD_BEGIN.finditer(text) if m.end() in dates), None)
    if begin is None:
        return []
    end = next((m for m in _PERIOD_END.finditer(text, begin.end()) if m.end() in dates), None)
    if end is None or text.count("\n", begin.end(), end.start()) > 2:
        return []
    s1, e1, s2, e2 = begin.end(), dates[begin.end()], end.end(), dates[end.end()]
    raw = f"{text[s1:e1]} - {text[s2:e2]}"
    return [Candidate(raw, raw, s1, e2, 1.0, "labelled from and to")]


# the month a payslip is for, said in its title ('Abrechnung der Brutto/Netto-Bezüge für Oktober
# 2024', 'Payslip for the month of March 2024', 'Bulletin de paie pour le mois de mars 2024'), or
# right after the title's word ('LOHNABRECHNUNG Oktober 2024', 'Payslip - March 2024')
_MONTH_NAME = "|".join(sorted((re.escape(m) for m in MONTHS if len(m.rstrip(".")) >= 3), key=len, reverse=True))
_FOR_MONTH = re.compile(rf"(?<![\w])(?:für(?:\s+den\s+monat)?|for(?:\s+the\s+month\s+of)?|pour(?:\s+le\s+mois\s+d[e'’])?|"
                        rf"(?:del|per\s+il)\s+mese\s+di|del\s+mes\s+de|voor\s+de\s+maand|month\s+of|"
                        rf"(?:lohn|gehalts|entgelt|verdienst)abrechnung|pay\s?slip|salary\s+slip|loonstrook|"
                        rf"salarisstrook|bulletin\s+de\s+(?:paie|salaire)|fiche\s+de\s+paie|busta\s+paga|cedolino|"
                        rf"n[óo]mina)[^\S\n]*[-–:]?\s*"
                        rf"(?P<p>(?:{_MONTH_NAME})\.?\s+(?:19|20)\d{{2}})(?![\w])", re.IGNORECASE)


_MONTH_WORD = re.compile(rf"(?<![^\W\d_])(?:{_MONTH_NAME})(?![^\W\d_])", re.IGNORECASE)


def names_month(value: str) -> bool:
    """Whether ``value`` names a month in words ('november 2024', 'März')."""
    return bool(_MONTH_WORD.search(value))


# '2024年11月分' (Japanese: the share of November 2024), '2024年11月度'
_CJK_MONTH_FOR = re.compile(r"(?<!\d)(?P<p>(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月)\s?[分度]")


def month_period(text: str) -> list[Candidate]:
    """'… für Oktober 2024': the month and year a payslip says it is for (the first such mention)."""
    m = _FOR_MONTH.search(text) or _CJK_MONTH_FOR.search(text)
    if m is None:
        return []
    return [Candidate(m.group("p"), m.group("p"), m.start("p"), m.end("p"), 0.9, "month it is for")]


# --- amounts -----------------------------------------------------------------
TOTAL_WORDS = ("total", "jumlah", "amount due", "amt due", "ttl", "grand ttl", "total due", "balance due", "grand total", "amount payable",
               "total payable", "to pay", "to be paid", "summe", "gesamt", "gesamtbetrag", "total ttc", "importe",
               "net total", "nett total", "total amount", "total sales", "totaal", "totale",
               "montant total", "montant ttc", "zu zahlen", "rechnungsbetrag", "endbetrag",
               # a progress billing: this billing's amount, not what was billed before or is left
               "amount this billing", "this billing", "amount this invoice", "amount this period",
               "toplam", "tổng cộng", "tổng thanh toán", "tổng tiền thanh toán",
               # Slovak / Czech, Ukrainian / Russian, Greek, Hebrew
               "celková suma", "celkom k úhrade", "spolu k úhrade", "celkem k úhradě", "всього з пдв", "до сплати",
               "итого к оплате", "σύνολο", "סה\"כ לתשלום")
TOTAL_BONUS = {"rounded": 1.2, "round": 1.0, "grand": 1.0, "amount due": 0.9, "balance due": 0.9,
               "amt due": 0.9,
               "payable": 0.8, "nett": 0.5, "net total": 0.5, "incl": 0.6, "inclusive": 0.6,
               "ttc": 0.8, "gesamt": 0.6, "to pay": 0.8, "to be paid": 0.8, "total sales": 0.3, "total amount": 0.5}
TOTAL_PENALTY = ("sub", "subtotal", "sub-total", "qty", "quantity", "item", "items", "tax", "gst",
                 "vat", "sst", "discount", "saving", "savings", "excl", "exclusive", "before",
                 "change", "cash", "tendered", "points", "mwst", "ust", "tip", "service charge",
                 "rounding adj", "adjustment", "deposit", "no.", "ht", "hors taxes", "netto",
                 "net amount", "excl. vat", "excl vat", "zwischensumme", "previously", "remaining",
                 # advances paid and what is left over ('Uhradené zálohy', 'Preplatok'), a sum before tax
                 "uhradené zálohy", "zaplacené zálohy", "zálohy", "preplatok", "přeplatek", "без пдв", "לפני")


def amounts_in(text: str, offset: int = 0) -> list[Candidate]:
    """Every amount with decimals (or a currency) in ``text``; values normalised."""
    out = []
    # date spans sorted by start, with the furthest end so far: one bisect per amount instead of
    # a scan of every date (a 1 MB text has thousands of both)
    spans = sorted((s, e) for s, e, _ in find_dates(text))
    starts = [s for s, _ in spans]
    reach: list[int] = []
    for _, e in spans:
        reach.append(max(e, reach[-1]) if reach else e)
    for m in amount_re().finditer(text):
        num = m.group("num")
        i = bisect.bisect_right(starts, m.start("num")) - 1
        if i >= 0 and reach[i] > m.start("num"):
            continue  # "28.03.2024" is a date, not 28.03
        if re.match(r"[^\S\n]?%", text[m.end("num"):]):
            continue  # "5,50 %": a rate, not money
        # (the end of a word is no currency: 'CHEVRON 0092' is not RON 92, 'CUP CAKES 6' not KES 6)
        in_word = m.group("cur1") and m.start("cur1") > 0 and text[m.start("cur1") - 1].isalpha()
        has_cur = bool((m.group("cur1") and not in_word) or m.group("cur2"))
        if not re.search(r"[.,:]\d{2}$", num) and not has_cur and not (
                WHOLE_UNITS.get() and GROUPED_THOUSANDS.fullmatch(num)):  # ':' only after thousands ("2,520:58")
            continue  # a bare integer is a count, a code or a year, not money (but '468.400' dong is)
        value = parse_amount(m.group(0))
        if value is None:
            continue
        s = m.start("num")
        if m.group("neg"):
            s = m.start("neg")
        elif m.group("neg2"):
            s = m.start("cur1") if m.group("cur1") else m.start("neg2")
        elif m.group("cur1") and m.end("cur1") == m.start("num"):
            s = m.start("cur1")  # "$8.20", "RM41.45": a glued currency is part of the printed value
        e = m.end("num")
        if m.group("cur2") and re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+", num):
            e = m.end("cur2")  # '243 586 Ft': without its currency the number would read as 243
        out.append(Candidate(text[s:e], format_amount(value), offset + s, offset + e, 0.0))
    return out


def total_candidates(text: str) -> list[Candidate]:
    """Amounts on (or right after) a 'total' line, ranked; checked against cash − change."""
    lines = split_lines(text)
    paired, exact = _column_pairs(lines)
    scored: list[Candidate] = []
    for ln in lines:
        low = ln.text.lower()
        if not _has(low, TOTAL_WORDS):
            continue
        score = 1.0
        for word, bonus in TOTAL_BONUS.items():
            if word in low:
                score += bonus
        if _has(low, TOTAL_PENALTY) and not _has(low, INCLUSIVE):
            score -= 1.6  # "total incl. GST" is the total; "total GST", "sub total" are not
        elif re.search(r"\d\s?%", low) and not _has(low, INCLUSIVE):
            score -= 1.0  # "TOTAL 0% SUPPLIES", "TOTAL 6%": a row of the tax summary
        cands = amounts_in(ln.text, ln.start)
        source = "same line"
        if not cands and len(re.split(r"\s{3,}|\t", ln.text.strip())) >= 3:
            continue  # "Pos  Bezeichnung  Menge  Einzelpreis  Gesamt": a table's column heads
        if not cands and ln.index in paired:
            value_line = paired[ln.index]
            cands = amounts_in(value_line.text, value_line.start)
            source = "paired column"
        if not cands:
            # Transcriptions often put the amount on the next line (or two).
            for nxt in _following(lines, ln, 2):
                if nxt.text.strip() and _has(nxt.text.lower(), TOTAL_WORDS + TOTAL_PENALTY):
                    break
                cands = amounts_in(nxt.text, nxt.start)
                if cands:
                    score -= 0.1
                    source = "next line"
                    after = _following(lines, nxt, 1)
                    if after and _amount_only(after[0].text):
                        # a column of amounts follows: which one belongs to this label is a guess
                        score -= COLUMN_PENALTY
                        source = "amount column"
                    break
        if not cands:
            continue
        best = cands[-1]  # the right-most amount on a line is the line's total
        position = ln.index / max(1, len(lines))
        scored.append(Candidate(best.raw, best.value, best.start, best.end,
                                score + 0.2 * position, f"{ln.text.strip()[:20]}|{source}"))
    # Every amount of the document competes too: transcriptions and OCR often put the labels
    # of a totals block in one column and the amounts in another, so "next line" misleads.
    every = amounts_in(text)
    occurrences: dict[str, int] = {}
    for c in every:
        occurrences[c.value] = occurrences.get(c.value, 0) + 1
    by_value: dict[str, Candidate] = {}
    for c in scored:
        if c.value not in by_value or c.score > by_value[c.value].score:
            by_value[c.value] = c
    totals_from = next((ln.start for ln in lines if _has(ln.text.lower(), TOTAL_WORDS)), len(text))
    for c in _column_first(every, text, totals_from):
        if c.value not in by_value:
            by_value[c.value] = Candidate(c.raw, c.value, c.start, c.end, 0.3, "amount")
        elif by_value[c.value].score < 0.3 and "column" in by_value[c.value].why:
            # a penalised label paired by column position (a guess) does not sink an amount
            by_value[c.value] = Candidate(c.raw, c.value, c.start, c.end, 0.3, "amount")
    cash = _amount_after(lines, CASH_WORDS)
    paid = _cash_minus_change(lines, cash, _amount_after(lines, CHANGE_WORDS))
    # the change paired with its label across exact columns marks that amount; it computes nothing
    change = _paired_amount(lines, paired, exact, CHANGE_WORDS)
    sums, tendered, settled, gross, parts = _arithmetic(every, text)
    items = _run_sums(every)
    if cash is None and tendered:
        cash = min(tendered)
    positive = [Decimal(v) for v in occurrences if Decimal(v) > 0 and Decimal(v) not in gross]
    largest = max((v for v in positive if cash is None or v <= cash), default=None)
    ranked = []
    for value, c in by_value.items():
        amount = Decimal(value)
        if amount <= 0:
            continue
        score = c.score
        why = [c.why]
        if paid is not None and amount == paid:
            score += 1.5
            why.append("cash-change")
        if amount in sums:
            score += 0.6  # the amount two others add up to: items + tax, subtotal + rounding
            why.append("adds-up")
        if amount in items and amount not in sums:
            score += 0.6  # the items printed just above add up to it
            why.append("items-sum")
        if change is not None and amount == change and amount != paid and not _labelled_here(c):
            score -= 0.8  # the change given back, labelled as such
            why.append("change")
        if amount in settled and amount != paid:
            score += 1.2  # cash handed over − this = the change printed after it
            why.append("tendered-change")
        if amount in tendered and amount not in settled:
            score -= 0.8
            why.append("tendered")
        if amount in parts and amount not in settled and not _labelled_here(c):
            score -= PART_PENALTY  # the subtotal or tax that a larger printed amount sums up
            why.append("part of a sum")
        score += 0.35 * min(3, occurrences.get(value, 1) - 1)
        if largest is not None and amount == largest:
            score += 0.5
            why.append("largest")
        if _has(_line_at(lines, c.start), ADVANCES_PAID):
            score -= 1.0  # a bill's advances already paid: the bill's total less or more than it
            why.append("advances paid")
        if cash is not None and amount == cash and paid is not None and paid != cash:
            score -= 0.8  # the cash handed over, not the total
        ranked.append(Candidate(c.raw, c.value, c.start, c.end, score, ",".join(why)))
    scored = _prefer_rounded(ranked, every, cash)
    scored.sort(key=lambda c: -c.score)
    return scored


# the advance payments a yearly bill deducts from its total ('Uhradené zálohy (12 × 65,00 €)')
ADVANCES_PAID = ("uhradené zálohy", "zaplacené zálohy", "zálohy", "abschläge", "geleistete abschläge",
                 "advance payments", "advances paid", "budget payments", "acomptes", "voorschotten",
                 "betaalde voorschotten", "termijnbedragen")


def _column_first(every: list[Candidate], text: str, totals_from: int) -> list[Candidate]:
    """The amounts with, for each value, the occurrences that stand alone on their line first,
    those after the first total label (``totals_from``) before the others: an amount printed on
    an item's line ('RM20.80 S') and again in the totals column ('20.80') is shown, unlabelled,
    where it stands as a sum."""
    def alone(c: Candidate) -> bool:
        start = text.rfind("\n", 0, c.start) + 1
        end = text.find("\n", c.end)
        return text[start:end if end >= 0 else len(text)].strip() == c.raw
    standing = [c for c in every if alone(c)]
    return [c for c in standing if c.start >= totals_from] + standing + every


def _line_at(lines: list[Line], pos: int) -> str:
    i = bisect.bisect_right([ln.start for ln in lines], pos) - 1
    return lines[i].text if i >= 0 else ""


def _labelled_here(c: Candidate) -> bool:
    """A total label on the amount's own line, or paired with it across columns."""
    return c.why.endswith(("|same line", "|paired column"))


CASH_ROUNDING = Decimal("0.05")


def _prefer_rounded(ranked: list[Candidate], every: list[Candidate],
                    cash: Decimal | None = None) -> list[Candidate]:
    """Cash rounding (to 0.05): when 42.33 is followed by 42.35, the rounded amount is what was
    paid, so it takes over the better score of the two; not when it is printed only as the cash
    handed over ('TOTAL 1.38', 'CASH 1.40': the total is 1.38)."""
    first = {}
    for c in every:
        first.setdefault(c.value, c.start)
    by_value = {Decimal(c.value): (rank, c) for rank, c in enumerate(ranked)}
    near = [Decimal(k) / 100 for k in (-4, -3, -2, -1, 1, 2, 3, 4)]  # closer than CASH_ROUNDING
    out = []
    for c in ranked:
        amount = Decimal(c.value)
        score, why = c.score, c.why
        if amount % CASH_ROUNDING == 0 and not (amount == cash and "|" not in c.why):
            unrounded = [by_value[amount + d] for d in near if amount + d in by_value]
            printed_before = [(rank, oc) for rank, oc in unrounded
                              if first.get(oc.value, 0) < first.get(c.value, 0)]
            if printed_before:
                oc = min(printed_before, key=lambda t: t[0])[1]  # the best-ranked of them
                score = max(score, oc.score) + 0.2
                why += ",rounded"
        out.append(Candidate(c.raw, c.value, c.start, c.end, score, why))
    return out


COLUMN_PENALTY = 1.0
PART_PENALTY = 0.6
INCLUSIVE = ("incl", "incl.", "inclusive", "including", "inkl", "inkl.", "ttc")
ARITHMETIC_VALUES = 120  # distinct amounts checked pairwise (a long statement has thousands)


def _banknotes(amount: Decimal) -> bool:
    """Could this be cash handed over? Notes and coins make whole amounts (measured on sroie-dev:
    with the change required right after the cash, also 17.00 or 73.00 are safe to accept)."""
    return amount == amount.to_integral_value()


def _notes_and_coins(amount: Decimal) -> bool:
    """100.15, 50.30: whole tens in notes and a few coins, handed over to get round change."""
    return int(amount) % 10 == 0 and int(amount) > 0


def _largest_plausible(amount: Decimal, values: list[Decimal]) -> bool:
    """Nothing bigger than ``amount`` but stray numbers (a registration number read as money)."""
    return all(v > 5 * amount for v in values if v > amount)


def _last_before(sequence: list[Decimal], value: Decimal, follower: Decimal) -> int:
    """Index of the last ``value`` that ``follower`` comes right after (-1 if none)."""
    for k in range(len(sequence) - 2, -1, -1):
        if sequence[k] == value and sequence[k + 1] == follower:
            return k
    return -1


def _arithmetic(every: list[Candidate], text: str
                ) -> tuple[set[Decimal], set[Decimal], set[Decimal], set[Decimal], set[Decimal]]:
    """How the amounts of a receipt relate, whatever the layout.

    Returns (sums, tendered, settled, gross): amounts that two other amounts add up to (items +
    tax = total, gross − discount = net); round amounts handed over in cash (cash = total +
    change); the totals those settle — the one printed before the cash, with the change printed
    after it; and amounts a printed deduction was taken from. Labels are not
    needed, so a totals block whose labels and amounts sit in separate columns still works."""
    first: dict[Decimal, int] = {}
    count: dict[Decimal, int] = {}
    after: dict[Decimal, set[Decimal]] = {}  # the amounts printed right after each amount
    sequence = [abs(Decimal(c.value)) for c in every]
    # amounts printed as deductions ("-2.98", "0.29-"): discounts, rounding down
    signs: dict[Decimal, set[bool]] = {}
    for c, v in zip(every, sequence, strict=True):
        negative = c.value.startswith("-") or text[c.end : c.end + 1] == "-"
        signs.setdefault(v, set()).add(negative)
    deduction = {v for v, seen in signs.items() if True in seen}
    for k, v in enumerate(sequence):
        if v <= 0:
            continue
        if v not in first and len(first) >= ARITHMETIC_VALUES:
            continue
        first.setdefault(v, k)
        count[v] = count.get(v, 0) + 1
        if k + 1 < len(sequence):
            after.setdefault(v, set()).add(sequence[k + 1])
    values = sorted(first)
    known = set(values)
    sums: set[Decimal] = set()
    tendered: set[Decimal] = set()
    settled: set[Decimal] = set()
    gross: set[Decimal] = set()  # amounts before a deduction printed after them
    parts: set[Decimal] = set()  # amounts that add up to a larger one printed too (not the cash)
    has_cash = _has(text, CHANGE_WORDS)
    # a rounding adjustment printed beside the sum (144.68 + 8.68 − 0.01 = 153.35)
    roundings = [v for v in values if v < CASH_ROUNDING]
    for i, a in enumerate(values):
        for b in values[i:]:
            if a == b and count[a] < 2:
                continue
            c = a + b
            if c not in known:
                c = next((c + d for r in roundings for d in (-r, r) if c + d in known and c + d > b), c)
                if c not in known:
                    continue
            if b in deduction or a in deduction:
                sums.add(a if b in deduction else b)  # 4.80 − 0.29 = 4.51: the net is the result
                gross.add(c)
                continue
            sums.add(c)
            if has_cash and _largest_plausible(c, values):
                for total, change in ((a, b), (b, a)):
                    # notes handed over (50.00), or notes and the coins that make the change
                    # round (100.15 for 15.15, to get 85.00 back)
                    if not (_banknotes(c) or (_banknotes(change) and _notes_and_coins(c))):
                        continue
                    # the total before the cash, the change right after it
                    if change in after.get(c, ()) and first[total] < _last_before(sequence, c, change):
                        tendered.add(c)
                        settled.add(total)
            if c not in tendered:
                parts.update((a, b))
    return sums, tendered, settled, gross, parts - sums


ITEM_RUN = 3  # the fewest item amounts whose sum is checked (two are the pairwise 'adds-up')


def _run_sums(every: list[Candidate]) -> set[Decimal]:
    """Amounts printed right after a run of at least ITEM_RUN positive amounts that they add up
    to: a receipt's items, then its subtotal or total, whatever the labels say (or where the
    transcription put them)."""
    values = [Decimal(c.value) for c in every[:ARITHMETIC_VALUES * 2]]
    out: set[Decimal] = set()
    for k in range(ITEM_RUN, len(values)):
        target, total = values[k], Decimal(0)
        if target <= 0:
            continue
        for j in range(k - 1, -1, -1):
            if values[j] <= 0:
                break
            total += values[j]
            if total > target:
                break
            if total == target and k - j >= ITEM_RUN:
                out.add(target)
                break
    return out


def _column_pairs(lines: list[Line]) -> tuple[dict[int, Line], set[int]]:
    """Label lines paired with amount lines when a block of n labels is followed by n amounts (the
    totals block read as two columns): {label line index: amount line}; a longer block of labels
    pairs its last n (the labels the column does not reach). Also the label lines of the blocks
    with exactly as many labels as amounts, whose pairing is no guess."""
    out: dict[int, Line] = {}
    exact: set[int] = set()
    rows = [ln for ln in lines if re.search(r"[0-9A-Za-z]", ln.text)]
    i = 0
    while i < len(rows):
        labels = []
        while i < len(rows) and not amounts_in(rows[i].text) and re.search(r"[A-Za-z]{2,}", rows[i].text):
            labels.append(rows[i])
            i += 1
        values = []
        while i < len(rows) and (_amount_only(rows[i].text) or (values and _bare_number(rows[i].text))):
            values.append(rows[i])
            i += 1
        # Labels the column does not reach ('QTY(S) : 11', 'NO OF ITEMS: 10' above 'TOTAL',
        # 'CASH', 'CHANGE') stand above it: the last labels pair with the amounts.
        if len(values) >= 2 and len(labels) >= len(values):
            if len(labels) == len(values):
                exact.update(lab.index for lab in labels)
            labels = labels[len(labels) - len(values):]
            out.update({lab.index: val for lab, val in zip(labels, values, strict=True)})
        if not labels and not values:
            i += 1
    return out, exact


def _bare_number(line: str) -> bool:
    """'100.000', '100': a number the amount pattern does not take, holding a row of a column."""
    return bool(re.fullmatch(r"(?:RM\s?)?\d[\d.,]*", line.strip()))


def _amount_only(line: str) -> bool:
    body = line.strip()
    return bool(body) and bool(amounts_in(body)) and not re.search(r"[A-Za-z]{3,}", body)


# "AMOUNT TO BE PAID", "TO PAY": what is owed, not what was handed over ('paid' is a cash word)
DUE_WORDS = ("to be paid", "to pay", "amount due", "amount payable")
CASH_WORDS = ("cash", "tunai", "tendered", "bar", "paid", "payment")
TENDER_WORDS = ("tender", "tendered", "amount tendered", "received", "bayar", "gegeben", "espèces")
CHANGE_WORDS = ("change", "baki", "kembalian", "rückgeld", "rendu", "cambio")


def _following(lines: list[Line], ln: Line, n: int = 2) -> list[Line]:
    """The next ``n`` lines that hold something (lines of bare ':' or '-' do not count)."""
    out = []
    for nxt in lines[ln.index + 1 :]:
        if re.search(r"[0-9A-Za-z]", nxt.text):
            out.append(nxt)
            if len(out) >= n:
                break
    return out


def _heads_or_ends(line: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` begins or ends the line's label (its words, numbers and currency
    marks aside): 'CASH  50.00', 'Gegeben Bar  20,00 EUR', 'Amount paid', not the 'BAR' of an
    item 'JAMII BAR SOAP 800G'."""
    kept = [w for w in re.findall(r"[^\W\d_][\w/-]*", line)
            if not re.search(r"\d", w) and w not in CURRENCY_CODES and w not in CURRENCY_SYMBOLS]
    label = " ".join(kept).lower()
    pattern = _words_re(words).pattern
    return bool(re.match(pattern, label) or re.search(rf"(?:{pattern})$", label))


def _paired_amount(lines: list[Line], paired: dict[int, Line], exact: set[int],
                   words: tuple[str, ...]) -> Decimal | None:
    """The amount a label of ``words`` pairs with when a block of n labels is followed by
    exactly n amounts (``exact``: labels and amounts read as two columns)."""
    for index, value_line in paired.items():
        if index not in exact:
            continue
        label = lines[index].text
        if _has(label, words) and _heads_or_ends(label, words):
            found = amounts_in(value_line.text)
            return Decimal(found[-1].value) if found else None
    return None


def _amount_after(lines: list[Line], words: tuple[str, ...]) -> Decimal | None:
    for ln in lines:
        if _has(ln.text, words) and not _has(ln.text, DUE_WORDS) and _heads_or_ends(ln.text, words):
            for probe in (ln, *_following(lines, ln, 1)):
                found = amounts_in(probe.text)
                if found:
                    return Decimal(found[-1].value)
    return None


def _cash_minus_change(lines: list[Line], cash: Decimal | None, change: Decimal | None) -> Decimal | None:
    if cash is None:
        return None
    if change is None or change > cash:
        return None
    return cash - change


# a column of year-to-date sums to the right of the period's amounts (payslips)
YTD_HEADER = re.compile(r"\b(ytd|year to date|year-to-date|jahressumme|kumuliert|jahreswerte|"
                        r"cumul annuel|cumul|cumulé|cumuls)\b", re.IGNORECASE)


# 'Year To Date   …   This Period' over two boxes side by side (a UK payslip's foot): the period's box
# is the one on the right, for this many lines under the heading
YTD_BOX_RIGHT = re.compile(r"\s{3,}(this period|current(?: period)?|this pay)\s*$", re.IGNORECASE)
YTD_BOX_LINES = 12


def _ytd_box_left(lines: list[Line]) -> tuple[int, int] | None:
    """(line index, column) of a heading naming a year-to-date box on the left and the period's
    box on the right, if the page prints one."""
    for ln in lines:
        m = YTD_BOX_RIGHT.search(ln.text)
        if m and not amounts_in(ln.text) and YTD_HEADER.search(ln.text[: m.start()]):
            return ln.index, m.start(1)
    return None


def labelled_amount(text: str, words: tuple[str, ...], avoid: tuple[str, ...] = ()) -> list[Candidate]:
    """Amounts on lines carrying one of ``words`` (and none of ``avoid``), in document order; a
    label earlier in ``words`` (the more specific one: 'income tax' before 'tax') scores a little
    higher."""
    out = []
    lines = split_lines(text)
    ytd_from = next((ln.end for ln in lines if YTD_HEADER.search(ln.text) and not amounts_in(ln.text)), None)
    ytd_box = _ytd_box_left(lines)
    for ln in lines:
        if ytd_box is not None and 0 < ln.index - ytd_box[0] <= YTD_BOX_LINES and len(ln.text) > ytd_box[1]:
            # the year-to-date box on the left of the period's: only the period's half of the line
            ln = Line(" " * ytd_box[1] + ln.text[ytd_box[1]:], ln.start, ln.end, ln.index)
        if ln.text.count("|") >= 2 and _has(ln.text, words):
            boxed = _boxed_amount(lines, ln, words, avoid)
            if boxed is not None and (avoid and _has(ln.text, avoid) or not amounts_in(ln.text)):
                out.append(boxed)  # the line's other box says 'YTD', or the label's box has its amount under it
                continue
        if _has(ln.text, words) and not (avoid and _has(ln.text, avoid)):
            rank, label = _first_label(ln.text, words)
            found = amounts_in(ln.text, ln.start)
            c = None
            if found:
                found = _label_group(ln, found, label)
            elif label is None or not _code_after(ln.text[label[1]:]):
                for nxt in _following(lines, ln, 1):  # the next line that holds something
                    found = amounts_in(nxt.text, nxt.start)
                    # (from where the label's cell begins: after the last wide gap before it)
                    cell = max((g.end() for g in re.finditer(r"\s{2,}", ln.text[: label[0]])), default=0) \
                        if label is not None else 0
                    wrapped = label is not None and found and re.fullmatch(
                        r"\s*[a-z][a-z ]*:\s*", text[nxt.start + cell:found[0].start]) is not None
                    if found and re.search(r"[^\W\d_]{3,}", text[nxt.start:found[0].start]) and not wrapped:
                        # a labelled row of its own ('Salaire de base  2 164,37' under a stamp), not the
                        # label's own end wrapped under it ('Estimated tax to be' / 'collected:  $9.94')
                        found = []
                    if len(found) >= 2 and label is not None:
                        # a row of labels over a row of amounts: the amount under the label
                        c = _under(found, nxt, label)
                        if re.match(r"\s?%", ln.text[label[1]:]) or ln.text[: label[0]].endswith("%"):
                            found, c = [], None  # under '%IVA' / 'VAT %': a column of rates, not the tax
            if found:
                c = c or found[-1]
                if ytd_from is not None and ln.start > ytd_from and len(found) >= 2 and c is found[-1]:
                    c = found[-2]  # "this period | year to date": the period's column
                out.append(Candidate(c.raw, c.value, c.start, c.end, 1.0 - 0.01 * min(rank, 20),
                                     ln.text.strip()[:20]))
    return out


BOX_BORDER = re.compile(r"[-=+|\s]*")


def _boxed_amount(lines: list[Line], ln: Line, words: tuple[str, ...], avoid: tuple[str, ...]) -> Candidate | None:
    """The amount of a label in one box of a row of boxes drawn with '|' ('| Tax Paid YTD  3,045.80 |
    NET PAY |' over '|  …  |   £2,527.08 |'): the amount in the label's box, or else the first
    one printed below it within the box's width, before the box's border. Only the label's box
    counts for ``avoid`` (the YTD box beside it is another's)."""
    bars = [m.start() for m in re.finditer(r"\|", ln.text)]
    spans = [(a + 1, b) for a, b in zip([-1, *bars], [*bars, len(ln.text)], strict=True)]
    for a, b in spans:
        cell = ln.text[a:b]
        if not _has(cell, words) or (avoid and _has(cell, avoid)):
            continue
        rank, _ = _first_label(cell, words)
        found = amounts_in(cell, ln.start + a)
        if not found:
            for nxt in lines[ln.index + 1 : ln.index + 5]:
                part = nxt.text[a:b]
                if BOX_BORDER.fullmatch(part) and re.search(r"[-=]{3}", part):
                    break  # the box ends
                found = amounts_in(part, nxt.start + a)
                if found or re.search(r"[^\W\d_]{3,}", part):
                    found = [] if re.search(r"[^\W\d_]{3,}", part) else found  # another label's box
                    break
        if found:
            c = found[-1]
            return Candidate(c.raw, c.value, c.start, c.end, 1.0 - 0.01 * min(rank, 20), cell.strip()[:20])
    return None


# the label names the amount the tax is charged on, or the amount with it, not the tax:
# 'Total charges before VAT', 'Subtotal (ex GST)', 'TOTAL (inc GST)', 'Imponibile IVA', 'Taxable value'
TAX_BASE_LABEL = re.compile(r"(?<![\w-])(ex|inc|excl|excluding|before|exkl|imponibile|imponible|taxable|subtotal|sub-total|sub total|"
                            r"zwischensumme|base|grundlage|bemessungsgrundlage)(?![\w-])", re.IGNORECASE)
TAX_BASE_PENALTY = 0.3
TAX_SUM_BONUS = 0.1  # 'Summe USt', 'Total TVA' under the tax of each rate
ZERO_TAX_PENALTY = 0.5  # a rate's line printing no tax, where another prints some


def tax_lines(text: str, words: tuple[str, ...], avoid: tuple[str, ...] = ()) -> list[Candidate]:
    """``labelled_amount`` for a sales tax (VAT, GST), ranked: a line whose words name the tax's
    base or the amount with tax ('Subtotal (ex GST)', 'Imponibile IVA') falls back, and a line
    that sums the tax ('Summe USt' under '7 % USt auf 308,72' and '19 % USt auf 180,35', 'Total
    TVA' under a recap of the rates) goes first."""
    out = []
    for c in labelled_amount(text, words, avoid):
        left = text[text.rfind("\n", 0, c.start) + 1 : c.start]
        # the words of the amount's own cell ('Taxable  100.00   VAT  20.00': 'VAT')
        words_left = re.split(r"\d[\d.,' ]*\d\s{2,}(?=[^\W\d_])", left)[-1]
        score = c.score
        if TAX_BASE_LABEL.search(words_left):
            score -= TAX_BASE_PENALTY
        elif TAX_TABLE_TOTAL.search(words_left):
            score += TAX_SUM_BONUS
        out.append(Candidate(c.raw, c.value, c.start, c.end, score, c.why))
    if any(Decimal(c.value) for c in out):  # 'IVA 27%: $ 0,00' over 'IVA 21%: $ 280633,50': every rate listed
        out = [c if Decimal(c.value) else Candidate(c.raw, c.value, c.start, c.end, c.score - ZERO_TAX_PENALTY, c.why)
               for c in out]
    return sorted(out, key=lambda c: -c.score)


def _code_after(rest: str) -> bool:
    """Whether a number that is not money follows a label ('P.IVA 01234567890'): the label has
    its value, and the amount on the next line belongs to something else."""
    return bool(re.search(r"\d{3,}", re.sub(r"\d+(?:[.,]\d+)?\s?%", "", rest)))


TAX_TABLE_HEAD = re.compile(r"(?<![\w-])(tax|vat|gst|mwst|ust|steuer|tva|iva|btw|moms|mva|alv|áfa|dph|cuota|imposta|"
                            r"imposto|φπα|пдв|ндс)(?![\w-])",
                            re.IGNORECASE)
TAX_TABLE_OTHER = re.compile(r"(?<![\w-])(net|netto|ht|brutto|gross|ttc|taxable|amount|betrag|umsatz|base|"
                             r"imponibile|rate|satz|taux|incidência|incidencia|celkem|bez|základ|wartość|kwota|"
                             r"grunnlag|grundlag|beløb|beløp|belopp|veroton|verollinen|nettó|bruttó|"
                             r"καθ|αξ[ιί]α|σ[υύ]νολο)(?![\w-])",
                             re.IGNORECASE)
TAX_TABLE_TOTAL = re.compile(r"(?<![\w-])(total|totals|gesamt|gesamtbetrag|summe|totaux|totale|razem|součet|soucet|"
                             r"celkem|summa|sum|totaal|totalt|i alt|yhteensä|yhteensa|összesen|osszesen|συν|σ[υύ]νολο|spolu|разом|всього)(?![\w-])", re.IGNORECASE)  # (accents as a scan drops them)
# a cell naming the amount before tax ('Bez DPH', 'Excl. VAT', 'ohne MwSt'), not the tax
TAX_EXCLUDED_CELL = re.compile(r"(?<![\w-])(bez|excl\.?|excluding|ohne|sans|hors|zonder|senza|sin|before|pre)(?![\w-])",
                               re.IGNORECASE)


# ('VAT %' heads a column of rates; 'VAT 5%' the tax at that rate)
TAX_RATE_CELL = re.compile(r"(?<![\w-])(rate|satz|taux|tasa|taxa|tipo|aliquota|stawka|sazba)(?![\w-])|(?<!\d)(?<!\d\s)%",
                           re.IGNORECASE)


SIDE_TOTAL = re.compile(r"\s{3,}[A-Za-zÀ-ÿ][^\d\n]{1,40}?\s{2,}-?[\d.,' ]*\d\s*$")


def tax_table(text: str, *, per_rate: bool = False) -> list[Candidate]:
    """The tax of a tax summary table ('Steuer %  Netto  Steuer  Brutto' / 'A= 7,0%  4,44  0,31
    4,75' / 'Gesamtbetrag  8,38  1,06  9,44'): the amount under the tax column on its total row,
    or on its only row. A header cell naming a total of tax ('Total Tax Amount') is preferred.
    With ``per_rate``, a table of several rates and no total row gives the tax of each row."""
    lines = split_lines(text)
    out = []
    # a scan read back as text keeps a table's cells apart but not their columns' positions: the
    # cells are counted from the right there, as in a header that lost its gaps
    flat = not any(ln.text[:1].isspace() for ln in lines if ln.text.strip())
    for ln in lines:
        # a block beside the table ('Taxa  Incidência  Valor IVA      Total Descontos   16,20') is not its heading
        head = SIDE_TOTAL.sub("", ln.text)
        if amounts_in(head) or not TAX_TABLE_HEAD.search(head) or not TAX_TABLE_OTHER.search(head):
            continue
        cells = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", head)]
        # a scan that lost the header's column gaps ('Code Satz Total MWST'): one word a column, and
        # the columns counted from the right, where the amounts are
        collapsed = len(cells) < 3
        if collapsed:
            cells = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", head)]
        if len(cells) < 3:
            continue
        nxt_ln = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
        if nxt_ln is not None and not amounts_in(nxt_ln.text) and TAX_TABLE_HEAD.search(nxt_ln.text) and \
                len(re.findall(r"\S+(?: \S+)*", nxt_ln.text)) >= 3:
            continue  # a heading of two lines ('Central Tax   State Tax' over 'Rate  Amount  Tax Amount'): its second
        rows = []
        for nxt in lines[ln.index + 1 : ln.index + 13]:
            found = amounts_in(nxt.text, nxt.start)
            if len(found) >= 2:
                rows.append((nxt, found))
            elif rows and nxt.text.strip() and not found and not nxt.text[:1].isspace():
                break  # (an indented line of words is a row's description going on)
        total = [r for r in rows if TAX_TABLE_TOTAL.search(r[0].text)]
        row = total[-1] if total else rows[0] if len(rows) == 1 else None
        # (a 'Tax Rate' / 'VAT %' column prints rates, not the tax)
        tax_cells = [c for c in cells if TAX_TABLE_HEAD.search(c[2]) and not TAX_RATE_CELL.search(c[2])
                     and not TAX_EXCLUDED_CELL.search(c[2])]
        tax_cells.sort(key=lambda c: not TAX_TABLE_TOTAL.search(c[2]))  # "Total Tax Amount" first
        if per_rate and row is None and len(rows) >= 2 and tax_cells:
            s, e, _ = tax_cells[0]
            each = [_under(r[1], r[0], (s, e)) for r in rows]
            if all(c is not None for c in each):
                return [Candidate(c.raw, c.value, c.start, c.end, 1.0, "tax per rate") for c in each if c is not None]
        if row is None:
            continue
        for cell in tax_cells:
            k = len(cells) - cells.index(cell)
            if collapsed or flat:
                c = row[1][-k] if k <= len(row[1]) else None
            else:
                c = _under(row[1], row[0], (cell[0], cell[1]))
            if c is not None and Decimal(c.value) > 0:
                out.append(Candidate(c.raw, c.value, c.start, c.end, 1.3, "tax table"))
                break
        if out:
            break
    return out


def _first_label(line: str, words: tuple[str, ...]) -> tuple[int, tuple[int, int] | None]:
    """The rank in ``words`` of the first of them the line carries, and where it is printed."""
    low = line.lower()
    for rank, word in enumerate(words):
        m = _words_re((word,)).search(low)
        if m:
            return rank, m.span()
    return len(words), None


def _label_group(ln: Line, found: list[Candidate], label: tuple[int, int] | None) -> list[Candidate]:
    """The amounts that belong to the label on a line that holds more than one label: 'VAT £10.83'
    printed right after it, else those after it up to the next words ('Total Gross Pay 3,118.59
    Total Deductions 769.97': the first; 'TAX 8.81% ON 11.78  1.04': both, the last one the tax)."""
    if label is None:
        return found
    after = [c for c in found if c.start - ln.start >= label[1]]
    between = ln.text[label[1] : after[0].start - ln.start] if after else ""
    other = re.search(r"\s{2,}([A-Za-zÀ-ÿ]{3}[A-Za-zÀ-ÿ .&/-]*?)\s*$", between)
    if other and other.group(1) not in CURRENCY_CODES:
        # ('NET PAY      PHP 15,507.16': a currency code before the amount is no label)
        return []  # 'TAX CODES: G = GST only      SUBTOTAL   3,045.90': the amount is another label's
    if not after:
        # '… a late payment fee of S$100.00. If you pay the New Balance in full': an amount the
        # sentence before the label ends with is that sentence's
        found = [c for c in found if not re.search(r"[.!?]\s+[A-ZÀ-Ý]", ln.text[c.end - ln.start : label[0]])]
    if len(found) < 2:
        return found
    if not after:
        return found
    first = after[0]
    # right after it: a space or two, or a colon (not a column break of three spaces or more,
    # as a scan's row keeps between table cells: 'Income tax   4,381.31   921.45')
    if re.fullmatch(r"\s?[:.]\s{0,2}|\s{0,2}", ln.text[label[1] : first.start - ln.start]):
        return [first]
    group = [first]
    for c in after[1:]:
        if re.search(r"[A-Za-zÀ-ÿ]{2}", ln.text[group[-1].end - ln.start : c.start - ln.start]):
            break
        group.append(c)
    return group


def _under(found: list[Candidate], ln: Line, label: tuple[int, int]) -> Candidate | None:
    """The amount printed under a label of the line above (a table of one row), if one is."""
    centre = (label[0] + label[1]) / 2
    best = min(found, key=lambda c: abs((c.start + c.end) / 2 - ln.start - centre))
    s, e = best.start - ln.start, best.end - ln.start
    return best if s <= label[1] + 2 and e >= label[0] - 2 else None


# --- labelled text -----------------------------------------------------------
UNMARKED_LABEL = 0.2  # a label word with no colon after it

# Words that begin a label of two or three words ("Invoice Date:", "Date of birth:", "NHS No:"):
# before any other capitalised word a label is one word long, so a name keeps its surname
# ("Eileen Carter DOB:", "Hans Becker geb. am:").
_LABEL_HEADS = frozenset(
    "invoice due pay payment account sample order customer client date tax vat reference ref bill "
    "statement issue delivery document member policy employee patient hospital nhs mrn birth place "
    "period start end closing opening total net gross sort iban bic swift phone tel fax e-mail email "
    "rechnungs kunden konto steuer datum leistungs liefer zahlungs date numéro facture compte".split())
_CONNECTORS = frozenset("of de du des la le d' am an im von vom bis to for no no. nr nr. n° geb. date".split())


def _next_label(rest: str) -> int | None:
    """Where the next 'Label:' (or a wide gap) begins in ``rest``, if anywhere. A scan may glue
    the next label's value to its colon ("NHS No:485", "DOB:12-Jan")."""
    gap = re.search(r"\s{2,}|\t", rest)
    end = gap.start() if gap else len(rest)
    colon = re.search(r"(?<=\w)\.?:(?:\s|$|(?=\d))", rest[:end])
    if colon is None:
        return gap.start() if gap else None
    words = list(re.finditer(r"\S+", rest[: colon.start() + 1]))
    if len(words) < 2:
        return gap.start() if gap else None  # the value itself is one word: "12:30" and the like
    k = len(words) - 1
    while k > 1 and words[k - 1].group(0).lower() in _CONNECTORS:
        k -= 1  # "Date of birth", "geb. am"
    if k > 1 and words[k - 1].group(0).lower().rstrip(".") in _LABEL_HEADS:
        k -= 1  # "Invoice Date", "NHS No"
    if not words[k].group(0)[0].isalpha():
        return gap.start() if gap else None  # "… 2024 08:30": a time, not a label
    return words[k].start() - 1


def fold_accents(text: str) -> str:
    """'Médecin' → 'Medecin', 'à' → 'a', character for character (the length stays, so offsets
    found in the folded text hold in the original): OCR often loses accents."""
    return "".join(unicodedata.normalize("NFKD", ch)[0] if ch.isalpha() else ch for ch in text)


def _ocr_letters(word: str) -> str:
    """A label word's regex as a scan may read it: an l as 1, I or t ("Aussteltende"), a space
    before its full stop ("REF . BY"), a number sign the recogniser cannot read left out ('Nº
    factura' read 'N factura')."""
    return _NUMBER_SIGN.sub(r"\1[ºoO°]?(?![A-Za-zÀ-ÿ])", word.replace("l", "[l1It|]").replace(r"\.", r"\s?\."))


_NUMBER_SIGN = re.compile(r"(n(?:\\s\?\\\.)?)(?:\[ºoOº\]|[º°])")  # 'nº', 'n.º' as accent_optional writes them


_CJK = "[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"


@functools.lru_cache(maxsize=512)
def _label_pattern(label: str) -> re.Pattern[str]:
    """A label as printed or as OCR reads it: any case, accents optional, a speck of punctuation
    between its words ('Medecin. responsable :')."""
    colon = label.endswith(":")  # "Name           : Mr. …": a form pads the label to its colon
    words = [_ocr_letters(accent_optional(w)) for w in (label[:-1] if colon else label).split(" ") if w]
    # (a sign glued to the word before it by a scan: 'Invoice#:')
    body = "".join((r"[.,;]?\s*" if w == "\\#" or w == "#" else r"[.,;]?\s+") + w if i else w
                   for i, w in enumerate(words)) + (r"[^\S\n]*:" if colon else "")
    whole = "(?![^\\W\\d_])" if label[-1:].isalpha() else ""  # "plan", not "plantar"
    # (a form's leader dots between a label and its colon: "Médico.......: Dra. Luciana Barbosa", or
    # as a scan spaces them: "Paciente. . . . .:")
    # (a Chinese form's full-width colon '姓名：王建国')
    # (a bilingual form's gloss in Chinese, Japanese or Korean between the label and its colon:
    # 'Name 姓名      : CHEUNG WING YAN'; any letter before it, 'Fődiagnózis' is no 'diagnózis' label)
    return re.compile(rf"(?<![^\W\d_])(?P<label>{body}){whole}(?:[^\S\n]*{_CJK}{{1,8}}(?=[^\S\n]*:))?"
                      r"(?P<mark>\s*(?:(?:\.[^\S\n]?){2,}[^\S\n]*:|…+[^\S\n]*:|[:：#.]|(?:no|nr)(?:\.|(?![A-Za-zÀ-ÿ])))?\s*[:：#]?\s*)",
                      re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def _gap_label_pattern(label: str) -> re.Pattern[str]:
    """A 'Label:' whose colon a scan lost: the label begins its line and a wide gap follows it."""
    body = r"[.,;]?\s+".join(_ocr_letters(accent_optional(w)) for w in label[:-1].split(" ") if w)
    return re.compile(rf"^\s*(?P<label>{body})(?P<mark>[^\S\n]{{2,}})(?=[A-Za-zÀ-ÿ])", re.IGNORECASE)


# The word after a label that makes it a section heading ("PATIENT INFORMATION", "Follow-up and
# Dispositions", "DIAGNOSES FOR THIS VISIT"): the value is under it, not after it.
_HEADING_TAIL = re.compile(r"\s*(?:information|info|details|demographics|identification|appointments?|arrangements|"
                           r"(?:for\s+)?(?:this|today'?s|your)\s+visit|"
                           r"(?:and|&)\s+[A-Za-z][\w ]{0,25}?)\s*[:.,;-]?\s*$", re.IGNORECASE)  # (or a scan's speck)
# The word after a label that makes it the document's title ("Patient Report", "Patient Copy")
_TITLE_TAIL = re.compile(r"\s*(?:report|summary|copy|record|letter|leaflet|handout|portal)\s*$", re.IGNORECASE)
# "1. Akuter NSTEMI" under "Diagnosen:" (a scan may glue the number to the word: "1.Recurrent")
_NUMBERED = re.compile(r"(?:\d{1,2}[.)]|[-•*])(?:\s+(?=\S)|(?=[A-ZÀ-Ý][a-zà-ÿ]))")


# the rest of a label's line is only another column's label ("Bill to:          Ship to:")
# ("Bill To:          Invoice No :  NOI-240377": another block's label and its value)
OTHER_COLUMN_LABEL = re.compile(r"\s*:(?:\s{3,}|\t)\s*[A-Za-zÀ-ÿ][\w .'/-]{0,25}?\s?:(?:\s*$|\s+\S)")


def _label_under(lines: list[Line], ln: Line, col: int) -> bool:
    """Whether the line below holds another label in the label's column ('Account name   MS PRIYA
    RAMANATHAN' over 'Sort code   40-19-27'): a block of labels and their values, not a row of
    column headings with the values under them."""
    if ln.index + 1 >= len(lines):
        return False
    nxt = lines[ln.index + 1].text
    cell = next((c for c in re.finditer(r"\S+(?: \S+)*", nxt) if abs(c.start() - col) <= 1), None)
    return cell is not None and cell.group(0).split()[0].lower().rstrip(".:") in _LABEL_HEADS | {"iban", "bic"}


# the label of a name on the first line of a party's block under its heading
_NAME_LABEL = re.compile(r"\s*(?:nombre|name|nom|naam|nome|navn|nimi|név|raz[óo]n social|denominaci[óo]n)\s*:\s*",
                         re.IGNORECASE)
# a label's translation in another script after a slash ('Account Name / ชื่อบัญชี   MR. …', 'Internal ID /
# الرقم الداخلي:   INV-…'): the value follows the whole label
_GLOSS = r"[^\S\n]*/[^\S\n]*[^\x00-\u024f\s]+(?:[^\S\n][^\x00-\u024f\s]+)*"
_TRANSLATED_LABEL = re.compile(rf"{_GLOSS}(?:[^\S\n]*:)?[^\S\n]*")


def labelled_value(text: str, labels: tuple[str, ...], *, max_len: int = 80,
                   ranked: bool = False) -> list[Candidate]:
    """The text after ``Label:`` on the same line (up to a wide gap or the next label), or on the
    next line when the label stands alone (in the label's column when it heads one). With
    ``ranked`` the labels are in order of preference: a later one loses 0.05 a rank."""
    out = []
    lines = split_lines(text)
    patterns = [(label, _label_pattern(label)) for label in labels]
    # a scan loses a label's colon ("Consultant   Dr. P. S. Bhagat"): at a line's start, before a wide gap
    patterns += [(label, _gap_label_pattern(label)) for label in labels if label.endswith(":")]
    # a label that goes on from a shorter one ('diagnosis utama' after 'diagnosis') is tried before it:
    # 'Diagnosis Utama : Demam tifoid' is not the value 'Utama' of 'Diagnosis'
    order = sorted(range(len(patterns)), key=lambda i: (min(
        [j for j, (short, _) in enumerate(patterns) if patterns[i][0].startswith(short.rstrip(":") + " ")] + [i]),
        -len(patterns[i][0])))
    for ln in lines:
        for rank, (label, pattern) in ((i, patterns[i]) for i in order):
            m = pattern.search(ln.text)
            if not m:
                continue
            rest = ln.text[m.end():]
            start = ln.start + m.end()
            if re.match(r"['’]s\b|\)", ln.text[m.end("label"):]):
                continue  # "Buyer's Order No.": a possessive, not the label; "(cliente)": a gloss
            if not m.group("mark").strip() and not label.endswith(":") and \
                    re.search(r"[A-Za-zÀ-ÿ][,;]?\s?$", ln.text[: m.start()]):
                continue  # a label word inside a sentence ("My impression is"), not a label
            if ranked and m.group("mark").strip() == "." and re.search(r"[A-Za-zÀ-ÿ]\s$", ln.text[: m.start()]):
                continue  # the sentence ends with the word ("No hospital follow-up. GP review …")
            if not m.group("mark").strip() and _TITLE_TAIL.match(re.split(r"\s{2,}|\t", rest)[0]):
                continue  # "Patient Report", "Patient Copy": the document's title, not a label
            heading = not m.group("mark").strip() and _HEADING_TAIL.match(re.split(r"\s{2,}|\t", rest)[0])
            if heading:
                rest = ""  # the heading's own line may go on with another column's heading
            elif m.group("mark").strip().lower() in ("", ".", "no", "no.", "nr", "nr.", "#") and \
                    not label.endswith(":") and \
                    re.match(r"\s*(?:[.#]|no\.?|nr\.?)?\s{2,}\S", ln.text[m.end("label"):], re.IGNORECASE) \
                    and not re.search(r"\d", ln.text) and (len(re.findall(r"\S+(?: \S+)*", ln.text)) >= 3 or (
                        ln.text.isupper() and ln.index + 1 < len(lines) and
                        re.match(r"\s{0,3}(?:\S+ )*?\S*[a-z]", lines[ln.index + 1].text[m.start():]) is not None)) \
                    and not _label_under(lines, ln, m.start()):
                # a row of column headings ("Matricola   Cognome e nome   Codice fiscale", "INVOICE NO.
                # DATE   TERMS", "BILL TO      EVENT LOCATION" over a name in mixed case, not "BILL FOR
                # HANNAH J. CORTEZ" over "SERVICE ADDRESS ..."): the value is under it
                rest = ""
            elif re.fullmatch(r"\s*\([^()]{1,30}\)\s*", rest):
                rest = ""  # "Cessionario/committente (cliente)": a heading with its gloss, the value below
            if re.fullmatch(r"\s*(?:[/7lI|&]|and)\s*plan\s*[:.]?\s*", rest, re.IGNORECASE):
                rest = ""  # "ASSESSMENT / PLAN" (a scan reads the slash as a 7): a heading, its value below
            # (a bilingual label: 'Patient Name / اسم المريض     : ...'; a label that goes on in small
            # letters to its colon at the line's end: 'Diagnostic la externare:', its value below)
            # (its second half may be lost, as a scan of Arabic script loses it: 'Patient Name / : ...')
            compound = re.match(r"/\s*(?:[^\W\d_][\w ]{0,30})?:\s*", rest) or _TRANSLATED_LABEL.match(rest) or (
                not m.group("mark").strip() and re.fullmatch(r"[^\W\d_]{1,4}\s[^\W\d_][\w ]{0,25}:\s*", rest)) or (
                not m.group("mark").strip() and re.match(r"[A-Z][A-Z ]{1,20}:(?:\s+|$)", rest)) or (
                not m.group("mark").strip() and
                re.match(r"(?:with|care|instructions|appointments?|at discharge|on discharge)\s*:\s*", rest,
                         re.IGNORECASE))
            if compound and re.match(r"/?\s*(DATA|STUDIES|STUDY|TESTS?|RESULTS?|WORKUP|IMAGING)\b",
                                     compound.group(0), re.IGNORECASE):
                continue  # "DIAGNOSTIC DATA:": another heading that only begins with the label
            if compound:  # "ASSESSMENT/PLAN:", "FOLLOW-UP CARE:": the value follows the whole label
                rest, start = rest[compound.end():], start + compound.end()
            if OTHER_COLUMN_LABEL.match(ln.text[m.end("label"):]):
                rest = ""  # "Bill to:      Ship to:": two blocks side by side, this one's value is below
            below = False
            if not rest.strip() and ln.index + 1 < len(lines):
                nxt = lines[ln.index + 1]
                indent = len(nxt.text) - len(nxt.text.lstrip())
                indent = indent if indent <= m.start() + 4 else 0  # far to the right: another column (a stamp)
                rest, start, below = nxt.text[indent:], nxt.start + indent, True
                named = _NAME_LABEL.match(rest)
                if named:  # 'RECEPTOR' / 'Nombre:   CONSTRUCTORA …': the name after its own label
                    rest, start = rest[named.end():], start + named.end()
                col = m.start()
                if re.search(r"\S(?:\s{2,}|\t)$", ln.text[:col]):
                    # a label heading a column ("ORDERING PHYSICIAN" over "PATEL, NIKHIL"): the
                    # value is the cell of the line below that starts under it
                    cells = list(re.finditer(r"\S+(?: \S+)*", nxt.text))
                    cell = next((c for c in cells if abs(c.start() - col) <= 3), None)
                    heads = [c.start() for c in re.finditer(r"\S+(?: \S+)*", ln.text)]
                    if cell is None and col in heads and len(heads) == len(cells):
                        cell = cells[heads.index(col)]  # OCR text keeps the columns, not their alignment
                    if cell is None:
                        continue
                    rest, start = nxt.text[cell.start():], nxt.start + cell.start()
            # stop at a wide gap (two columns) or at the next "Label:" on the same line
            cut = _next_label(rest)
            if cut is not None:
                rest = rest[:cut]
            if below and (num := _NUMBERED.match(rest.lstrip())):
                start += len(rest) - len(rest.lstrip()) + num.end()
                rest = rest.lstrip()[num.end():]
            value = rest.strip().strip(",;")
            if not value or len(value) > max_len:
                continue
            lead = len(rest) - len(rest.lstrip())
            s = start + lead
            # "Patient: DOE, JANE" is a label; "LabCorp   Patient Report" only may be one
            marked = bool(re.search(r"[:#]|\bn[or]\.?\s*$", m.group(0), re.IGNORECASE)) or label.endswith(":") \
                or bool(compound)
            score = 1.0 - 0.01 * ln.index - (0.0 if marked else UNMARKED_LABEL) - (0.05 * rank if ranked else 0.0)
            out.append(Candidate(value, value, s, s + len(value), score, ("labelled " if marked else "") + label))
            break
    return out


_DOC_WORD = r"(?:invoice|tax invoice|factura|fatura|faktura|fattura|facture|rechnung|factuur|bill)"
# the document's title with its number right after it, on a line of its own or at its start
_TITLED_NUMBER = re.compile(rf"^\s*{_DOC_WORD}\s+(?P<n>(?-i:[A-Z]{{1,4}}\s)?(?-i:[A-Z0-9][A-Z0-9/.\-]*\d[A-Z0-9/.\-]*))"
                            rf"(?=\s{{2,}}|\s*$)",
                            re.IGNORECASE | re.MULTILINE)


def titled_number(text: str) -> list[Candidate]:
    """'FATURA FT 2024A/388', 'INVOICE INV-0042': a number printed right after the document's title
    (not a date, not 'Invoice 1 of 2')."""
    out = []
    for m in _TITLED_NUMBER.finditer(text):
        n = m.group("n")
        if find_dates(n) or re.fullmatch(r"\d{1,2}", n):
            continue
        out.append(Candidate(n, n, m.start("n"), m.end("n"), 0.6, "after the title"))
    return out[:1]


# 'Seria ECF nr. 004521' (Romanian), 'Serie A Nº 1287': the number after the series
_SERIES_NUMBER = re.compile(r"(?<![\w])seri[ae]\s*:?\s*[A-Z0-9][A-Z0-9-]{0,7}\s+(?:nr\.?|n[º°o]\.?|număr(?:ul)?|numero|número)"
                            r"\s*:?\s*(?P<n>[A-Z0-9][A-Z0-9/-]*\d[A-Z0-9/-]*)", re.IGNORECASE)


def series_number(text: str) -> list[Candidate]:
    """The document's number printed after its series ('Seria ECF nr. 004521': '004521')."""
    m = _SERIES_NUMBER.search(text)
    return [Candidate(m.group("n"), m.group("n"), m.start("n"), m.end("n"), 0.8, "after the series")] if m else []


_PARTY_HEADS = {"from": r"from|seller|supplier|sender|issued by|issuer|eladó|szállító|myyjä|emisor|vendedor|verkäufer|"
                        r"leverandør|säljare|sprzedawca",
                "to": r"to|bill to|billed to|invoice to|buyer|issued to|receiver|vevő|ostaja|receptor|comprador|käufer|"
                      r"kjøper|köpare|nabywca"}
# (a heading with its translation in another script: 'Receiver / المشتري')
_HEAD_TRANSLATION = rf"(?:{_GLOSS})?"


def party_under(text: str, side: str) -> list[Candidate]:
    """'From                To' / 'Rosalind Achterberg  Quillon Books Ltd': a heading row of the two
    parties only, the name under the heading of ``side``."""
    lines = split_lines(text)
    heads = re.compile(rf"(?:{_PARTY_HEADS['from']}|{_PARTY_HEADS['to']}){_HEAD_TRANSLATION}\s*:?", re.IGNORECASE)
    want = re.compile(rf"(?:{_PARTY_HEADS[side]}){_HEAD_TRANSLATION}\s*:?", re.IGNORECASE)
    for ln in lines[:-1]:
        cells = list(re.finditer(r"\S+(?: \S+)*", ln.text))
        if len(cells) != 2 or not all(heads.fullmatch(c.group(0)) for c in cells):
            continue
        if not re.match(rf"(?:{_PARTY_HEADS['from']}){_HEAD_TRANSLATION}\s*:?$", cells[0].group(0), re.IGNORECASE):
            continue  # the issuer's heading first, the customer's second
        mine = next((c for c in cells if want.fullmatch(c.group(0))), None)
        if mine is None:
            continue
        nxt = lines[ln.index + 1]
        under = list(re.finditer(r"\S+(?: \S+)*", nxt.text))
        below = next((c for c in under if abs(c.start() - mine.start()) <= 3), None)
        if below is None and len(under) == 2:
            below = under[cells.index(mine)]  # a scan's text keeps the two columns, not where they stand
        if below is not None and re.search(r"[A-Za-zÀ-ÿ]{2}", below.group(0)):
            return [Candidate(below.group(0), below.group(0), nxt.start + below.start(), nxt.start + below.end(), 1.2,
                              f"labelled {mine.group(0)}")]
    return []


# An IBAN printed to pay the bill ('IBAN: …') and one a sentence says money goes back to: the
# customer's own account ('Preplatok Vám vrátime … na účet SK26 …', 'we will refund to your account')
_IBAN_LABEL = re.compile(r"iban\s*[:.]?\s*$", re.IGNORECASE)
_REFUND_TO = re.compile(r"vrátime|vrátíme|refund|erstatten|zurücküberwiesen|rembours|terugstort|your account|"
                        r"ihr konto|votre compte|uw rekening", re.IGNORECASE)


def iban_candidates(text: str) -> list[Candidate]:
    out = []
    for s, e, v in find_ibans(text):
        before = text[text.rfind("\n", 0, s) + 1 : s]
        score = 1.0 + (0.2 if _IBAN_LABEL.search(before) else 0.0) - (0.5 if _REFUND_TO.search(before) else 0.0)
        out.append(Candidate(text[s:e], v, s, e, score, "checksum ok"))
    return sorted(out, key=lambda c: -c.score)


# --- issuer header and address (receipts, invoices) --------------------------
# The forms that end a company's name ("... SDN BHD", "... GmbH"); LEGAL_SUFFIX adds the words a
# business name is made of (HARDWARE, TRADING, RESTAURANT), which may carry on over a line break
# ('CO. REG : 860671-D', as a scan reads it 'CO. RFG', is the registration number's label).
_LEGAL_FORMS = (r"SDN\.?\s*[B38]HD|BHD|S/B|PLT|LTD|LIMITED|LLC|L\.L\.C|LLP|INC|CORP|CORPORATION|GMBH|AG|KG|"
                r"OHG|OG|UG|E\.\s?K|SARL|SAS|EURL|S\.A\.|SRL|SPA|S\.P\.A|BV|B\.V\.|NV|OY|OYJ|PTY|PTE|PLC|KFT|ZRT|NYRT|APS|LDA|S\.R\.O|"
                # Slovak / Czech, Greek, Ukrainian / Russian (before the name: 'ТОВ "…"'), Hebrew
                r"A\.S\.|Ο\.Ε\.|Ε\.Ε\.|Α\.Ε\.|Ε\.Π\.Ε\.|Ι\.Κ\.Ε\.|ΙΚΕ|ТОВ|ПП|ФОП|ПрАТ|ПАТ|ООО|ОАО|ПАО|ЗАО|АО|בע\"מ")
_BUSINESS_WORDS = (r"SA|AB|CO\.(?!\s*(?:R[EF]G|NO)\b)|COMPANY|ENTERPRISE|ENTERPRISES|TRADING|HOLDINGS|INDUSTRIES|RESTAURANT|"
                   r"RESTORAN|PHARMACY|FARMASI|MART|STORE|STORES|SHOP|MARKET|SUPERMARKET|HARDWARE|BAKERY|"
                   r"CAFE|KEDAI|GROUP")
# (a Japanese, Chinese or Korean company's form stands before or after its name, no space between)
_CJK_FORMS = r"株式会社|有限会社|合同会社|有限公司|주식회사|[(（]株[)）]"
LEGAL_SUFFIX = re.compile(rf"\b({_LEGAL_FORMS}|{_BUSINESS_WORDS})(?!\w)|{_CJK_FORMS}", re.IGNORECASE)
LEGAL_FORM = re.compile(rf"\b({_LEGAL_FORMS})(?!\w)\.?|{_CJK_FORMS}", re.IGNORECASE)
STOP_HEADER = re.compile(
    r"\b(TEL|TELEPHONE|PHONE|FAX|H/P|HP|GST|SST|VAT|REG|CO\.?\s*REG|ROC|COMPANY NO|INVOICE|RECEIPT|"
    r"CASHIER|DATE|TARIKH|TABLE|BILL|DOC|NO\s*:|EMAIL|E-MAIL|WWW|HTTP|TAX|ORDER|SALES|STAFF|"
    r"REPORT|RESULTS|STATEMENT|PAID|PAYSLIP|PAY SLIP|PRESCRIPTION|SUMMARY|RECHNUNG|FACTURE|BEFUND|"
    r"KONTOAUSZUG|RELEVÉ|RELEVE|PAGE|SEITE|BLATT|PAGINA|PÁGINA|COPY|DUPLICATE|ORIGINAL|NUMBER|PAY BY|CARRY OUT|DINE IN|"
    r"TAKE ?AWAY|COMPTE RENDU|TÉL|TÉLÉPHONE|TELEFON|SCANNED|CAMSCANNER|DUPLICATA|DUPLIKAT|KOPIE|COPIE)\b|TAX\s*INVOICE|\w*(?:BEFUND|AUSZUG|RECHNUNG)\b",
    re.IGNORECASE,
)
ADDRESS_HINT = re.compile(
    r"^\s*\d+[A-Z]?(?:[-/]\d+[A-Z]?)*\s*,|\bSS\s?\d+|"
    r"\bPTD?\s?\d+|(?-i:^\s*\d{1,4}[a-z]?\s+[A-ZÀ-Ý][a-zà-ÿ]+)|(?-i:^[A-ZÀ-Ý][a-zà-ÿß]+(?:[ -][A-ZÀ-Ýa-zà-ÿß][\wß.'’]*){0,3}\s\d{1,4}[a-z]?$)"
    r"|\b(RUE|AVENUE|AV\.|BOULEVARD|BD|ALLÉE|ALLEE|PLACE|CHEMIN|QUAI|IMPASSE|COURS|ROUTE|AUTOROUTE|RUA|AVENIDA|"
    r"TRAVESSA|ESTRADA|UL\.|ULICA)\s|\bCEP\s?\d{5}-?\d{3}\b|(?-i:\b\d{2}-\d{3}\s+[A-ZÀ-Ý][a-zà-ÿ]{2,})|"
    r"\w(?:STRASSE|STRAßE|STRABE|WEG|GASSE|PLATZ|ALLEE|DAMM|UFER)\b|\b(JALAN|JLN|JIN|LRG|SEK|TMN|LOT|NO\s?\.?\s*:?\s*(?:[A-Z]{1,2}-)*\d+[A-Z]?|TAMAN|LORONG|BATU|KM|STREET|ST\.|ROAD|RD\.?|AVENUE|AVE|LANE|"
    r"DRIVE|BLVD|STRASSE|STRAßE|STR\.|PLATZ|RUE|VIA|CALLE|RUA|AVDA\.|CTRA\.|UL\.|BLOCK|BLK|FLOOR|LEVEL|SUITE|UNIT|BANDAR|"
    r"KAMPUNG|KG\.?|PERSIARAN|SEKSYEN|SECTION|INDUSTRIAL|PERINDUSTRIAN|PLAZA|CENTRE|CENTER|"
    r"MALL|KUALA LUMPUR|SELANGOR|JOHOR|PENANG|PULAU PINANG|PERAK|KEDAH|MELAKA|PAHANG)\b"
    r"|\b\d{5}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
    r"|\b(?:POSTBUS|POSTFACH|P\.?\s?O\.?\s?BOX|APARTADO)\s*\d+"  # a post-office box
    r"|^\s*C/\s?\w",  # 'C/ de Sant Pere 27': a Spanish street (calle)
    re.IGNORECASE,
)


# address words that, on a line without a number, are as likely part of a shop's name:
# "PASAR MINI JIN SENG" (JIN is how OCR reads JLN), "SUNWAY MALL CAFE"
WEAK_HINT = re.compile(r"\b(JIN|KG|BATU|MALL|PLAZA|CENTRE|CENTER|KM|SEK)\b", re.IGNORECASE)


REG_LINE = re.compile(
    r"^\(?\s*(?:CO\.?\s*(?:REG|NO)\.?|COMPANY\s*(?:REG\.?\s*)?NO|ROC|BR\s*NO|REG\.?\s*NO|GST|SST|"
    r"BUSINESS\s*REG|SITE|STORE\s*(?:NO|#)|BRANCH)\b.*$"
    r"|^\(?[A-Z]{0,3}\s*[-:#.]?\s*\d[\d\s-]{3,}[A-Z]?\)?\.?$"
    r"|^\(?\s*\d{4,}-?[A-Z]\s*\)?$"
    # a long number under a label of ID or NO whatever the label's first word reads as
    # ('0ST ID. NO : 000181747712', 'TAX ID: 12345678')
    r"|^\(?.{0,12}\b(?:ID|NO)\.?(?:\s*NO\.?)?\s*[:#]\s*\d{8,}\W*$"
    # a tax or company number under its label ('RFC TGA980312KT4', 'CNPJ: 12.345.678/0001-95',
    # 'VAT No: 4870112233', 'NIP 676-123-45-67', 'Registered No. T5011101098342')
    r"|^\(?\s*(?:RFC|CNPJ|CPF|NIP|NIF|CIF|ABN|ACN|TRN|GSTIN|UEN|UID|VAT|TAX|MWST|UST|TVA|IVA|P\.?\s?IVA|BTW|KVK|"
    r"REGISTERED|REGISTRATION)\b[^\d]{0,12}[\dA-Z][\dA-Z./\s-]*\d{3}.*$",
    re.IGNORECASE,
)
TRAILING_REG = re.compile(
    r"\s*\(\s*[A-Z]{0,3}\s*\d[\d\s]*-?\s*[A-Z]?\s*\)\s*$|[,;:]\s*$"
    r"|\s+\(?\d{5,}-?[A-Z]\)?(?:\s*\([A-Z]{2,4}\))?\s*$"  # "S/B 273500-U (KSB)"
    r"|\s*\(\s*(?:CO\.?|COMPANY)\s*(?:REG\.?\s*)?NO\.?\s*[:.]?\s*[\dA-Z-]+\s*\)\s*$"  # "(CO. NO:20154-T)"
    r"|\s+#\s?\d+\s*$",  # "GREENWAY MARKET #0412": the store's number
    re.IGNORECASE,
)
CONTACT_LINE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
PHONE_LINE = re.compile(r"^[\s(+]*\d[\d\s()/.-]{6,}\d\.?$")
# "STORE (303) 555-0148", "Ph (02) 9387 5521": a word or two, then a number with an area code
LABELLED_PHONE = re.compile(r"^[A-Za-z.#]{1,12}(?:\s[A-Za-z.#]{1,12})?\s*[:.]?\s*(?=[\d(+\s]*\()[\s(+]*\d[\d\s()/.-]{8,}\d$")
# a line under a restaurant's or shop's name that says what it is ("Bistro & Bar"), not its name
TAGLINE = re.compile(r"(?:(?:bistro|bar|restaurant|brasserie|pub|grill|kitchen|café|cafe|coffee|bakery|deli|"
                     r"pizzeria|wine|cocktail|lounge|tea|room|dining|eatery|&|and|\+)\s*){1,4}", re.IGNORECASE)
# what a self-employed issuer does, printed under their name ("Freelance Editor & Proofreader")
PROFESSION = re.compile(r"\b(?:freelance|freelancer|self-employed|aut[oó]nom[oa]|editor|proofreader|copywriter|"
                        r"translator|traductor|traductora|übersetzer(?:in)?|designer|diseño|diseñador[a]?|"
                        r"ilustraci[oó]n|ilustrador[a]?|illustrat\w*|photograph\w*|fot[oó]graf\w*|consultant|"
                        r"consultor[a]?|berater(?:in)?|architect\w*|arquitect[oa]|developer|programmer|bookkeep\w*|"
                        r"accountant|abogad[oa]|avvocato|rechtsanwalt|steuerberater(?:in)?)\b", re.IGNORECASE)
# a line under a lab's name that says only what kind of lab it is ('BIOLAB VAL DE LOIRE' / 'Laboratoire
# de Biologie Médicale multisite', 'Clinical Laboratory'): generic words, no name of its own
LAB_KIND = re.compile(r"(?:(?:clinical|medical|medizinisches|klinisches)\s+)?(?:laboratoires?|laborator(?:y|ies)|labor|"
                      r"laboratorio|laboratório|laboratorium)(?:\s+(?:de|d['’]|of|für|di|voor|do|da|dei|des))?"
                      r"(?:\s+(?:biologie|biology|analyses|analysis|análisis|analisi|análises|clinical|medical|"
                      r"médicale|médicales|medizinische|klinische|clinique|clínico|clínicos|cliniche|medicine|"
                      r"multisite|multi-site|polyvalente|spécialisée|mediche|médicas|medizin))*", re.IGNORECASE)
# a line under the issuer's name listing what it does ('Traiteur - Réceptions - Plateaux repas',
# 'Plumbing · Heating · Gas'): phrases of words between spaced dashes, dots or bars, no number
SERVICE_LIST = re.compile(r"[^\W\d_][^\d\n]*?(?:\s[-–·•|]\s+[^\W\d_][^\d\n]*?)+")
# the legal mention of a company's capital ('SARL au capital de 15 000 €'), not its name
CAPITAL_LINE = re.compile(r"\b(?:au capital|capital social|capitale sociale|share capital|stammkapital|"
                          r"grundkapital)\b", re.IGNORECASE)
LEGAL_ONLY = re.compile(r"^(?:\(M\)\s*)?(SDN\.?\s*BHD|BHD|S/B|LTD|LIMITED|LLC|INC|GMBH|AG|PLC|CO\.?\s*(?:\(M\)\s*)?(?:SDN\.?\s*)?BHD)\.?$", re.IGNORECASE)


COUNTRY_END = re.compile(r"\b(MALAYSIA|SINGAPORE|GERMANY|DEUTSCHLAND|FRANCE|UNITED KINGDOM|UK|USA|"
                         r"UNITED STATES|NETHERLANDS|SPAIN|ITALY|AUSTRIA|SWITZERLAND)\.?\s*$", re.IGNORECASE)


def header_lines(text: str, limit: int = 14) -> list[Line]:
    lines = [ln for ln in split_lines(text) if ln.text.strip()]
    return lines[:limit]


# what a shop, pub or forecourt calls itself after its name ('HOLLINS LANE SERVICE STATION', 'THE
# COPPER KETTLE' / 'TAVERN & KITCHEN'): a name, though a street word ('Lane') is in it
_VENUE = (r"service station|filling station|petrol station|gas station|garage|motors|stores?|supermarket|"
          r"tavern|kitchen|restaurant|caf[eé]|bistro|brasserie|bakery|brewery|taproom|diner|deli|eatery|"
          r"pizzeria|steakhouse|grill|bar|pub|inn|hotel|market")
VENUE_TAIL = re.compile(rf"\b(?:{_VENUE})\s*$", re.IGNORECASE)
VENUE_LINE = re.compile(rf"(?:(?:{_VENUE})\s*(?:&|\+|and)\s*)+(?:{_VENUE})", re.IGNORECASE)


def _kind_of(body: str) -> str:
    """Rough role of a header line: reg(istration no.), phone, stop, addr(ess), name or other."""
    if REG_LINE.search(body) or CAPITAL_LINE.search(body):
        return "reg"
    raw_body, body = body, _clean_name(body)
    if not body:
        return "reg"
    if PHONE_LINE.match(body) or LABELLED_PHONE.match(body) or CONTACT_LINE.search(body):
        return "phone"  # a phone number, or an e-mail or web address: how to reach the issuer, no name
    if find_dates(body) or re.search(r"\d{1,2}:\d{2}", body):
        return "stop"
    if re.fullmatch(r"[\d.,'\s-]+", body) and re.search(r"\d\s{2,}-?\d|\d[.,']\d{3}(?!\d)", body):
        return "other"  # amounts ('220,000      12,000      8,000', '220,000'), no address
    if STOP_HEADER.search(body) and not LEGAL_SUFFIX.search(body):
        return "stop"
    if LABEL_VALUE.match(body) and not LEGAL_FORM.search(body) and not (
            ADDRESS_HINT.search(body) and re.search(r"\d", body)):
        return "stop"  # "Patient: Thomas Khan", "Eingang: 16.03.2024": a field, not a name
    if LEGAL_FORM.search(body.split("(")[0]) and not re.match(r"^\s*\d", body):
        return "name"  # "DION REALTIES SDN BHD (CO. NO:20154-T)": the number is its registration
    if ADDRESS_HINT.search(body) and (re.search(r"\d", body) or body.rstrip().endswith(",")):
        return "addr"
    if raw_body.count(",") >= 2 and re.search(r"\d", raw_body) and not LEGAL_FORM.search(raw_body):
        return "addr"  # "Levei 6, Bangunan TH, Damansara Uptown3": parts and a number, no name
    if raw_body.rstrip().endswith(",") and "," in raw_body.rstrip()[:-1]:
        return "addr"  # "CAR PARK OFFICE, BASEMENT 1,": parts of an address, comma-separated
    letters = sum(ch.isalpha() for ch in body)
    if letters >= 3 and letters / max(1, len(body)) >= 0.5:
        strong = ADDRESS_HINT.search(body if re.search(r"\d", body) else WEAK_HINT.sub(" ", body))
        return "addr" if strong and not LEGAL_SUFFIX.search(body) and not VENUE_TAIL.search(body) else "name"
    return "other"


DOC_TITLE = re.compile(
    r"(?:[\w'’.-]+\s){0,3}(?:REPORT|\w*BEFUND|\w*AUSZUG|STATEMENT(?: OF ACCOUNT)?|INVOICE|\w*RECHNUNG|FACTURE|"
    r"COMPTE RENDU[\w'’ ]*|RELEVÉ[\w ]*|RECEIPT|PRESCRIPTION|ORDONNANCE|REZEPT|SUMMARY|PAYSLIP|"
    r"PAY SLIP|BULLETIN DE (?:PAIE|SALAIRE)|LOHNABRECHNUNG|GEHALTSABRECHNUNG|DISCHARGE SUMMARY|ARZTBRIEF)",
    re.IGNORECASE,
)
LABEL_VALUE = re.compile(r"^[A-Za-zÀ-ÿ().'/ -]{2,30}\s?:\s*\S")
ORG_WORDS = re.compile(
    r"\b(LAB|LABS|LABOR|LABORATORY|LABORATOIRE|LABORATORIES|BANK|BANQUE|SPARKASSE|VOLKSBANK|"
    r"HOSPITAL|CLINIC|KLINIK|KLINIKUM|CLINIQUE|PRAXIS|CABINET|PATHOLOGY|DIAGNOSTICS|MEDICAL|HEALTH|"
    r"HEALTHCARE|PHARMACY|APOTHEKE|PHARMACIE|SURGERY|CENTRE|CENTER|SERVICES|SOCIETY)\b",
    re.IGNORECASE,
)


FORMER_NAME = re.compile(r"\b(formerly|previously|anciennement|vormals|ehemals)(\s+known\s+as)?\s*:?\s*$",
                         re.IGNORECASE)


def _left_column(line: str) -> str:
    """The first cell of a line laid out in columns, or of a 'Name · street · town' line."""
    return re.split(r"\s{3,}|\t|\s[·|•]\s", line.strip())[0]


def _clean_name(body: str) -> str:
    prev = None
    while prev != body:
        prev, body = body, TRAILING_REG.sub("", body).strip()
    return body


def _continues(prev: str, line: str) -> bool:
    """Whether ``line`` carries on the name begun on ``prev``: an open bracket, a leading '&', a
    line of what the place is ('TAVERN & KITCHEN'), or a line that starts with a legal form
    (ENTERPRISE, TRADING, SDN BHD...)."""
    if prev.count("(") > prev.count(")") or line.startswith(("&", ")")) or prev.endswith("&"):
        return True
    if VENUE_LINE.fullmatch(line) and not LEGAL_FORM.search(prev):
        return True  # "THE COPPER KETTLE" / "TAVERN & KITCHEN": what the place is, under its name
    if line.count(")") > line.count("(") and not prev.count(")") > prev.count("("):
        return True  # "ENTERPRISE CSETIA" / "ALAM) SDN BHD": the scan lost the opening bracket
    if LEGAL_FORM.search(prev):
        return False  # "... SDN BHD" is a whole name; "... HARDWARE" may carry on
    if line.startswith("(") and LEGAL_FORM.search(line):
        return True  # "PASAR RAYA MEGA MAJU" / "(SEMENYIH) SDN BHD"
    return bool(LEGAL_SUFFIX.match(line)) or (len(line.split()) == 1 and bool(LEGAL_SUFFIX.search(line)))


# a four-digit postcode and its town ending an address ('9000 Gent', '1012 AB Amsterdam', 'A-1010
# Wien'): Belgium, the Netherlands, Austria, Switzerland, Denmark, Norway...
_POSTCODE_TOWN = re.compile(r"(?<![\w.,])(?:[A-Z]{1,2}-)?\d{4}(?:\s?[A-Z]{2})?\s+[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s[A-ZÀ-Ý(][\w()'’-]*)?\s*$")


def _sender_line(body: str) -> str | None:
    """The name part of 'NAME LEGALFORM [·] street number [·] postcode town', else None."""
    m = LEGAL_FORM.search(body)
    if m is None or m.start() == 0:
        return None
    rest = body[m.end():].strip(" ·•|,-–")
    if rest and re.search(r"\d", rest) and (ADDRESS_HINT.search(rest) or _POSTCODE_TOWN.search(rest)) and len(rest) > 8:
        return body[: m.end()].rstrip(" ·•|,-–")
    return None


# the heading of the patient's block in a report's header, whose first line is the patient's name
_PATIENT_HEADING = re.compile(r"(?:patient(?:in|e)?|paciente|patiënt|paziente|pasient)(?:\s+(?:details|information|"
                              r"info|demographics|name|data))?\s*:?", re.IGNORECASE)
_HONORIFIC_ONLY = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Herr|Frau|Madame|Monsieur|Mme|Sr|Sra|Dhr|Mevr)\.?", re.IGNORECASE)


# the owner of a shop or practice printed under its name: 'della dr.ssa Chiara Benedetti', 'de M. Dupont'
_OWNED_BY = re.compile(r"(?:della|dello|del|di|de la|de|du|des|von|der|of)\s+(?:dr\.?(?:ssa)?|dott\.?(?:ssa)?|doctor|"
                       r"docteur|dra?\.|prof\.?|mr\.?|mrs\.?|ms\.?|m\.|mme|sig\.?(?:ra)?|herrn?|frau)\s*[A-ZÀ-Ý]",
                       re.IGNORECASE)


def company_candidates(text: str) -> list[Candidate]:
    """The issuer's name: the name line(s) right above the address block score highest, a legal
    form (SDN BHD, LTD, GMBH...) adds, and a name split over two lines ("POPULAR BOOK" /
    "CO. (M) SDN BHD") is joined."""
    head = header_lines(text)
    kinds = ["reg" if TAGLINE.fullmatch(ln.text.strip()) and i > 0 else _kind_of(_left_column(ln.text))
             for i, ln in enumerate(head)]
    # A line under a name that says what the business does is no second line of the name:
    # "STUDIO TECNICO ING. …" / "Progettazione strutturale - Direzione lavori - …" (a list of
    # services), "Marta Villanueva Roig" / "Diseño gráfico e ilustración" (a trade). One pass per
    # kind of line, services first.
    for trade in (SERVICE_LIST.fullmatch, PROFESSION.search, LAB_KIND.fullmatch):
        for i in range(1, len(head)):
            body = _left_column(head[i].text)
            if kinds[i] == "name" and kinds[i - 1] == "name" and trade(body) and not LEGAL_SUFFIX.search(body):
                kinds[i] = "reg"
    for i in range(1, len(head)):
        if kinds[i] == "name" and (_OWNED_BY.match(_left_column(head[i].text)) or _OWNER.match(_left_column(head[i].text))):
            kinds[i] = "reg"  # 'FARMACIA SAN LORENZO' / 'della dr.ssa Chiara Benedetti': whose it is, not its name
    first_addr = next((i for i, k in enumerate(kinds) if k == "addr" and i > 0), None)
    out: list[Candidate] = []
    found = addressee(text)
    addressees = {ln.index for ln in head if any(ln.start <= c.start and c.end <= ln.end for c in found)}
    # the lines of a person's address block under their name ('MR JAMES A WHITFIELD' / '9 VALLEY
    # MOUNT' / 'HARROGATE' / 'HG2 0JH'), down to the first blank line: theirs, not the issuer's
    every = split_lines(text)
    their_block: set[int] = set()
    for c in addressee(text, capitals=True):
        k = next(ln.index for ln in every if ln.start <= c.start <= ln.end) + 1
        while k < len(every) and every[k].text.strip():
            their_block.add(k)
            k += 1
    for i, ln in enumerate(head):
        if kinds[i] != "name" or _HONORIFIC_ONLY.fullmatch(ln.text.strip()):
            continue  # "Frau" over the name in a letter's address window is no company
        body = _left_column(ln.text)  # a two-column header: "VERTEX LLP        INVOICE"
        if re.fullmatch(r"[^:]{1,30}:\s*", body):
            continue  # a label alone in its column ('Odesílatel:   MUDr. Petr Svoboda'), not a name
        start, end = ln.start + (len(ln.text) - len(ln.text.lstrip())), ln.end
        label = LABEL_VALUE.match(body) and re.match(r"[^:]{2,30}?\s?:\s*", body)
        if label and LEGAL_FORM.search(body[label.end():]):
            body = body[label.end():]  # "Sold by: Brightcell Accessories Ltd": the name, not its label
            start += label.end()
        name = body
        joined_down = False
        # join a legal form on the next line, or a line ending with '&'
        if i + 1 < len(head) and kinds[i + 1] in ("name", "other", "addr") and (
            LEGAL_ONLY.match(head[i + 1].text.strip()) or body.endswith(("&", "-"))
            or (LEGAL_SUFFIX.search(head[i + 1].text) and not LEGAL_SUFFIX.search(body)
                and head[i + 1].text.strip().upper().startswith(("CO", "SDN", "BHD", "(M)")))
        ):
            name = body + " " + head[i + 1].text.strip()
            end = head[i + 1].end
            joined_down = True
        if LEGAL_ONLY.match(body) or _PATIENT_HEADING.fullmatch(body):
            continue  # (nor is the heading of the patient's block a name)
        j, first = i, body
        while j > 0 and i - j < 2 and kinds[j - 1] == "name" and _continues(head[j - 1].text.strip(), first):
            # "AIK HUAT HARDWARE" / "ENTERPRISE (SETIA" / "ALAM) SDN BHD": one name, three lines
            j -= 1
            first = head[j].text.strip()
            name = first + " " + name
            start = head[j].start + (len(head[j].text) - len(head[j].text.lstrip()))
        cleaned = _clean_name(name)
        if not cleaned:
            continue
        end = start + len(name) - (len(name) - len(name.rstrip())) if cleaned == name else end
        score = 1.0 - 0.06 * i
        why = []
        sender = _sender_line(cleaned)
        if sender:
            # "Cedar Tischlerei GmbH · Lindenallee 97 · 70173 Stuttgart": the sender line above a
            # letter's address window, name and address on one line (the dots often lost by OCR)
            cleaned = name = sender
            end = start + len(sender)
            score += 1.2
            why.append("sender line")
        if LEGAL_SUFFIX.search(name):
            score += 1.0
            why.append("legal form")
        if first_addr is not None:
            # lines between this name and the address that are only registration numbers or
            # the second half of the name do not count as distance
            gap = [k for k in kinds[i + 1 : first_addr] if k not in ("reg", "phone")]
            if joined_down:
                gap = gap[1:]
            if i < first_addr and len(gap) == 0:
                score += 1.2
                why.append("above address")
            elif i < first_addr and len(gap) == 1:
                score += 0.5
            elif i > first_addr:
                score -= 0.8
        if (re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", cleaned) and not ORG_WORDS.search(cleaned)) or (
            re.fullmatch(r"[A-Z]+(?: [A-Z]+){1,2}", cleaned) and i == 0 and not LEGAL_SUFFIX.search(name)
            and first_addr is not None and first_addr > 1
        ):
            score -= 0.3  # looks like a person's name (cashier, customer), not a business
        if i + 1 < len(head) and i <= 2 and DOC_TITLE.fullmatch(_left_column(head[i + 1].text)):
            score += 1.0  # "Labor Berlin" / "Laborbefund": the issuer heads the document's title
            why.append("above title")
        if i > 0 and FORMER_NAME.search(head[i - 1].text):
            score -= 1.5  # "formerly known as" / "GOLDEN ARCHES ...": the old name, not the issuer
            why.append("former name")
        if ln.index in addressees:
            score -= 1.5  # the person the letter or statement is for, above their street
            why.append("addressee")
        elif ln.index in their_block:
            score -= 1.5
            why.append("addressee's address")
        elif i > 0 and _PATIENT_HEADING.fullmatch(_left_column(head[i - 1].text)):
            score -= 1.5  # "Patient Details" / "HOLLOWAY, GRANT T" / "2290 Birchmont Dr": the patient's block
            why.append("under the patient's heading")
        if cleaned.count("(") > cleaned.count(")"):
            score -= 0.5  # "... ENTERPRISE (SETIA": the name goes on below
        out.append(Candidate(" ".join(cleaned.split()), " ".join(cleaned.split()),
                             start, start + len(cleaned) if cleaned != name else end,
                             score, ",".join(why)))
    out.sort(key=lambda c: -c.score)
    return out


POSTCODE_TOWN = re.compile(r"\b\d{5}\s+[A-Z]{3,}", re.IGNORECASE)
ADDRESS_LABEL = re.compile(r"^\s*(?:HQ\s+)?(?:ADD|ADDR|ADDRESS|ADRESSE|ANSCHRIFT)\s*[.:]\s*", re.IGNORECASE)
CONTACT_TAIL = re.compile(r"[,;]?\s*\b(TEL|TELEPHONE|PHONE|FAX|H/P|TÉL|TÉLÉPHONE|TELEFON)\b.*$", re.IGNORECASE)


_TABLE_HEAD = re.compile(r"(?<![\w])(?:artikel|menge|preis|qty|quantity|description|amount|price|item|betrag|"
                         r"descripci[oó]n|importe|cant|montant|prix|désignation|qté)(?![\w])", re.IGNORECASE)


def address_after(text: str, company_end: int, max_lines: int = 6) -> Candidate | None:
    """The address block: the lines after the issuer's name line (skipping registration numbers,
    a second name, a bracketed branch) up to a phone, tax, date or title line."""
    lines = split_lines(text)
    block: list[Line] = []
    skipped = 0
    for ln in lines:
        if ln.start < company_end:
            continue  # the rest of the name's line is its registration number, not the address
        body = ln.text.strip()
        if not body:
            if block:
                break
            continue
        kind = _kind_of(body)
        if kind == "reg" and ADDRESS_HINT.search(body) and POSTCODE_TOWN.search(body):
            kind = "addr"  # "SITE B 45400 SEKINCHAN SELANGOR"
        if kind == "reg":
            if block:
                break
            continue
        if block and body.startswith(":"):
            break  # ": 03-5569 5002": the value of a label on the line before (TEL)
        tail = CONTACT_TAIL.search(ln.text)
        if block and tail and ADDRESS_HINT.search(ln.text[: tail.start()]):
            block.append(_cut(ln, tail.start()))  # "81750 JOHOR BAHRU, JOHOR, TEL NO.: 07-…"
            break
        if block and ("@" in body or re.search(r"[A-Z]{3,}\s*:\s*\S", body)
                      and not re.match(r"^(NO|LOT|UNIT|BLOCK|BLK)\b", body, re.IGNORECASE)):
            break  # "CARELINE : 1800…", an e-mail: contact details follow the address
        if block and (re.search(r"(?<![\d.,])\d{1,6}[.,]\d\d(?![\d.,%])", body) or len(_TABLE_HEAD.findall(body)) >= 2):
            break  # a scan keeps no blank line: the items' header or first priced line follows the address
        if kind in ("stop", "phone"):
            if block:
                break
            skipped += 1
            if skipped > 3:
                break
            continue
        if not block:
            if kind not in ("addr",):
                if kind == "name" and not ADDRESS_HINT.search(body) and not body.endswith(","):
                    continue  # a branch or second name line before the address
                if kind == "other":
                    continue
            if LEGAL_FORM.search(body) or re.fullmatch(r"\(.*\)", body):
                continue  # another company name, "(JALAN KLANG LAMA)": not the street address
            label = ADDRESS_LABEL.match(ln.text)
            if label:
                ln = Line(ln.text[label.end():], ln.start + label.end(), ln.end, ln.index)
        block.append(ln)
        if len(block) >= max_lines or COUNTRY_END.search(body):
            break  # a country closes an address; what follows is a branch or shop name
    if not block or not any(ADDRESS_HINT.search(ln.text.strip()) for ln in block):  # (a centred slip indents its lines)
        return None
    joined = " ".join(ln.text.strip() for ln in block)
    lead = len(block[0].text) - len(block[0].text.lstrip())
    return Candidate(joined, joined, block[0].start + lead, block[-1].end, 1.0, f"{len(block)} lines")


def _cut(ln: Line, end: int) -> Line:
    body = ln.text[:end].rstrip(" ,;")
    return Line(body, ln.start, ln.start + len(body), ln.index)


# a doctor's title and name ('Dr. med. K. Braun', a Swiss 'Dre Anne Cuche', a letterhead's 'DR THANDEKA M. NKOSI')
_DOCTOR = re.compile(r"^\s*((?:Dre?\.?(?:\s?m[eé]d\.)?|DR\.?(?=\s+[A-Z][A-Z'’-]+\b)|Doctor|Docteur|Prof\.?(?:\s?Dr\.?)?|Dott\.(?:ssa)?|Dra\.)\s*(?<=[\s.])"
                     r"(?:[A-ZÀ-Ý][\w'.-]+|[A-ZÀ-Ý]\.?(?=\s+[A-ZÀ-Ý])|[a-zà-ÿ][\w'-]+(?=\s+[A-ZÀ-Ý]))"
                     r"(?:\s+[A-ZÀ-Ý][\w'.-]*){0,3}(?:,\s[A-ZÀ-Ý][A-ZÀ-Ý'-]+(?:\s[A-ZÀ-Ý][A-ZÀ-Ý'-]+)?)?)"  # an Irish "Ó" or an initial is one letter
                     # (a pharmacy label's 'Dr FORTIN, ISABELLE': the surname, a comma, the first name in capitals)
                     r"(?:,?\s+(?:MD|M\.D\.|DO|MBBS|FRCP|GP|BDS|DDS|DMD|MBChB|MRCGP|FRCS|PhD)(?:\s*\([^)]*\))?)*\s*$")
# the honorific is not part of the name a person searches for or exports
_TITLED = re.compile(r"^\s*(?:Mr|Mrs|Ms|Miss|Mx|Mme|Mlle|M\.|Herr|Frau|Sr\.|Sra\.|Sig\.(?:\s?(?:ra|na|a))?)\.?\s+([A-ZÀ-Ý][\w'.-]+"
                     r"(?:\s+[A-ZÀ-Ý][\w'.-]+){0,3}?(?:,\s[A-ZÀ-Ý][A-ZÀ-Ý'-]+(?:\s[A-ZÀ-Ý][A-ZÀ-Ý'-]+)?)?)"  # ('M. BOUCHER, DANIEL')
                     # "Herr Klaus Hoffmann, geb. 14.07.1951", "Mr R Sharma (45Y/M)": the birth date or age after
                     r"(?:,?\s+(?:geb\.|geboren|née?|born|DOB|D\.O\.B\.)\s.*|\s*\(\d[^)]*\))?\s*$")

_TITLE_CELL = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Mme|Mlle|M|Herr|Frau|Sr|Sra|Sig\.(?:\s?(?:ra|na|a))?)\.?")
# a titled name followed by a birth date inside a sentence: "wir berichten über Ihren Patienten
# Herrn Werner Hölscher, geb. 14.05.1953, …", "Mrs Jane Doe (DOB 02/03/1950) was seen": the person
# the letter is about
_TITLED_BORN = re.compile(r"(?<![\w.])(?:Herrn?|Frau|Mr|Mrs|Ms|Miss|Mx|Mme|Madame|Monsieur|Mlle|M\.|Sr\.|Sra\.|"
                          r"Sig\.(?:ra)?|Dhr\.|Mevr\.|"
                          # the Romanian form's 'pacientul/a POPESCU ELENA MARIA, născut/ă la data de 12.06.1958'
                          r"pacientul/a|pacientul|pacienta)\.?\s+([A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){1,3}?)"
                          r",?\s+\(?(?:geb\.|geboren|née?|born|DOB|D\.O\.B\.|date of birth|nat[oa]|nacid[oa]|"
                          r"nascid[oa]|ur\.|n[ăa]scut(?:/[ăa]|[ăa])?)(?:\s?(?:am|le|on|il|el|em|la data de))?\s?:?\s?\d")


# The directions of a prescription or pharmacy label: "TAKE 1 TABLET BY MOUTH TWICE DAILY"
DIRECTIONS = re.compile(r"^\s*(?:sig:?\s*)?(?:take|use|apply|inhale|inject|instil|insert|dissolve|chew|"
                        r"nehmen|einnehmen|prendre)\b", re.IGNORECASE)
_LABEL_NAME = re.compile(r"^\s*([A-Z][A-Za-zÀ-ÿ'’-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][A-Za-zÀ-ÿ'’-]+){1,2})\s*$")


def name_above_directions(text: str, limit: int = 15) -> list[Candidate]:
    """A pharmacy label prints the patient's name on its own line right above the directions."""
    lines = [ln for ln in split_lines(text)[:limit] if ln.text.strip()]
    out = []
    for i, (above, below) in enumerate(zip(lines, lines[1:], strict=False)):
        m = _LABEL_NAME.match(above.text)
        if not m or ORG_WORDS.search(m.group(1)) or LEGAL_SUFFIX.search(m.group(1)):
            continue
        s = above.start + m.start(1)
        if DIRECTIONS.match(below.text):
            out.append(Candidate(m.group(1), m.group(1), s, s + len(m.group(1)), 0.6, "name above directions"))
        elif i and _RX_NUMBER_LINE.match(lines[i - 1].text):  # a US label: the Rx number's line, then the name
            out.append(Candidate(m.group(1), m.group(1), s, s + len(m.group(1)), 0.5, "name below Rx number"))
    return out


_RX_NUMBER_LINE = re.compile(r"^\s*Rx\s?(?:#|No\.?|Number)?\s?:?\s?\d{5,}", re.IGNORECASE)


_RECORD_ID = re.compile(r"(?:MRN|DOB|D\.O\.B\.?|Date of birth|NHS\s?(?:No|Number)|Hospital\s?No|URN|"
                        r"Patient\s?ID|Health\s?#|Geburtsdatum|Date de naissance|Fecha de nacimiento|"
                        r"Data di nascita|Data de nascimento|Geboortedatum)\b\s*[:#.]?", re.IGNORECASE)


def name_before_record_id(text: str, limit: int = 8) -> list[Candidate]:
    """A name printed unlabelled at the top with the patient's record number or birth date next
    to it ('Jennifer Walsh   MRN: 40028812'): the person the record is about."""
    out = []
    for ln in split_lines(text)[:limit]:
        cells = list(re.finditer(r"\S+(?: \S+)*", ln.text))
        # (the birth date may be in brackets: 'Darnell J. Whitaker  (DOB: 4/2/1959)   MRN: 80027741')
        if len(cells) >= 2 and _PERSON.fullmatch(cells[0].group(0)) and _RECORD_ID.match(cells[1].group(0).lstrip("(")):
            name, s = cells[0].group(0), ln.start + cells[0].start()
        else:
            # a scan's text may keep one space of the gap ('Jennifer Walsh MRN: 40028812')
            m = _NAME_THEN_RECORD_ID.match(ln.text)
            if not m:
                continue
            name, s = m.group(1), ln.start + m.start(1)
        if not (ORG_WORDS.search(name) or LEGAL_SUFFIX.search(name)):
            out.append(Candidate(name, name, s, s + len(name), 0.6, "name before record number"))
    return out


def titled_person(text: str, *, doctor: bool, limit: int = 25) -> list[Candidate]:
    """Unlabelled names that stand alone on a line near the top: 'Dr Helen Shaw' (a clinician)
    or 'Mrs Grace Smith' (a patient or customer)."""
    out = []
    pattern = _DOCTOR if doctor else _TITLED
    for ln in split_lines(text)[:limit]:
        # the name may stand in a column of its own ("67 yrs     Mr David Thompson"), a form may pad
        # the title ("Sig.ra  FONTANA GIULIA      Nata il: …")
        cells = list(re.finditer(r"\S+(?: \S+)*", ln.text))
        for k, cell in enumerate(cells):
            whole = cell.group(0)
            if not doctor and k + 1 < len(cells) and _TITLE_CELL.fullmatch(whole) and \
                    cells[k + 1].start() - cell.end() <= 3:
                whole = ln.text[cell.start():cells[k + 1].end()]
            m = pattern.match(whole)
            if m:
                s = ln.start + cell.start() + m.start(1)
                out.append(Candidate(m.group(1), m.group(1), s, s + len(m.group(1)), 0.7 - 0.01 * ln.index,
                                     "titled name"))
                break
        else:
            m = None if doctor else _TITLED_BORN.search(ln.text)
            if m:
                s = ln.start + m.start(1)
                out.append(Candidate(m.group(1), m.group(1), s, s + len(m.group(1)), 0.7 - 0.01 * ln.index,
                                     "titled name, born"))
    return out


# (a scan reads O' as 0' and leaves specks after words: "0'Connor", "Sophie. Moreau")
_NAME_WORD = r"(?:Mc|Mac|[O0]['’])?[A-ZÀ-Ý][a-zà-ÿß]+(?:[-'’][A-ZÀ-Ý]?[a-zà-ÿß]+)*\.?"
# OCR mistakes the case of letters whose capital is the small letter made big (o, c, s, v, w, x,
# z): "oliver Williams" is a name when the words after it are capitalised
_OCR_LOW_FIRST = r"[coszvwx][a-zà-ÿß]+(?=\s+[A-ZÀ-Ý])"
_PERSON = re.compile(rf"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|M|Mme|Herr|Frau)\.?\s+)?"
                     rf"(?:{_NAME_WORD}|{_OCR_LOW_FIRST})(?:\s+(?:[A-ZÀ-Ý]\.\s+)?{_NAME_WORD}){{1,3}}")
_NAME_THEN_RECORD_ID = re.compile(rf"\s*({_PERSON.pattern})\s+(?=\(?{_RECORD_ID.pattern}\s*\d)")
# a company the document is addressed to ("Vertex Joinery LLP" above "119 Mill Lane")
_ADDRESSED_COMPANY = re.compile(rf"[A-Z0-9][\w&'’.,-]*(?:\s+[\w&'’.,-]+){{0,5}}\s+(?:{_LEGAL_FORMS})\.?", re.IGNORECASE)
# ('B-704, Vasant Vihar': a flat's block letter and number)
_STREET = re.compile(r"^\s*(?:\d+[A-Za-z]?(?:[-/]\d+)?[.,]?\s+\S|[A-Z]{1,2}[-/]\d{1,4}[A-Za-z]?,?\s+\S|"
                     r"\S.*\s\d+[A-Za-z]?(?:[-/]\d{1,3}[A-Za-z]?)?$|"
                     r"(?:unit|flat|apt\.?|apartment|suite|level)\s+\d+\w?\b)", re.IGNORECASE)  # "97. allée": a speck
# a name printed in capitals on a statement's or payslip's address block ("KEVIN O'BRIEN")
# the owner of a business printed under its name in an address ('Inh. Marta Szymanski', 'Prop. R. Shah')
_OWNER = re.compile(r"(?:Inh\.|Inhaber(?:in)?:?|Prop\.|Proprietor:?|Owner:?|Titolare:?|Propriétaire:?|Eigenaar:?)\s+"
                    r"(?=[A-ZÀ-Ý])")
_HONORIFIC_NAME = re.compile(r"(?:Herrn?|Frau|Firma|Mr|Mrs|Ms|Madame|Monsieur|Spett\.le|An|To|Attn\.?)\s*",
                             re.IGNORECASE)
_UPPER_PERSON = re.compile(r"(?:(?:MR|MRS|MS|MISS|DR|M)\.?\s+)?[A-Z][A-Z'’-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][A-Z'’-]+){1,2}")
# a line of a card's or account's details is not a street ("Account ending in 7731")
_NOT_STREET = re.compile(r"\b(account|acct|ending|card|number|konto|compte|page|blatt|seite|sheet|pagina|página)\b",
                         re.IGNORECASE)


def addressee(text: str, limit: int = 20, *, capitals: bool = False) -> list[Candidate]:
    """A person's name on its own (left-column) line with a street line right below it: how
    letters, statements and bills print the person they are for ('Thomas Taylor' / '140 High
    Street' / 'Bristol BS1 6QA'). With ``capitals`` a name in capitals counts too ('ANGELA M.
    TORRES' / '4410 N CLARK ST'): asked for a person, not when telling a shop's name apart."""
    lines = split_lines(text)[:limit]
    out = []
    for k, ln in enumerate(lines[:-1]):
        left = re.split(r"\s{3,}|\t", ln.text.strip())[0]
        owner = _OWNER.match(left)
        if owner and k > 0 and _PERSON.fullmatch(left[owner.end():]):
            # 'Café Lindenblüte' / 'Inh. Marta Szymanski' / 'Lindenplatz 3': the business its owner
            # runs is the addressee, the line above the owner's
            ln, k_name = lines[k - 1], k - 1
            left = re.split(r"\s{3,}|\t", ln.text.strip())[0]
            m = len(re.findall(r"[^\W\d_]", left)) >= 3 and not re.search(r"\d", left) and \
                not _HONORIFIC_NAME.fullmatch(left)
        else:
            k_name = k
            m = _PERSON.fullmatch(left) or _ADDRESSED_COMPANY.fullmatch(left) or (
                capitals and _UPPER_PERSON.fullmatch(left) and not ORG_WORDS.search(left)
                and not LEGAL_SUFFIX.search(left) and any(x.text.strip() for x in lines[:k]))  # not the header
        if not m:
            continue
        below = re.split(r"\s{3,}|\t", lines[k + 1].text.strip())[0]
        if not _STREET.match(below) or _NOT_STREET.search(below):
            continue
        above = re.split(r"\s{3,}|\t", lines[k_name - 1].text.strip())[0] if k_name > 0 else ""
        if k_name == k and _PERSON.fullmatch(left) and _ADDRESSED_COMPANY.fullmatch(above) and \
                any(LEGAL_FORM.search(x.text) for x in lines[: k_name - 1]):
            # 'Pirkanmaan Tilitoimisto Lehtonen Oy' / 'Riikka Lehtonen' / 'Satakunnankatu 18 A 4': the
            # company is addressed, the person under it is its contact
            ln, k_name, left = lines[k_name - 1], k_name - 1, above
        if LEGAL_FORM.search(left) and not any(LEGAL_FORM.search(x.text) for x in lines[:k_name]):
            continue  # a company above its street is the issuer's header, unless an issuer came first
        s = ln.start + ln.text.index(left)
        out.append(Candidate(left, left, s, s + len(left), 0.8 - 0.01 * k_name,
                             "name above street" if k_name == k else "business above its owner"))
    return out


# the last line of an address: a postcode and town ('69002 Lyon', '1012 AB Amsterdam', 'D-35578
# Wetzlar'), a British postcode, or a US state and ZIP ('LITTLETON CO 80128')
_TOWN_LINE = re.compile(r"(?:[A-Z]{1,2}-)?\d{4,5}(?:\s?[A-Z]{2})?\s+[A-ZÀ-Ý].*|.*\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|"
                        r".*\b[A-Z]{2}\s+\d{5}(?:-\d{4})?")
_WINDOW_INDENT = 20
# a salutation contracted with a stop inside ('Spett.le', 'Gent.mo', 'Egr.'), as a scan may read it
# ('Spelt.le'): no addressee's name
_SALUTATION_WORD = re.compile(r"[A-Za-z]{2,6}\.(?:[a-z]{1,3}\.?)?")


def window_addressee(text: str, limit: int = 40) -> list[Candidate]:
    """The first line of an address block standing alone on the right of a letter's first page,
    where an envelope's window shows it (French, German, Belgian, Italian letters): three to six
    lines starting at the same column far from the margin with nothing to their left, one of them
    (after the first) a postcode and town. A salutation on a line of its own ('Spett.le', 'Herrn')
    is skipped; the issuer's own block, first on the page, is not taken."""
    lines = split_lines(text)[:limit]
    out: list[Candidate] = []
    k = 0
    while k < len(lines):
        ln = lines[k]
        lead = len(ln.text) - len(ln.text.lstrip())
        if lead < _WINDOW_INDENT or not ln.text.strip():
            k += 1
            continue
        j = k + 1
        # (a scan's text or a PDF's may shift a line of the block by a column)
        while j < len(lines) and lines[j].text.strip() and \
                abs(len(lines[j].text) - len(lines[j].text.lstrip()) - lead) <= 2:
            j += 1
        block = lines[k:j]
        above = lines[k - 1].text if k else ""
        k = j
        if not 3 <= len(block) <= 6 or (above.strip() and abs(len(above) - len(above.lstrip()) - lead) <= 2) or \
                not any(x.text.strip() for x in lines[: block[0].index]) or \
                any(re.search(r"\S(?:\s{3,}|\t)\S", b.text.strip()) for b in block) or \
                not any(_TOWN_LINE.fullmatch(b.text.strip()) for b in block[1:]):
            continue
        first = next((b for b in block if not _HONORIFIC_NAME.fullmatch(b.text.strip())
                      and not _SALUTATION_WORD.fullmatch(b.text.strip())), None)
        name = first.text.strip() if first is not None else ""
        if first is None or first is block[-1] or len(re.findall(r"[^\W\d_]", name)) < 3 or re.search(r"\d|:", name):
            continue
        s = first.start + first.text.index(name)
        out.append(Candidate(name, name, s, s + len(name), 0.7, "address window"))
    return out


CLOSING = re.compile(
    r"^\s*(?:\w+['’.,]?\s){0,3}(sincerely|faithfully|regards|wishes|respectfully|grüßen|grüssen|grüße|gr[uü]ben|"
    r"hochachtungsvoll|groeten|groet|cumprimentos|saludos|saluti|cordialement|confraternellement|bien à vous|salutations distinguées|"
    r"veuillez agréer.*|.*\b(?:nos|mes)\s+(?:\w+\s+)?salutations(?:\s+\w+){0,2})\s?[,.!;:]?\s*$",  # (a scan's speck: "Yours' sincerely", "Kind regards ,")
    re.IGNORECASE,
)


def signatory(text: str) -> list[Candidate]:
    """The clinician who signs a letter: the doctor's name in the lines after 'Yours sincerely',
    'Mit freundlichen Grüßen', 'Cordialement' (not the colleague it is addressed to)."""
    lines = split_lines(text)
    out = []
    for ln in lines:
        if not CLOSING.match(ln.text):
            continue
        after = _following(lines, ln, 3)
        for k, nxt in enumerate(after):
            # two signatures side by side ("Dr. med. Judith Sommer      Jonas Reuter"): the first signs
            # first (the senior doctor, with the junior who wrote the letter beside)
            left = _left_column(nxt.text)
            at = nxt.start + (nxt.text.index(left) if left else 0)
            m = _DOCTOR.match(left)
            if m:
                s = at + m.start(1)
                out.append(Candidate(m.group(1), m.group(1), s, s + len(m.group(1)), 1.2, "signed the letter"))
                break
            # a therapist, nurse or psychologist signs without "Dr": the name, then the role below it
            m = _PERSON.fullmatch(left)
            if m and k + 1 < len(after) and _CLINICIAN_ROLE.search(after[k + 1].text):
                name = m.group(0)
                s = at
                out.append(Candidate(name, name, s, s + len(name), 1.1, "signed the letter"))
                break
    return out


# the rule a doctor signs on, with the name and the role printed under it ('______' / 'ANDRÉS FELIPE
# CÁRDENAS ROJAS' / 'Médico General')
# (a rule may end with the title the signer's name takes: '___________ M.D.'); a line asking for the
# signature and the name in full stands where the rule would ('(Ký, ghi rõ họ tên)', '(firma y sello)')
_SIGNATURE_RULE = re.compile(r"^\s*(?:(?:_{8,}|\.{10,}|-{10,})(?:\s?M\.?D\.?)?|"
                             r"\((?:ký|signature|sign|firma|assinatura|podpis|підпис|подпись)\b[^)]*\))\s*$", re.IGNORECASE)
_SIGNER_ROLE = re.compile(r"^\s*(?:médic[oa]|medic|medico|médecin|arzt|ärztin|lekarz|lääkäri|orvos|doctor|doktor|"
                          r"physician|general practitioner|lic(?:ense|ence)?\.?\s?no\.?|prc\s?(?:lic|no)\w*)\b", re.IGNORECASE)
# a Vietnamese doctor's title before the name: 'BS.', 'BS.CKI.', 'ThS.BS.' (and the name's letters)
_VI_DOCTOR = re.compile(r"(?:(?:ThS|TS|PGS\.\s?TS|GS\.\s?TS)\.\s?)?BS\.(?:\s?CK(?:I{1,2}|[12])\.)?\s+"
                        r"[^\W\d_]+(?:\s[^\W\d_]+){1,3}")
# credentials after a name signed in capitals ('MARIA CLARA G. SANTOS, M.D.')
_SIGNED_CREDENTIALS = re.compile(r",?\s+(?:M\.D\.|MD|FPCP|FPPS|DPBO)(?:,?\s+(?:M\.D\.|MD|FPCP|FPPS|DPBO))*\s*$")


_CAPITALS_NAME = re.compile(r"[A-ZÀ-ÖØ-ÝĀ-Ž][A-ZÀ-ÖØ-ÝĀ-Ž'’-]+(?:\s+[A-ZÀ-ÖØ-ÝĀ-Ž][A-ZÀ-ÖØ-ÝĀ-Ž'’.-]*){1,4}")


def signed_under_rule(text: str) -> list[Candidate]:
    """The doctor whose name is printed under a signature rule, over the doctor's role ('Médico
    General', no label's colon); in the last third of the page the rule may be missing (a scan
    loses a line of underscores)."""
    lines = split_lines(text)
    out = []
    for ln in lines:
        after = _following(lines, ln, 1)
        above = next((x for x in reversed(lines[: ln.index]) if x.text.strip()), None)
        asked = above is not None and above.text.strip().startswith("(") and _SIGNATURE_RULE.match(above.text)
        if not asked and (not after or ":" in after[0].text or not _SIGNER_ROLE.match(after[0].text)):
            continue  # (under a line asking for the signature and the name no role need follow)
        left = _left_column(ln.text)
        if not left or left != ln.text.strip() or ":" in left:
            continue  # the name alone on its line
        if (cred := _SIGNED_CREDENTIALS.search(left)) and cred.start() > 3:
            left = left[: cred.start()]
        m = _DOCTOR.match(left) or _PERSON.fullmatch(left) or _CAPITALS_NAME.fullmatch(left) or _VI_DOCTOR.fullmatch(left)
        if not m:
            continue
        ruled = above is not None and _SIGNATURE_RULE.match(above.text) is not None
        if not ruled and ln.start < 2 * len(text) / 3:
            continue
        name = m.group(1) if m.re is _DOCTOR else m.group(0)
        s = ln.start + ln.text.index(left) + (m.start(1) if m.re is _DOCTOR else 0)
        out.append(Candidate(name, name, s, s + len(name), 1.1 if ruled else 1.0, "signed under the rule"))
    return out


_CLINICIAN_ROLE = re.compile(r"\b(?:physiotherapist|physical therapist|occupational therapist|therapist|nurse|"
                             r"midwife|psychologist|dietitian|podiatrist|pharmacist|practitioner|consultant|"
                             r"physician|surgeon|registrar|psychiatrist|clinician|counsellor|counselor)\b",
                             re.IGNORECASE)
