"""List rows read by rules: line items, transactions, lab results, medications; and their checks."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .entities import Extraction, Field, Row
from .normalize import find_dates, format_amount, parse_amount
from .rules import DIRECTIONS, Candidate, Line, amounts_in, split_lines, tax_table


def _cell(name: str, raw: str, value: str | None, start: int, end: int, kind: str = "text",
          confidence: float = 0.7) -> Field:
    return Field(name=name, raw=raw, value=value, type=kind, span=(start, end),
                 confidence=confidence, grounded=True, source="rule")


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match blanked out, so offsets stay valid for the other readers."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


# Dates and clock times look like amounts to the amount finder ("05.02" in 05.02.2024, "14.32").
_DATE_OR_TIME = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b|"
                           r"\b\d{1,2}\.\d{1,2}\.(?=\s?[-–]\s?\d{1,2}\.\d{1,2}\.)")  # '01.03.-15.03.2024'
# Column headers of item tables and statement tables, in the languages Coffer reads.
_WORDS = {
    "desc": r"description|item|article|artikel|bezeichnung|designation|désignation|libellé|libelle|"
            r"details|particulars|leistung|tätigkeit|prestation|produit|product|service|verwendungszweck|"
            r"buchungstext|vorgang|opération|operation|transaction details|text|descrizione|descripción|concepto|"
            r"descrição|descricao|designação|nazwa|benämning|beskrivning|označení|popis|opis|omschrijving|"
            r"activity|task|beschreibung|leistungsbeschreibung|artikelbezeichnung|beskrivelse|kuvaus|tuote|nimike|"
            r"megnevezés|varetekst",
    "qty": r"qty|quantity|menge|anz\.?|anzahl|qté|quantité|hours|hrs|std\.?|stunden|heures|units|cant\.?|cantidad|"
           r"qtd\.?|quantidade|quantità|q\.tà|ilość|antal|počet|aantal|shipped|pcs|stk\.?|kpl|mängd",
    "amount": r"amount|total|betrag|gesamt|gesamtpreis|montant|price|preis|prix|summe|net|value|importo|importe|"
              r"prezzo|precio|preço|valor|wartość|kwota|belopp|pris|celkem|cena|extension|beløb|beløp|hinta|yhteensä",
    "debit": r"paid out|money out|debit|débit|debits|withdrawals?|soll|belastung|lastschrift|out|af|dare|addebiti|debe",
    "credit": r"paid in|money in|credit|crédit|credits|deposits?|haben|gutschrift|in|bij|avere|accrediti|haber",
    "balance": r"balance|saldo|solde|kontostand",
}
_HEAD = {k: re.compile(rf"(?<![\w])(?:{v})(?![\w])", re.IGNORECASE) for k, v in _WORDS.items()}

# --- line items --------------------------------------------------------------------------------
_STOP_ITEMS = re.compile(
    r"(?<![\w])(sub\s*-?total|subtotaal|subtotale|btw|amount this (?:billing|bill|invoice|period)|previously billed|total|totaal|totaux|jumlah|tax|gst|vat|sst|cash|change|rounding|balance|"
    r"amount due|net|nett|discount|summe|gesamt|gesamtbetrag|zwischensumme|nettobetrag|rechnungsbetrag|"
    r"mwst|ust|ust\.|rabatt|nachlass|skonto|bar|rückgeld|ec-karte|karte|card|visa|mastercard|tva|"
    r"remise|ttc|ht|net à payer|espèces|rendu|cb|payment|paid|zahlbar|taxable|cgst|sgst|igst|round off|"
    r"imponibile|imponible|iva|totale|netto|warenwert|razem|do zap[łl]aty|součet|celkem|k úhradě|att betala|moms|"
    r"summa|totalt|soucet|k uhrade|yhteensä|i alt|suma|összesen|toplam|ptu|sprzeda[żz] opodatkowana|"
    r"fizetendő|végösszeg|maksettava|å betale|áfa|mva|alv|siirto|übertrag|carried forward|brought forward|"
    r"à reporter|a riportare|riporto|suma y sigue|"
    r"valor total|valor a pagar|"
    # Vietnamese, Indonesian, Turkish, Chilean summary and tender lines
    r"t[ổo]ng|ti[ềe]n h[àa]ng|thu[ếe]|ti[ềe]n kh[áa]ch đưa|ti[ềe]n th[ốo]i|ti[ềe]n th[ừu]a|harga jual|potongan|tunai|"
    r"kembali(?:an)?|dpp|ppn|topkdv|kdv|nakit|neto(?=\s{2,}|\s*:)|"
    # Greek, Korean (its words often letter-spaced), Ukrainian / Russian, Hebrew, Slovak
    r"σ[υύ]νολο|συν(?=\.)|ρ[εέ]στα|κ[αά]ρτα|μετρητ[αά]|εκπτ[ωώ]σεις|φπα|합\s*계|부\s*가\s*세|면\s?세|과\s?세|"
    r"받\s*을\s*금\s*액|신\s?용\s?카\s?드|승인금액|разом|всього|итого|всего|пдв|ндс|סה\"כ|מע\"מ|"
    r"spolu|rekapitulácia|celková suma|uhradené zálohy|preplatok|nedoplatok)(?![\w]|-\w)", re.IGNORECASE)  # (and as a scan drops accents)  # not 'GST-01', an article code
_SUBTOTAL = re.compile(r"(?<![\w])(?:sub\s*-?total|subtotaal|sous-total|zwischensumme|subtotale)(?![\w])",
                       re.IGNORECASE)
# (a unit may stand between the count and its 'x': Turkish '2 ADET X 42,50', '1,250 KG X 34,90')
_QTY_X = re.compile(r"(?<![\w.,])(?P<q>\d{1,4}(?:[.,]\d{1,3})?)\s?(?i:(?:adet|ad|kg|gr|lt|pcs|stk|st|ea|un)\.?\s)?"
                    r"(?:x|X|×|\*|@)(?:\s|$)")
# (a speck after the count or its unit, "8." or "2 stk,", is how a scan often prints it)
_QTY_TAIL = re.compile(r"(?:^|\s{2,}|\t)(?P<q>-?\d{1,4}(?:[.,]\d{1,3})?)[.,]?\s*(?:stk\.?|st\.?|pcs\.?|pc|"
                       r"std\.?|hrs?\.?|h|u\.|unit[sé]?|x|kg|m|nos?\.?|ea|"
                       # a unit column after the count ('2  Ring', '1,000  copies', '3  Std.')
                       # (in any script: 'шт', 'год')
                       r"(?<=\s)(?:[^\W\d_]|[²³]){1,6}\.?)?[.,]?\s*$", re.IGNORECASE)
# "1,000 kWh @ $0.1012", "3 h @ 95,00": a count (with its unit) at a unit price with up to 4
# decimals, the line's amount to the right
_AT_PRICE = re.compile(r"(?<![\w.,])(?P<q>-?\d{1,3}(?:,\d{3})+|-?\d{1,5}(?:[.,]\d{1,3})?)\s?(?:[A-Za-z]{1,5}\.?)?\s?@\s?"
                       r"(?P<up>(?:[$€£¥]\s?)?\d{1,6}(?:[.,]\d{1,4})?)(?:\s?/\s?[A-Za-z]{1,3}\b)?")
# a metered charge: a count of a unit times a unit price, the price maybe in pence or cents
# ('Energy used   244 kWh x 24.50p   £59.78', 'Standing charge   31 days x 60.12p   £18.64')
_METERED = re.compile(r"(?<![\w.,])(?P<q>\d{1,3}(?:,\d{3})+|\d{1,6}(?:\.\d{1,3})?)\s?(?i:kwh|kw|mwh|m3|m³|days?|"
                      r"units?|months?|gb|mb|mins?|minutes|litres?|liters?|gal(?:lons?)?|therms?|ccf|hcf)\s"
                      r"[x×]\s(?P<up>(?:[$€£]\s?)?\d{1,6}(?:[.,]\d{1,5})?(?:p|c|¢)?)(?![\w.,])")
# a rate or discount cell before the amounts ("3%", "10 %"): not part of the description
# (or the sign first, as Turkish receipts print their KDV rate: '%01', '%20')
_TRAIL_RATE = re.compile(r"(?:\s{2,}|\t)(?:-?\d{1,3}(?:[.,]\d{1,2})?\s?%|%\d{1,2})(?:\s*\*)?\s*$")  # ('*' of '*12,50')
# whole-number money columns at the end of a row (yen, forint): "1,800    5,400"
_INT_CELLS = re.compile(r"(?:(?:\s{2,}|\t)-?(?:\d{1,3}(?:[,.']\d{3})+|\d{1,7})){2,}\s*$")
_LEAD_POS = re.compile(r"^\s*(?:pos\.?\s*)?(?:\d{1,3}[.)]?\s+\d{8,14}\s+|\d{1,3}[.)]\s+|(?P<bare>\d{1,3})\s{2,}|\d{8,14}\s+|[-•*^]\s+|"
                       # '0 RVN-27812   ', '24 18 6 PLY-6020   ': counts, then a code
                       r"(?:\d{1,3}\s){1,3}(?=(?=[A-Z\-./]*\d)[A-Z0-9][A-Z0-9\-./]{3,}\s{2,})|"
                       r"[Rr][Xx]\s?#?\s?\d{4,}\s+|"  # a pharmacy's prescription number
                       r"(?i:pump)\s?(?:no\.?\s?|#\s?)?\d{1,2}\s+|"  # a forecourt's pump ('Pump 06  UNLEADED')
                       r"(?=[A-Z\-./]*\d)[A-Z0-9][A-Z0-9\-./]{3,}\s{2,})")
# a product code and tax-class letters printed after the description ("078742012030 F")
_TRAIL_CODE = re.compile(r"(?:\s{2,}\d{4,14})?(?:\s+[A-Z]{1,2})?\s*$")
_QTY_LAST = re.compile(r"(?<=[A-Za-zÀ-ÿ)\],.]) (?P<q>\d{1,4}(?:[.,]\d{1,3})?)(?:\s(?:stk\.?|pcs|std\.?|hrs?|h|u\.|un|kg|ea|pc))?\s*$",
                       re.IGNORECASE)


def _split_glued_count(amounts: list[Candidate]) -> tuple[list[Candidate], Candidate | None]:
    """'12 131,37 1.576,44' in single-spaced text reads as 12 131,37 (space-grouped thousands);
    when 12 × 131,37 is the line amount, the first group is the count."""
    if len(amounts) < 2 or " " not in amounts[-2].raw:
        return amounts, None
    up, last = amounts[-2], amounts[-1]
    count, _, rest = up.raw.partition(" ")
    value = _plain_amount(rest)
    if value is None or not _times(count, value, last.value):
        return amounts, None
    s = up.start + len(count) + 1
    count_c = Candidate(count, count, up.start, up.start + len(count), 0.0, "count")
    return [*amounts[:-2], Candidate(rest, value, s, up.end, 0.0), last], count_c


def _plain_amount(raw: str) -> str | None:
    found = amounts_in(raw)
    return found[0].value if len(found) == 1 else None


def _times(q: str, unit: str | None, amount: str | None) -> bool:
    try:
        return abs(Decimal(q.replace(",", ".")) * Decimal(unit or "") - Decimal(amount or "")) <= Decimal("0.02")
    except InvalidOperation:
        return False


_LEAD_QTY = re.compile(r"^\s*(?P<q>\d{1,2})(?:\s+of:)?\s(?=[^\W\d_])")  # (an online order's "2 of: …")


def _deocr(s: str) -> str:
    """Undo the digit-for-letter confusions of OCR inside words ('Subtota1', 'T0TAL'), for
    matching label words only."""
    return re.sub(r"\b(?=\w*[A-Za-z])\w+\b",
                  lambda m: m.group(0).translate(str.maketrans("105", "los")), s)


def _has_header(body: str, *kinds: str) -> bool:
    return all(_HEAD[k].search(body) for k in kinds)


def _item_header(ln: Line) -> bool:
    # (a count of the items, 'TOTAL ITEM : 13', is no header)
    return _has_header(ln.text, "desc", "amount") and not amounts_in(_mask(ln.text, _DATE_OR_TIME)) and \
        not re.search(r":\s*\d+\s*$", ln.text)


def _int_cells(body: str, offset: int) -> list[Candidate]:
    """Whole-number money cells at the end of a row ('1,800    5,400'), as amounts."""
    m = _INT_CELLS.search(body)
    if not m or sum(ch.isalpha() for ch in body[: m.start()]) < 3:
        return []
    out = []
    for t in re.finditer(r"-?[\d,.']+", m.group(0)):
        value = parse_amount(t.group(0).replace("'", ","))
        if value is not None:
            out.append(Candidate(t.group(0), format_amount(value), offset + m.start() + t.start(),
                                 offset + m.start() + t.end(), 0.0))
    return out


def _whole_numbers(lines: list[Line], begin: int) -> bool:
    """A table whose rows print money without decimals (yen): no decimal amount in its first
    rows, and whole-number cells at their ends."""
    seen = 0
    for ln in lines[begin : begin + 12]:
        body = _mask(ln.text, _DATE_OR_TIME)
        if _STOP_ITEMS.search(_deocr(body)):
            break
        if amounts_in(body):
            return False
        seen += bool(_int_cells(body, 0))
    return seen > 0


def _sums_to(rows: list[Row], stop: Line | None) -> bool:
    if stop is None or not rows:
        return False
    found = amounts_in(_mask(stop.text, _DATE_OR_TIME))
    try:
        total = sum(Decimal(r["amount"].value or "") for r in rows)
        return bool(found) and abs(total - Decimal(found[-1].value)) <= Decimal("0.02")
    except InvalidOperation:
        return False


_CARRIED = re.compile(r"(?<![\w])(?:siirto|übertrag|carried forward|carried over|à reporter|a riportare|"
                      r"suma y sigue|transport naar|overføres)(?![\w])", re.IGNORECASE)


def line_items(text: str) -> list[Row]:
    """Item lines between a table header (when there is one) and the first total line: a
    description, then quantity and unit price when printed, and the line amount at the right.
    A text-only line aligned with the description column continues the item above it. A second
    table under its own header right after a (sub)total line (materials after labour) adds its
    rows; without any header, the block of lines that adds up to the total under it is taken
    (a bill's charges rather than its account summary)."""
    lines = split_lines(text)
    header = next((ln for ln in lines if _item_header(ln)), None)
    begin = header.index + 1 if header is not None else 0
    qty_cols = _qty_columns(header) if header is not None else ()
    rows, stop = _item_block(lines, begin, text, header is not None and _whole_numbers(lines, begin), qty_cols)
    if header is not None:
        while stop is not None:
            # (a sum carried over to the next page: the table goes on under the header repeated there)
            reach = 60 if _CARRIED.search(stop.text) else 8
            nxt = next((ln for ln in lines[stop.index + 1 : stop.index + reach] if _item_header(ln)), None)
            if nxt is None:
                if not _SUBTOTAL.search(_deocr(stop.text)):
                    break
                # 'AUDIO … Audio subtotal / VIDEO … Video subtotal': a section of the same table
                # under its subtotal, when its rows print a count or a unit price as the table's do
                # and it ends at a (sub)total of its own (delivery, discount lines do not)
                more, stop = _item_block(lines, stop.index + 1, text, False, qty_cols)
                if not more or stop is None or not all("quantity" in r or "unit_price" in r for r in more):
                    break
                rows += more
                continue
            more, stop = _item_block(lines, nxt.index + 1, text, _whole_numbers(lines, nxt.index + 1),
                                     _qty_columns(nxt))
            if not more:
                break
            rows += more
        return rows
    best, best_sums = rows, _sums_to(rows, stop)
    for _ in range(40):
        if stop is None:
            break
        more, stop = _item_block(lines, stop.index + 1, text, False)
        if len(more) >= 2 and len(more) > len(best) * (0 if not best_sums else 1) and _sums_to(more, stop):
            best, best_sums = more, True
    return best


def _qty_columns(header: Line) -> tuple[tuple[int, int], ...]:
    """Where a quantity column printed before the description sits in the header ('QTY
    DESCRIPTION', 'ORDERED  SHIPPED  B/O  ITEM NUMBER  DESCRIPTION'): the count under it is the
    row's quantity, not a later number (days, a unit count)."""
    desc = _HEAD["desc"].search(header.text)
    if desc is None:
        return ()
    return tuple(m.span() for m in _HEAD["qty"].finditer(header.text[: desc.start()]))


def _count_under(ln: Line, end: int, cols: tuple[tuple[int, int], ...]) -> tuple[str, int] | None:
    """The whole number before column ``end`` of the row that sits under a quantity header."""
    best, best_overlap = None, 0
    for m in re.finditer(r"(?<![\w\-./])\d+(?:[.,]\d+)*(?![\w\-/])", ln.text[:end]):
        for cs, ce in cols:
            overlap = min(m.end(), ce + 1) - max(m.start(), cs - 1)
            if overlap > best_overlap:
                best, best_overlap = (m.group(0), ln.start + m.start()), overlap
    return best


_MEASURE_IN_TEXT = re.compile(r"\s?(?:mm|cm|m|km|kg|g|ml|l|m2|m²|m3|m³)[,;]?\s[^\W\d_]|"
                              r"(?:l|ml|cl|ltr|kg|g)(?![\w])", re.IGNORECASE)  # or glued to it: 'LETTMELK 1,75L'


_SYLLABIC = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def _letter_weight(text: str) -> int:
    """Letters, a Chinese character, kana or hangul syllable counting two: '우유' (milk) and
    '牛乳' name an item as 'Tea' does, where two Latin letters ('Té' aside) are a code or a mark."""
    return sum(2 if _SYLLABIC.match(ch) else 1 for ch in text if ch.isalpha())


def _item_block(lines: list[Line], begin: int, text: str, ints: bool,
                qty_cols: tuple[tuple[int, int], ...] = ()) -> tuple[list[Row], Line | None]:
    """The item rows from line ``begin`` to the first total line, and that line (None at the end)."""
    rows: list[Row] = []
    pending: tuple[Candidate, Candidate | None] | None = None  # "2 x 1.45" printed above its item
    desc_col = row_line = -1
    held: Line | None = None
    lead_in: Line | None = None  # a description's first line printed above its row's cells
    for ln in lines[begin:]:
        body = _mask(ln.text, _DATE_OR_TIME)
        if not body.strip():
            continue
        amounts = amounts_in(body, ln.start)
        amounts = [a for a in amounts[:-1] if not re.match(r"[A-Za-z]{2}", ln.text[a.end - ln.start:])] + amounts[-1:]
        # a measure inside the description ('Empfangstheke Eiche massiv, 3.20 m, nach  1  Stk  6'850.00')
        amounts = [a for a in amounts[:-1] if not _MEASURE_IN_TEXT.match(ln.text, a.end - ln.start)] + amounts[-1:]
        if not amounts and ints:
            amounts = _int_cells(body, ln.start)
        if _STOP_ITEMS.search(_deocr(body)) and (amounts or rows) and not _dated_item(ln.text) and \
                not (rows and amounts and _discount_row(lines, ln)) and not _priced_row(ln, body, amounts) and \
                not (not amounts and _names_priced_line(lines, ln)):
            if rows:
                return _without_section_sums(rows), ln
            continue
        if not amounts:
            nxt = next((x for x in lines[ln.index + 1 :] if x.text.strip()), None)
            if nxt is not None and _qty_line(nxt.text) and sum(ch.isalpha() for ch in ln.text) >= 3:
                held = ln  # "BANANAS" / "  2.31 lb @ 0.59 /lb   1.36": the count and price below it
                continue
            if rows and desc_col >= 0 and _continues(ln, desc_col, ln.index == row_line + 1):
                _extend_description(rows[-1], ln, text)
                lead_in = None
            else:
                lead_in = ln if _continues(ln, len(ln.text) - len(ln.text.lstrip())) else None
            continue
        q_line = _qty_line(ln.text) if held is not None else None
        if q_line is not None and held is not None:
            rows.append(_held_row(held, ln, q_line))
            desc_col = len(held.text) - len(held.text.lstrip())
            held = pending = None
            continue
        held = None
        at = _AT_PRICE.search(body) or _METERED.search(body)
        if at is not None and _qty_line(ln.text) is None:
            after = [a for a in amounts if a.start - ln.start >= at.end()]
            if after:
                amounts = after
            else:
                at = None
        else:
            at = None
        amounts, glued = _split_glued_count(amounts)
        amounts = _net_of_tax(amounts)
        first = at.start() if at is not None else (glued or amounts[0]).start - ln.start
        head = body[:first]
        rate = _TRAIL_RATE.search(head)
        if rate:
            head = head[: rate.start()]
        desc_start = 0
        lead = len(ln.text) - len(ln.text.lstrip())
        lead_date = _DATE_OR_TIME.match(ln.text, lead) or _LEAD_WORD_DATE.match(ln.text, lead)
        if lead_date:
            desc_start = lead_date.end()  # a timesheet's leading date is not part of the description
        bare_pos: str | None = None
        for _ in range(5):  # position number, counts (ordered, shipped, back-ordered), article number
            m_pos = _LEAD_POS.match(head[desc_start:]) or (
                _LEAD_CODE.match(head[desc_start:]) if re.search(r"[a-z]", head[desc_start:]) else None)
            if not m_pos or not re.search(r"[^\W\d_]{3}", head[desc_start + m_pos.end():]):
                break
            if m_pos.group("bare") and bare_pos is None:
                bare_pos = m_pos.group("bare")
                bare_at = ln.start + desc_start + m_pos.start("bare")
            desc_start += m_pos.end()
        unit_cell = _LEAD_UNIT.match(head[desc_start:]) if bare_pos is not None else None
        if unit_cell and re.search(r"[^\W\d_]{3}", head[desc_start + unit_cell.end():]):
            desc_start += unit_cell.end()  # '1   3   Stk.   Akku-Bohrschrauber': the unit after the count
        qty: tuple[str, int] | None = None
        unit_price: Candidate | None = None
        lq = _LEAD_QTY.match(head[desc_start:])
        # "2 x 4.50" right before the amounts, or "2x Cappuccino" before the description; an
        # 'x' inside the description ("3000x600 mm", "x16") is not a quantity
        mx = next((x for x in _QTY_X.finditer(head) if x.start() >= desc_start and
                   (not head[x.end():].strip() or not head[desc_start:x.start()].strip())), None)
        desc_end = len(head)
        if at is not None:
            qty = (at.group("q"), ln.start + at.start("q"))
            up_raw = at.group("up")
            unit_price = Candidate(up_raw, _unit_value(up_raw), ln.start + at.start("up"), ln.start + at.end("up"), 0.0)
        elif mx and not head[mx.end():].strip():
            qty = (mx.group("q"), ln.start + mx.start("q"))
            desc_end = mx.start()
            if len(amounts) >= 2:
                unit_price = amounts[-2]
        elif mx:
            qty = (mx.group("q"), ln.start + mx.start("q"))
            desc_start = mx.end()
            lq = None  # "2 x Flat White": the count is the one before the 'x'
            if len(amounts) >= 2:
                unit_price = amounts[-2]
        else:
            mt = _QTY_TAIL.search(head[desc_start:])
            if mt and re.search(r"[^\W\d_]{2}", head[desc_start : desc_start + mt.start()]):
                qty = (mt.group("q"), ln.start + desc_start + mt.start("q"))
                desc_end = desc_start + mt.start()
            elif (ms := _QTY_LAST.search(head[desc_start:])) and len(amounts) >= 2 and \
                    _times(ms.group("q"), amounts[-2].value, amounts[-1].value):
                # columns collapsed to single spaces (PDF text, OCR): a count is trusted only when
                # count × unit price is the amount
                qty = (ms.group("q"), ln.start + desc_start + ms.start("q"))
                desc_end = desc_start + ms.start()
            elif lq:
                qty = (lq.group("q"), ln.start + desc_start + lq.start("q"))
                desc_start += lq.end()
                lq = None
            if len(amounts) >= 2:
                unit_price = amounts[-2]
        if glued is not None:
            qty = (glued.raw, glued.start)
        if qty is not None and lq:
            desc_start += lq.end()  # "1 Montage ... 3 Stk." with the count elsewhere: a position number
        if qty is None and bare_pos is not None:
            qty = (bare_pos, bare_at)  # "2  Margherita": without a quantity column it is the count
        priced_ok = qty is not None and unit_price is not None and \
            _times(_qty_value(qty[0]), unit_price.value, amounts[-1].value)
        if qty is None or (len(amounts) >= 3 and not head[desc_end:].strip()) or \
                (len(amounts) >= 2 and not priced_ok):
            between = _count_between(ln, amounts)
            if between is not None:
                qty, unit_price, amounts = between
                desc_end = len(head)
        if qty_cols and (under := _count_under(ln, desc_start, qty_cols)) is not None:
            qty = under
        if len(amounts) >= 3 and not (qty is not None and unit_price is not None and
                                      _times(_qty_value(qty[0]), unit_price.value, amounts[-1].value)):
            priced = _count_and_price(amounts)
            if priced is not None:
                qty, unit_price = priced
        raw = ln.text[desc_start:desc_end]
        if raw.count("(") > raw.count(")"):
            # 'Design hours (6 x 85.00)   510.00': the count and price inside brackets stay in the text
            close = ln.text.find(")", desc_start + len(raw))
            if close != -1 and close < amounts[-1].start - ln.start and not amounts_in(ln.text[close:amounts[-1].start - ln.start]):
                raw = ln.text[desc_start : close + 1]
        raw = _drop_code_cells(raw)
        code = _TRAIL_CODE.search(raw)
        if code and re.search(r"\d{6}|\s{2,}\d{4}", code.group(0)):
            raw = raw[: code.start()]
        # a tax-rate marker in a column of its own after the description ('Onigiri   *   ¥160')
        raw = re.sub(r"(?:\s{2,}|\t)[*^#+]{1,2}\s*$", "", raw)
        desc = raw.strip(" .:-–=@\t")
        if _letter_weight(desc) < 3:
            if len(amounts) == 1 and mx is not None and rows and "quantity" not in rows[-1] and \
                    _times(mx.group("q"), amounts[0].value, rows[-1]["amount"].value):
                # "2 @ 4.29" under its item (the count × price is the item's amount above)
                q_at = ln.start + mx.start("q")
                rows[-1]["quantity"] = _cell("quantity", mx.group("q"), mx.group("q"), q_at, q_at + len(mx.group("q")),
                                             "number")
                up = amounts[0]
                rows[-1]["unit_price"] = _cell("unit_price", up.raw, up.value, up.start, up.end, "money")
                _check_item(rows[-1])
                continue
            if len(amounts) <= 2 and mx is not None:
                # "2 x 1.45" alone on a line: the quantity and price of the item below
                pending = (Candidate(mx.group("q"), mx.group("q"), ln.start + mx.start("q"),
                                     ln.start + mx.start("q") + len(mx.group("q")), 0.0), amounts[0])
            continue
        dstart = ln.start + desc_start + raw.find(desc)
        last = amounts[-1]
        row: Row = {
            "description": _cell("description", desc, " ".join(desc.split()), dstart, dstart + len(desc)),
            "amount": _cell("amount", last.raw, last.value, last.start, last.end, "money"),
        }
        if qty is None and pending is not None:
            q_c, up = pending
            row["quantity"] = _cell("quantity", q_c.raw, q_c.value, q_c.start, q_c.end, "number")
            if up is not None:
                row["unit_price"] = _cell("unit_price", up.raw, up.value, up.start, up.end, "money")
        if qty is not None:
            q_raw, q_start = qty
            row["quantity"] = _cell("quantity", q_raw, _qty_value(q_raw), q_start, q_start + len(q_raw), "number")
        if unit_price is not None and unit_price is not last:
            row["unit_price"] = _cell("unit_price", unit_price.raw, unit_price.value, unit_price.start,
                                      unit_price.end, "money")
        _check_item(row)
        if lead_in is not None and lead_in.index == ln.index - 1 and \
                abs(len(lead_in.text) - len(lead_in.text.lstrip()) - (desc_start + raw.find(desc))) <= 3 and \
                (desc[:1].islower() or lead_in.text.rstrip().endswith((",", "-", "&", "/"))):
            # 'Premium support plan,' / 'annual subscription   1   600.00   600.00': one description
            first = lead_in.text.strip()
            fs = lead_in.start + lead_in.text.find(first)
            joined = f"{first} {desc}"
            row["description"] = _cell("description", joined, " ".join(joined.split()), fs, dstart + len(desc))
        lead_in = None
        pending = None
        desc_col = desc_start + raw.find(desc)
        row_line = ln.index
        rows.append(row)
    return _without_section_sums(rows), None


_LEAD_CODE = re.compile(r"(?P<bare>(?!))?[A-Z]{2,}[-./][A-Z0-9\-./]+\s{2,}")  # 'ST-STPL    Rapid Desk Stapler'
_LEAD_UNIT = re.compile(r"[^\W\d_]{1,5}\.?[²³2]?\s{2,}(?=\S)")
_SHORT_CELL = re.compile(r"(?:\s{2,}|\t)[^\W\d_]{1,4}[.²³2]?\s*$")
_CODE_CELL = re.compile(r"(?:\s{2,}|\t)(?:[A-Z0-9][A-Z0-9\-./]{2,}|\d{4,8})\s*$")


def _without_section_sums(rows: list[Row]) -> list[Row]:
    """Without the rows that sum a section's rows above them ('Electricity charges  £78.42' under
    its energy and standing-charge rows): a row of only a description and an amount that is the
    sum of the two or more rows since the last such sum, each of which prints a count or a unit
    price (three till items, the last costing what the first two do, stay three items)."""
    out: list[Row] = []
    since = 0  # where the current section began in ``out``
    for row in rows:
        section = out[since:]
        try:
            total = sum(Decimal(r["amount"].value or "") for r in section)
            value = Decimal(row["amount"].value or "")
        except (InvalidOperation, KeyError):
            out.append(row)
            continue
        if len(section) >= 2 and set(row) <= {"description", "amount"} and total == value and \
                all("quantity" in r or "unit_price" in r for r in section):
            since = len(out)
            continue
        out.append(row)
    return out


def _drop_code_cells(raw: str) -> str:
    """'Fig Leaf Reed Diffuser     FLD-100', 'Mouse Combo  B00BP5MCBE   8471': SKU, ASIN and HSN
    cells after a description in mixed case are not part of it; nor is a unit or tax-code cell
    of up to four letters ('Teczki ofertowe     szt.', 'Bilge pump with float      GP')."""
    for _ in range(3):
        m = _CODE_CELL.search(raw.rstrip()) or _SHORT_CELL.search(raw.rstrip())
        if not m or not re.search(r"[a-z]{2}", raw[: m.start()]):
            break
        raw = raw[: m.start()]
    return raw


def _count_between(ln: Line, amounts: list[Candidate]) -> tuple[tuple[str, int], Candidate, list[Candidate]] | None:
    """'₹1,525.42   2   ₹3,050.84   18%   ₹549.16   ₹3,600.00': a count printed between the unit
    price and the line amount (count × price = amount); the amount is the line's, before tax."""
    for a, b in zip(amounts, amounts[1:], strict=False):
        gap = ln.text[a.end - ln.start : b.start - ln.start]
        m = re.fullmatch(r"\s+(\d{1,4}(?:[.,]\d{1,3})?)\s+", gap)
        if m and _times(m.group(1), a.value, b.value):
            return (m.group(1), a.end + m.start(1)), a, [b]
    return None


def _dec_or_none(value: str | None) -> Decimal | None:
    try:
        return Decimal(value or "")
    except InvalidOperation:
        return None


def _net_of_tax(amounts: list[Candidate]) -> list[Candidate]:
    """'420,00   23%   96,60   516,60': a row that prints its net amount, the tax on it and the
    gross (net + tax = gross, the tax smaller than the net) is read by its net amount. A tax is
    never below zero: '6.90   -1.40   5.50' is a price, a discount and what is paid."""
    if len(amounts) < 3:
        return amounts
    net, tax, gross = (_dec_or_none(a.value) for a in amounts[-3:])
    if net is None or tax is None or gross is None or not 0 < abs(tax) < abs(net) or tax < 0 < gross:
        return amounts
    return amounts[:-2] if abs(net + tax - gross) <= Decimal("0.02") else amounts


_COUNT_CELL = re.compile(r"-?\d{1,5}(?:[.,]\d{1,3})?")


def _count_and_price(amounts: list[Candidate]) -> tuple[tuple[str, int], Candidate] | None:
    """'18,00   m2   32,50   0,00   23%   585,00', '6,00  27,00  10,00  145,80': a count printed with
    decimals reads as an amount; the two cells whose product is the line amount (less a discount %
    cell printed between the price and the amount) are the count and the unit price."""
    last = _dec_or_none(amounts[-1].value)
    if last is None:
        return None
    vals = [_dec_or_none(a.value) for a in amounts[:-1]]
    for i, q in enumerate(vals):
        if q is None or q <= 0 or not _COUNT_CELL.fullmatch(amounts[i].raw):
            continue
        for j in range(i + 1, len(vals)):
            up = vals[j]
            if up is None:
                continue
            if abs(q * up - last) <= Decimal("0.02") or any(
                    d is not None and 0 < d < 100 and abs(q * up * (1 - d / 100) - last) <= Decimal("0.02")
                    for d in vals[j + 1 :]):
                return (amounts[i].raw, amounts[i].start), amounts[j]
    return None


def _qty_value(q: str) -> str:
    """'1,000' (thousands) → 1000; '1,5' → 1.5."""
    return q.replace(",", "") if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+", q) else q.replace(",", ".")


def _unit_value(raw: str) -> str | None:
    """A unit price as printed, up to four decimals: '$0.1012' → 0.1012."""
    num = re.sub(r"[^\d.,-]", "", raw)
    if "," in num and "." in num:
        num = num.replace(",", "") if num.rfind(".") > num.rfind(",") else num.replace(".", "").replace(",", ".")
    elif "," in num:
        num = num.replace(",", "") if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+", num) else num.replace(",", ".")
    try:
        return str(Decimal(num))
    except InvalidOperation:
        return None


# "2.31 lb @ 0.59 /lb   1.36 F", "3 Stk x 0,69   2,07 A", "42.17 L @ 2.239 $/L   $94.42": a count,
# a unit price (per kg, litre...) and the line's amount, under the item's name
_QTY_LINE = re.compile(r"^\s*(?P<q>\d{1,4}(?:[.,]\d{1,3})?)\s?(?:kg|g|lbs?|l|ltr|stk\.?|st\.?|pcs?|x|τεμ|шт|ks|adet|ea|un)?\.?\s*(?:x|×|@|\*)\s*"
                       r"(?:[$€£]\s?)?(?P<up>\d{1,5}(?:[.,]\d{1,3})?)\s?(?:[$€£]|eur)?\s?(?:/\s?[A-Za-z]{1,3}\b)?"
                       r"(?P<rest>.*)$", re.IGNORECASE)
_ITEM_DATE = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?\s+(?P<first>[A-Za-zÀ-ÿ]+)")


def _qty_line(body: str) -> re.Match[str] | None:
    m = _QTY_LINE.match(body)
    if not m:
        return None
    rest = amounts_in(m.group("rest"))
    return m if len(rest) == 1 and not re.search(r"[A-Za-z]{3}", m.group("rest")) else None


def _names_priced_line(lines: list[Line], ln: Line) -> bool:
    """'JAMII BAR SOAP 800G' / '1.00 X 245.00   245.00 A': a line with no amount over a count ×
    unit price making the amount below it is an item's name, though a total word is in it ('bar',
    cash in German; 'card', 'net'); a total line is never followed by its count and price."""
    nxt = next((x for x in lines[ln.index + 1 :] if x.text.strip()), None)
    m = _qty_line(nxt.text) if nxt is not None and sum(ch.isalpha() for ch in ln.text) >= 3 else None
    if m is None:
        return False
    last = amounts_in(m.group("rest"))[-1]
    return _times(m.group("q"), _unit_value(m.group("up")), last.value)


def _held_row(held: Line, ln: Line, m: re.Match[str]) -> Row:
    desc = held.text.strip()
    ds = held.start + held.text.index(desc)
    off = m.start("rest")
    last = amounts_in(m.group("rest"), ln.start + off)[-1]
    q, up = m.group("q"), m.group("up")
    row: Row = {
        "description": _cell("description", desc, " ".join(desc.split()), ds, ds + len(desc)),
        "amount": _cell("amount", last.raw, last.value, last.start, last.end, "money"),
        "quantity": _cell("quantity", q, q.replace(",", "."), ln.start + m.start("q"), ln.start + m.end("q"), "number"),
        "unit_price": _cell("unit_price", up, up.replace(",", "."), ln.start + m.start("up"), ln.start + m.end("up"),
                            "money"),
    }
    _check_item(row)
    return row


def _dated_item(body: str) -> bool:
    """'03/10/24  Occupancy Tax 14.45%  41.76': a dated charge of a folio or timesheet is an item
    even when a total word is in its description; 'Visa XXXX1881' or 'Total' first is not."""
    m = _ITEM_DATE.match(body)
    if m and re.fullmatch(r"vat|gst|tax|mwst|tva|iva|sst|hst", m.group("first"), re.IGNORECASE):
        # a hotel folio charges the night's tax on a dated line of its own ('21/11/2024  VAT 5%  38.03')
        return bool(re.match(r"[:.]?\s+\d{1,2}(?:[.,]\d{1,2})?\s?%", body[m.end():]))
    return bool(m) and not _STOP_ITEMS.fullmatch(m.group("first"))


_ROW_DISCOUNT = re.compile(r"(?<![\w])(discount|rabatt|nachlass|remise|sconto|descuento|korting)(?![\w])", re.IGNORECASE)
_TOTAL_WORD = re.compile(r"(?<![\w])(sub\s*-?total|total|totale|totaal|summe|gesamt|balance|due|tax|vat|gst|mwst)(?![\w])",
                         re.IGNORECASE)


_COUNT_WORD = re.compile(r"(?<![\w.,%$€£/-])\d{1,4}(?:[.,]\d{1,3})?(?![\w%.,/-])")


def _priced_row(ln: Line, body: str, amounts: list[Candidate]) -> bool:
    """'Tax preparation - 2023 return   3.5   $95/hr   $332.50', '2   Guest passes (10-visit card)
    $85.00   $170.00': a total word in a row that prints a count and a unit price making its amount
    is an item's name, not a total line."""
    if len(amounts) < 2:
        return False
    up, last = amounts[-2], amounts[-1]
    head = body[: up.start - ln.start]
    if sum(ch.isalpha() for ch in head) < 3:
        return False
    return any(_times(m.group(0).replace(",", "."), up.value, last.value) for m in _COUNT_WORD.finditer(head))


def _discount_row(lines: list[Line], ln: Line) -> bool:
    """'Multi-policy discount   -$133.70' with another charge under it ('Installment fee   $25.00'):
    a discount among the rows, before any total, is a row of the table."""
    if not _ROW_DISCOUNT.search(ln.text) or _TOTAL_WORD.search(ln.text):
        return False
    nxt = next((x for x in lines[ln.index + 1 :] if x.text.strip()), None)
    if nxt is None:
        return False
    body = _mask(nxt.text, _DATE_OR_TIME)
    return bool(amounts_in(body)) and not _STOP_ITEMS.search(_deocr(body))


# a size or measure on its own ('(3 m)', '3000x600x40 mm', '2 x 500 g'): the item's description
# going on, though it holds more digits than letters
_MEASURE_LINE = re.compile(r"\(?\d+(?:[.,]\d+)?(?:\s?[x×]\s?\d+(?:[.,]\d+)?)*\s?"
                           r"(?:mm|cm|m|km|g|kg|mg|l|ml|cl|m²|m2|m³|m3)\)?", re.IGNORECASE)


def _continues(ln: Line, desc_col: int, right_under: bool = False) -> bool:
    """A wrapped description: starts in the description column, mostly letters, not a stamp.
    Right under its row a line that begins in lower case goes on with it wherever it starts (a
    scan's text keeps no columns: '1 Height-adjustable desk 1600x800, dual motor,  8  unit …' /
    'white frame / oak top')."""
    body = ln.text
    lead = len(body) - len(body.lstrip())
    words = body.strip()
    in_column = abs(lead - desc_col) <= 3 or (right_under and lead <= desc_col and re.match(r"[a-zà-ÿ]", words))
    if re.match(r"[A-Za-z][\w .#/-]{0,20}:\s*\S", words) and not re.match(r"[^:]*:\s*[a-zà-ÿ]", words):
        return False  # 'SKU: LTP-SAGE-18', 'Serial No.: 4471': a detail of the item, not its name
    if right_under and abs(lead - desc_col) <= 3 and _MEASURE_LINE.fullmatch(words):
        return True
    # (a remark in brackets, '(400 m roll)', may hold more digits than letters)
    return (bool(in_column) and 2 <= len(words) <= 60 and not _STOP_ITEMS.search(words)
            and (sum(ch.isalpha() for ch in words) >= 0.6 * len(words.replace(" ", ""))
                 or (re.fullmatch(r"\([^()]*[A-Za-zÀ-ÿ]{2}[^()]*\)", words) is not None))
            and not words.startswith("*"))


# the stop or dash a row's description ends with before its cells ('… v1.2, incl.', '… Via Mazzini
# 12 -'): stripped from a one-line description, but part of the text when it goes on below
_WRAP_TAIL = re.compile(r"(?:[.,]|\s?[-–])(?=\s{2,}|\t|\s*$)")


def _extend_description(row: Row, ln: Line, text: str) -> None:
    d = row["description"]
    assert d.span is not None
    extra = ln.text.strip()
    s = ln.start + ln.text.find(extra)
    first = d.raw
    tail = _WRAP_TAIL.match(text, d.span[1])
    if tail is not None and tail.end() <= ln.start:
        first = text[d.span[0] : tail.end()]  # (a joined description's last line keeps its own)
    joined = f"{first} {extra}"
    row["description"] = _cell("description", joined, " ".join(joined.split()), d.span[0], s + len(extra))


def _check_item(row: Row) -> None:
    """Quantity × unit price should be the amount; say so on the row when it is not."""
    try:
        qv = Decimal(row["quantity"].value or "") if "quantity" in row else None
        up = Decimal(row["unit_price"].value or "") if "unit_price" in row else None
        amt = Decimal(row["amount"].value or "")
    except (InvalidOperation, KeyError):
        return
    if qv is not None and up is not None:
        ok = abs(qv * up - amt) <= Decimal("0.02")
        row["amount"].confidence = 0.9 if ok else 0.5
        if not ok:
            row["amount"].note = "quantity × unit price is not the amount"


# --- transactions ------------------------------------------------------------------------------
_MONTH3 = ("jan|feb|fév|fev|mar|mär|apr|avr|may|mai|jun|jui|jul|aug|aoû|aou|sep|oct|okt|nov|dec|déc|"
           "dez")
# a timesheet's date with its month in words in the first column ('Mar 4', '12 Jan', 'Mar 4, 2024')
_MONTH_WORD = (rf"(?:january|february|march|april|june|july|august|september|october|november|december|"
               rf"(?:{_MONTH3})\.?)")
_LEAD_WORD_DATE = re.compile(rf"(?:{_MONTH_WORD}\s\d{{1,2}}(?:,?\s\d{{4}})?|\d{{1,2}}\.?\s{_MONTH_WORD}(?:\s\d{{4}})?)"
                             rf"(?=\s{{2,}}|\t)", re.IGNORECASE)
_TX_DATE = re.compile(
    rf"^\s*(?P<d>\d{{1,2}}[./-]\d{{1,2}}(?:[./-]\d{{2,4}}|\.(?!\d))?|\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}}\.?\s(?:{_MONTH3})[a-zéûä]*\.?(?:\s\d{{2,4}})?|(?:{_MONTH3})[a-z]*\.?\s\d{{1,2}}(?:,?\s\d{{4}})?)"
    rf"(?![\d\w])", re.IGNORECASE)
_VALUE_DATE = re.compile(rf"^\s+(?:\d{{1,2}}[./-]\d{{1,2}}(?:[./-]\d{{2,4}}|\.(?!\d))?|\d{{1,2}}\.?\s(?:{_MONTH3})[a-z]*\.?|"
                         rf"(?:{_MONTH3})\.?\s\d{{1,2}})(?![\d\w])", re.IGNORECASE)  # 'SEP 16   SEP 17': posted
_BALANCE_LINE = re.compile(r"balance|brought forward|carried forward|b/f|c/f|solde|saldo|kontostand|"
                           r"übertrag|report|opening|closing", re.IGNORECASE)


def _columns(lines: list[Line]) -> dict[str, int]:
    """Right edges of the amount columns of a statement table, from its header line."""
    for ln in lines:
        body = ln.text
        if not _HEAD["balance"].search(body) and not _HEAD["amount"].search(body) and \
                not _HEAD["debit"].search(body):
            continue
        if not re.search(r"\b(date|datum|tag|buchung|valeur|booked|data|fecha)\b", body, re.IGNORECASE):
            continue
        cols: dict[str, int] = {}
        for kind in ("debit", "credit", "balance", "amount"):
            for m in _HEAD[kind].finditer(body):
                if kind == "credit" and m.group(0).lower() == "in" and "paid in" not in body.lower():
                    continue
                if kind == "debit" and m.group(0).lower() == "out" and "paid out" not in body.lower():
                    continue
                if m.group(0).lower() in ("af", "bij") and (body[m.start() - 1 : m.start()].strip() or
                                                            body[m.end() : m.end() + 1].strip()):
                    continue  # Dutch 'Af' and 'Bij' columns; not the mark column 'Af/Bij'
                cols.setdefault(kind, m.end())
        if cols:
            return cols
    return {}


_MONEY_HEAD = re.compile(r"d[ée]bit|cr[ée]dit|amount|betrag|bedrag|montant|importe|importo|monto|valor|saldo|balance|"
                         r"solde|částka|castka|zůstatek|withdrawal|deposit|paid|soll|haben|dare|avere|af\b|bij\b|"
                         r"cargo|abono|kwota|belopp|beløb|summa", re.IGNORECASE)
_STATEMENT_DATE_HEAD = re.compile(r"(?<![\w])(?:date|datum|fecha|data|tag|valuta|buchung)(?![\w])", re.IGNORECASE)


def _reference_column(lines: list[Line]) -> int | None:
    """Where a statement's description column ends when its header prints another column right
    after it that holds no money ('DESCRIPCIÓN   CANAL   DOCUMENTO   DÉBITOS', 'Popis   VS   KS   SS
    Částka'): the channel and reference numbers under it are not part of the description."""
    for ln in lines[:80]:
        if not _STATEMENT_DATE_HEAD.search(ln.text) or amounts_in(ln.text):
            continue
        cells = list(re.finditer(r"\S+(?: \S+)*", ln.text))
        desc = next((i for i, c in enumerate(cells) if _HEAD["desc"].search(c.group(0))), None)
        if desc is None or desc + 2 >= len(cells):
            continue
        nxt = cells[desc + 1]
        if _MONEY_HEAD.search(nxt.group(0)) or _HEAD["amount"].search(nxt.group(0)):
            return None
        return nxt.start()
    return None


def transactions(text: str) -> list[Row]:
    """Statement lines that start with a date (full or short: 05/03, 05.03., 03 Jun) and carry
    amounts. The sign comes from the debit/credit column under the header, a printed sign, or the
    change of the running balance."""
    lines = split_lines(text)
    csv_rows = _csv_transactions(lines)
    if csv_rows:
        return csv_rows
    cols = _columns(lines)
    next_col = _reference_column(lines)
    rows: list[Row] = []
    prev_balance: Decimal | None = None
    last_date: tuple[str, int, int] | None = None  # raw, column, offset of the last printed date
    section = 0  # +1 under a heading of money in, -1 under one of money out
    gap = r"\s+" if _value_date_last(lines) else r"\s{2,}"
    cont_from, desc_col = -1, -1  # the line a row's description may go on to, and its column
    flat = _flat(lines)
    owed = bool(_OWED_BALANCE.search(text))
    # a dated line of words only whose amounts are printed on the line under it, with the rest of
    # its description ('02 Nov  CARD PAYMENT TO TESCO STORES 2841' over '   ON 31 OCT   54.27'):
    # (its index, its words, where they start)
    opened: tuple[int, str, int] | None = None
    for ln in lines:
        heading = _section(ln.text)
        if heading and rows and cont_from == ln.index and _continues_tx(ln, desc_col):
            heading = 0  # under a row's description, in its column: its second line ('CREDIT INTEREST PAID')
        if heading:
            section = heading
            continue
        m = _TX_DATE.match(ln.text)
        if m:
            d_raw = m.group("d")
            d_s = ln.start + m.start("d")
            after = m.end()
            last_date = (d_raw, m.start("d"), d_s)
        elif (rows or opened) and last_date is not None and ln.text[: last_date[1] + len(last_date[0]) + 1].strip() == "" \
                and ln.text.strip() and not _FX_NOTE.search(ln.text):
            # many statements print the date once per day: the rows under it share it
            d_raw, d_s = last_date[0], last_date[2]
            after = last_date[1] + len(d_raw)
        else:
            if flat and rows and cont_from == ln.index and _continues_flat(ln, lines):
                _extend_description(rows[-1], ln, text)  # a scan's second line, no longer indented
                cont_from = ln.index + 1
            continue
        v = _VALUE_DATE.match(ln.text[after:])
        if v:
            after += v.end()  # a value date printed next to the booking date
        rest = _mask(ln.text[after:], _DATE_OR_TIME)
        amounts = amounts_in(rest, ln.start + after)
        if len(amounts) >= 2 and _is_short_date(amounts[0].raw, d_raw):
            amounts = amounts[1:]  # "02.07" in a value-date column is a date, not 2.07
        if not amounts:
            if not m and rows and cont_from == ln.index and _continues_tx(ln, desc_col):
                _extend_description(rows[-1], ln, text)  # the description's second line, under its first
                cont_from = ln.index + 1
            words = rest.strip()
            opened = (ln.index, words, ln.start + after + rest.find(words)) if m and re.search(
                r"[^\W\d_]{2}", words) and not _BALANCE_LINE.search(words) and not _TOTAL_ROW.match(words) else None
            continue
        head, opened = opened if opened is not None and not m and opened[0] == ln.index - 1 else None, None
        # (as printed, the dates in it too: 'COMPETENZE DI CHIUSURA AL 30.09.2024'; a time or date
        # column of its own after it is taken off below)
        desc_raw = ln.text[after : amounts[0].start - ln.start]
        desc_raw = _mask(desc_raw, _TIME_CELL)  # (blanked: offsets stay valid)
        if next_col is not None and after < next_col < after + len(desc_raw) and \
                not ln.text[next_col - 2 : next_col].strip():
            desc_raw = desc_raw[: next_col - after]  # the channel or reference columns after the description
        # a debit/credit mark column before the amount ("Af", "Bij", "DR", "S", "H")
        side = _SIDE_MARK.search(desc_raw)
        if side:
            desc_raw = desc_raw[: side.start()]
        # a value-date column after the description ("CB CARREFOUR    05/03    45,20"); one space
        # before it and no such column, it is the card payment's date inside the description
        # ("CB SNCF INTERNET 27/03")
        desc_raw = re.sub(rf"{gap}\d{{1,2}}[./-]\d{{1,2}}(?:[./-]\d{{2,4}})?\.?\s*$", "", desc_raw)
        desc = desc_raw.strip()
        while len(amounts) >= 3 and cols.get("balance") and amounts[-1].start - ln.start > cols["balance"] + 1:
            amounts = amounts[:-1]  # a column after the balance ('Accrued Bank Charges'): not the row's money
        balance_c: Candidate | None = None
        if len(amounts) >= 2 or (cols.get("balance") and _nearest(amounts[-1], ln, cols) == "balance"):
            balance_c = amounts[-1]
        if _TOTAL_ROW.match(desc):
            continue  # "TOTAL DES OPÉRATIONS  1 068,02  2 315,00": the sums of the columns
        if _BALANCE_LINE.search(desc) or not re.search(r"[^\W\d_]{2}", desc):
            if balance_c is not None or len(amounts) == 1:
                prev_balance = Decimal((balance_c or amounts[-1]).value)
            continue
        amount_c = amounts[-2] if balance_c is not None and len(amounts) >= 2 else amounts[0]
        if amount_c.start > ln.start and text[amount_c.start - 1] == "+" and desc_raw.rstrip().endswith("+"):
            # '+3.104,77': a credit printed with its sign
            amount_c = Candidate("+" + amount_c.raw, amount_c.value, amount_c.start - 1, amount_c.end, amount_c.score)
            desc_raw = desc_raw.rstrip()[:-1]
            desc = desc_raw.strip()
        value = Decimal(amount_c.value)
        mark = _sign_mark(ln, amount_c) or (_SIDE_SIGN.get(side.group("w").lower(), 0) if side else 0) or \
            _mark_column(ln, amount_c)
        printed_sign = value < 0 or amount_c.raw.startswith("-") or mark != 0
        if mark < 0 and value > 0:
            value = -value
        elif mark > 0 and value > 0 and owed:
            value = -value  # a card statement's 'CR' (a payment, a refund) lowers what is owed
        column = _nearest(amount_c, ln, cols)
        if column == "debit" and value > 0 and not printed_sign:
            value = -value
        if column not in ("debit", "credit") and section < 0 and value > 0 and not printed_sign:
            value = -value  # under "WITHDRAWALS", "CHECKS PAID": money out
        if balance_c is not None and prev_balance is not None:
            # the running balance is the surest sign: column positions blur in PDF text and scans
            bal_now = Decimal(balance_c.value) * (-1 if _sign_mark(ln, balance_c) < 0 else 1)
            delta = bal_now - prev_balance
            if abs(abs(delta) - abs(value)) <= Decimal("0.01"):
                value = delta
        date = find_dates(d_raw)
        ds = ln.start + after + desc_raw.find(desc)
        desc_cell = _cell("description", desc, " ".join(desc.split()), ds, ds + len(desc))
        if head is not None:  # the description's first line, printed above the row's amounts
            joined = f"{head[1]} {desc}"
            desc_cell = _cell("description", joined, " ".join(joined.split()), head[2], ds + len(desc))
        row: Row = {
            "date": _cell("date", d_raw, date[0][2].isoformat() if date else None, d_s, d_s + len(d_raw), "date"),
            "description": desc_cell,
            "amount": _cell("amount", amount_c.raw, format_amount(value), amount_c.start, amount_c.end, "money"),
        }
        if balance_c is not None:
            bal = Decimal(balance_c.value)
            if _sign_mark(ln, balance_c) < 0 and bal > 0:
                bal = -bal  # "1,234.56 DR": an overdrawn balance
            row["balance"] = _cell("balance", balance_c.raw, format_amount(bal), balance_c.start, balance_c.end,
                                   "money")
            prev_balance = bal
        rows.append(row)
        cont_from, desc_col = ln.index + 1, ds - ln.start
    return rows


_CSV_CELL = re.compile(r'\s*("(?:[^"]|"")*"|[^,]*)\s*(?:,|$)')
_CSV_HEAD = {"date": r"date|datum|fecha|data|booking date|transaction date",
             "description": r"name|description|payee|merchant|counterparty|details|omschrijving|beschreibung|libell[ée]",
             "amount": r"amount|betrag|bedrag|montant|importe|importo|value",
             "balance": r"balance|saldo|solde|kontostand"}


def _csv_cells(line: Line) -> list[tuple[str, int]]:
    """A comma-separated line's cells (quotes taken off) with their offsets in the text."""
    cells, pos, body = [], 0, line.text
    while pos <= len(body):
        m = _CSV_CELL.match(body, pos)
        if not m or m.end() == pos and pos == len(body) and cells:
            break
        raw, start = m.group(1), m.start(1)
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            raw, start = raw[1:-1], start + 1
        cells.append((raw, line.start + start))
        if m.end() == len(body) and not body.endswith(","):
            break
        pos = m.end()
    return cells


def _csv_transactions(lines: list[Line]) -> list[Row]:
    """A statement exported as comma-separated values: a header line naming the date, description
    and amount columns, then one transaction a line."""
    cols: dict[str, int] = {}
    rows: list[Row] = []
    for ln in lines:
        if not cols:
            if ln.text.count(",") < 3:
                continue
            heads = [c.strip().lower() for c, _ in _csv_cells(ln)]
            for kind, words in _CSV_HEAD.items():
                for i, h in enumerate(heads):
                    if kind not in cols and i not in cols.values() and re.fullmatch(words, h):
                        cols[kind] = i
            if not {"date", "description", "amount"} <= cols.keys():
                cols = {}
            continue
        cells = _csv_cells(ln)
        if len(cells) <= max(cols.values()):
            continue
        d_raw, d_s = cells[cols["date"]]
        date = find_dates(d_raw)
        a_raw, a_s = cells[cols["amount"]]
        value = parse_amount(a_raw)
        if not date or value is None:
            continue
        desc, ds = cells[cols["description"]]
        row: Row = {
            "date": _cell("date", d_raw, date[0][2].isoformat(), d_s, d_s + len(d_raw), "date"),
            "description": _cell("description", desc, " ".join(desc.split()), ds, ds + len(desc)),
            "amount": _cell("amount", a_raw, format_amount(value), a_s, a_s + len(a_raw), "money"),
        }
        if "balance" in cols:
            b_raw, b_s = cells[cols["balance"]]
            bal = parse_amount(b_raw)
            if bal is not None:
                row["balance"] = _cell("balance", b_raw, format_amount(bal), b_s, b_s + len(b_raw),
                                       "money")
        rows.append(row)
    return rows


# the column that says which way the money went, printed before the amount
_SIDE_MARK = re.compile(r"(?:\s{2,}|\t)(?P<w>Af|Bij|DR|CR|Dr|Cr|D|C|S|H|Debit|Credit|Débit|Crédit|Soll|Haben)\s*$")
_SIDE_SIGN = {"af": -1, "dr": -1, "d": -1, "s": -1, "debit": -1, "débit": -1, "soll": -1,
              "bij": 1, "cr": 1, "c": 1, "h": 1, "credit": 1, "crédit": 1, "haben": 1}


def _continues_tx(ln: Line, desc_col: int) -> bool:
    """A line of words only, starting under the previous row's description: its second line
    ('Abschlag Strom April Kd-Nr 4471' under 'Lastschrift Stadtwerke Weilheim')."""
    body = ln.text
    lead = len(body) - len(body.lstrip())
    return (abs(lead - desc_col) <= 1 and bool(re.search(r"[A-Za-zÀ-ÿ]{2}", body)) and len(body.strip()) <= 60
            and not _BALANCE_LINE.search(body) and not _TOTAL_ROW.match(body.strip())
            and not _REFERENCE_LINE.match(body.strip()))


def _flat(lines: list[Line]) -> bool:
    """Whether the text has lost its indentation (read from a scan: no line starts with a space),
    so that a description's second line starts where a row's date does."""
    return not any(ln.text[:1].isspace() for ln in lines if ln.text.strip())


def _continues_flat(ln: Line, lines: list[Line]) -> bool:
    """In text without indentation, a line of words right under a row (see _continues_tx, any
    column) continues its description when what follows it is the next row, a balance or total
    line, another such line or the end: not a heading or note between the rows and the rest."""
    if not _continues_tx(ln, len(ln.text) - len(ln.text.lstrip())) or amounts_in(ln.text, ln.start):
        return False
    if _FX_NOTE.search(ln.text) or _TX_DATE.match(ln.text):
        return False
    following = [x for x in lines if x.index > ln.index and x.text.strip()][:2]
    for nxt in following:
        body = nxt.text.strip()
        if _TX_DATE.match(nxt.text) or _BALANCE_LINE.search(body) or _TOTAL_ROW.match(body):
            return True
        if nxt is following[-1] or not _continues_tx(nxt, 0) or amounts_in(nxt.text, nxt.start):
            return False
    return not following


# a line that only carries the booking's reference or mandate ('Ref. 190796017', 'Mandat 7794'):
# bookkeeping, not the description
_REFERENCE_LINE = re.compile(r"(?:ref\b|referen[cz]e?\b|mandat|mandate|end-to-end|eref|mref|kref|cred\b|"
                             r"gläubiger-id|iban\b|bic\b)", re.IGNORECASE)


# the foreign amount and rate printed under a card payment ('FOREIGN CURRENCY 7.99 USD @ 1.413016')
_FX_NOTE = re.compile(r"\b[A-Z]{3}\s?@\s?\d|exchange rate|foreign currency|conversion rate|taux de change|"
                      r"wechselkurs|tipo de cambio|taxa de c[âa]mbio|cambio applicato|kurs\b|"
                      # the amount in the currency paid, on the line under a card row: 'U.S. DOLLAR 42.99'
                      r"^\s*(?:[A-Z][\w.]*\s){0,2}(?:dollars?|euros?|pounds?(?:\s+sterling)?|yen|yuan|ringgit|baht|"
                      r"rupees?|won|francs?|kronor|kroner|pesos?)\s+\d[\d.,]*\s*$", re.IGNORECASE)
_TOTAL_ROW = re.compile(r"(?:sub\s?-?\s?)?(?:total|totaux|totals|totaal|totale|totales|sous-total|summe|gesamt)\b",
                        re.IGNORECASE)
_OUT_SECTION = re.compile(r"withdrawals?|debits?|checks? paid|cheques? paid|payments? made|purchases|fees|charges|"
                          r"money out|paid out|sorties|débits|belastungen|ausgänge", re.IGNORECASE)
_IN_SECTION = re.compile(r"deposits?|credits?|additions|money in|paid in|entrées|crédits|gutschriften|eingänge",
                         re.IGNORECASE)


_VALUE_HEAD = re.compile(r"(?<![\w])(?:valeur|valuta|value date|wertstellung|wert)(?![\w])", re.IGNORECASE)


def _value_date_last(lines: list[Line]) -> bool:
    """Whether the statement's header puts a value-date column after the description."""
    for ln in lines:
        v, d = _VALUE_HEAD.search(ln.text), _HEAD["desc"].search(ln.text)
        if v and d:
            return v.start() > d.start()
    return False


def _section(body: str) -> int:
    """A heading of a statement's section ('ATM & DEBIT CARD WITHDRAWALS', 'DEPOSITS AND
    ADDITIONS'): a line in capitals without amounts or dates that names money out (-1) or in (+1)."""
    words = body.strip()
    if not words or words != words.upper() or len(words) > 60 or re.search(r"\d", words):
        return 0
    if _OUT_SECTION.search(words) and not _IN_SECTION.search(words):
        return -1
    if _IN_SECTION.search(words) and not _OUT_SECTION.search(words):
        return 1
    return 0


_SIGN_MARK = re.compile(r"(?P<minus>-(?![\d]))|\s?(?P<debit>DR|Dr|S|D)\b|\s?(?P<credit>CR|Cr|H|C)\b")


def _sign_mark(ln: Line, c: Candidate) -> int:
    """A sign printed after an amount: '45,20-', '45,20 S' (Soll), '1,234.56 DR' → -1; 'H', 'CR' → +1."""
    m = _SIGN_MARK.match(ln.text, c.end - ln.start)
    if not m:
        return 0
    return -1 if m.group("minus") or m.group("debit") else 1


_MARK_CELL = re.compile(r"\s{2,8}(?P<w>DR|Dr|CR|Cr)(?=\s{2,}\S|\s*$)")


# a card statement: its balance is what is owed, so a credit lowers it
_OWED_BALANCE = re.compile(r"credit limit|minimum (?:payment|amount) due|minimum payment|credit card statement|"
                           r"card statement|kreditkartenabrechnung|relevé de carte|extracto de tarjeta|"
                           r"extrato de cart[ãa]o|limite de cr[ée]dito|pagamento m[íi]nimo", re.IGNORECASE)


# (a time column of its own after the description, or before it: '01/10/24   08:15  Transfer Withdrawal')
_TIME_CELL = re.compile(r"(?:^|\s{2,})\d{1,2}:\d{2}(?::\d{2})?(?=\s*$)|^\s*\d{1,2}:\d{2}(?::\d{2})?(?=\s{2,})")


def _mark_column(ln: Line, c: Candidate) -> int:
    """A 'Dr/Cr' column of its own right after the amount ('38,450.00    Dr   1,45,876.45 Cr')."""
    m = _MARK_CELL.match(ln.text, c.end - ln.start)
    return 0 if m is None else -1 if m.group("w").lower() == "dr" else 1


def _is_short_date(raw: str, booking: str) -> bool:
    """'05.03' next to a booking date printed the same way is a value date."""
    m = re.fullmatch(r"(\d{2})([./])(\d{2})", raw.strip())
    b = re.match(r"\d{1,2}([./])\d{1,2}", booking)
    return bool(m and b and m.group(2) == b.group(1) and 1 <= int(m.group(1)) <= 31
                and 1 <= int(m.group(3)) <= 12)


def _nearest(c: Candidate, ln: Line, cols: dict[str, int]) -> str | None:
    """The header column whose right edge is closest to the amount's right edge."""
    if not cols:
        return None
    end = c.end - ln.start
    kind, edge = min(cols.items(), key=lambda kv: abs(kv[1] - end))
    return kind if abs(edge - end) <= 8 else None


# --- lab results -------------------------------------------------------------------------------
_UNIT = (r"(?:%|g/dl|g/l|mg/dl|mg/l|mmol/l|µmol/l|umol/l|μmol/l|nmol/l|pmol/l|mmol/mol|iu/l|u/l|ui/l|iu/ml|u/ml|ku/l|"
         r"miu/l|mu/l|mui/l|µiu/ml|uiu/ml|µui/ml|miu/ml|ng/ml|ng/dl|ng/l|pg/ml|µg/l|ug/l|μg/l|mcg/l|µg/dl|ug/dl|mcg/dl|"
         r"[x×]\s?10\^?9/l|[x×]\s?10\^?12/l|10\^9/l|10\^12/l|10\*9/l|10\*12/l|x10e9/l|x10e12/l|g/l|t/l|gpt/l|"
         r"(?:[x×]\s?)?10\s?(?:\^|e|\*|~)?\s?(?:3|6|9|12)\s?/\s?(?:µl|μl|ul|mm3|mm³|nl|l)|"
         r"tpt/l|/nl|/pl|/µl|/ul|/mm3|/mm³|/hpf|/lpf|eu/dl|fl|pg|mm/1st\s?h(?:r|our)|mm/hr?|mm/h|sec|s|ratio|meq/l|"
         r"ml/min(?:/1[.,]73(?:\s?m2|\s?m²|\s?㎡)?)?|ml/s(?:/1[.,]73(?:\s?m2|\s?m²)?)?|/μl|万/[µμu]l|mm|cells/µl|k/µl|k/ul|m/µl|m/ul|thou/µl|mill/µl|"
         r"mg/g(?:\s?cr)?|"
         r"g/24\s?h|mosm/kg|kpa|mmhg|index|titre|titer|"
         r"[µμu]kat/l|mie/l|ie/l|mg/mmol|l/l|"  # Nordic enzyme units, a urine ratio, a haematocrit fraction
         r"(?:mill|million|thou|thousand|lakhs?)/(?:mm3|cumm|cu\.?\s?mm|µl|μl|ul)|cells/cumm|/cumm|"
         r"x\s?e\s?(?:9|12)/l|"
         # (Russian units: 'г/л', 'ммоль/л', 'мкмоль/л', 'ммоль/моль', '×10^9/л', 'мм/ч', 'мМЕ/л', 'мл/мин/1,73м2')
         r"[мн]?моль/л|мкмоль/л|ммоль/моль|[мк]?г/[дл]?л|мкг/л|нг/мл|пг/мл|[мм]?ме/[мл]?л|ед/л|%|фл|пг|мм/ч|"
         r"[x×]\s?10\^?(?:9|12)/л|мл/мин(?:/1[.,]73\s?м2)?)")
_NUM = r"\d+(?:[.,]\d+)?"
_RNUM = r"\d+(?:[.,:]\d+)?"  # in a range a scan may read the decimal point as a colon ("11:0")
# what stands between a range's two bounds (also where lab_flag reads the range): a dash, 'to',
# 'à', 'a' (Portuguese), 'bis';
# "-." and "to." : a speck after the dash that OCR reads as a full stop
# ": " : a scan may read a range's dash as a colon ("15: 150"; a decimal colon has no space)
_RANGE_DASH = r"[.,]?\s?(?:-\.?|–|—|(?<=\s)~(?=\s)|～|to\.?|à|(?<=\s)a(?=\s)|bis|:(?=\s))\s?"  # ("70 ~ 99": Korean, Japanese; a tilde between spaces, "10~9/L" is a scan's 10^9/L)
# a bound in words: 'hasta 1,50' (up to), 'menor de 2,00', 'mayor de 0,40', 'up to 40', 'less than 5'
_UP_TO_WORD = r"hasta|até|up\s+to"
_BELOW_WORD = r"menor\s+de|menos\s+de|inferior\s+a|abaixo\s+de|less\s+than|below"
_ABOVE_WORD = r"mayor\s+de|más\s+de|superior\s+a|acima\s+de|greater\s+than|more\s+than|above"
_BIG = r"\d{1,3}(?:\.\d{3}){2,}(?![.,]\d)|\d{1,3}(?:,\d{3}){2,}(?![.,]\d)"  # '4.200.000'
_RANGE = (rf"(?:(?:[<>≤≥]=?|[<>]\s?or\s?=)\.?\s?{_RNUM}|(?:{_UP_TO_WORD}|{_BELOW_WORD}|{_ABOVE_WORD})\s{_RNUM}|"
          rf"(?:{_BIG}){_RANGE_DASH}(?:{_BIG})|{_RNUM}{_RANGE_DASH}{_RNUM})")
# a range printed for each sex ("M: 13,5-17,5 / F: 12,0-15,5", "H : 4,5-5,9 ; F : 4,0-5,2",
# "m 134-170 / w 117-153", "Männer: <60, Frauen: <40", "Male 13-17  Female 12-15"): read whole. The
# sex is a letter (H for homme / hombre, W for weiblich) or a word, its colon may be left out
_MALE_WORD = r"male|men|man|männer|mann|herren|hommes?|hombres?|uomini|mænd|män|menn|mannen|муж\w*|άνδρες"
_FEMALE_WORD = r"female|women|woman|frauen|frau|damen|femmes?|mujer(?:es)?|donne|kvinder|kvinnor|kvinner|vrouwen|жен\w*|γυναίκες"
# (Russian М / Ж, Greek Α / Γ: 'М: 130 - 170  Ж: 120 - 150', 'Α: 13,5-17,5  Γ: 12,0-15,5')
_SEX_WORD = rf"(?:{_FEMALE_WORD}|{_MALE_WORD}|[MFHWМЖΑΓ])"
_SEX_LEAD = rf"{_SEX_WORD}(?:\s?:\s?|\s)"
_SEXED = rf"(?:{_SEX_LEAD}{_RANGE}(?:(?:\s?[/;,]\s?|\s+){_SEX_LEAD}{_RANGE})+)"
# a range graded in categories over several lines ("Deseable: < 200" / "Limítrofe: 200 - 239" /
# "Alto: >= 240", "Non-Diabetic : < 5.7" / ...): its first line is the range, read with its word
_GRADE = r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ-]{2,20}(?:\s[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ-]{1,20})?\s?:\s?"
_RANGE_RE = re.compile(
    rf"[(\[]?\s*(?:(?:ref(?:erence)?\.?(?:\s?range)?|normal(?:\s?range)?|norm(?:al)?|réf\.?|"
    rf"referenzbereich|referenz|valeurs?(?:\s+de\s+référence)?|vr|bereich|range)\s*[.:]?\s*)?"
    rf"(?P<range>{_SEXED}|(?P<grade>{_GRADE})?{_RANGE})(?:\s?(?P<runit>{_UNIT}))?\s*[)\]]?", re.IGNORECASE)
_UNIT = _UNIT.replace("/", "/\\s?")  # "mmol/ L": a scan may put a space after the slash
# a litre's l that a scan reads as 1, I, i or t, or loses ("mmol/t", "T/1", "mg/di", "umot/L", "mg/d")
_OCR_UNIT = r"(?:[mµμu]?mo[lt]|[mµμunp]?g|[kmµμ]?iu|[kmµμ]?u|[GT])/\s?[dm]?[l1Iit|]?"
_UNIT_RE = re.compile(rf"(?P<unit>{_UNIT}|{_OCR_UNIT})(?![\w/])", re.IGNORECASE)
# (a GP system's words for H / L: 'Above high reference limit', 'Below low reference limit')
_FLAG_RE = re.compile(r"(?P<flag>(?:above\s+high|below\s+low)\s+reference\s+limit|\*?[HL]{1,2}\b|HIGH|LOW|High|Low|HI\b|LO\b|haut|bas|élevé|B\b|A\b|abnormal|"
                      r"\+{1,2}|-{1,2}(?!\d)|↑|↓|\*)", re.IGNORECASE)
# "'11,4": a speck OCR reads as a quote before the value (after a space: "1'234" is a number)
# a value may group its thousands ("1,245.6", "1.245,6", "12,500,000"): the other mark is the decimal one
_GROUPED = r"\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:,\d{3}){2,}(?![.,]\d)|\d{1,3}(?:\.\d{3}){2,}(?![.,]\d)"
# a urine microscopy count per field is a span ("RBC   11-20   H   /HPF   0-2")
_VALUE_RE = re.compile(rf"(?:^|(?<=[\s:.])|(?<=\s['`’]))(?P<value>[<>]?\s?(?:{_GROUPED}|"
                       r"\d{1,3}-\d{1,3}(?=\s+(?:[A-Z]{1,2}\s+)?(?i:/[hl]pf)\b)|\d+(?:[.,]\d+)?))"
                       r"(?=[.:,]?(?:\s|$)|-[A-Za-zµμ]{1,5}/|-%|\*|[HL]\b)")  # ('4.9-mmol/L'; not 'Vitamin D, 25-Hydroxy')
# Specks OCR reads as punctuation between the cells of a scanned table: "0.67. mmol/L",
# "34 :U/L", "4.9-mmol/L", "LOW."; skipped, the cells around them are read as usual.
_OCR_SPECK = re.compile(r"(?:[.:;,'`~\"“”’]+|-(?=[A-Za-zµμ]))(?=\s|$|[A-Za-zµμ%<>\d(])")
_NOT_TEST = re.compile(r"\b(date|dob|born|geb|page|seite|tel|phone|fax|age|alter|mrn|id|nr|no|"
                       r"patient|sample|specimen|collected|received|reported|eingang|bp|hr|spo2)\b",
                       re.IGNORECASE)
_FLAG_MAP = {"h": "H", "hh": "H", "high": "H", "hi": "H", "+": "H", "++": "H", "↑": "H", "haut": "H", "élevé": "H",
             "above high reference limit": "H", "below low reference limit": "L",
             "l": "L", "ll": "L", "low": "L", "lo": "L", "-": "L", "--": "L", "↓": "L", "b": "L", "bas": "L"}
# the patient's sex as a report prints it, for a range given per sex
_SEX = re.compile(r"(?<![\w])(?:sex|sexe|sexo|sesso|geschlecht|gender|køn|kön|kjønn|geslacht|płeć|пол|стать|φύλο)"
                  r"(?:\s?/\s?(?:age|alter|âge|edad|età|idade))?\s*[:.]?\s*"  # "Sex / Age : F / 29Y"
                  r"(?P<sex>[MFWH]\b|male|female|man|woman|masculin[oa]?|f[ée]minin[oa]?|maschio|femmina|"
                  r"männlich|weiblich|mand|kvinde|kvinna|kvinne|mann|vrouw|mężczyzna|kobieta|[МЖ](?!\w)|жен\w*|муж\w*|"
                  r"γυναίκα|άνδρας)", re.IGNORECASE)
_FEMALE = re.compile(r"f|w|female|woman|f[ée]minin[oa]?|femmina|femminile|weiblich|kvin\w*|vrouw(?:elijk)?|kobieta|"
                     r"ж|жен\w*|γυναίκα",
                     re.IGNORECASE)
_SEX_PART = re.compile(rf"(?<![\w])(?P<sex>{_SEX_WORD})(?:\s?:\s?|\s)(?P<range>{_RANGE})", re.IGNORECASE)
_FEMALE_PART = re.compile(rf"[FWЖΓ]|{_FEMALE_WORD}", re.IGNORECASE)


# the sex written out as a cell of its own in the patient's lines, without a label ("03.05.1958
# (66 J.), weiblich", "Age / Gender : 38 Y / Female")
_SEX_CELL = re.compile(r"(?:,\s?|/\s?|\s{2,}|^)(?P<sex>male|female|männlich|weiblich|masculin[oa]?|f[ée]minin[oa]?|"
                       r"maschile|femminile|mannelijk|vrouwelijk|manlig|kvinnlig)(?=\s?(?:,|/|\s{2,}|$))",
                       re.IGNORECASE | re.MULTILINE)


def patient_sex(text: str) -> str | None:
    """'M' or 'F' from a printed 'Sex: F', 'Sesso: F', 'Sexo: Feminino', 'Geschlecht: weiblich', or a
    sex word standing alone in its cell ('03.05.1958 (66 J.), weiblich')."""
    m = _SEX.search(text) or _SEX_CELL.search(text)
    if m is None:
        return None
    return "F" if _FEMALE.fullmatch(m.group("sex")) else "M"


def _plain_number(s: str) -> str:
    """'1,245.6' -> '1245.6', '1.245,6' -> '1245.6', '12,500,000' -> '12500000', '3,9' -> '3.9': a
    number's thousands marks dropped, its decimal mark a point, spaces gone."""
    s = s.replace(" ", "")
    if re.fullmatch(rf"[<>≤≥]?(?:{_GROUPED})", s):
        s = s.replace(next(ch for ch in s if ch in ",."), "")  # the first mark groups the thousands
    return s.replace(",", ".")


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(_plain_number(s).replace(":", ".").lstrip("<>≤≥"))
    except InvalidOperation:
        return None


# a range that says none is expected ("Negative", "None seen", "Nil", "Not detected")
_NONE_RANGE = re.compile(r"(?:negative|neg\.?|nil|none\s+seen|not\s+detected)(?=\s*$)", re.IGNORECASE)
# a line of an interpretive comment that reads like a row ("A serum folate concentration of less
# than 3.1 ng/mL is", "Friedewald calculation not valid if triglycerides > 4.5 mmol/L"): a sentence's words
_SENTENCE_WORD = re.compile(r"(?<![\w-])(?:if|than|is|are|was|were|should|may|when|whether)(?![\w-])")


def lab_flag(value: str, ref: str, sex: str | None = None) -> str | None:
    """H/L computed from the reference range ('3.9-5.5', '<200', '> 60', '3,9–5,5', '4 to 10'); of a
    range per sex ('M: 13,5-17,5 / F: 12,0-15,5') the patient's, or where the sex is not known the
    flag both ranges agree on."""
    parts = list(_SEX_PART.finditer(ref or ""))
    if len(parts) >= 2:
        flags = {"F" if _FEMALE_PART.fullmatch(p.group("sex")) else "M": lab_flag(value, p.group("range"))
                 for p in parts}
        if sex in flags:
            return flags[sex]
        return flags.popitem()[1] if len(set(flags.values())) == 1 else None
    v = _dec(value)
    if v is None or not ref:
        return None
    if _NONE_RANGE.fullmatch(ref.strip()):  # a number where none is expected is above it
        return "H" if v > 0 else "normal"
    ref = re.sub(rf"^\s*{_GRADE}", "", ref)  # "Deseable: < 200": the category's word
    # a bound in words: 'hasta 1,50' is at most 1,50, 'menor de 2,00' below it, 'mayor de 0,40' above it
    ref = re.sub(rf"^\s*(?:{_UP_TO_WORD})\s", "≤", ref, flags=re.IGNORECASE)
    ref = re.sub(rf"^\s*(?:{_BELOW_WORD})\s", "<", ref, flags=re.IGNORECASE)
    ref = re.sub(rf"^\s*(?:{_ABOVE_WORD})\s", ">", ref, flags=re.IGNORECASE)
    if re.fullmatch(rf"[<>≤≥]?(?:{_GROUPED})", value.replace(" ", "")):
        # a value that groups its thousands ("1,245,000"): the range groups them with the same mark
        mark = next(ch for ch in value if ch in ",.")
        ref = re.sub(rf"(?<=\d){re.escape(mark)}(?=\d{{3}}(?!\d))", "", ref)
    ref = re.sub(_RANGE_DASH, "-", ref)
    if "-" not in ref:
        ref = re.sub(r"(?<=\d)\s+(?=\d)", "-", ref, count=1)  # "80 100": the dash lost by the scan
    m = re.match(rf"\s*({_RNUM})\s*-\s*({_RNUM})", ref)
    if m:
        lo, hi = _dec(m.group(1)), _dec(m.group(2))
        if lo is not None and hi is not None:
            return "H" if v > hi else "L" if v < lo else "normal"
    m = re.match(rf"\s*([<>≤≥])\s*(?:=|or\s*=)?\.?\s*({_RNUM})", ref, re.IGNORECASE)  # ">=60", "> OR = 60"
    if m:
        bound = _dec(m.group(2))
        if bound is None:
            return None
        # '>59': 59 is below it (a value printed '<5' under '<5' is not above it)
        strict = m.group(1) in "<>" and not re.search(r"=|or\s*=", ref[m.end(1):m.start(2)], re.IGNORECASE) \
            and value.lstrip()[:1] not in "<>≤≥"
        if m.group(1) in "<≤":
            return "H" if v > bound or (strict and v == bound) else "normal"
        return "L" if v < bound or (strict and v == bound) else "normal"
    return None


# a unit printed in brackets after the test's name ("Glicose (mg/dL)", "Emoglobina [g/dL]", "RDW (%)")
_NAME_UNIT = re.compile(r"\s[(\[](?P<unit>[^()\[\]\s]{1,20}|[x×]\s10\S{1,12})[)\]]$")
# a previous result and its date printed after the current one ("98   05/14/2024": a cumulative
# report's Previous Result column)
_PREVIOUS = re.compile(r"[<>]?\d+(?:[.,]\d+)?\s+\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?=\s|$)")
_LEADER = re.compile(r"(?<=\S)\s?(?:\.{3,}|…+)\s?")  # "Hématies .......   4,02": dots leading to the value


def _name_unit(name: str) -> tuple[str, int] | None:
    """The unit in brackets at the end of a test's name and its offset, if it reads as one."""
    m = _NAME_UNIT.search(name)
    if m is None:
        return None
    unit = m.group("unit")
    if _UNIT_RE.fullmatch(unit) or re.search(r"[/%^³]", unit):
        return unit, m.start("unit")
    return None


_SECOND_UNIT = re.compile(rf"(?:{_GROUPED}|\d+(?:[.,]\d+)?)\s?(?:{_UNIT})(?![\w/])", re.IGNORECASE)


def _parse_result(body: str) -> dict[str, tuple[str, int]] | None:
    """Split 'Test name  value [flag] [unit] [range] [flag]' into cells (raw text, offset)."""
    body = _LEADER.sub(lambda x: " " * len(x.group(0)), body)  # offsets kept
    m = _VALUE_RE.search(body)
    while m is not None:
        name = body[: m.start()].rstrip(" .:\t")
        if sum(ch.isalpha() for ch in name) >= 2:
            break
        m = _VALUE_RE.search(body, m.end())
    if m is None:
        return None
    name = body[: m.start()].strip(" .:=\t…'`’")
    name = re.sub(r"\s*\.{2,}$", "", name).strip()
    if re.search(r"\s[A-Za-z]{2,4}$", name) and re.match(r"\.(?!\.)", body[body.find(name) + len(name):]):
        name += "."  # an abbreviation's dot ("Transferrin Sat."), not a leader
    name_at = body.find(name)
    lead_flag: tuple[str, int] | None = None
    cols = list(re.finditer(r"\S+(?: \S+)*", name))
    first = next((c for c in cols if sum(ch.isalpha() for ch in c.group(0)) >= 2), None)
    if len(cols) > 1 and first is not None:
        # more columns before the value: a method ("C.L.I.A", "CALCULATED") or a flag printed
        # in its own column before the result ("Hemoglobin   L   118", "Glucosa   * 118")
        for c in cols[cols.index(first) + 1:]:
            if lead_flag is None and _FLAG_RE.fullmatch(c.group(0)):
                lead_flag = (c.group(0), name_at + c.start())
        name_at += first.start()
        name = first.group(0)
    # a mark before the test's name: its accreditation ("# ALT": tests marked # are accredited) or a
    # footnote ("* Ferritin", "† eGFR"); not part of the name
    if (mark := re.match(r"[#*†‡§¶]+\s?(?=[A-Za-zÀ-ÿ0-9(])", name)) is not None:
        name_at += mark.end()
        name = name[mark.end():]
    if not name or len(name) > 50 or _NOT_TEST.search(name) or _SENTENCE_WORD.search(name) or \
            not re.match(r"[A-Za-zÀ-ÿĀ-ž\u0370-\u03ff\u0400-\u04ff0-9(\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", name):
        return None
    raw_value = m.group("value")
    cells: dict[str, tuple[str, int]] = {
        "test": (name, name_at),
        "value": (raw_value.strip(), m.start("value") + len(raw_value) - len(raw_value.lstrip()))}
    if lead_flag is not None:
        cells["flag"] = lead_flag
    pos = m.end()
    while True:
        while pos < len(body) and body[pos] in " \t":
            pos += 1
        if pos >= len(body):
            break
        rest = body[pos:]
        r = _RANGE_RE.match(rest)
        if r and "range" not in cells and (rest[0] in "([<>≤≥" or r.group(0)[:1].isalpha() or
                                           re.match(_RANGE, rest)):
            if re.search(r"(?<![\d.,])0\d", r.group("range")):
                return None  # "31-024 Kraków": a postcode, not a range ("0.5-1.0" is one)
            if r.group("grade") and _NOT_TEST.search(r.group("grade")):
                return None  # "Date: 12-10", "Page: 1-2": a label, not a range's category
            cells["range"] = (r.group("range"), pos + r.start("range"))
            if r.group("runit") and "unit" not in cells:
                cells["unit"] = (r.group("runit"), pos + r.start("runit"))
            pos += r.end()
            continue
        na = re.match(r"not\s+estab(?:lished\b|\.|\b)", rest, re.IGNORECASE)
        if na and "range" not in cells and "unit" in cells:  # LabCorp's 'Not Estab.': a range that says none
            cells["range"] = (na.group(0), pos)
            pos += na.end()
            continue
        prev = _PREVIOUS.match(rest)
        if prev and "unit" not in cells and "range" not in cells:
            pos += prev.end()  # the previous result, before this row's unit and range
            continue
        again = _SECOND_UNIT.match(rest)
        if again and "unit" in cells and "range" not in cells:
            pos += again.end()  # the same result in a second unit ('62 %   4.836 /mm3': relative and absolute)
            continue
        u = _UNIT_RE.match(rest)
        if u and "unit" not in cells:
            cells["unit"] = (u.group("unit"), pos)
            pos += u.end()
            continue
        f = _FLAG_RE.match(rest)
        if f and "flag" not in cells and (f.end() == len(rest) or rest[f.end()] in " \t"
                                          or re.match(r"\.(?:\s|$)", rest[f.end():])):
            cells["flag"] = (f.group("flag"), pos)
            pos += f.end()
            continue
        lost_dash = re.fullmatch(rf"\(?\s*(?:ref\w*\.?:?\s*)?({_NUM})\s+({_NUM})\s*\)?\s*", rest, re.IGNORECASE)
        if lost_dash and "unit" in cells and "range" not in cells and \
                (_dec(lost_dash.group(1)) or 0) < (_dec(lost_dash.group(2)) or 0):
            # "VGM   85   fL   80 100": the range's dash lost by the scan
            cells["range"] = (rest[lost_dash.start(1):lost_dash.end(2)], pos + lost_dash.start(1))
            break
        speck = _OCR_SPECK.match(rest)
        if speck:
            pos += speck.end()
            continue
        if "range" not in cells and (q := _NONE_RANGE.match(rest)) and not _NONE_RANGE.fullmatch(cells["value"][0]):
            cells["range"] = (q.group(0), pos)  # 'Protein   30   A   mg/dL   Negative': none expected
            pos += q.end()
            continue
        # a short tail without numbers ("% of total Hgb", a lab site code "EN" or "01") may follow
        if ("unit" in cells or "range" in cells) and len(rest) <= 25 and \
                (not re.search(r"\d", rest) or re.fullmatch(r"\w{1,3}\s*", rest)):
            break
        # the previous result alone in the last column, after the range ("(3,80 - 5,10)   4,21"
        # under "Antériorités")
        if "range" in cells and re.fullmatch(r"[<>]?\d+(?:[.,]\d+)?(?:\s+[HL]{1,2})?\s*", rest):
            break
        return None  # something this reader does not understand: not a result line
    if "unit" not in cells and (nu := _name_unit(name)) is not None:
        cells["test"] = (name[: nu[1] - 1].rstrip(), name_at)
        cells["unit"] = (nu[0], name_at + nu[1])
    if "unit" not in cells and "range" not in cells:
        return None
    return cells


# a value's label in a block layout ("TSH" / "Your result: 4.9 uIU/mL HIGH" / "Reference range: …")
_RESULT_WORD = re.compile(r"(?:your\s+)?(?:result|value|ergebnis|résultat|resultado|risultato|uitslag)s?",
                          re.IGNORECASE)
_RANGE_LINE = re.compile(r"^\s*(?:reference|normal|standard|ref\.?|referenz)\s*(?:range|interval|values?|bereich)?\s*[:;]\s*",
                         re.IGNORECASE)
_COLUMN_DATE = re.compile(r"(?<!\S)\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\S)")
_CELL_VALUE = re.compile(r"(?<!\S)[<>]?\d+(?:[.,]\d+)?(?:\s?[HL]{1,2}\b|\s?\*)?(?!\S)")


_PREVIOUS_HEAD = re.compile(r"前回値?|(?<![\w])(?:previous(?: result| value)?|prev\.? result|antériorités?|"
                            r"vorwert|vorbefund|valor anterior|resultado anterior)(?![\w])", re.IGNORECASE)


def _date_key(d: str) -> dict[str, tuple[int, int, int]]:
    """A column's date as (year, month, day), read day first and month first where each is valid
    ('03/04/2025' both ways, '17.02.2025' only day first)."""
    parts = [int(x) for x in re.split(r"[./-]", d)]
    if parts[0] > 31:  # '2025-02-17'
        return {"dmy": (parts[0], parts[1], parts[2]), "mdy": (parts[0], parts[1], parts[2])}
    year = parts[2] + (2000 if parts[2] < 100 else 0)
    out = {"dmy": (year, parts[1], parts[0])} if parts[1] <= 12 else {}
    return out | ({"mdy": (year, parts[0], parts[1])} if parts[0] <= 12 else {})


def _newest_first(line: str, dates: list[tuple[int, int]]) -> bool:
    """Whether a cumulative report prints its most recent date in the left-hand column ('Data
    pobrania   17.02.2025   10.02.2025   03.02.2025'): every reading of its dates says so."""
    first, last = _date_key(line[slice(*dates[0])]), _date_key(line[slice(*dates[-1])])
    both = [k for k in first if k in last]
    return bool(both) and all(first[k] > last[k] for k in both)


def _latest_column(line: str, dates: list[tuple[int, int]], newest_first: bool = False) -> str:
    """A cumulative report's row ('POTASSIUM  5.1  5.4 H  5.6 H  mmol/L  3.5-5.1' under three
    dates): the earlier dates' values blanked out (offsets kept), the most recent one read (in
    the right-hand column, or in the left-hand one where the report prints it first)."""
    every = list(_CELL_VALUE.finditer(line))
    cells = [m for m in every if any(m.start() < e and m.end() > s for s, e in dates)]
    last = dates[0] if newest_first else dates[-1]
    if len(cells) < 2 or cells[0].start() != every[0].start() or \
            not any(m.start() < last[1] and m.end() > last[0] for m in cells):
        # a scan's text keeps the columns but not where they stand (the row's first value is not
        # under the first date, or none under the last): the row's first values are the dates'
        # columns, in order
        if len(every) < len(dates) or not line[: every[0].start()].strip() or len(dates) < 2:
            return line
        for m in every[1: len(dates)] if newest_first else every[: len(dates) - 1]:
            line = line[: m.start()] + " " * (m.end() - m.start()) + line[m.end():]
        return line
    for m in cells:
        if not (m.start() < last[1] and m.end() > last[0]):
            line = line[: m.start()] + " " * (m.end() - m.start()) + line[m.end():]
    return line


def _block_result(row: Row, lines: list, ln) -> set[int]:
    """'Your result: 4.9 uIU/mL' under its test's name and over 'Reference range: 0.4 - 4.5': the
    name comes from the line above and the range from the line below. Returns the lines used."""
    prev = next((x for x in reversed(lines[max(0, ln.index - 2): ln.index]) if x.text.strip()), None)
    if prev is None or len(prev.text.strip()) > 50 or ":" in prev.text or _parse_result(prev.text) is not None \
            or sum(ch.isalpha() for ch in prev.text) < 2:
        return set()
    name = prev.text.strip()
    s = prev.start + prev.text.index(name)
    row["test"] = _cell("test", name, name, s, s + len(name))
    used = {prev.index}
    nxt = next((x for x in lines[ln.index + 1: ln.index + 3] if x.text.strip()), None)
    if nxt is not None and "reference_range" not in row and (lab := _RANGE_LINE.match(nxt.text)):
        r = _RANGE_RE.match(nxt.text, lab.end())
        if r:
            s = nxt.start + r.start("range")
            row["reference_range"] = _cell("reference_range", r.group("range"), r.group("range"), s,
                                           s + len(r.group("range")))
            used.add(nxt.index)
    return used


# the range row of a cumulative table whose dates are rows ('Ref. Range:   0.40-4.00   9.0-19.0')
_RANGE_ROW = re.compile(r"^\s*(?:ref(?:erence)?\.?\s*(?:range|interval)s?|normal\s+range)\s*:?\s{2,}", re.IGNORECASE)
_ROW_DATE = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\S)")


def _dated_rows(lines: list[Line], sex: str | None) -> tuple[list[Row], set[int]]:
    """A cumulative report whose dates are rows and tests columns ('TSH  Free T4' over their units,
    a 'Ref. Range:' row, then one row a collection date): the tests of the newest (last) dated row,
    each with its column's head, unit and range. Returns the rows and the lines read."""
    for ln in lines:
        lab = _RANGE_ROW.match(ln.text)
        ranges = [m for m in re.finditer(_RANGE, ln.text) if lab and m.start() >= lab.end()]
        if lab is None or len(ranges) < 2:
            continue
        dated = []
        for x in lines[ln.index + 1:]:
            if _ROW_DATE.match(x.text):
                dated.append(x)
            elif x.text.strip():
                break
        heads = [x for x in lines[max(0, ln.index - 3): ln.index] if x.text.strip()]
        if not dated or not heads:
            continue
        last = dated[-1]

        def under(line: Line, s: int, e: int, pattern: str = r"\S+(?: \S+)*") -> re.Match[str] | None:
            return next((m for m in re.finditer(pattern, line.text) if m.start() < e + 2 and m.end() > s - 2), None)

        rows: list[Row] = []
        for r in ranges:
            value = under(last, r.start(), r.end(), _CELL_VALUE.pattern)
            cells = [(x, under(x, r.start(), r.end())) for x in heads]
            cells = [(x, m) for x, m in cells if m is not None]
            unit = next(((x, m) for x, m in cells if _UNIT_RE.fullmatch(m.group(0))), None)
            name = next(((x, m) for x, m in cells if (x, m) != unit and re.search(r"[^\W\d_]{2}", m.group(0))), None)
            if value is None or name is None:
                continue
            v = re.match(r"[<>]?\d+(?:[.,]\d+)?", value.group(0))
            row: Row = {"test": _cell("test", name[1].group(0), name[1].group(0), name[0].start + name[1].start(),
                                      name[0].start + name[1].end()),
                        "value": _cell("value", v.group(0), _plain_number(v.group(0)), last.start + value.start(),
                                       last.start + value.start() + v.end(), "number"),
                        "reference_range": _cell("reference_range", r.group(0), r.group(0), ln.start + r.start(),
                                                 ln.start + r.end())}
            if unit is not None:
                row["unit"] = _cell("unit", unit[1].group(0), unit[1].group(0), unit[0].start + unit[1].start(),
                                    unit[0].start + unit[1].end())
            if (flag := lab_flag(v.group(0), r.group(0), sex)) is not None:
                row["flag"] = Field(name="flag", raw=None, value=flag, type="text", span=None, confidence=0.9,
                                    grounded=True, source="rule", note="computed from the reference range")
            rows.append(row)
        if rows:
            return rows, {x.index for x in [ln, *dated, *heads]}
    return [], set()


def lab_results(text: str) -> list[Row]:
    """Result rows in the shapes labs print: aligned tables, dotted leaders, 'Name: value unit
    (range)' lines, and a test name on its own line with the value line under it."""
    lines = split_lines(text)
    rows, skip = _dated_rows(lines, patient_sex(text))
    dates: list[tuple[int, int]] = []
    sex = patient_sex(text)
    previous_col = 0
    newest_first = False
    for ln in lines:
        if ln.index in skip:
            continue
        heads = [(m.start(), m.end()) for m in _COLUMN_DATE.finditer(ln.text)]
        # each date a column of its own (not 'Prélevé le 15/10/2024 ...   Née le 12/06/1961')
        if len(heads) >= 2 and ":" not in _DATE_OR_TIME.sub("", ln.text) and \
                all(not ln.text[:a].strip() or ln.text[:a].endswith("  ") for a, _ in heads):
            dates = heads  # a cumulative report's header: one column a collection date
            newest_first = _newest_first(ln.text, dates)
            continue
        if (head := _PREVIOUS_HEAD.search(ln.text)) and len(re.findall(r"\S+(?: \S+)*", ln.text)) >= 3:
            previous_col = head.start()  # a 'previous value' column's heading ('前回値 2024/10/11', 'Previous')
        parsed = _parse_result(_latest_column(ln.text, dates, newest_first) if dates else ln.text)
        if parsed is None and previous_col and ln.text[previous_col - 2 : previous_col] == "  " and \
                re.search(r"\d", ln.text[previous_col:]):
            # a row without a range whose previous value stands in that column ('eGFR  63.4  mL/min  65.9')
            parsed = _parse_result(ln.text[:previous_col])
        spans = [(0, ln.start)]
        if parsed is None:
            nxt = next((x for x in lines[ln.index + 1 : ln.index + 3] if x.text.strip()), None)
            name = ln.text.strip()
            if nxt is None or not name or not re.match(r"\s*[<>]?\d", nxt.text) or \
                    sum(ch.isalpha() for ch in name) < 2 or _parse_result(nxt.text) is not None:
                continue
            joined = ln.text + " " + nxt.text
            parsed = _parse_result(joined)
            if parsed is None:
                continue
            skip.add(nxt.index)
            spans = [(0, ln.start), (len(ln.text) + 1, nxt.start - len(ln.text) - 1)]

        def at(pos: int, spans: list[tuple[int, int]] = spans) -> int:
            base = [off for lim, off in spans if pos >= lim][-1]
            return base + pos

        def cell(name: str, key: str, kind: str = "text",
                 parsed: dict[str, tuple[str, int]] = parsed) -> Field:
            raw, pos = parsed[key]
            s = at(pos)
            value = _plain_number(raw) if kind == "number" else raw
            return _cell(name, raw, value, s, s + len(raw), kind)

        row: Row = {"test": cell("test", "test"), "value": cell("value", "value", "number")}
        if "unit" in parsed:
            row["unit"] = cell("unit", "unit")
        if "range" in parsed:
            row["reference_range"] = cell("reference_range", "range")
        if _RESULT_WORD.fullmatch(parsed["test"][0]):
            used = _block_result(row, lines, ln)
            if not used:
                continue
            skip |= used
            if "range" not in parsed and "reference_range" in row:
                parsed["range"] = (row["reference_range"].raw, -1)
        printed = parsed.get("flag", ("", 0))[0]
        computed = lab_flag(parsed["value"][0], parsed.get("range", ("", 0))[0], sex)
        flag = computed or _FLAG_MAP.get(printed.lower().lstrip("*")) or ("abnormal" if printed else None)
        if flag:
            note = "computed from the reference range" if computed else "as printed"
            if computed and printed and _FLAG_MAP.get(printed.lower().lstrip("*"), computed) != computed:
                note = f"printed flag {printed!r} disagrees with the reference range"
            span = (at(parsed["flag"][1]), at(parsed["flag"][1]) + len(printed)) if printed else None
            row["flag"] = Field(name="flag", raw=printed or None, value=flag, type="text", span=span,
                                confidence=0.9 if computed else 0.6, grounded=bool(printed) or bool(computed),
                                source="rule", note=note)
        if len(spans) == 1 and (head := _name_begun_above(lines, ln, parsed)) is not None:
            # 'GFR calculated by CKD-EPI' over '    equation   44 mL/min/1.73m2 [>59]': the name's start above
            first = head.text.strip()
            joined = f"{first} {row['test'].raw}"
            s0 = head.start + head.text.index(first)
            row["test"] = _cell("test", joined, joined, s0, row["test"].span[1])
        elif len(spans) == 1 and (more := _wrapped_name(lines, ln, parsed)) is not None:
            skip.add(more.index)
            # the name's words joined; its span from its first word to its last (as a line item's
            # description wrapped under its row)
            extra = more.text.strip()
            joined = f"{row['test'].raw} {extra}"
            row["test"] = _cell("test", joined, joined, row["test"].span[0],
                                more.start + more.text.index(extra) + len(extra))
        rows.append(row)
    return rows


# the rest of a test's name wrapped onto the line under it: a word or three, letters only
_NAME_REST = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ-]*(?: [A-Za-zÀ-ÿ][A-Za-zÀ-ÿ-]*){0,2}")
# or its abbreviation in brackets, a comma and a word or two after it ('(TSH), Ultrasensitive'), which
# may stand where the name starts (not a method alone in brackets: '(Photometry)', '(HPLC)')
_NAME_REST_ABBREVIATION = re.compile(r"\([A-Z0-9][A-Za-z0-9-]{1,9}\),(?: [A-Za-zÀ-ÿ][A-Za-zÀ-ÿ-]*){1,2}")


def _name_begun_above(lines: list[Line], ln: Line, parsed: dict[str, tuple[str, int]]) -> Line | None:
    """The line above a row whose test's name begins in lower case ('    equation   44 ...' under
    '  GFR calculated by CKD-EPI'): the name's first words, alone on their line and left of it."""
    name = parsed["test"][0]
    if not name[:1].islower() or ln.index == 0:
        return None
    above = lines[ln.index - 1]
    words = above.text.strip()
    lead = len(above.text) - len(above.text.lstrip())
    if not words[:1].isupper() or "  " in words or len(words) > 40 or lead >= parsed["test"][1] or \
            _parse_result(above.text) is not None or _NOT_TEST.search(words) or ":" in words:
        return None
    return above


def _wrapped_name(lines: list[Line], ln: Line, parsed: dict[str, tuple[str, int]]) -> Line | None:
    """'Red Cell Distribution   16.9  H  %  (11.5 - 15.0)' over '  Width': the line under a row,
    indented under the test's name (right of where it starts, left of the value), holding only a
    word or three written as the name is, ends the name. Not where a value line follows it (then it
    names the next test)."""
    nxt = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
    if nxt is None or len(words := nxt.text.strip()) > 30:
        return None
    abbreviation = _NAME_REST_ABBREVIATION.fullmatch(words)
    if not abbreviation and not _NAME_REST.fullmatch(words):
        return None
    lead = len(nxt.text) - len(nxt.text.lstrip())
    if not parsed["test"][1] + (0 if abbreviation else 1) <= lead < parsed["value"][1] or _NOT_TEST.search(words):
        return None
    if abbreviation:
        return nxt
    # written as the name is: in capitals under a name in capitals, each word capitalised under a
    # name whose words all are ('GLUCOSE' over '  Fasting reference interval' is a note)
    name_words = re.findall(r"[A-Za-zÀ-ÿ]+", parsed["test"][0])
    if not any(ch.islower() for ch in parsed["test"][0]) and any(ch.islower() for ch in words):
        return None
    if all(w[0].isupper() for w in name_words) and not all(w[0].isupper() for w in words.split()):
        return None
    after = lines[ln.index + 2] if ln.index + 2 < len(lines) else None
    if after is not None and re.match(r"\s*[<>]?\d", after.text):
        return None
    return nxt


# --- medications -------------------------------------------------------------------------------
# a strength glued to its name by a scan ("Naproxen500mg") still follows a word of four letters; a
# cream's or shampoo's strength is a percentage ("Clobetasol 0.05% ointment")
_DOSE = re.compile(r"(?:(?<![\w,])|(?<=[A-Za-z]{4}))(?<!\d\.)(?P<dose>\d+(?:[.,]\d+)?\s?%(?=\s+(?:(?:nasal|eye|ear|oral)\s+)?(?:cream|ointment|gel|lotion|drops|"
                   r"shampoo|solution|foam|spray|paste|emulsion|scalp|topical|crème|creme|crema|salbe|pomada|zalf)\b)|"
                   # a combination with the unit of each part: "0.25-35 mg-mcg" (norgestimate-ethinyl estradiol)
                   r"\d+(?:[.,]\d+)?-\d+(?:[.,]\d+)?\s?mg-(?:mcg|µg|μg)|"
                   # a combination's strengths joined with a plus: "875 mg + 125 mg"
                   r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|g)\s\+\s\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|g)|"
                   # a combination whose second unit a table cell wraps to its next line: "875 MG/125" / "MG"
                   r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|g)/\d+(?:[.,]\d+)?(?=\s{2,}|\t|\s*$)|"
                   # a liquid's concentration in a table's strength cell: "Levolac   670 mg/ml   15 ml illalla"
                   r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|g)/ml(?=\s{2,}|\t|\s*$)|"
                   r"\d+(?:[.,]\d+)?(?:(?:/|-(?=\d+\s?mg))\d+(?:[.,]\d+)?)?(?:[.,]|-(?=[A-Za-zµμ]))?\s?(?:mg|mcg|micrograms?|µg|μg|ug|g|ml|mL|units?|IU|"
                   r"IE|UI|I\.E\.|mmol|Einheiten|unités|мг|мкг|мл|г|од|ОД)(?:/(?:dose|dosis|dosi|actuation|puff|spray|inhalation|hub)|"
                   # a combination's strengths: "1 g/125 mg", "875 mg/125 mg"
                   r"/\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|g|ml|units?|IU))?)(?![\w/])", re.IGNORECASE)
_FREQ = re.compile(
    r"(?<![\w-])(?:(?:once|twice|three times|four times|[1-4]\s?(?:x|times))\s(?:a\s|per\s)?(?:day|daily|week|weekly|month|monthly)"
    r"(?:\s(?:in the morning|in the evening|at night|at bedtime))?|"
    r"daily (?:at night|at bedtime|in the morning|in the evening)|"
    r"(?:once|twice|three times|four times)\sdaily|every\s\d+(?:\s?-\s?\d+)?(?:\s\(\w+\))?\s(?:hours?|hrs?|h|minutes|mins?)|q\.\d+h\.|q\.?\d+h|"
    r"at night|at bedtime|in the morning|every morning|every evening|in the evening|as needed|as required|"
    r"\d\s\(\w+\)\stimes\s(?:daily|a\sday)|"
    r"b\.i\.d\.|t\.i\.d\.|q\.i\.d\.|q\.d\.|o\.d\.|b\.d\.|t\.d\.s\.|q\.d\.s\.|p\.r\.n\.|"
    r"bid|tid|qid|qd|qhs|prn|od|bd|tds|qds|"
    r"weekly on (?:mon|tues|wednes|thurs|fri|satur|sun)day|nightly(?: at bedtime)?|"
    r"nocte|mane|daily|weekly|monthly|monatlich|"
    r"every (?:other|second|alternate) (?:day|week)|every (?:two|three|four|six|\d+)(?:\s\(\w+\))? (?:days|weeks|months)|fortnightly|"
    r"\d\s?-\s?\d\s?-\s?\d(?:\s?-\s?\d)?|(?<!\S)[0-2½](?:\s{1,8}[0-2½]){2,3}(?!\S)|\d\s?x\s?(?:täglich|tägl\.?|pro tag|wöchentlich"
    r"(?:,?\s(?:montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags)\b)?)|"
    r"(?:ein|zwei|drei)mal\s(?:täglich|pro tag)|morgens(?: und abends)?|mittags|abends|zur nacht|"
    r"bei bedarf|täglich|each (?:day|morning|evening|night|week)|every day|once a day|when required|"
    r"(?-i:OM|ON|BD|TDS|QDS)|"  # Singapore/UK Latin shorthand in capitals: omni mane, omni nocte
    # South Asian: if need be (a scan may read it 'sos'); "1+0+1" morning + noon + night
    r"sos|(?<![\w+])[0-2½](?:\+[0-2½]){2,3}(?![\w+])|"
    r"\d\s?d\.?d\.?|"  # Dutch "4 dd 1 capsule": four times a day
    r"\d\s?x\s?per\s(?:dag|week)(?:\s's\s?(?:morgens|middags|avonds))?|'s (?:morgens|avonds)|voor het slapen|"
    r"\d\s(?:vez|vezes)\s(?:por|ao)\s(?:dia|semana|mês)|por dia|de manhã|pela manhã|à noite|ao deitar|ao dia|"
    r"de \d+/\d+\s?(?:horas|h)|"  # Brazilian 'de 12/12 horas'
    # Ukrainian / Russian 'once a day in the evening', 'twice a day'
    r"\d\sраз(?:и|а|ів)?\s(?:на|в)\s(?:добу|день|сутки|тиждень|неделю)(?:\s(?:вранці|ввечері|вдень|на ніч|утром|вечером|на ночь))?|"
    # Vietnamese times of day with the count taken then: 'sáng 1 viên, tối 1 viên'
    r"(?:sáng|trưa|chiều|tối)\s\d+\s(?:viên|gói|ống)(?:,\s(?:sáng|trưa|chiều|tối)\s\d+\s(?:viên|gói|ống))*|"
    r"ao (?:pequeno-almoço|almoço|lanche|jantar)(?:,?\s(?:e\s)?ao (?:almoço|lanche|jantar|deitar)){0,2}|de \d+ em \d+ horas|"
    r"matin,? midi et soir|matin et soir|le matin|le soir|au coucher|\d\sfois\spar\s(?:jour|semaine|mois)|par jour|"
    r"si besoin|si douleur|en cas de douleur|toutes les \d+\s?(?:heures|h)|"
    r"cada \d+ horas|al día|en el desayuno|en la cena|al acostarse|"
    r"con (?:el |la )?(?:desayuno|almuerzo|comida|cena)(?: y (?:con )?(?:el |la )?(?:desayuno|almuerzo|comida|cena))?|"
    # Finnish times of day and 'times a day'; Romanian 'every 12 hours'; 'every 6 hours' as '6hrly'
    r"(?:aamulla|päivällä|illalla|yöllä)(?:(?:,\s?|\sja\s)(?:aamulla|päivällä|illalla|yöllä))*|"
    r"\d\skertaa\s(?:päivässä|viikossa)|la \d+ ore|\d+(?:\s?-\s?\d+)?\s?(?:hrly|hourly)|"
    r"ogni \d+ ore|al giorno|al mattino|alla sera|al bisogno|"
    r"\d\s?x\s?(?:dziennie|na dobę)(?:\s(?:rano|wieczorem|na noc|w południe))?|co \d+ godzin[ay]?|"
    # Swedish, Danish, Norwegian "1 x 2" (one, twice a day), with a time of day after it
    # (not "2 x 5 ml", "3 x 2 Hübe", "6 x 4 cm": a count of an amount or a size)
    # (Indonesian '2 x 1 tab': twice a day one tablet, the form after a single one)
    r"(?<![\w.,])[1-9]\s?x\s?1(?=\s(?:tab|tablet|kaps|kapsul|caps|kapl|bungkus|sachet)\b)|"
    r"(?<![\w.,])[1-9]\s?x\s?[1-6](?![\w.,/]|\s?(?:cm|mm|ml|mg|mcg|µg|μg|g|kg|tab\w*|tbl\w*|kap\w*|caps?\w*|puffs?|"
    r"pufjes?|hübe|hub|sprays?|drops?|droppar|gtt|units?|ie|i\.e\.|iu|days?|dagar|dage|dager|weeks?|veckor|uger|uker|"
    r"months?|hours?)(?![\w]))(?:\s(?:till (?:kvällen|natten|frukost)|på (?:morgonen|kvällen)|"
    r"om (?:morgonen|kvällen|morgenen|aftenen|kvelden)|til natten))?)(?![\w-])", re.IGNORECASE)
# 'jusqu'à 3 fois par jour', 'up to 4 times a day': the most a person may take is part of the frequency
_UP_TO = re.compile(r"(?<![\w'’])(?:up to|no more than|jusqu['’]à|bis zu|hasta|fino a|até|enintään)\s+$", re.IGNORECASE)
_ROUTE = re.compile(r"(?<![\w.])(?:by mouth|orally|oral|per os|p\.o\.|po|voie orale|orale|peroral|"
                    r"sub-?cutaneous(?:ly)?|subcut|s\.?c\.?|subkutan|sous-cutanée|i\.?v\.?|intravenous(?:ly)?|"
                    r"intraveineuse|i\.?m\.?|intramuscular|inhaled|inh|inhalativ|inhalée|topical|topisch|"
                    r"cutanée|sublingual|s\.?l\.?|rectal|p\.?r\.?|transdermal)(?![\w])", re.IGNORECASE)
# a combination is one name: "Amoxicillin/clavulanate", "Amoxicilline/acide clavulanique"
# and a vitamin's number after a hyphen is part of it: "Adcal-D3", "Calcichew-D3"
# (Latin Extended-A too: Romanian 'Acetilcisteină', Czech 'Kyselina listová', Polish 'Żelazo')
_NAME_WORD = (r"[A-Za-zÀ-ÿĀ-ž\u0400-\u04ff][A-Za-zÀ-ÿĀ-ž\u0400-\u04ff\-]{2,30}(?:(?<=-[A-Za-z])\d{1,2})?"
              r"(?:/[A-Za-zÀ-ÿĀ-ž][A-Za-zÀ-ÿĀ-ž\-]{2,30})*")  # (Cyrillic too: 'Аспірин 75 мг')
_NOT_DRUG = re.compile(r"^(take|takes|taking|total|dose|doses|tablet|tablets|tab|tabs|capsule|capsules|"
                       r"patient|date|refills?|disp|sig|rx|qty|with|and|then|of|for|daily|give|use|send|supply|"
                       r"continue|start|stop|increase|reduce|inject|inhale|apply|instil|instill|insert|weiter|neu|poursuivre|début|bp|hr|crp|"
                       # the strength a drug had before ("neu, bisher 5 mg", "previously 10 mg")
                       r"bisher|vorher|zuvor|previously|formerly|prior|antes|auparavant|voorheen|"
                       r"weight|gewicht|poids|max|maximum|up|to|the|a|an|mit|und|de|du|le|la|"
                       # words of prose and lab analytes that precede amounts in letters
                       r"from|was|were|is|are|be|been|of|on|at|by|in|about|around|approximately|"
                       r"approx|after|before|received|receiving|get|got|given|gave|volume|also|"
                       r"increased|decreased|dropped|gained|lost|additional|another|extra|only|"
                       r"glucose|creatinine|bun|calcium|protein|potassium|sodium|hemoglobin|albumin|"
                       r"cholesterol|ldl|hdl|triglycerides|magnesium|phosphorus|iron|bilirubin|"
                       r"urine|output|input|intake|fluid|fluids|blood|loss|bolus|infusion|rate|"
                       r"than|more|less|not|per|over|under|units?)$",
                       re.IGNORECASE)


_MAKER = re.compile(r"(\s(?:[A-Z][A-Z0-9]|[0-9][A-Z])[A-Z0-9]?)?\s*[:,]?\s*")  # AL, 1A, CT, TAD
_SALT = re.compile(r"(?:HCl|hydrochloride|sodium|potassium|calcium|magnesium|succinate|tartrate|besylate|"
                   r"besilate|maleate|mesylate|fumarate|citrate|sulfate|sulphate|acetate|bromide|"
                   r"ER|XR|SR|CR|XL|LA|HFA|retard|ratiopharm|"
                   # the salt in Spanish, Portuguese, French, Italian ('LOSARTÁN POTÁSICO 50 mg')
                   r"potásico|sódico|cálcico|potássico|sódico|potassique|sodique|potassico|sodico)", re.IGNORECASE)


_FORM = re.compile(r"tablets?|capsules?|caps|tabs|mouthwash|cream|ointment|gel|drops|inhaler|patch(?:es)?|"
                   r"comprimidos?|comprimés?|gélules?|tabletten|kapseln", re.IGNORECASE)


# a scan's O for a zero inside a strength ("4OMG", "1oomicrogram"): read as the digit, the text kept
_OCR_STRENGTH = re.compile(r"(?<![\w.])\d[\doO]*(?:[.,][\doO]+)?(?=\s?(?:mg|mcg|micrograms?|g|ml|iu|units?)(?![a-z]))",
                           re.IGNORECASE)
# a brand in brackets between the generic and its strength: "cephalexin (KEFLEX) 500 mg"
# ("ibuprofen (ADVIL,MOTRIN) 600 mg": two brands; "Torasémide (Torem®) 10 mg", "Human insulin
# (Mixtard 30/70) 20 IU": a registered mark, a mix's proportions)
_BRAND = re.compile(r"(?<=[A-Za-zÀ-ÿ])\s\([A-Za-zÀ-ÿ][\w-]{2,25}[®™]?(?:(?:\s|,\s?)(?:[\w-]{2,25}|\d{1,2}/\d{1,2})[®™]?)?\)\s*$")


def _ocr_digits(text: str) -> str:
    """``text`` with a scan's O read as the zero it is inside a strength, character for character."""
    return _OCR_STRENGTH.sub(lambda d: d.group(0).translate(str.maketrans("oO", "00")), text)


def _drug_names(text: str) -> list[tuple[int, int, re.Match[str]]]:
    """(name start, name end, dose match) for every 'Name strength' in a line (the dose match is
    on a copy of the line of the same length, so its offsets hold in the line)."""
    out = []
    for m in _DOSE.finditer(_ocr_digits(text)):
        before = text[: m.start()]
        brand = _BRAND.search(before)
        if brand:
            found = _drug_names_before(before[: brand.start()] + " ")
            if found:
                out.append((found[0], brand.end() - (len(brand.group(0)) - len(brand.group(0).rstrip())), m))
            continue
        found = _drug_names_before(before)
        if found:
            out.append((*found, m))
    return out


# a combination's strengths printed without a unit at the head of a list line, with its dosing after
# it: "Co-amoxiclav 500/125   1 tablet   Three times a day", "Levonorgestrel/ethinylestradiol 150/30 OCP"
_BARE_COMBINATION = re.compile(rf"^\s*(?:[-•*]|\d{{1,2}}[.)])?\s*(?P<name>{_NAME_WORD})\s"
                               r"(?P<dose>\d{2,4}(?:[.,]\d+)?/\d{1,4}(?:[.,]\d+)?)(?=\s{2,}|\s+[A-Za-z]|\s*$)")


def _bare_combination(text: str) -> list[tuple[int, int, re.Match[str]]]:
    m = _BARE_COMBINATION.match(text)
    if m is None or len(m.group("name")) < 5 or _NOT_DRUG.match(m.group("name")) or \
            not _FREQ.search(text, m.end()) or re.search(r"pressure|tension|\bRR\b|\bBP\b", text[: m.start("dose")], re.I):
        return []
    return [(m.start("name"), m.end("name"), m)]


_CAPITALISED = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]{2,}")
# a verb heading a line of a letter's plan ("Started Amlodipine 5 mg"), not the first word of a brand
_LINE_VERB = re.compile(r"(?:started|starting|commenced|restarted|resumed|changed|added|new|switched|"
                        r"begun|began|initiated|held|omitted|stopped|ceased)$", re.IGNORECASE)


def _drug_names_before(before: str) -> tuple[int, int] | None:
    """Where the name of the drug whose strength follows ``before`` is, if it is there."""
    words = list(re.finditer(_NAME_WORD, before))
    if not words:
        return None
    maker = _MAKER.fullmatch(before[words[-1].end():])
    if maker and maker.group(1) and _SALT.fullmatch(maker.group(1).strip()):
        # "Metoprolol succinate CR   47.5 mg": a release form, after the name as a salt is
        found = _drug_names_before(before[: words[-1].end()])
        return (found[0], words[-1].end() + maker.end(1)) if found else None
    if maker and maker.group(1):  # "Simvastatin AL 20 mg", "Ramipril 1A 5 mg": the generic's maker
        return (words[-1].start(), words[-1].end() + maker.end(1))
    gap = before[words[-1].end():]
    # "Ramipril.   2,5 mg": a speck after the name; "Prednisolone   1 30 mg": a table's rule read as 1 or I
    if gap.strip(" \t:,.") != "" and not re.fullmatch(r"\s{2,}[|Il1\[\]]\s+|\s+[|Il1\[\]]\s{2,}", gap):
        return None
    last = words[-1]
    if len(words) >= 3 and _SALT.fullmatch(last.group(0)) and _SALT.fullmatch(words[-2].group(0)) and \
            before[words[-3].end() : last.start()] == " " + words[-2].group(0) + " " and \
            not _NOT_DRUG.match(words[-3].group(0)):
        return (words[-3].start(), last.end())  # "Albuterol sulfate HFA 90 mcg/actuation"
    salt = len(words) >= 2 and _SALT.fullmatch(last.group(0)) and before[words[-2].end() : last.start()] == " "
    if salt:  # "METFORMIN HCL 500 MG", "Losartan potassium 50 mg": the salt belongs to the name
        if _NOT_DRUG.match(words[-2].group(0)):
            return None
        return (words[-2].start(), last.end())
    if _FORM.fullmatch(last.group(0)) and len(words) >= 2 and before[words[-2].end() : last.start()] == " " \
            and not _NOT_DRUG.match(words[-2].group(0)):  # "Amoxicillin capsules 500mg": the drug, not its form
        return (words[-2].start(), words[-2].end())
    if _NOT_DRUG.match(last.group(0)):
        return None
    start = last.start()
    if len(words) >= 2:
        prev = words[-2]
        gap = before[prev.end() : last.start()]
        at_line_start = not re.sub(r"^\s*(?:\d{1,2}[.)]|[-•*]|rx:?)?\s*", "", before[: prev.start()],
                                   flags=re.IGNORECASE)
        # two-word names: "Insulin glargine", "metoprolol succinate" at the start of a line, a
        # combination whose second part is two words: "AMOXICILINA/ÁCIDO CLAVULÁNICO"
        if gap == " " and (last.group(0)[0].islower() or "/" in prev.group(0)) and \
                not _NOT_DRUG.match(prev.group(0)) and \
                (prev.group(0)[0].isupper() or at_line_start):
            start = prev.start()
        # a brand and its maker or line heading a list's line: "Amlodipin Orion 5 mg", "Panadol Forte 1 g",
        # "Aspirin Protect 100 mg" (both words capitalised, nothing before them but a number or bullet)
        elif gap == " " and at_line_start and _CAPITALISED.fullmatch(prev.group(0)) and \
                _CAPITALISED.fullmatch(last.group(0)) and not _NOT_DRUG.match(prev.group(0)) and \
                not _LINE_VERB.match(prev.group(0)):
            start = prev.start()
    # a combination joined with a plus: "Amoxicilina + Ácido clavulânico, 875 mg + 125 mg"
    plus = re.search(rf"(?:^|(?<=\s))({_NAME_WORD})\s\+\s$", before[:start])
    if plus and not _NOT_DRUG.match(plus.group(1)):
        start = plus.start(1)
    return (start, last.end())


# A section of drugs the patient no longer takes ("STOP taking:", "Discontinued medications") and
# a table row's status cell ("Withheld"): not on the list of what to take.
_STOPPED_HEADING = re.compile(r"^\s*(?:stop(?:ped)?(?: taking)?|discontinued?(?: medications?)?|medications? "
                              r"(?:stopped|discontinued)|abgesetzt(?:e medikamente)?|arrêtés?|suspendidos?|"
                              # a pharmacy profile's or GP system's section of what was taken once
                              r"inactive|past (?:repeat |acute )?(?:medications?|prescriptions?|drugs)|"
                              r"sospes[io]|lopetetut(?: lääkkeet)?|"
                              # a patient portal's 'Medications you are no longer taking'
                              r"medications? (?:you are|you're) no longer taking)\b[^:\d]{0,40}:?\s*$", re.IGNORECASE)
# a line that lists what was stopped after its label ("STOP:  Enalapril 10mg ...", "Utsatt:  Metformin 1 g",
# "Gestopt: doxycycline.", "Traitements interrompus : ...", "Nicht mehr einnehmen: Glimepirid 2 mg",
# "Elhagyandó: Cardura 4 mg")
_STOPPED_LABEL = re.compile(r"^\s*(?:stop(?:ped)?|discontinued?|ceased|gestopt|gestaakt|utsatt|udsat|seponert|seponerad|"
                            r"abgesetzt|nicht mehr einnehmen|elhagyandó|elhagyva|lopetettu|"
                            r"(?:traitements?\s+)?(?:interrompus?|arrêté(?:e|s)?)|"
                            r"suspendid(?:os?|a)|suspensos?|interrompidos?|sospes[io])[^\S\n]*:", re.IGNORECASE)
_SECTION_HEADING = re.compile(r"^\s*[A-Za-zÀ-ÿ][^:\d]{0,40}:\s*$|^\s*[A-Z][A-Z /&-]{3,40}$")
# The course of a stay ("HOSPITAL COURSE:", "Therapie und Verlauf:", "Epikryza:"): the medicines
# given in hospital, not those the patient goes home with. It ends at the next heading, or at the
# next line that begins with a label of its own ("Discharge medications: …").
_COURSE_HEADING = re.compile(r"^\s*(?:brief\s+)?(?:hospital course|course in (?:the )?hospital|clinical course|"
                             r"course of (?:the )?(?:stay|admission)|course (?:in|on) (?:the )?ward|inpatient course|ward course|"
                             r"(?:ed|emergency department) course|"
                             r"(?:therapie und |klinischer |stationärer )?verlauf(?: und therapie)?|"
                             r"[ée]volution(?: dans le service)?|(?:resumen de (?:la )?)?evolución(?: clínica)?|evolução(?: clínica)?|"
                             r"(?:treatment|medications?|drugs)\s+given(?:\s+in\s+[^:\n]{1,30})?|"
                             r"tratament(?:ul)? efectuat|epikrízis|kórlefolyás|"
                             r"decorso(?: clinico| ospedaliero| della degenza)?|beloop(?: tijdens opname)?|"
                             r"verloop(?: van de opname)?|epikryza|przebieg (?:hospitalizacji|leczenia))"
                             r"[^\S\n]*(?::|$)", re.IGNORECASE)
# a heading that names the medicines to go on with ('Medication supplied / prescribed (FP10 given):')
_MEDS_HEADING = re.compile(r"^\s*(?:discharge\s+|take[- ]home\s+)?medications?\b[^\n]{0,60}:\s*$", re.IGNORECASE)
# a heading on a line of its own after a blank line, without a colon ('Traitement à la sortie')
_PLAIN_HEADING = re.compile(r"^\s*[A-ZÀ-Ý][^\d:.,;!?]{2,40}$")
_LABEL_START = re.compile(r"^\s*[A-Za-zÀ-ÿ][^:\d]{0,40}:\s*\S")
_STOPPED_CELL = re.compile(r"(?:\s{2,}|\t)(?:withheld|stopped|discontinued?|suspended|omitted|ceased|held|(?:on\s)?hold|"
                           r"abgesetzt|pausiert|arrêté|suspendido|sospeso)\s*$", re.IGNORECASE)


# "Propranolol 10mg - stopped in April", "OMEPRAZOL 20 MG CAPSULAS DURAS EFG - suspendido el 12/11/2024"
# (the form in between), a table's status cell first ("D/C  Tamsulosin 0.4 mg")
_STOPPED_MARK = re.compile(r"\d\s?(?:mg|mcg|micrograms?|g|ml)\b[^\n]{0,40}?\s[-–—(]\s*(?:stopped|discontinued|withheld|"
                           r"ceased|suspended|suspendid[oa]|retirad[oa]|finalizad[oa]|abgesetzt|pausiert|"
                           r"arrêtée?|interrompue?|sospes[oa]|interrott[oa]|gestopt|suspens[oa]|odstawion[yaoe])\b|"
                           r"^\s*(?:D/C|DC'd|discontinued|stopped|inactive)(?:\s{2,}|\t)",
                           re.IGNORECASE)


# a prescription's item without a strength, its form before it and its 'Sig:' line under it
# ('Tab. Calcichew D3 Forte' / 'Sig: i bd', 'Inh. Seretide 250 Evohaler' / 'Sig: 2 puffs bd')
_UNMEASURED_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?(?:tabs?|caps?|inh|inj|syp|susp|oint|supp)\.\s+"
                              r"(?P<name>[A-Z][\w-]{2,}(?:\s[\w/-]+){0,3})\s*$", re.IGNORECASE)
_SIG_LINE = re.compile(r"^\s*sig\s*[:.]\s*", re.IGNORECASE)


# what a wrapped frequency cell's second line may say that is not how often ('when required', '3 days ...')
_NOT_HOW_OFTEN = re.compile(r"(?:when required|as needed|as required|if needed|prn|p\.r\.n\.|for|during|until|\d)\b",
                            re.IGNORECASE)


def _cell_below(lines: list[Line], ln: Line, col: int) -> tuple[str, int] | None:
    """The rest of a table's frequency cell on the next line, alone under where it begins: its text
    and end offset. Not where the cell above is cut at a course ('Twice a day for')."""
    cell = re.match(r"\S+(?: \S+)*", ln.text[col:])
    nxt = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
    lead = len(nxt.text) - len(nxt.text.lstrip()) if nxt is not None else -9
    if cell is None or nxt is None or _CELL_FOOD.search(cell.group(0)) or abs(lead - col) > 1 or col < 8:
        return None  # (a scan may move the line under by a column)
    more = re.match(r"\S+(?: \S+)*", nxt.text[lead:])
    if more is None or len(more.group(0)) > 20 or not re.search(r"[A-Za-z]", more.group(0)) or \
            _NOT_HOW_OFTEN.match(more.group(0)) or nxt.text[lead + more.end():].strip():
        return None
    return more.group(0), nxt.start + lead + more.end()


def _unmeasured_item(lines: list[Line], ln: Line) -> Row | None:
    m = _UNMEASURED_ITEM.match(ln.text)
    sig = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
    if m is None or sig is None or not _SIG_LINE.match(sig.text):
        return None
    end = ln.start + m.end("name")
    row: Row = {"name": _cell("name", m.group("name"), m.group("name"), ln.start + m.start("name"), end),
                "dose": _cell("dose", "", None, end, end)}  # none printed
    if (f := _FREQ.search(sig.text, _SIG_LINE.match(sig.text).end())) is not None:
        row["frequency"] = _cell("frequency", f.group(0), f.group(0).lower(), sig.start + f.start(), sig.start + f.end())
    return row


_MODIFIED_TO = re.compile(r"^\s*(?:[-•*]\s*)?(?:modified|changed|amended)\s+to\s*:", re.IGNORECASE)


def _prose_mention(row: Row, ln_start: int, line: str) -> bool:
    """A drug named inside a sentence ('diuresed with IV furosemide 40 mg'), not heading its line."""
    before = line[: row["name"].span[0] - ln_start] if row["name"].span else ""
    return bool(_FORM_PREFIX.sub("", re.sub(r"^\s*(?:\d{1,2}[.)]|[-•*]|rx:?)?\s*", "", before, flags=re.IGNORECASE)).strip())


# "1) Tab. Pantoprazole 40 mg", "Inj. Enoxaparin 40 mg": a list item's form before the drug
_FORM_PREFIX = re.compile(r"^(?:tabs?|tabl|caps?|inj|syp|syr|susp|oint|gtt|cream|drops?)\.?\s+", re.IGNORECASE)
# a vaccine given once is not a medicine the patient goes on taking
_VACCINE = re.compile(r"vaccin|immuni[sz]ation|impfung|impfstoff|vacuna|vaccino", re.IGNORECASE)


# A medication plan's table that names each row's active ingredient and its brand in columns of their
# own ('Wirkstoff   Handelsname   Stärke   Form   morgens mittags abends zur Nacht', the German
# bundeseinheitlicher Medikationsplan): the row is the ingredient with its strength, and how often is
# the cells under the times of day (or the words printed across them, '1 x wöchentlich, sonntags').
_INGREDIENT_HEAD = re.compile(r"(?<![\w])(?:wirkstoff|active ingredient|generic name|dci|principio activo|"
                              r"princípio ativo|substance active|werkzame stof)(?![\w])", re.IGNORECASE)
_BRAND_HEAD = re.compile(r"(?<![\w])(?:handelsname|brand(?: name)?|trade name|nom commercial|nombre comercial|"
                         r"nome comercial|merknaam|präparat)(?![\w])", re.IGNORECASE)
_STRENGTH_HEAD = re.compile(r"(?<![\w])(?:st(?:ä|a|ae)rke|strength|dosierung|sterkte|dosagem|dosage|dosis)(?![\w])", re.IGNORECASE)
_TIME_HEAD = re.compile(r"(?<![\w])(?:morgens|früh|mittags|abends|zur(?:\s+nacht)?|nachts|mo|mi|ab|zn|morning|noon|"
                        r"midday|evening|night|bedtime|matin|midi|soir|coucher)(?![\w])", re.IGNORECASE)
_STRENGTH_CELL = re.compile(r"\d+(?:[.,]\d+)?(?:/\d+(?:[.,]\d+)?)?\s?(?:mg|mcg|µg|μg|g|ml|I\.E\.|IE|E|IU|UI|mmol|%)"
                            r"(?:/(?:ml|g|dosis|hub|h|dose))?", re.IGNORECASE)
_TIME_CELLS = re.compile(r"(?<!\S)[\d½¼¾]{1,2}(?:\s+[\d½¼¾]{1,2}){2,3}(?!\S)")


@dataclass
class _Plan:
    ingredient: tuple[int, int]
    strength: tuple[int, int]
    times: tuple[int, int]  # from the first time of day's column to the next column's


def _plan_header(line: str) -> _Plan | None:
    ing, brand, strength = _INGREDIENT_HEAD.search(line), _BRAND_HEAD.search(line), _STRENGTH_HEAD.search(line)
    times = [m for m in _TIME_HEAD.finditer(line) if strength and m.start() > strength.end()]
    if not (ing and brand and strength and len(times) >= 3 and ing.start() < brand.start() < strength.start()):
        return None
    after = re.search(r"\S", line[times[-1].end():])
    return _Plan(ing.span(), strength.span(), (times[0].start(), times[-1].end() + after.start() if after else len(line)))


def _plan_row(ln: Line, plan: _Plan) -> Row | None:
    """A row of a medication plan's table: its first cell (under the Wirkstoff) and the strength
    nearest the Stärke column (a scan's text keeps the columns' order, not their places)."""
    cells = list(re.finditer(r"\S+(?: \S+)*", ln.text))
    if not cells or cells[0].start() > plan.ingredient[0] + 3 or not re.search(r"[A-Za-zÀ-ÿ]{3}", cells[0].group(0)):
        return None
    name = cells[0]
    doses = [c for c in cells[1:] if _STRENGTH_CELL.fullmatch(c.group(0)) and abs(c.start() - plan.strength[0]) <= 12]
    if not doses:
        return None
    dose = min(doses, key=lambda c: abs(c.start() - plan.strength[0]))
    row: Row = {"name": _cell("name", name.group(0), name.group(0), ln.start + name.start(), ln.start + name.end()),
                "dose": _cell("dose", dose.group(0), dose.group(0), ln.start + dose.start(), ln.start + dose.end())}
    f = _TIME_CELLS.search(ln.text, dose.end(), plan.times[1] + 12) or _FREQ.search(ln.text, dose.end(), plan.times[1] + 12)
    if f:
        raw = f.group(0)
        value = re.sub(r"\s+", "-", raw) if f.re is _TIME_CELLS else raw.lower()
        row["frequency"] = _cell("frequency", raw, value, ln.start + f.start(), ln.start + f.end())
    route = _ROUTE.search(ln.text, dose.end())
    if route:
        row["route"] = _cell("route", route.group(0), route.group(0).lower(), ln.start + route.start(), ln.start + route.end())
    return row
def _up_to_above(above: Line, col: int) -> tuple[int, str] | None:
    """(where it starts, the words) of an up-to word ending the cell of ``above`` that stands over
    column ``col`` (a dosage cell wrapped onto the next line), if there is one."""
    cell = next((c for c in re.finditer(r"\S+(?: \S+)*", above.text) if c.start() <= col < c.end() + 2), None)
    up = _UP_TO.search(cell.group(0) + " ") if cell else None
    if cell is None or up is None:
        return None
    words = cell.group(0)[up.start():].strip()
    return above.start + cell.start() + up.start(), words


_GLOSS_LINE = re.compile(r"\s*\([^()\n]+\)\s*")


def medications(text: str) -> list[Row]:
    """A drug name followed by its strength, with the route and frequency found after it on the
    same line or, as prescriptions print them, on the 'Sig:' lines below."""
    rows: list[Row] = []
    prose: list[bool] = []
    # a table ruled with pipes ('| Apixaban | 5 mg | Oral |'): the rules are cell gaps (same offsets)
    lines = split_lines(text.replace("|", " ") if text.count("|") >= 6 else text)
    stopped = course = False
    plan: _Plan | None = None
    for ln in lines:
        if (header := _plan_header(ln.text)) is not None:
            plan = header
            continue
        if _STOPPED_HEADING.match(ln.text):
            stopped, course = True, False
            continue
        if _COURSE_HEADING.match(ln.text):
            stopped, course = False, True
        elif course and (_SECTION_HEADING.match(ln.text) or _LABEL_START.match(ln.text) or _MEDS_HEADING.match(ln.text) or (
                _PLAIN_HEADING.match(ln.text) and ln.index > 0 and not lines[ln.index - 1].text.strip())):
            course = False
        if stopped and _SECTION_HEADING.match(ln.text):
            stopped = False
        if stopped or course or _STOPPED_CELL.search(ln.text) or _STOPPED_MARK.search(_ocr_digits(ln.text)) or \
                _STOPPED_LABEL.match(ln.text):
            continue
        if plan is not None and (planned := _plan_row(ln, plan)) is not None:
            rows.append(planned)
            prose.append(False)
            continue
        if _GLOSS_LINE.fullmatch(ln.text) and ln.index > 0 and _drug_names(lines[ln.index - 1].text):
            continue  # '(Amoxicillin 500mg + Clavulanic Acid 125mg)' under 'AUGMENTIN 625MG': the same drug's generic
        found = _drug_names(ln.text) or _bare_combination(ln.text)
        if not found and (item := _unmeasured_item(lines, ln)) is not None:
            rows.append(item)
            prose.append(False)
            continue
        for k, (start, end, m) in enumerate(found):
            name = ln.text[start:end]
            if _VACCINE.search(name):
                continue
            row: Row = {
                "name": _cell("name", name, name, ln.start + start, ln.start + end),
                "dose": _cell("dose", ln.text[m.start("dose"):m.end("dose")], m.group("dose"),
                              ln.start + m.start("dose"), ln.start + m.end("dose")),
            }
            tail_end = found[k + 1][0] if k + 1 < len(found) else len(ln.text)
            scopes = [(ln, m.end(), tail_end)]
            for follow in [x for x in lines[ln.index + 1 : ln.index + 7] if not _CHANGED_NOTE.match(x.text)][:2]:
                if not follow.text.strip() or _drug_names(follow.text):
                    break
                scopes.append((follow, 0, len(follow.text)))
            if ln.index > 0 and len(found) == 1:
                # a pharmacy label's directions, printed above the drug (a blank line may part them)
                near = [a for a in lines[max(0, ln.index - 2) : ln.index] if a.text.strip()][-1:]
                for above in near:
                    if DIRECTIONS.match(above.text) and not _drug_names(above.text):
                        scopes.append((above, 0, len(above.text)))
            for key, pattern in (("frequency", _FREQ), ("route", _ROUTE)):
                for scope, a, b in scopes:
                    f = pattern.search(scope.text, a, b)
                    if f:
                        begin = f.start()
                        if key == "frequency" and (up := _UP_TO.search(scope.text, a, begin)):
                            begin = up.start()
                        s = scope.start + begin
                        raw = f.group(0)
                        if key == "frequency":
                            raw = scope.text[begin:_cell_end(scope.text, f.start(), f.end(), b)]
                        # table columns "1   0   0   0" read as the dosing schema 1-0-0-0
                        value = re.sub(r"\s*-\s*|\s{2,}", "-", raw.lower()) if key == "frequency" else raw.lower()
                        end = s + len(raw)
                        if key == "frequency" and begin == f.start() and scope is not ln and \
                                (up := _up_to_above(lines[scope.index - 1], begin)) is not None:
                            # 'enintään' ending the cell's line above ('1 tabl. tarvittaessa enintään' /
                            # '3 kertaa päivässä'): the wrapped cell's most-a-day is part of it
                            s, raw = up[0], up[1] + " " + raw
                            value = raw.lower()
                        if key == "frequency" and scope is ln and (below := _cell_below(lines, ln, begin)):
                            # 'Once daily' / '(morning)': the table's frequency cell wrapped onto the next line
                            raw = raw + " " + below[0]
                            value, end = raw.lower(), below[1]
                        row[key] = _cell(key, raw, value, s, end)
                        break
            if _MODIFIED_TO.match(ln.text):
                # '- Modified to: furosemide 40 mg IV 2 times daily' under a reconciliation's row: the new way
                keep = [i for i, r in enumerate(rows) if r["name"].raw.lower() != name.lower()]
                rows, prose = [rows[i] for i in keep], [prose[i] for i in keep]
                rows.append(row)
                prose.append(False)
                continue
            rows.append(row)
            prose.append(_prose_mention(row, ln.start, ln.text))
    # a drug a letter names in its prose and again in its list is one row: the list's
    listed = {r["name"].raw.lower() for r, p in zip(rows, prose, strict=True) if not p}
    rows = [r for r, p in zip(rows, prose, strict=True) if not (p and r["name"].raw.lower() in listed)]
    # the same drug at the same strength printed again (a label's leaflet, "20mg" / "20 mg") is one row
    seen: set[tuple[str, str]] = set()
    out = []
    for r in rows:
        key = (r["name"].raw.lower(), re.sub(r"\s", "", r["dose"].raw.lower()))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# an After Visit Summary's note of what changed, between a drug and its directions
_CHANGED_NOTE = re.compile(r"^\s*(?:what changed:|-\s(?:medication strength|how much to take|how to take this|"
                           r"when to take this|additional instructions|reasons? for taking|another medication)\b)",
                           re.IGNORECASE)


def _cell_end(line: str, start: int, end: int, limit: int) -> int:
    """Where a frequency printed in a table's column ends: 'q6h PRN', 'TID AC', 'TDS with meals'
    fill the cell up to the next wide gap. In prose the frequency is the matched words alone."""
    if (start > 0 and not re.search(r"(?:\s{2,}|\t)$", line[:start])) or \
            not re.search(r"[A-Za-z]", re.sub(r"(?<=\d)\s?[xX×]\s?(?=\d)", "", line[start:end])):
        return end  # in prose, or a dosing schema ("1-0-1", "1 x 2", a scan's "2 X 1") that is whole by itself
    m = re.match(r"(?: [A-Za-z][A-Za-z.]*){1,3}(?=\s{2,}|\t|\s*$)", line[end:limit])
    if m and (food := _CELL_FOOD.search(m.group(0))):
        return end + food.start()  # 'Twice a day for' / '3 days during gout flare': not how often
    return end + m.end() if m else end


# a frequency cell's words that say for how long, not how often ('Twice a day for' / '3 days')
_CELL_FOOD = re.compile(r"\s(?:for|during|until)\b.*$", re.IGNORECASE)


READERS = {"line_items": line_items, "transactions": transactions, "results": lab_results,
           "medications": medications}


def read_lists(text: str, names: list[str]) -> dict[str, list[Row]]:
    return {n: READERS[n](text) for n in names if n in READERS}


# (and a tax withheld from a freelancer's invoice: 'Retención IRPF 15%', 'Ritenuta d'acconto')
_DISCOUNT = re.compile(r"(?<![\w])(discount|promotion|promo|coupon|rabatt|nachlass|remise|réduction|savings?|retención|retencion|ritenuta|"
                       r"retenção|withholding)(?![\w])", re.IGNORECASE)


def discounts(text: str) -> Decimal:
    """The discounts printed on a bill (as a positive sum); a discount's amount may stand on the
    line under its label ('Returning client discount' / '(5% of equipment)   -$235.00')."""
    total = Decimal(0)
    lines = split_lines(text)
    for ln in lines:
        if _DISCOUNT.search(ln.text):
            found = amounts_in(ln.text)
            if not found and ln.index + 1 < len(lines):
                nxt = lines[ln.index + 1].text
                if re.match(r"\s*\(", nxt) and not _DISCOUNT.search(nxt):
                    found = amounts_in(nxt)
            if found:
                total += abs(Decimal(found[-1].value))
    return total


# (and what carrying the goods costs: shipping, freight, delivery; and the pension contribution an
# Italian professional adds to the fees before VAT: 'Contributo integrativo INARCASSA 4%', 'Rivalsa
# INPS 4%', 'C.P.A. 4%')
_SURCHARGE = re.compile(r"(?<![\w])(service charge|service|gratuity|tip|trinkgeld|pourboire|propina|mancia|shipping|"
                        r"freight|delivery|postage|handling|versand|versandkosten|porto|frais de port|envío|envio|"
                        r"spedizione|trasporto|frakt|contributo integrativo|contributo previdenziale|rivalsa inps|"
                        r"cassa previdenza|c\.p\.a\.)(?![\w])", re.IGNORECASE)


def surcharges(text: str) -> Decimal:
    """What a bill adds to its items besides tax: a service charge, a tip on the card slip."""
    total = Decimal(0)
    for ln in split_lines(text):
        if _SURCHARGE.search(ln.text) and not _DISCOUNT.search(ln.text):
            found = amounts_in(ln.text)
            if found:
                total += abs(Decimal(found[-1].value))
    return total


# a sales tax line of the totals block, with its rate: 'GST 5%   152.30', 'PST 7%   189.24',
# 'County tax 1.5%   2.10' (a bill may add two or three such taxes)
_TAX_LINE = re.compile(r"(?:^|\s{2,})(?:[A-Za-z]+\s)?(?:gst|hst|pst|qst|rst|tps|tvq|tax|vat|mwst|ust|iva|tva)\b"
                       r"[^\n%\d]{0,20}\d{1,2}(?:[.,]\d{1,3})?\s?%", re.IGNORECASE)


def sales_taxes(text: str) -> Decimal:
    """The sum of the taxes a bill prints one per line with their rates, where it prints two or
    more ('GST 5%' and 'PST 7%'); nothing where it prints one."""
    found_taxes = []
    for ln in split_lines(text):
        m = _TAX_LINE.search(ln.text)
        if m:
            found = amounts_in(ln.text[m.end():])
            if len(found) == 1:
                found_taxes.append(Decimal(found[0].value))
    return sum(found_taxes, Decimal(0)) if len(found_taxes) >= 2 else Decimal(0)


def check(ex: Extraction, text: str | None = None) -> list[str]:
    """Consistency checks a person should know about when they fail. With the document ``text``
    the discounts printed on it are taken into account (items + tax − discount = total)."""
    problems: list[str] = []
    total = ex.get("total")
    items = ex.lists.get("line_items") or []
    if total and total.value and items:
        try:
            s = sum(Decimal(r["amount"].value or "0") for r in items)
            tax = ex.get("tax")
            t = Decimal(total.value)
            tx = Decimal(tax.value) if tax and tax.value else Decimal(0)
            disc = discounts(text) if text else Decimal(0)
            # prices may include tax (receipts) or not (invoices); either way it must add up
            candidates = {s, s + tx, s - disc, s + tx - disc}
            if text and (taxes := sales_taxes(text)) and taxes != tx:
                candidates |= {s + taxes, s + taxes - disc}  # GST and PST, state and county tax
            if text and not tx and (rates := tax_table(text, per_rate=True)):
                taxes = sum((Decimal(c.value) for c in rates), Decimal(0))  # a VAT summary per rate only
                candidates |= {s + taxes, s + taxes - disc}
            extra = surcharges(text) if text else Decimal(0)
            candidates |= {c + extra for c in candidates}
            if all(abs(c - t) > Decimal("0.05") for c in candidates):
                problems.append(f"line items add up to {format_amount(s)}"
                                f"{' + tax ' + format_amount(tx) if tx else ''}"
                                f"{' − discount ' + format_amount(disc) if disc else ''}, not the total {total.value}")
        except (InvalidOperation, KeyError):
            pass
    problems += _check_transactions(ex)
    flagged = [r for r in ex.lists.get("results", []) if r.get("flag") and r["flag"].value in ("H", "L")]
    if flagged:
        names = "; ".join(r["test"].raw or "" for r in flagged[:5])  # "Cholesterol, Total" has a comma
        more = f" and {len(flagged) - 5} more" if len(flagged) > 5 else ""
        problems.append(f"{len(flagged)} result{'s' if len(flagged) > 1 else ''} outside the reference"
                        f" range: {names}{more}")
    meds = ex.lists.get("medications") or []
    missing = [r["name"].raw or "" for r in meds if "frequency" not in r]
    if missing:
        problems.append(f"no frequency found for {len(missing)} medication(s): {', '.join(missing[:3])}")
    return problems


def _check_transactions(ex: Extraction) -> list[str]:
    """Opening balance + signed amounts = closing balance, and each running balance follows."""
    problems: list[str] = []
    tx = ex.lists.get("transactions") or []
    if not tx:
        return problems
    try:
        broken = 0
        prev: Decimal | None = None
        for r in tx:
            amt = Decimal(r["amount"].value or "0")
            if "balance" in r and r["balance"].value:
                bal = Decimal(r["balance"].value)
                if prev is not None and abs(prev + amt - bal) > Decimal("0.01"):
                    broken += 1
                prev = bal
            elif prev is not None:
                prev += amt  # a row printed without its balance (two on one day) still moves it
        if broken:
            problems.append(f"{broken} running balance(s) do not follow from the amounts")
        opening, closing = ex.get("opening_balance"), ex.get("closing_balance")
        if opening and closing and opening.value and closing.value:
            moved = sum(Decimal(r["amount"].value or "0") for r in tx)
            if abs(Decimal(opening.value) + moved - Decimal(closing.value)) > Decimal("0.05"):
                problems.append("transactions do not reconcile the opening and closing balances "
                                f"({opening.value} + {format_amount(moved)} ≠ {closing.value})")
    except (InvalidOperation, KeyError):
        pass
    return problems


__all__ = ["READERS", "check", "discounts", "surcharges", "lab_flag", "lab_results", "line_items", "medications",
           "read_lists", "transactions"]
