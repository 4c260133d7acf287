"""List rows read by rules: line items, transactions, lab results, medications; and their checks."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .entities import Extraction, Field, Row
from .normalize import find_dates, format_amount
from .rules import amounts_in, split_lines

_STOP_ITEMS = re.compile(r"\b(sub\s*-?total|total|jumlah|tax|gst|vat|sst|cash|change|rounding|"
                         r"balance|amount due|net|summe|gesamt|mwst)\b", re.IGNORECASE)
_QTY = re.compile(r"(?:^|\s)(\d{1,3})\s*[xX@*]\s*|\bqty\s*:?\s*(\d{1,3})\b", re.IGNORECASE)


def _cell(name: str, raw: str, value: str | None, start: int, end: int, kind: str = "text",
          confidence: float = 0.7) -> Field:
    return Field(name=name, raw=raw, value=value, type=kind, span=(start, end),
                 confidence=confidence, grounded=True, source="rule")


def line_items(text: str) -> list[Row]:
    """Lines with a description and a closing amount, above the first total line."""
    rows: list[Row] = []
    for ln in split_lines(text):
        body = ln.text.strip()
        if _STOP_ITEMS.search(body):
            if rows:
                break
            continue
        amounts = amounts_in(ln.text, ln.start)
        if not amounts:
            continue
        desc = ln.text[: amounts[0].start - ln.start].strip(" .:-\t")
        desc = _QTY.sub(" ", desc).strip()
        letters = sum(ch.isalpha() for ch in desc)
        if letters < 3 or find_dates(desc):
            continue
        last = amounts[-1]
        dstart = ln.start + ln.text.find(desc) if desc in ln.text else ln.start
        row: Row = {
            "description": _cell("description", desc, " ".join(desc.split()), dstart, dstart + len(desc)),
            "amount": _cell("amount", last.raw, last.value, last.start, last.end, "money"),
        }
        m = _QTY.search(ln.text)
        if m:
            q = m.group(1) or m.group(2)
            qs = ln.start + (m.start(1) if m.group(1) else m.start(2))
            row["quantity"] = _cell("quantity", q, q, qs, qs + len(q), "number")
        if len(amounts) >= 2:
            up = amounts[-2]
            row["unit_price"] = _cell("unit_price", up.raw, up.value, up.start, up.end, "money")
        rows.append(row)
    return rows


def transactions(text: str) -> list[Row]:
    """Statement lines that start with a date and end with one or two amounts."""
    rows: list[Row] = []
    for ln in split_lines(text):
        dates = find_dates(ln.text)
        if not dates or dates[0][0] > 3:
            # statements also print short dates like "05/03"
            m = re.match(r"\s*(\d{1,2})[./](\d{1,2})(?![./]\d)", ln.text)
            if not m:
                continue
            d_raw, d_val, d_s, d_e = m.group(0).strip(), None, ln.start + m.start(1), ln.start + m.end()
        else:
            s, e, date = dates[0]
            d_raw, d_val, d_s, d_e = ln.text[s:e], date.isoformat(), ln.start + s, ln.start + e
        amounts = [a for a in amounts_in(ln.text, ln.start) if a.start >= d_e]
        if not amounts:
            continue
        desc = ln.text[d_e - ln.start : amounts[0].start - ln.start].strip()
        if not desc or re.search(r"balance|solde|saldo", desc, re.IGNORECASE) and len(amounts) == 1:
            continue
        row: Row = {
            "date": _cell("date", d_raw, d_val, d_s, d_e, "date"),
            "description": _cell("description", desc, desc, ln.start + ln.text.find(desc),
                                 ln.start + ln.text.find(desc) + len(desc)),
            "amount": _cell("amount", amounts[0].raw, amounts[0].value, amounts[0].start, amounts[0].end, "money"),
        }
        if len(amounts) >= 2:
            b = amounts[-1]
            row["balance"] = _cell("balance", b.raw, b.value, b.start, b.end, "money")
        rows.append(row)
    return rows


_UNIT = (r"(?:%|g/dl|g/l|mg/dl|mg/l|mmol/l|µmol/l|umol/l|nmol/l|pmol/l|mmol/mol|iu/l|u/l|miu/l|"
         r"mu/l|µiu/ml|uiu/ml|miu/ml|ng/ml|ng/dl|pg/ml|µg/l|ug/l|mcg/l|x10\^?9/l|x10\^?12/l|10\^9/l|"
         r"10\^12/l|/µl|/ul|/hpf|fl|pg|mm/hr?|sec|s|ratio|meq/l|ml/min(?:/1\.73\s?m2)?|cells/µl|k/µl|"
         r"k/ul|m/µl|m/ul|thou/µl|mill/µl)")
_LAB_ROW = re.compile(
    rf"^\s*(?P<test>[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ,()/\-+.']{{1,48}}?)[\s:.]+"
    rf"(?P<value>[<>]?\s?-?\d+(?:[.,]\d+)?)\s*(?P<flag1>\b[HL]\b|\*|↑|↓)?\s*"
    rf"(?P<unit>{_UNIT})?\s*"
    rf"(?P<range>(?:[<>≤≥]\s?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s?(?:-|–|to)\s?\d+(?:[.,]\d+)?)"
    rf"(?:\s?{_UNIT})?)?\s*(?P<flag2>\b(?:H|L|HIGH|LOW|High|Low|A|abnormal)\b|\*|↑|↓)?\s*$",
    re.IGNORECASE,
)


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(",", ".").replace(" ", "").lstrip("<>"))
    except InvalidOperation:
        return None


def lab_flag(value: str, ref: str) -> str | None:
    """H/L computed from the reference range ('3.9-5.5', '<200', '> 60')."""
    v = _dec(value)
    if v is None or not ref:
        return None
    ref = ref.replace("–", "-").replace(" to ", "-")
    m = re.match(r"\s*(-?\d+(?:[.,]\d+)?)\s*-\s*(-?\d+(?:[.,]\d+)?)", ref)
    if m:
        lo, hi = _dec(m.group(1)), _dec(m.group(2))
        if lo is not None and hi is not None:
            return "H" if v > hi else "L" if v < lo else "normal"
    m = re.match(r"\s*([<>≤≥])\s*(\d+(?:[.,]\d+)?)", ref)
    if m:
        bound = _dec(m.group(2))
        if bound is None:
            return None
        if m.group(1) in "<≤":
            return "H" if v > bound else "normal"
        return "L" if v < bound else "normal"
    return None


def lab_results(text: str) -> list[Row]:
    rows: list[Row] = []
    for ln in split_lines(text):
        m = _LAB_ROW.match(ln.text)
        if not m or not (m.group("unit") or m.group("range")):
            continue
        test = m.group("test").strip(" .:")
        if len(test) < 2 or re.search(r"\b(date|dob|page|tel|phone|age|mrn|id)\b", test, re.IGNORECASE):
            continue

        def cell(name: str, group: str, kind: str = "text") -> Field:
            raw = m.group(group).strip()
            s = ln.start + m.start(group)
            return _cell(name, raw, raw, s, s + len(m.group(group)), kind)

        row: Row = {"test": _cell("test", test, test, ln.start + m.start("test"),
                                  ln.start + m.start("test") + len(test)),
                    "value": cell("value", "value", "number")}
        if m.group("unit"):
            row["unit"] = cell("unit", "unit")
        if m.group("range"):
            row["reference_range"] = cell("reference_range", "range")
        printed = m.group("flag2") or m.group("flag1")
        computed = lab_flag(m.group("value"), m.group("range") or "")
        flag = computed or (printed.upper()[0] if printed else None)
        if flag:
            f = Field(name="flag", raw=printed, value=flag, type="text",
                      span=None, confidence=0.9 if computed else 0.6, grounded=bool(printed),
                      source="rule", note="computed from the reference range" if computed else "")
            row["flag"] = f
        rows.append(row)
    return rows


_DOSE = r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|ml|mL|units?|iu|IU|%|puffs?|drops?|tablets?|tabs?|caps?)"
_FREQ = (r"(?:once|twice|three times|four times)\s(?:a\s|per\s)?(?:day|daily|weekly)|daily|"
         r"every\s\d+\s(?:hours?|hrs?|h)|q\d+h|qd|bid|b\.i\.d\.|tid|t\.i\.d\.|qid|q\.i\.d\.|qhs|prn|"
         r"at night|at bedtime|in the morning|as needed|weekly|matin et soir|morgens|abends|"
         r"\d-\d-\d(?:-\d)?")
_ROUTE = r"\b(?:by mouth|orally|oral|po|p\.o\.|iv|i\.v\.|im|sc|subcut|subcutaneous|topical|inhaled|sublingual|rectal|per os)\b"
_MED = re.compile(rf"(?P<name>[A-Z][A-Za-z\-]{{2,30}}(?:\s[A-Z][A-Za-z\-]{{2,20}})?)\s*:?\s*(?P<dose>{_DOSE})",)


def medications(text: str) -> list[Row]:
    rows: list[Row] = []
    skip = re.compile(r"^(take|total|dose|tablet|tablets|patient|date|refills?)$", re.IGNORECASE)
    for ln in split_lines(text):
        for m in _MED.finditer(ln.text):
            name = m.group("name").strip()
            if skip.match(name):
                continue
            tail = ln.text[m.end():]
            row: Row = {
                "name": _cell("name", name, name, ln.start + m.start("name"), ln.start + m.start("name") + len(name)),
                "dose": _cell("dose", m.group("dose"), m.group("dose"), ln.start + m.start("dose"), ln.start + m.end("dose")),
            }
            f = re.search(_FREQ, tail, re.IGNORECASE)
            if f:
                s = ln.start + m.end() + f.start()
                row["frequency"] = _cell("frequency", f.group(0), f.group(0).lower(), s, s + len(f.group(0)))
            r = re.search(_ROUTE, tail, re.IGNORECASE)
            if r:
                s = ln.start + m.end() + r.start()
                row["route"] = _cell("route", r.group(0), r.group(0).lower(), s, s + len(r.group(0)))
            rows.append(row)
    return rows


READERS = {"line_items": line_items, "transactions": transactions, "results": lab_results,
           "medications": medications}


def read_lists(text: str, names: list[str]) -> dict[str, list[Row]]:
    return {n: READERS[n](text) for n in names if n in READERS}


def check(ex: Extraction) -> list[str]:
    """Consistency checks a person should know about when they fail."""
    problems: list[str] = []
    total = ex.get("total")
    items = ex.lists.get("line_items") or []
    if total and total.value and items:
        try:
            s = sum(Decimal(r["amount"].value or "0") for r in items)
            tax = ex.get("tax")
            t = Decimal(total.value)
            with_tax = s + Decimal(tax.value) if tax and tax.value else s
            if abs(s - t) > Decimal("0.05") and abs(with_tax - t) > Decimal("0.05"):
                problems.append(f"line items add up to {format_amount(s)}, not the total {total.value}")
        except (InvalidOperation, KeyError):
            pass
    tx = ex.lists.get("transactions") or []
    opening, closing = ex.get("opening_balance"), ex.get("closing_balance")
    if tx and opening and closing and opening.value and closing.value:
        try:
            moved = sum(Decimal(r["amount"].value or "0") for r in tx)
            if abs(Decimal(opening.value) + moved - Decimal(closing.value)) > Decimal("0.05") and \
               abs(Decimal(opening.value) - moved - Decimal(closing.value)) > Decimal("0.05"):
                problems.append("transactions do not reconcile the opening and closing balances")
        except InvalidOperation:
            pass
    flagged = [r for r in ex.lists.get("results", []) if r.get("flag") and r["flag"].value in ("H", "L")]
    if flagged:
        names = ", ".join(r["test"].raw or "" for r in flagged[:3])
        problems.append(f"{len(flagged)} result(s) outside the reference range: {names}")
    return problems
