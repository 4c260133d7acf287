"""Which kind of document this is, from weighted keywords of each schema ('other' when unsure)."""
from __future__ import annotations

import math
import re

from .lists import lab_results, transactions
from .schemas import SchemaSet

MIN_SCORE = 2.0  # below this no kind is claimed
# 12.50, 3,99; or a money without minor units printed in groups of thousands (dong, rupiah, yen,
# Chilean pesos: '468.400', '374,050')
AMOUNT = re.compile(r"\d[.,]\d\d(?!\d)|(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d.,])")
# What the page is made of, whatever its title says: the rows a statement or a lab report prints.
# (list reader, kinds it speaks for, rows needed, score at that many, per row more, cap). Drug
# lines are no such sign: a pharmacy's till receipt prints them as well as a prescription.
SHAPES = (
    (transactions, ("bank_statement",), 4, 2.0, 0.25, 4.0),
    (lab_results, ("lab_report",), 3, 2.0, 0.25, 4.0),
)
# A clinical letter is written in sentences, whatever it is titled (or if untitled): lines of
# prose speak for medical_summary, but only once its own words speak too (a pharmacy leaflet, a
# bank's terms are prose as well; their own keywords outweigh this).
PROSE_WORD = re.compile(r"[^\W\d_]{2,}")
PROSE = ("medical_summary", 5, 2.0, 0.25, 4.0)  # kind, lines needed, score then, per line more, cap
# A payslip's make-up, whatever its title or language: a gross line and a net line, each starting
# its line and printing an amount, and a tax withheld or a social contribution deducted (an
# invoice's 'Net / VAT / Gross' has VAT instead).
_MONEY_END = r"[^\n]*\d[.,]\d\d\s*-?\s*$"
PAY_GROSS = re.compile(r"^\s*(?:[a-z]\.\s*)?(?:total (?:payments|earnings|pay)\b|(?:total\s+)?(?:gross(?:\s+(?:pay|salary|wages|earnings|income))?|gesamt-?brutto|"
                       r"brutto(?:l[öoø]n|lohn|verdienst|bez[üu]ge)?|bruto(?:l[öo]n|\s*loon|\s*salaris)?|salaire brut|"
                       r"total brut|total devengado|total bruto|total il[íi]quido|sal[áa]rio bruto|salario bruto|"
                       r"wynagrodzenie brutto|retribuzione lorda|totale competenze)\b)" + _MONEY_END, re.I | re.M)
PAY_NET = re.compile(r"^\s*(?:total\s+)?(?:net(?:\s+(?:pay|salary|wages|earnings|amount payable))?|net [àa] payer[^\n]*|"
                     r"net pay[ée]|nett?o(?:l[öo]n|\s*loon|\s*salaris|verdienst)?|auszahlungsbetrag|uit te betalen|"
                     r"l[íi]quido(?: total)?(?: a (?:percibir|receber))?[^\n]*|valor l[íi]quido[^\n]*|do wyp[łl]aty|"
                     r"netto (?:in busta|del mese)|take[- ]home(?: pay)?|til udbetaling)\b" + _MONEY_END, re.I | re.M)
PAY_WITHHELD = re.compile(r"\b(?:income tax|paye|payg|withholding|national insurance|social security|"
                          r"superannuation|provident fund|lohnsteuer|sozialversicherung|rentenversicherung|"
                          r"loonheffing|pensioenpremie|irpf|irs|seguran[çc]a social|seguridad social|cotisations?|csg|"
                          r"sk[łl]adka|zaliczka na podatek|preliminär skatt|skatteavdrag|inps|irpef|contributions?|"
                          r"a-skat|am-bidrag|forskuddstrekk|skattetrekk)\b",
                          re.I)
PAY_SHAPE = ("payslip", 4.0)  # kind, score for the gross-net pair with a deduction
# A letter: a salutation line and a closing line. A clinical letter quoting lab values is a letter
# first (medical_summary); a bank's or insurer's letter with no clinical word is none of the kinds
# ('other'). The letter words of medical_summary ('yours sincerely', 'dear') count only beside a
# clinical one, so a business letter is not taken for a clinic letter.
SALUTATION = re.compile(r"^\s*(?:dear|geachte|beste|sehr geehrte[rs]?|liebe[rs]?|cher|ch[èe]re|madame|monsieur|"
                        r"estimad[oa]s?|apreciad[oa]|querid[oa]|egregi[oa]|gentile|car[oa]|hi)\b[^\n]{0,60}$",
                        re.I | re.M)
CLOSING = re.compile(r"^\s*(?:yours (?:sincerely|faithfully|truly)|(?:kind|best|warm|with best) regards|best wishes|"
                     r"sincerely|(?:met )?(?:vriendelijke|collegiale|hartelijke) groet(?:en)?|"
                     r"mit (?:freundlichen|kollegialen|besten)(?: kollegialen)? gr[üu](?:ß|ss)en|"
                     r"(?:freundliche|kollegiale|viele) gr[üu](?:ß|ss)e|(?:bien )?(?:cordialement|confraternellement)|"
                     r"veuillez agr[ée]er|(?:bien )?amicalement|atentamente|(?:un )?(?:cordial )?saludo|"
                     r"cordiali saluti|distinti saluti)\b", re.I | re.M)
LETTER_WORDS = frozenset({"yours sincerely", "kind regards", "dear", "sincerely"})  # ("dear dr" is clinical)
CLINICAL_LETTER = ("medical_summary", 0.5, 4.0)  # kind, its own (clinical) score needed, score for a letter
BUSINESS_LETTER = ("other", 2, 5.0)  # kind, prose lines needed, score for a letter with no clinical word
# A bank's details printed for paying ('sort code', 'IBAN') are no statement without its rows.
PAYMENT_DETAILS = frozenset({"sort code", "account number"})
# An invoice's header, whatever it is titled ('BILL', 'Statement of work'): a labelled document
# number, a labelled customer block and payment terms or a due date, each at the start of a line.
# Two of the three speak for an invoice; all three are a full invoice header no till receipt prints.
INVOICE_SIGNS = (
    re.compile(r"^\s*(?:invoice|bill|factura|rechnung|factuur)\s*(?:no\b|number|nr\b|#|n[º°o]\b)", re.I | re.M),
    re.compile(r"^\s*(?:bill(?:ed)? to|sold to|invoice to|customer|patient|guarantor|client)\s*:", re.I | re.M),
    # (or a cell of a header row: 'INVOICE NO.   DATE   CUSTOMER ID   TERMS   SHIP VIA')
    re.compile(r"(?:^\s*|\S\s{2,})(?:(?:payment )?terms\b|due date\b|payment due\b|(?:amount|balance) (?:due|owing)\b|"
               r"please (?:pay|settle)\b)",
               re.I | re.M),
)
# A title printed letter-spaced ('I N V O I C E'): read as its word.
# (or in Chinese characters or Korean syllables, three or more spaced out: '給 与 明 細 書', '領 収 書',
# '영 수 증')
SPACED_TITLE = re.compile(r"(?<!\S)(?:[A-Za-z] ){3,}[A-Za-z](?!\S)|"
                          r"(?<!\S)(?:[\u4e00-\u9fff\uac00-\ud7a3] ){2,}[\u4e00-\u9fff\uac00-\ud7a3](?!\S)")
# A sales-tax registration number ('GST/HST Reg. No.', 'VAT Reg No', 'PST Reg. No.') is printed by
# shops and suppliers alike: its tax word speaks for no kind.
TAX_REG = re.compile(r"\b(?:gst|hst|pst|qst|vat)(?:\s?/\s?(?:gst|hst|pst))?\s*(?:reg(?:istration)?\.?\s*(?:no|number|#)|"
                     r"registration\s*(?:no|number|#))", re.I)
# A 'PO Box' address is no 'p.o.' (by mouth) of a prescription.
PO_BOX = re.compile(r"\bp\.?\s?o\.?\s+box\b", re.I)
INVOICE_SHAPE = ("invoice", 2, 3.0, 7.0)  # kind, signs needed, score then, per sign more
# A till receipt's make-up, whatever words it prints ('factura simplificada', a SIRET or 'base
# imponible' are invoice words a shop's ticket prints too): the time of the sale, a tender or change
# line, an item count, and a narrow slip of short lines. Two of the four speak for a receipt.
RECEIPT_SIGNS = (
    re.compile(r"(?<![\d:.,])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:]|[.,]\d)"),
    re.compile(r"^\s*(?:paid (?:by|with) |betaald met |pagado con |pay[ée] par )?"
               r"(?:cash|card|visa|mastercard|maestro|amex|contactless|carte(?: bancaire| bleue)?|cb|esp[eè]ces|"
               r"efectivo|entregado|tarjeta|bar|bargeld|girocard|ec[- ]karte|twint|pin|pinnen|tendered|dinheiro|"
               r"cart[ãa]o|change(?: due)?|cambio|rendu|monnaie rendue|r[üu]ckgeld|wisselgeld|vuelto|troco|"
               r"contanti|resto|nakit|kredi kart[ıi]|para [üu]st[üu]|tunai|kembali(?:an)?|"
               r"ti[ềe]n kh[áa]ch đưa|ti[ềe]n th[ốo]i(?: l[ạa]i)?|ti[ềe]n th[ừu]a)\b[^\n\d]{0,20}(?:[*x]{2,}\d{4})?"
               r"[^\n\d]{0,40}-?\d[\d.,]*(?:[.,]\d\d|[.,]\d{3})\s*(?:€|eur|chf)?\s*$", re.I | re.M),
    re.compile(r"\b\d+\s+(?:items?|articles?|art[íi]culos|artikel|articoli|pi[eè]ces)\b|nombre d'articles|"
               r"anzahl (?:der )?artikel|items sold", re.I),
)
# The signs count only on a page with a total line ('TOTAL', 'Summe', 'Total à payer', 'Balance due'):
# a banking app's screen prints times on a narrow page too.
RECEIPT_TOTAL = re.compile(r"^\s*(?:grand |sub-?)?(?:total|summe|gesamt|totaal|totale|suma|sum|importe|zu zahlen|"
                           r"te betalen|a pagar|montant|balance|amount|to pay|payable|toplam|t[ổo]ng(?: c[ộo]ng)?|jumlah)\b"
                           r"[^\n]*\d[.,]\d\d", re.I | re.M)
RECEIPT_SHAPE = ("receipt", 2, 2.0, 1.5, 8, 48)  # kind, signs needed, score then, per sign more,
# and a narrow slip: at least this many lines, nine in ten no longer than this
# 'Due on receipt' is a payment term, not the word that titles a till receipt.
ON_RECEIPT = re.compile(r"\b(?:due|payable|payment)\s+(?:up)?on\s+receipt\b")
# 'Payment received - thank you' is how a bill or a card statement books the last payment, not a
# shop's goodbye.
PAYMENT_THANKS = re.compile(r"\b(payments?(?:\s+received)?(?:[\s,.-]+\w+){0,3}?)[\s,.-]+thank\s+you\b")


def prose_lines(text: str) -> int:
    """Lines of running text: seven words or more, few digits, not a shouted heading."""
    return sum(1 for line in text.splitlines()
               if len(PROSE_WORD.findall(line)) >= 7 and sum(c.isdigit() for c in line) <= 4
               and not line.isupper())


def narrow_slip(text: str) -> bool:
    """Printed on a till roll: enough lines, nearly all of them short."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < RECEIPT_SHAPE[4]:
        return False
    return sum(len(ln) <= RECEIPT_SHAPE[5] for ln in lines) >= 0.9 * len(lines)


def _count(low: str, word: str) -> int:
    # not inside a word, accented letters included ('hst' is no word of 'frühstück')
    return len(re.findall(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", low))


def classify(text: str, schemas: SchemaSet) -> tuple[str, float, dict[str, float]]:
    """Returns (kind, confidence 0..1, score per kind). Strong keywords count 2, weak ones 0.5,
    each capped so one repeated word cannot decide alone; the title near the top counts more."""
    text = SPACED_TITLE.sub(lambda m: m.group(0).replace(" ", ""), text)
    # (a Turkish dotted capital 'İ' lowers to 'i' and a combining dot: 'FİŞ' is 'fiş')
    low = text.lower().replace("i\u0307", "i")
    low = PO_BOX.sub("box", TAX_REG.sub(" ", PAYMENT_THANKS.sub(r"\1", ON_RECEIPT.sub("payment terms", low))))
    head = low[:400]
    has_amount = bool(AMOUNT.search(text))
    shapes = {reader: len(reader(text)) for reader, *_ in SHAPES}
    prose = prose_lines(text)
    invoice_signs = sum(1 for sign in INVOICE_SIGNS if sign.search(text))
    receipt_signs = (sum(1 for sign in RECEIPT_SIGNS if sign.search(text)) + narrow_slip(text)
                     if RECEIPT_TOTAL.search(text) else 0)
    letter = bool(SALUTATION.search(text) and CLOSING.search(text))
    pay_pair = bool(PAY_GROSS.search(text) and PAY_NET.search(text) and PAY_WITHHELD.search(text))
    scores: dict[str, float] = {}
    for kind in schemas.kinds():
        schema = schemas[kind]
        score = 0.0
        letter_words = 0.0  # medical_summary's letter words, kept apart until a clinical word is seen
        for w in schema.strong_keywords:
            n = _count(low, w)
            if n:
                gain = 2.0 + min(n - 1, 3) * 0.4 + (1.0 if _count(head, w) else 0.0)
                if kind == SHAPES[0][1][0] and w in PAYMENT_DETAILS and shapes[transactions] < SHAPES[0][2]:
                    gain = 0.5
                if kind == CLINICAL_LETTER[0] and w in LETTER_WORDS:
                    letter_words += gain
                else:
                    score += gain
        for w in schema.weak_keywords:
            n = _count(low, w)
            if n:
                gain = 0.5 + min(n - 1, 3) * 0.1
                if kind == CLINICAL_LETTER[0] and w in LETTER_WORDS:
                    letter_words += gain
                else:
                    score += gain
        if kind == CLINICAL_LETTER[0] and score >= CLINICAL_LETTER[1]:
            score += letter_words + (CLINICAL_LETTER[2] if letter else 0.0)
        score += _shape_score(kind, shapes)
        if kind == INVOICE_SHAPE[0] and invoice_signs >= INVOICE_SHAPE[1]:
            score += INVOICE_SHAPE[2] + INVOICE_SHAPE[3] * (invoice_signs - INVOICE_SHAPE[1])
        if kind == PAY_SHAPE[0] and pay_pair:
            score += PAY_SHAPE[1]
        if kind == RECEIPT_SHAPE[0] and receipt_signs >= RECEIPT_SHAPE[1]:
            score += RECEIPT_SHAPE[2] + RECEIPT_SHAPE[3] * (receipt_signs - RECEIPT_SHAPE[1])
        if kind == PROSE[0] and score and prose >= PROSE[1]:
            score += min(PROSE[4], PROSE[2] + PROSE[3] * (prose - PROSE[1]))
        if score and not has_amount and any(f.type == "money" for f in schema.fields):
            score *= 0.5  # a receipt, invoice or payslip prints money; a letter's "thank you" does not make one
        scores[kind] = score
    if (letter and prose >= BUSINESS_LETTER[1] and BUSINESS_LETTER[0] in scores
            and scores.get(CLINICAL_LETTER[0], 0.0) < CLINICAL_LETTER[1]
            and shapes[transactions] < SHAPES[0][2] and invoice_signs < INVOICE_SHAPE[1]
            and receipt_signs < RECEIPT_SHAPE[1]):
        scores[BUSINESS_LETTER[0]] += BUSINESS_LETTER[2]
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < MIN_SCORE:
        return "other", 0.5, scores
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = 1 / (1 + math.exp(-(top - second) / 2.0))
    return best, round(confidence, 3), scores


def _shape_score(kind: str, counts: dict) -> float:
    """Evidence from the rows the page is made of (SHAPES): four dated lines with amounts are a
    statement, three result rows a lab report."""
    score = 0.0
    for reader, kinds, needed, base, per_row, cap in SHAPES:
        n = counts.get(reader, 0)
        if kind in kinds and n >= needed:
            score += min(cap, base + per_row * (n - needed))
    return score
