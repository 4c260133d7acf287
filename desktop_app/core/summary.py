"""Short summaries that never invent: built from grounded fields and sentences of the document."""
from __future__ import annotations

import re

from .entities import Extraction

MAX_SENTENCES = 3


def _val(ex: Extraction, name: str, *, raw: bool = True) -> str | None:
    f = ex.get(name)
    if f is None or not f.grounded or not f.raw:
        return None
    return f.raw if raw else f.value


def summarize(text: str, ex: Extraction, title: str) -> str:
    """1–3 sentences. Every name, date and number comes from a grounded field or is quoted from
    the document, so nothing in a summary is made up."""
    parts: list[str] = []
    issuer = next((_val(ex, n) for n in ("company", "vendor", "bank", "employer", "lab") if _val(ex, n)), None)
    date = _val(ex, "date") or _val(ex, "pay_date") or _val(ex, "period_end")
    amount = _val(ex, "total") or _val(ex, "net_pay") or _val(ex, "closing_balance")
    currency = _val(ex, "currency", raw=False)
    patient = _val(ex, "patient")
    first = title if ex.kind != "other" else "Document"
    if issuer:
        first += f" from {issuer}"
    if patient:
        first += f" for {patient}"
    if date:
        first += f", dated {date}"
    if amount:
        label = {"receipt": "total", "invoice": "amount due", "payslip": "net pay",
                 "bank_statement": "closing balance"}.get(ex.kind, "amount")
        first += f"; {label} {amount}{' ' + currency if currency else ''}"
    parts.append(first.rstrip(".") + ".")  # (a date or a name that ends with its own full stop)
    rows = sum(len(r) for r in ex.lists.values())
    if rows:
        names = ", ".join(_count(len(r), k) for k, r in ex.lists.items() if r)
        parts.append(f"It lists {names}.")
    diagnosis = _val(ex, "diagnosis")
    if diagnosis:
        parts.append(f"Diagnosis: {diagnosis.rstrip('.')}.")
    elif ex.kind in ("medical_summary", "other") and len(parts) < MAX_SENTENCES:
        lead = _lead_sentence(text)
        if lead:
            parts.append(lead)
    if ex.checks and len(parts) < MAX_SENTENCES:
        parts.append("Check: " + ex.checks[0].rstrip(".") + ".")
    # Every sentence is checked against the document; one that names a number or a name the
    # document does not contain is dropped (the first, built from grounded fields, always passes).
    kept = [p for i, p in enumerate(parts[:MAX_SENTENCES])
            if i == 0 or p.startswith(("It lists", "Check:")) or not grounded_summary(p, text)]
    return " ".join(kept)


_SINGULAR = {"line_items": "line item", "transactions": "transaction", "results": "result",
             "medications": "medication"}


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                 "nineteen", "twenty")


_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _count(n: int, name: str) -> str:
    """'one medication', 'twenty-two results', '120 transactions': counts under a hundred in
    words, so the summary's digits are all the document's own (a count is Coffer's, not something
    printed: a lab report of 22 results need not print '22')."""
    if n < len(_NUMBER_WORDS):
        amount = _NUMBER_WORDS[n]
    elif n < 100:
        amount = _TENS[n // 10 - 2] + (f"-{_NUMBER_WORDS[n % 10]}" if n % 10 else "")
    else:
        amount = str(n)
    if n == 1:
        return f"{amount} {_SINGULAR.get(name, name.replace('_', ' '))}"
    return f"{amount} {name.replace('_', ' ')}"


# record numbers, dates and phone numbers: two of them make a run of header fields, not a sentence
_RECORD_NUMBERS = re.compile(r"\d{5,}|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}|\d{3}-\d{4}")


def _lead_sentence(text: str) -> str | None:
    """The first informative sentence of the document, quoted as written."""
    body = " ".join(text.split())
    for sentence in re.split(r"(?<=[.!?])\s+", body):
        words = sentence.split()
        if 6 <= len(words) <= 40 and sum(ch.isalpha() for ch in sentence) > 0.6 * len(sentence) and \
                len(_RECORD_NUMBERS.findall(sentence)) < 2:
            return sentence if sentence.endswith((".", "!", "?")) else sentence + "."
    return None


def grounded_summary(summary: str, text: str) -> list[str]:
    """Numbers and capitalised names in ``summary`` that do not appear in ``text``."""
    body = " ".join(text.split()).lower()
    missing = []
    for token in re.findall(r"\d[\d.,/:-]*\d|\d|[A-Z][a-z]+(?:\s[A-Z][a-z]+)*", summary):
        if token.lower() not in body and token not in _SUMMARY_WORDS:
            missing.append(token)
    return missing


_SUMMARY_WORDS = {"Receipt", "Invoice", "Bank", "Bank statement", "Payslip", "Lab", "Lab report",
                  "Prescription", "Discharge", "It", "Diagnosis", "Check", "Document", "Other",
                  "Other document"}
