"""Field extraction: rules propose candidates, the model proposes values, checks pick and ground them."""
from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol

from . import rules, words
from .entities import UNCERTAIN_BELOW, Extraction, Field, ParsedDocument
from .grounding import ground
from .jobs import CancelToken
from .memory import Lesson, _label_words, _previous_label, taught_candidates
from .normalize import find_currency_span, find_dates, normalise_value
from .prompts import extraction_prompt
from .schemas import Example, FieldSpec, Schema


class FieldFiller(Protocol):
    """The part of a text engine extraction needs: complete ``key:`` lines after a prompt."""

    def fill(
        self, prompt: str, keys: Sequence[str], *, max_value_tokens: int = 40,
        cancel: CancelToken | None = None, copy_from: str | None = None,
        line_prefix: str = "\n",
    ) -> dict[str, tuple[str, float]]: ...


# Labels that introduce a field's value, for fields the rules read as "Label: value".
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "patient": ("patient name", "patient", "name", "nom", "mr", "mrs", "ms", "titulaire"),
    "customer": ("bill to", "billed to", "customer", "sold to", "client", "invoice to"),
    "employee": ("employee name", "employee", "mitarbeiter", "name", "salarié"),
    "account_holder": ("account holder", "account name", "titulaire", "kontoinhaber", "rekeninghouder", "titular", "ten name van",
                       "t.n.v.", "intestatario", "název účtu", "majitel účtu", "name"),
    "prescriber": ("prescriber", "prescribed by", "physician", "doctor", "dr"),
    "ordering_physician": ("requested by", "ordered by", "ordering physician", "referring physician",
                           "referring doctor", "einsender", "doctor", "physician"),
    "provider": ("attending physician", "physician", "provider", "doctor", "clinician", "dictated by"),
    "diagnosis": ("final diagnosis", "discharge diagnosis", "diagnoses", "diagnosis", "impression",
                  "assessment", "diagnose"),
    "follow_up": ("follow-up", "follow up", "followup", "disposition", "plan"),
    "invoice_number": ("invoice number", "invoice no", "invoice #", "invoice nr", "inv no",
                       "inv. no", "rechnungsnummer", "rechnung nr", "facture n°", "bill no", "receipt no"),
    "account_number": ("account number", "account no", "acct no", "a/c no", "kontonummer"),
    "period": ("pay period", "period", "zeitraum", "période"),
    "lab": ("laboratory", "lab"),
}
MONEY_LABELS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "tax": (("tax", "gst", "vat", "sst", "mwst", "ust", "tva", "iva", "hst", "pst", "qst", "income tax", "lohnsteuer",
             "suma ptu", "tributos totais", "mva", "moms", "alv", "áfa", "topkdv", "kdv", "ppn", "thuế gtgt"),
            ("incl", "excl", "excluding", "inkl", "exkl", "inklusive", "exklusive", "einschl", "total incl", "id",
             "reg", "no", "invoice")),
    "gross_pay": (("gross pay", "gross", "brutto", "total earnings", "salaire brut"), ()),
    "net_pay": (("net pay", "netto", "take home", "net salary", "auszahlung", "net amount", "salaire net"), ()),
    "opening_balance": (("opening balance", "brought forward", "solde initial", "anfangssaldo",
                         "previous balance", "balance b/f"), ()),
    "closing_balance": (("closing balance", "carried forward", "solde final", "endsaldo",
                         "new balance", "balance c/f"), ()),
}
DATE_LABELS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "due_date": (("due", "due date", "payable by", "fällig", "échéance", "pay by"), ("invoice date",)),
    "period_start": (("from", "period", "du", "vom", "statement period"), ("to", "au", "bis")),
    "pay_date": (("pay date", "paid on", "payment date", "auszahlung", "date", "paiement le", "payé le",
                  "versé le", "überweisung am", "überweisung", "zahltag", "pay day", "fecha de pago",
                  "data pagamento", "data de pagamento", "data do pagamento", "data do crédito", "data di pagamento", "data di paga", "betaaldatum", "datum betaling", "uitbetaald op",
                  "disponibel", "udbetalingsdato", "支給日"),
                 ("joining", "birth", "dob", "hire", "hired", "eintritt", "entrée", "geburtsdatum", "naissance")),
}
# where no invoice number is printed, the order number is the one the invoice goes by
ORDER_NUMBER_LABELS = ("order number", "order no", "order #", "order nr", "order id", "bestellnummer",
                       "numéro de commande", "n° de commande", "número de pedido", "ordernummer")
ISSUER_FIELDS = {"company", "vendor", "bank", "employer", "lab"}
MAX_VALUE_CHARS = 400
DOCTOR_FIELDS = {"prescriber", "ordering_physician", "provider"}
FOLLOW_UP_CHARS = 360
DIAGNOSIS_CHARS = 160
PERSON_FIELDS = {"patient", "customer", "employee", "account_holder"}


@dataclass
class Pick:
    raw: str
    start: int
    end: int
    value: str | None
    confidence: float
    source: str
    note: str = ""


class Extractor:
    """Extracts the fields of one schema from a parsed document."""

    def __init__(self, engine: FieldFiller | None = None, *, copy_values: bool = True) -> None:
        self.engine = engine
        self.copy_values = copy_values

    def extract(
        self,
        doc: ParsedDocument,
        schema: Schema,
        *,
        kind_confidence: float = 1.0,
        examples: tuple[Example, ...] = (),
        cancel: CancelToken | None = None,
        lesson: tuple[Lesson, float] | None = None,
    ) -> Extraction:
        started = time.perf_counter()
        text = doc.text
        if lesson is not None and not examples:
            # the person's own corrected document of the same issuer is the best few-shot example
            taught = lesson[0]
            examples = (Example(taught.text, {k: taught.fields.get(k, "") for k in schema.model_fields}),)
        model: dict[str, tuple[str, float]] = {}
        keys = schema.model_fields
        if self.engine is not None and keys:
            prompt = extraction_prompt(schema, text, keys, examples)
            model = self.engine.fill(
                prompt, keys, cancel=cancel, copy_from=text if self.copy_values else None
            )
        model_seconds = time.perf_counter() - started
        fields = [self._resolve(spec, text, model.get(spec.name), lesson, doc.ocr_used)
                  for spec in schema.fields]
        result = Extraction(kind=schema.kind, kind_confidence=kind_confidence, fields=fields)
        for f in fields:
            _locate(f, doc)
        result.timings["model"] = model_seconds
        result.timings["extract"] = time.perf_counter() - started
        return result

    # -- one field ---------------------------------------------------------------
    def _resolve(self, spec: FieldSpec, text: str, model: tuple[str, float] | None,
                 lesson: tuple[Lesson, float] | None = None, ocr: bool = False) -> Field:
        cands = self._candidates(spec, text)
        if lesson is not None:
            cands = _apply_lesson(cands, lesson, spec, text, ocr)
        pick = _choose(spec, text, cands, model)
        if pick is not None and not pick.raw:
            return Field(name=spec.name, raw=None, value=None, type=spec.type, confidence=0.0,
                         grounded=False, source="model", note=pick.note)
        if pick is None:
            return Field(name=spec.name, raw=None, value=None, type=spec.type, confidence=0.0,
                         grounded=False, source="rule")
        value = pick.value if pick.value is not None else normalise_value(spec.type, pick.raw)
        span = (pick.start, pick.end) if pick.start >= 0 else None
        note = pick.note
        if spec.type in ("date", "money", "iban") and value is None:
            note = note or f"not a valid {spec.type}"
        return Field(
            name=spec.name, raw=pick.raw, value=value, type=spec.type, span=span,
            confidence=round(pick.confidence, 3), grounded=span is not None,
            source="model" if pick.source == "model" else "rule",
            model_value=None, note=note,
        )

    def _candidates(self, spec: FieldSpec, text: str) -> list[rules.Candidate]:
        name, kind = spec.name, spec.type
        if kind == "date":
            good, bad = DATE_LABELS.get(name, (rules.DATE_GOOD, rules.DATE_BAD))
            if spec.labels:
                good, bad = spec.labels, spec.avoid or bad
            if name == "date":
                # a kind's own date words ("collected", "discharged") come first and are not
                # counted against a date; its "avoid" words add to the usual ones ("nascita")
                good = (*spec.labels, *rules.DATE_GOOD)
                bad = tuple(w for w in (*rules.DATE_BAD, *spec.avoid) if w not in spec.labels)
                cands = _discharge_first(rules.date_candidates(text, good=good, bad=bad), text)
                if "discharged" in spec.labels:  # a letter's stay 'în perioada 07.01.2025 - 14.01.2025': its end
                    cands = _stay_ends(text) + cands
                return cands
            cands = rules.date_candidates(text, good=good, bad=bad)
            if name == "period_end":
                cands = rules.date_candidates(text, good=("to", "au", "bis", "until", "hasta"), bad=("from",))
            if name in ("period_start", "period_end"):  # "1 March 2024 to 31 March 2024"
                cands = [r[0] if name == "period_start" else r[1] for r in rules.date_ranges(text)] + cands
                cands.sort(key=lambda c: -c.score)
            # Only dates that carry the field's own label count; otherwise leave it empty.
            return [c for c in cands if "labelled" in c.why]
        if kind == "money":
            if name == "total":
                return rules.total_candidates(text)
            words, avoid = MONEY_LABELS.get(name, ((name.replace("_", " "),), ()))
            if spec.labels:
                words, avoid = spec.labels, spec.avoid
            if name == "tax" and spec.label.lower() != "income tax":  # VAT, GST: receipts and invoices
                return rules.tax_table(text) + rules.tax_lines(text, words, avoid)
            if name in ("opening_balance", "closing_balance"):
                cands = [_signed_balance(c, text) for c in rules.labelled_amount(text, words, avoid)]
                if name == "closing_balance":  # "Kontostand am …" opens and closes a statement: the last
                    cands.sort(key=lambda c: (-c.score, -c.start))
                return cands
            if name == "tax":  # a deduction printed as "-241.18": the tax withheld is 241.18
                return [_unsigned(c) for c in rules.labelled_amount(text, words, avoid)]
            return rules.labelled_amount(text, words, avoid)
        if kind == "iban":
            return rules.iban_candidates(text)
        if kind == "currency":
            found = find_currency_span(text)
            if not found:
                return []
            s, e, code = found
            if text[s:e] == "$":
                code = _dollar(text)
            elif text[s:e] == "kr":
                code = _krone(text) or code
            return [rules.Candidate(text[s:e], code, s, e, 0.8, "currency mark")]
        if name in ISSUER_FIELDS:
            cands = rules.company_candidates(text)
            if name == "bank":  # a statement's header also names the card or account product
                cands = sorted((rules.Candidate(c.raw, c.value, c.start, c.end, c.score + 1.0, c.why + ",bank word")
                                if _BANK_WORD.search(c.raw) else c for c in cands), key=lambda c: -c.score)
            if name == "vendor":  # 'From   To' over the two parties' names
                cands = rules.party_under(text, "from") + cands
            if spec.labels:  # "EMPRESA: CERÁMICAS DEL TURIA, S.L.": the value after its label, not the label
                top = max((c.score for c in cands), default=1.0) + 0.5
                cands = [rules.Candidate(c.raw, c.value, c.start, c.end, top, c.why)
                         for c in rules.labelled_value(text, spec.labels)
                         if c.why.startswith("labelled") and re.search(r"[^\W\d_]{2}", c.raw)] + cands
            if name == "lab":  # a lab's own line ("Karolinska University Laboratory") over its postcode or title
                # (not a tagline "A member of the Sonic Healthcare group", nor a label "Lab No")
                cands = [c for c in cands if not _NOT_LAB_NAME.match(c.raw) and not _SURNAME_FIRST.fullmatch(c.raw.strip())]
                cands = sorted((rules.Candidate(c.raw, c.value, c.start, c.end, c.score + 1.0, c.why + ",lab word")
                                if _LAB_WORD.search(c.raw) and not _kind_line_under_firm(c, text) else c for c in cands),
                               key=lambda c: -c.score)
                # (a Chinese form's title run onto the hospital's name: '…人民医院检验报告单')
                cands = [_cut_at(c, _FORM_TITLE_TAIL, 2) for c in cands]
                cands = [rules.Candidate(c.raw, c.value, c.start, c.end, c.score + 1.0, c.why)
                         for c in rules.labelled_value(text, _PERFORMED_AT)] + cands
                top = max((c.score for c in cands), default=1.0) + 0.5
                cands = [rules.Candidate(m.group("lab"), m.group("lab"), m.start("lab"), m.end("lab"), top, "lab site note")
                         for m in _LAB_SITE_NOTE.finditer(text)][:1] + cands
            return cands
        if name == "address":
            issuer = rules.company_candidates(text)
            cands = []
            for c in issuer[:2]:
                addr = rules.address_after(text, c.end)
                if addr:
                    cands.append(rules.Candidate(addr.raw, addr.value, addr.start, addr.end,
                                                 c.score, addr.why))
            return cands
        labels = spec.labels or FIELD_LABELS.get(name)
        if name == "follow_up":  # a plan is a sentence or two; "Disposition: Home" only if nothing better
            cands = rules.labelled_value(text, labels, max_len=FOLLOW_UP_CHARS, ranked=True) if labels else []
            # 'Instructions from Jonathan Pike, MD': who gave the instructions, not what they are
            cands = [c for c in cands if not _FROM_AUTHOR.match(c.raw)]
            cands = [_numbered_plan(c, text) or _dashed_plan(c, text) or
                     _without_return_advice(_whole_paragraph(_with_heading_words(c, text), text, sentences=True))
                     for c in cands]
        elif name == "diagnosis":  # a diagnosis may be long and wrap onto the next line
            cands = rules.labelled_value(text, labels, max_len=DIAGNOSIS_CHARS) if labels else []
            # another label under the heading ('Diagnózis:' over 'Fődiagnózis:') is no diagnosis; a code
            # before its diagnosis across a column gap ('I2140   Akut ...') is read with it
            cands = [_with_text_after_code(c, text) for c in cands if not _LABEL_ONLY.fullmatch(c.raw.strip())]
            # the diagnosis at discharge, not the one at admission printed above it
            discharge = [c for c in cands if not _ADMISSION_LABEL.search(_label_before(text, c.start))]
            cands = discharge or cands
            # (only a line cut mid-phrase goes on: a next line in capitals is the next diagnosis)
            cands = [_whole_paragraph(c, text, DIAGNOSIS_CHARS, lower_only=True) for c in cands]
            cands = [_first_sentence(c) for c in cands]
            cands = [_without_primary_mark(c) for c in cands]
            cands = [_cut_lead(c, _MAIN_LABEL) for c in cands]
            cands = [_with_code_beside(c, text) for c in cands]
        else:
            cands = rules.labelled_value(text, labels) if labels else []
        if name == "invoice_number" and not cands:  # a shop's invoice prints only its order number
            cands = rules.labelled_value(text, ORDER_NUMBER_LABELS)
        if name == "invoice_number" and not cands:  # 'Seria ECF nr. 004521'
            cands = rules.series_number(text)
        if name == "invoice_number" and not cands:  # 'FATURA FT 2024A/388', 'INVOICE INV-0042'
            cands = rules.titled_number(text)
        if kind == "code":
            cands = [_code_only(c) for c in cands]
        if name == "period":  # "Période du 01/03/2024 au 31/03/2024": the period, not "du"
            # nor the rest of a label ("Period Beginning: 04/01/2024" names a date, not the period)
            cands = [_without_from(c) for c in cands if not c.raw.rstrip().endswith(":")]
            cands += rules.period_from_labels(text)  # 'Period Beginning: …' / 'Period Ending: …'
            cands += rules.month_period(text)  # 'Abrechnung … für Oktober 2024'
            cands = _month_in_words_first(cands)
        if name in DOCTOR_FIELDS:
            cands += rules.titled_person(text, doctor=True)
            if name == "provider":
                # the doctor who completed a discharge summary wrote it, over the consultant named in its header
                cands = sorted((rules.Candidate(c.raw, c.value, c.start, c.end, c.score + 1.0, c.why)
                                if c.why == "labelled completed by:" else c for c in cands), key=lambda c: -c.score)
                cands += rules.signatory(text)
            if name in ("provider", "prescriber"):
                cands += rules.signed_under_rule(text)
        elif name in PERSON_FIELDS:
            cands += rules.titled_person(text, doctor=False)
            if name == "patient":
                cands += rules.name_above_directions(text)
                cands += rules.name_before_record_id(text)
                cands += _surname_first_heading(text)
            if name in ("account_holder", "customer", "employee"):
                cands += rules.addressee(text, capitals=True)
                cands += rules.window_addressee(text)  # an unlabelled block on the right
            if name == "customer":  # 'From   To' over the two parties' names
                cands = rules.party_under(text, "to") + cands
        if name in DOCTOR_FIELDS | PERSON_FIELDS:
            cands = [_without_lead_speck(c) for c in cands]
            # a person's name has letters, a capital, no digits ("for 3 months" is not one)
            cands = [c for c in (_name_only(c) for c in cands)
                     if not re.search(r"\d", _OCR_NAME_ZERO.sub("O", c.raw)) and re.search(_NAME_LETTER, c.raw)
                     and not _FORM_WORD.fullmatch(c.raw) and not _ARTICLE_FIRST.match(c.raw)
                     and not _ACCOUNT_PRODUCT.search(c.raw)]
            cands = [_cut_at(c, _HONORIFIC_AFTER, 1) for c in cands]  # '山田 花子 様', '佐藤 健一 先生'
            if name in PERSON_FIELDS:
                cands = [_without_honorific(c) for c in cands]
                if name == "patient":  # 'Concerne : Madame Chantal …' (a bill's customer keeps it, as printed)
                    cands = [_without_honorific(c, _SALUTATION) for c in cands]
            else:
                cands = [_doctor_only(c) for c in cands]
                if name == "provider":
                    cands = [c for c in cands if not _REFERRER.search(text[text.rfind("\n", 0, c.start) + 1 : c.start])]
                    # the colleague a letter is written to ("Dear Aoife," "Dear Dr Haldane") is not its author
                    greeted = {w.lower() for w in _GREETED.findall(text)}
                    cands = [c for c in cands if "signed" in c.why or not greeted & {w.lower() for w in c.raw.split()}]
        return cands


def _month_in_words_first(cands: list[rules.Candidate]) -> list[rules.Candidate]:
    """'Periode 11 - 2024' (the payroll's period number) and 'Periode november 2024': the period
    named in words is the one to show; a value of bare numbers that is no date range falls back."""
    if not any(rules.names_month(c.raw) for c in cands):
        return cands
    out = [c if re.search(r"[^\W\d_]", c.raw) or len(find_dates(c.raw)) >= 2 else
           rules.Candidate(c.raw, c.value, c.start, c.end, c.score - 0.5, c.why + ",numbers only") for c in cands]
    return sorted(out, key=lambda c: -c.score)


_DISCHARGE_DATE = re.compile(r"discharg|entlass|sortie|\balta\b|dimission|ontslag|utskriv|went home", re.IGNORECASE)


_STAY_WORD = re.compile(r"\b(?:perioada|period|internat\w*|hospitali[sz]ed|admitted|stay|séjour|hospitalisé\w*|"
                        r"ingresad[oa]|hospitalizad[oa]|aufenthalt|stationär|opgenomen|ricoverat[oa]|"
                        r"hospitalizowan\w*)\b", re.IGNORECASE)


def _stay_ends(text: str) -> list[rules.Candidate]:
    """The last day of a stay printed as a range after a stay word on its line ('a fost internat/ă
    ... în perioada 07.01.2025 - 14.01.2025', 'admitted 03/01/2025 - 09/01/2025'): the discharge."""
    out = []
    for first, last in rules.date_ranges(text):
        line_start = text.rfind("\n", 0, first.start) + 1
        before = text[max(0, text.rfind("\n", 0, max(0, line_start - 1)) + 1) : first.start]
        if _STAY_WORD.search(before):
            out.append(rules.Candidate(last.raw, last.value, last.start, last.end, last.score + 1.0,
                                       "labelled stay's end"))
    return out


def _discharge_first(cands: list[rules.Candidate], text: str) -> list[rules.Candidate]:
    """A letter's discharge date over the visit or admission date printed beside it on its line
    ('Admitted: 20/02/2023   Discharged: 28/02/2023'), but not over a date labelled on a line of
    its own ('Date: 02/03/2023'), unless that line names it the letter's ('Datum brief: …',
    'Neuchâtel, le 24 janvier 2025'). The last day of a stay ('Séjour du 15.01.2025 au
    22.01.2025') is its discharge date."""
    out = []
    for c in cands:
        if "labelled" in c.why and (_DISCHARGE_DATE.search(_cell_before(text, c.start)) or
                                    _STAY_END.search(_cell_before(text, c.start))):
            line_start, line_end = text.rfind("\n", 0, c.start) + 1, text.find("\n", c.end)
            line_end = len(text) if line_end < 0 else line_end
            beside = [o.score for o in cands if o is not c and (line_start <= o.start < line_end or _letter_date(o, text))]
            if beside and max(beside) >= c.score:
                c = rules.Candidate(c.raw, c.value, c.start, c.end, max(beside) + 0.01, c.why + ",discharge")
        out.append(c)
    return sorted(out, key=lambda c: -c.score)


# a date the letter gives as its own: 'Datum brief: …', 'Date of letter: …', or after the town it is
# written in ('Neuchâtel, le 24 janvier 2025', 'Köln, den 12.03.2024')
_LETTER_DATE_LABEL = re.compile(r"(?:datum\s+(?:van\s+de\s+)?brief|briefdatum|brevdatum|date\s+of\s+(?:the\s+)?letter|"
                                r"letter\s+date|date\s+de\s+la\s+lettre|fecha\s+de\s+la\s+carta)\s*:?\s*$", re.IGNORECASE)
_TOWN_DATED = re.compile(r"^\s*[A-ZÀ-Ý][\w'’.-]+(?:[\s-][A-ZÀ-Ý]?[\w'’.-]+){0,2},\s*(?:le|den|am|il|el|em|the)?\s*$")
# the end of a stay ('Séjour du 15.01.2025 au', 'opgenomen van 2 tot en met', 'Stay: 03/01/2024 to')
_STAY_END = re.compile(r"(?:séjour|hospitali[sz]\w*|stay|admission|aufenthalt|opname|opgenomen|vårdtillfälle|ingreso|"
                       r"internamento|ricovero)\b[^\n]{0,30}?\d[^\n]{0,20}?\s(?:au|to|bis|tot en met|t/m|al|a|--|-|–)\s*$",
                       re.IGNORECASE)


def _letter_date(c: rules.Candidate, text: str) -> bool:
    before = text[text.rfind("\n", 0, c.start) + 1 : c.start]
    return bool(_LETTER_DATE_LABEL.search(before) or _TOWN_DATED.match(before))


def _cell_before(text: str, start: int) -> str:
    """The words before ``start`` in its line's cell (up to a wide gap)."""
    return re.split(r"\s{2,}|\t", text[text.rfind("\n", 0, start) + 1 : start])[-1]


# a form's next heading read as the value ("Signature of Prescriber   Date" in a scan's text)
_FORM_WORD = re.compile(r"(?:date|signature|name|address|age|sex|gender|dob|tel|phone|stamp|"
                        r"datum|unterschrift|nom|adresse|signature|"
                        # what a form writes where it names nobody: 'to whom it may concern'
                        r"(?:to )?whom it may concern|a quien corresponda|a quem interessar possa|"
                        r"à qui de droit|a chi di competenza|wen es betrifft|"
                        r"n/?a|none|not stated|not given|unknown|self)\W*", re.IGNORECASE)
# an account's product, not its holder ('Account name   Everyday Account')
_ACCOUNT_PRODUCT = re.compile(r"\b(?:account|acct|konto|compte|cuenta|conto|rekening)\s*$", re.IGNORECASE)
# A "$" alone is read as US dollars unless the document says which country's: an Australian
# Business Number or an Australian state, a Canadian HST/GST number or province.
_AUD = re.compile(r"\bABN\s*:?\s*\d{2}\s?\d{3}\s?\d{3}\s?\d{3}\b|\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b")
_CAD = re.compile(r"\b(?:HST|GST/HST)\s*(?:#|no\.?|reg\.?)\s*:?\s*\d{5}|\b(?:ON|QC|BC|AB|MB|NS|NB|SK)\s+[A-Z][\dO][A-Z]\s?[\dO][A-Z][\dO]\b")  # OCR: 'K2P OY7'


# a '$' document that names its dollar elsewhere ('All amounts are in Canadian dollars (CAD)',
# '(... PESOS 40/100 M.N.)')
_DOLLAR_NAMED = re.compile(r"\b(AUD|CAD|NZD|SGD|HKD|MXN)\b|\b(?:M\.\s?N\.|moneda nacional|pesos)(?!\w)", re.IGNORECASE)


# 'kr' is the Swedish, Norwegian, Danish or Icelandic crown: the code printed elsewhere on the page
# says which ('TOTALT  NOK  503,17'), else the Norwegian word of the VAT ('MVA')
_KRONE_CODE = re.compile(r"(?<![A-Za-z])(SEK|NOK|DKK|ISK)(?![A-Za-z])")
_NORWEGIAN_VAT = re.compile(r"(?<![\w])mva(?![\w])", re.IGNORECASE)


def _krone(text: str) -> str | None:
    named = _KRONE_CODE.search(text)
    if named:
        return named.group(1)
    return "NOK" if _NORWEGIAN_VAT.search(text) else None


# a '$' of the Southern Cone: a Chilean R.U.T. ('76.482.915-3'), an Argentine CUIT ('30-71548263-7',
# 'CUIT: 30715482637')
_CLP = re.compile(r"\bR\.?\s?U\.?\s?T\.?\s*:?\s*\d{1,2}\.\d{3}\.\d{3}-[\dkK]\b")
_ARS = re.compile(r"\bC\.?U\.?I\.?T\.?\s*(?:N[°º]|Nro\.?)?\s*:?\s*\d{2}-?\d{8}-?\d\b")


def _dollar(text: str) -> str:
    if _CLP.search(text):
        return "CLP"
    if _ARS.search(text):
        return "ARS"
    named = _DOLLAR_NAMED.search(text)
    if named:
        return named.group(1).upper() if named.group(1) else "MXN"
    if _AUD.search(text):
        return "AUD"
    if _CAD.search(text):
        return "CAD"
    return "USD"


def _cut(c: rules.Candidate, end: int) -> rules.Candidate:
    """``c`` up to its character ``end`` (the span shrinks with it; the value is the kept text
    with its spaces squeezed)."""
    raw = c.raw[:end].rstrip()
    return rules.Candidate(raw, " ".join(raw.split()), c.start, c.start + len(raw), c.score, c.why)


def _cut_at(c: rules.Candidate, pattern: re.Pattern[str], min_start: int = 0) -> rules.Candidate:
    """``c`` up to where ``pattern`` first matches in it; unchanged when it does not match, or
    matches before character ``min_start`` (nothing would be left of the value)."""
    m = pattern.search(c.raw)
    return _cut(c, m.start()) if m and m.start() >= min_start else c


_CODE_TAIL = re.compile(r"\s+(?:del|dated|date|du|vom|from|of|le)\b.*$", re.IGNORECASE)


def _code_only(c: rules.Candidate) -> rules.Candidate:
    """'147/2024 del 12/04/2024' → '147/2024': a number, not the date printed after it."""
    return _cut_at(c, _CODE_TAIL, 2)


_OVERDRAWN = re.compile(r"[^\S\n]?(?:DR|Dr|D|S|-)(?![\w-])")


def _signed_balance(c: rules.Candidate, text: str) -> rules.Candidate:
    """'$81.05 DR', '45,20 S', '45,20-': an overdrawn balance, below zero."""
    if c.value is None or str(c.value).startswith("-") or not _OVERDRAWN.match(text, c.end):
        return c
    return rules.Candidate(c.raw, "-" + str(c.value), c.start, c.end, c.score, c.why)


def _unsigned(c: rules.Candidate) -> rules.Candidate:
    if not c.raw.startswith("-") or c.value is None or not str(c.value).startswith("-"):
        return c
    return rules.Candidate(c.raw[1:], str(c.value)[1:], c.start + 1, c.end, c.score, c.why)


def _without_from(c: rules.Candidate) -> rules.Candidate:
    m = re.match(r"(?:du|from|vom|von|dal|del)\s+(?=\d)", c.raw, re.IGNORECASE)
    if not m:
        return c
    raw = c.raw[m.end():]
    return rules.Candidate(raw, raw, c.start + m.end(), c.end, c.score, c.why)


_BANK_WORD = re.compile(r"\b\w*(?:sparkasse|bank)\b|\b(bank|banque|banca|banco|sparkasse|volksbank|raiffeisenbank|caisse|crédit|credit union|"
                        r"building society|n\.a\.)", re.IGNORECASE)
_OCR_NAME_ZERO = re.compile(r"(?<![\d])0(?=['’][A-Z])")  # "0'Connor": O' read as a zero
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Master|Mx|Mme|Mlle|M\.|Herr|Frau|Sr\.|Sra\.|Sig\.(?:ra)?|mevr\.|dhr\.|Smt|Shri|Shrimati|Kumari|"
                        r"Mevr\.|Dhr\.|mevrouw|meneer|Senhora|Senhor|Ny\.|Tn\.|Nn\.|Sdr\.|Sdri\.)(?:\s?[.,]?\s+|(?<=\.)(?=[A-ZÀ-Ý][a-zà-ÿ]))(?=[A-ZÀ-Ý])", re.IGNORECASE)


_SALUTATION = re.compile(r"^(?:Madame|Monsieur|Mademoiselle)\s+(?=[A-ZÀ-Ý])")


_DOCTOR_TITLE = re.compile(r"\b(?:Dr|Prof|Doctor|Docteur|Dott(?:\.ssa)?|Dra)\b\.?\s", re.IGNORECASE)


_DEGREE_TAIL = re.compile(r"(?:(?:,\s*|\s+)(?:MD|M\.D\.|DO|MBBS|MBChB|FRCP|FRCS|PhD|PharmD|RN|NP|PA-C|FY[12]|FRACGP|FRACP|"
                          r"MRCGP|MRCP|FRCPC|CCFP|FAAD|FACP|RPh|FPSP|BDS|BDSc|MDS)\.?)+\s*$")
_DEGREE_THEN_ROLE = re.compile(r",\s*(?:LL|LKT|MD|M\.D\.|MBBS|MBChB|DO|PhD|FRCP|MRCP)\b\.?\s*,.*$")
# the doctor who sent the patient, not the one who writes ("Referring Physician: …" in a report)
_LAB_WORD = re.compile(r"(?:lab|labs)\b|\b(?:labor|laboratory|laboratories|laboratoires?|laborat[oó]rios?|"
                       r"laboratori(?:um|a)?|pathology|pathologie|diagnostics?|labtests|laboratuvar\w*|laboratoř\w*|"
                       r"laborator(?:ul)?|laboratórium\w*|klinické biochemie|klinikai kémia|лаборатор\w*|εργαστήρι\w*)\b|"
                       r"検査|검사|检验|檢驗", re.IGNORECASE)  # (Korean 진단검사의학과, Chinese 检验科)
# a US reference lab's footnote naming the site that ran the tests: its code, its name, its director
# ('01  CB    Keystone Clinical Laboratories - Dublin        Dir: Harold Wexler, MD')
_LAB_SITE_NOTE = re.compile(r"^[^\S\n]*\d{2}[^\S\n]+[A-Z]{2,3}[^\S\n]+(?P<lab>\S(?:[^\n]*?\S)?)[^\S\n]{2,}Dir:", re.MULTILINE)
# a person's name in capitals, surname first ('PETROSKY, ANGELA M'): no lab's name
_SURNAME_FIRST = re.compile(r"[A-Z][A-Z'’-]+,\s[A-Z][A-Z'’-]+(?:\s[A-Z]\.?)?")
def _surname_first_heading(text: str) -> list[rules.Candidate]:
    """An unlabelled 'SURNAME, FIRST M' in capitals beginning a line of a report's header (a US
    reference lab's patient line, the ordering practice beside it): the patient, when nothing labels one."""
    for ln in rules.split_lines(text)[:12]:
        cell = re.match(r"\S+(?: \S+)*", ln.text)
        if cell and _SURNAME_FIRST.fullmatch(cell.group(0)):
            return [rules.Candidate(cell.group(0), cell.group(0), ln.start, ln.start + cell.end(), 0.3, "surname first in the header")]
    return []


_NOT_LAB_NAME = re.compile(r"\s*(?:an?\s+)?(?:member|part|division|subsidiary)\s+of\b|"
                           r"\s*lab(?:oratory)?\.?\s*(?:no|nr|number|ref|id|#)\.?\s*$", re.IGNORECASE)
def _kind_line_under_firm(c: rules.Candidate, text: str) -> bool:
    """'ООО «МедЛаб Северо-Запад»' over 'Медицинская лаборатория': a line of two or three words in
    sentence case that only says what kind of place the firm named above it (with its legal form) is."""
    words = c.raw.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].islower() for w in words[1:]) or not words[0][:1].isupper():
        return False
    above = text.rfind("\n", 0, max(text.rfind("\n", 0, c.start), 0))
    prev = text[above + 1: text.rfind("\n", 0, c.start)] if text.rfind("\n", 0, c.start) > 0 else ""
    return bool(rules.LEGAL_FORM.search(prev))


_FORM_TITLE_TAIL = re.compile(r"(?:检验|檢驗|化验|化驗)?(?:报告单|報告單|报告|報告)$")
_PERFORMED_AT = ("performed at", "performing lab", "performing laboratory", "testing laboratory", "tested at",
                 "laboratory:")
_GREETED = re.compile(r"^\s*(?:Dear|Geachte|Beste|Liebe[r]?|Caro|Cara|Querido|Querida)\s+(?:(?:Dr|Doctor|Prof|Mr|Mrs|Ms|Miss|"
                      r"collega|Kollege|Kollegin)\.?\s+)?([A-ZÀ-Ý][\w'’-]+)", re.IGNORECASE | re.MULTILINE)
_REFERRER = re.compile(r"\b(?:referring|referred by|ordering|requesting|requested by|primary care|usual gp|cc)\b"
                       r"[^:\n]*:\s*$", re.IGNORECASE)


# a doctor's role or specialty after the name and a comma
_ROLE_AFTER = re.compile(r"[,;]\s*(?:Fach(?:arzt|ärztin)|(?:Haus|Assistenz|Ober|Chef|Zahn)?(?:arzt|ärztin)|"
                         r"Allgemeinmedizin(?:er|erin)?|Internist(?:in)?|General Practitioner|Specialist|Consultant|"
                         r"Physician|Surgeon|Registrar|Médecin|Médico|Médica|Medico|Medica|Spécialiste|Especialista|"
                         r"Huisarts|Specialistläkare|Överläkare|Läkare)\b", re.IGNORECASE)


# a practice after a doctor's name ("Dr M O'Sullivan, Broadwater Family Practice, Southport 4215")
_PRACTICE_WORD = re.compile(r"\b(?:practice|partnership|practitioners)\b", re.IGNORECASE)


def _doctor_only(c: rules.Candidate) -> rules.Candidate:
    """'Praxis Dr. med. K. Braun' → 'Dr. med. K. Braun'; 'Dr L Nguyen, Bondi Junction Medical
    Centre' → 'Dr L Nguyen': the clinician, not the practice."""
    raw, start = c.raw, c.start
    title = _DOCTOR_TITLE.search(raw)
    if title and 0 < title.start() and re.fullmatch(r"(?:[A-Za-zÀ-ÿ-]+\s){1,2}", raw[: title.start()]):
        start += title.start()
        raw = raw[title.start():]
    comma = min((i for i in (raw.find(","), raw.find(";")) if i >= 0), default=-1)  # a scan's ";" for ","
    if comma > 3 and (rules.ORG_WORDS.search(raw[comma:]) or _PRACTICE_WORD.search(raw[comma:]) or re.fullmatch(r",\s*[a-zà-ÿ][a-zà-ÿ -]+", raw[comma:])
                      or _ROLE_AFTER.match(raw[comma:])):
        raw = raw[:comma]  # "J. de Vries, huisarts", "…, Facharzt für Allgemeinmedizin": the role after the name
    cut = _DEGREE_THEN_ROLE.search(raw)
    if cut and cut.start() >= 3:
        raw = raw[: cut.start()]  # "Mikko Heikkinen, LL, yleislääketieteen erikoislääkäri": degree and specialty
    degree = _DEGREE_TAIL.search(raw)
    if degree and degree.start() >= 3:
        raw = raw[: degree.start()]  # "FITZGERALD, SEAN MD": the degree is not part of the name
    if raw == c.raw:
        return c
    return rules.Candidate(raw, " ".join(raw.split()), start, start + len(raw), c.score, c.why)


def _without_honorific(c: rules.Candidate, honorific: re.Pattern[str] = _HONORIFIC) -> rules.Candidate:
    """'Mrs Eileen Carter' → 'Eileen Carter': the name a person searches for and exports (a
    doctor keeps 'Dr')."""
    m = honorific.match(c.raw)
    if not m:
        return c
    raw = c.raw[m.end():]
    return rules.Candidate(raw, " ".join(raw.split()), c.start + m.end(), c.end, c.score, c.why)


# the honorific a Japanese or Korean name is printed with ('様', '殿', 'さん', '先生' for a doctor, '김민수 님')
_HONORIFIC_AFTER = re.compile(r"\s*(?:様|さま|殿|さん|先生|御中|님|씨)\s*$")


_BIRTH_TAIL = re.compile(r",?\s+(?:geb\.?|geboren|née?|born|DOB|D\.O\.B\.?|date of birth)(?=[\s:.,]|$)",
                         re.IGNORECASE)


# (a Brazilian doctor's council number after a dash: "Dra. Luciana Barbosa - CRM-MG 52.118")
_RECORD_TAIL = re.compile(r"(?:\s+[-–])?\s+(?:CHI|NHS\s?(?:No|Number)|MRN|URN|UHID|NHI|Hospital\s?No|Patient\s?ID|Medicare|"
                          r"OHIP|BSN|Age|CRM(?:[-/][A-Z]{2})?|"
                          r"(?:(?:BDS|MBBS|MD)\s+(?:\([^)]*\)\s+)?)?(?:GDC|GMC|NMC|Reg|Provider|Lic)"
                          r"\.?\s?(?:No|Number|#)?)\b\.?\s*[:#]?\s*\d")


_LEAD_SPECK = re.compile(r"[\"“”`.,:;]+\s*(?=[A-ZÀ-Ý])")


def _without_lead_speck(c: rules.Candidate) -> rules.Candidate:
    """'"Sophie Turner': a scan's speck before a name is not part of it."""
    m = _LEAD_SPECK.match(c.raw)
    if not m:
        return c
    return rules.Candidate(c.raw[m.end():], " ".join(c.raw[m.end():].split()), c.start + m.end(), c.end, c.score, c.why)


# a name has a capital (Latin, Greek or Cyrillic: 'ΠΑΠΑΔΟΠΟΥΛΟΥ ΜΑΡΙΑ', 'Смирнова Ольга'), or is written in
# Chinese characters, kana, hangul or Hebrew ('佐藤 健太')
_CAPITAL = "A-ZÀ-Ý\u0386-\u03ab\u0400-\u042f"
_NAME_LETTER = re.compile(rf"[{_CAPITAL}\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u05d0-\u05ea]")
# a name does not start with an article: 'POUR LE CHOLESTÉROL' is what a medicine is for, not for whom
_ARTICLE_FIRST = re.compile(r"(?:le|la|les|l['’]|du|des|the)\s", re.IGNORECASE)
_DATE_LEAD = re.compile(r"\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s*[/,–-]\s*(?=[A-ZÀ-Ý])")


_GRADE_TAIL = re.compile(r"\s*(?:\([A-Z]{1,4}\d\)|,?\s+(?:bleep|pager)\s*(?:no\.?\s*)?\d).*$", re.IGNORECASE)
_ON_DATE_TAIL = re.compile(r"\s+on\s+\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b.*$")


def _name_only(c: rules.Candidate) -> rules.Candidate:
    """'Clara Jensen, 4 Elm Close, Bath' → 'Clara Jensen': a person's field holds the name; the
    address or birth date after it ('Jürgen Schulz geb. am 29.05.1950') is another field's business."""
    lead = _DATE_LEAD.match(c.raw)  # 'Lääkitys tarkistettu 21.01.2025 / Mikko Heikkinen': the date it was done
    if lead:
        c = rules.Candidate(c.raw[lead.end():], " ".join(c.raw[lead.end():].split()), c.start + lead.end(), c.end,
                            c.score, c.why)
    c = _cut_at(c, _RECORD_TAIL, 3)  # a scan closes the gap: "Mr Jamie Robertson CHI 1204885531"
    c = _cut_at(c, _ON_DATE_TAIL, 3)  # 'Printed by Dr Anjali Krishnan on 07/03/2025': when it was done
    c = _cut_at(c, _GRADE_TAIL, 3)  # 'Dr Amelia Hartley (FY2), bleep 4471': a trainee's grade and bleep
    birth = _BIRTH_TAIL.search(c.raw)
    if birth and birth.start() >= 3:
        raw = c.raw[: birth.start()]
        c = rules.Candidate(raw, " ".join(raw.split()), c.start, c.start + len(raw), c.score, c.why)
    # (or a licence number: "Dr. Martín Ferreyra (M.N. 112.345)", "(Reg. 4471)")
    age = re.search(r"\s*\(\s*(?:\d[^)]*|Mr|Mrs|Ms|Miss|Mdm|Dr|(?:[A-Z][A-Za-z]{0,3}\.\s?){1,3}(?:N[°º]\s?)?\d[\d.\s/-]*)\.?\s*\)\s*$",
                    c.raw)  # or "LIM AH KOW (Mr)"  # "RAJESH KUMAR SHARMA (45Y/M)": the age and sex
    if age and age.start() >= 3:
        raw = c.raw[: age.start()]
        c = rules.Candidate(raw, " ".join(raw.split()), c.start, c.start + len(raw), c.score, c.why)
    role = re.match(r"\S+(?:\s+\S+)+?(?=\s+\([A-Za-z][A-Za-z .&/-]*\))", c.raw)
    if role and not re.search(r"\([A-ZÀ-Ý][a-zà-ÿ]+\)\s+(?:(?:van|de|der|den|von|da|di|du|le|la|ten|ter)\s+)*"
                              r"[A-ZÀ-Ý][a-zà-ÿ]", c.raw):
        # (a first name in brackets inside the name is not a role: "F.M. (Fenna) Zwart-Hoekstra")  # "Dr. Aoife Brennan (SHO), for Prof. K. Moriarty": the name, not the role in brackets
        raw = role.group(0)
        c = rules.Candidate(raw, " ".join(raw.split()), c.start, c.start + len(raw), c.score, c.why)
    patronymic = re.search(r"\s+(?:του|της)\s+[\u0386-\u03ab][\u03ac-\u03ce]+\s*$", c.raw)
    if patronymic and patronymic.start() >= 3:  # 'ΠΑΠΑΔΟΠΟΥΛΟΥ ΜΑΡΙΑ του Γεωργίου': the father's name is not hers
        c = _cut(c, patronymic.start())
    m = re.search(r",\s*(?=[^,]*\d)", c.raw)
    # (a title in small letters before it, 'dr. Rudi Hartono, Sp.PD'; a Greek or Cyrillic name)
    if m is None and re.match(rf"(?:(?:dr|dra|drg|prof)\.\s)?(?:[{_CAPITAL}][\w'’.-]+\s){{1,3}}[{_CAPITAL}][\w'’.-]+[,;]\s",
                              c.raw) and \
            not re.sub(r"^(?:Dr|Dra|Prof)\.?\s", "", re.split("[,;]", c.raw)[0]).isupper():
        # "GARCÍA LÓPEZ, MARÍA", "Dr FORTIN, ISABELLE": the surname first, in capitals
        m = re.search("[,;]", c.raw)  # "Nicolas Martin, admission": a name, then what happened (a scan may read the comma as ";")
    if not m or m.start() < 3 or rules.LEGAL_FORM.fullmatch(c.raw[m.end():].strip()):
        return c  # ('Harrow Pharmaceuticals, Inc.': the company's legal form is part of its name)
    return _cut(c, m.start())


_PAGE_LINE = re.compile(r"\s*(?:page|seite|pagina|página|pag\.?)\s+[\dIl]+\s*(?:of|von|de|di|sur|/)\s*\d+\s*$",
                        re.IGNORECASE)


_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ)]{2}[.!?])\s+(?=[A-ZÀ-Ý])")


def _first_sentence(c: rules.Candidate) -> rules.Candidate:
    """'Ischemic cardiac disease. This remains stable. He will …': the diagnosis is the first
    sentence, not the plan after it ('E. coli', 'V. a.' do not end one)."""
    return _cut_at(c, _SENTENCE_END)


# the main diagnosis's own label under the heading ('Заключний клінічний діагноз:' / 'Основний: I21.4 ...')
_MAIN_LABEL = re.compile(r"(?:основн(?:ий|ой)|main|primary|principal|utama|hlavní|główne|principale?)\s*:\s*", re.IGNORECASE)


def _cut_lead(c: rules.Candidate, pattern: re.Pattern[str]) -> rules.Candidate:
    """``c`` without what ``pattern`` matches at its start (when something is left)."""
    m = pattern.match(c.raw)
    if not m or not c.raw[m.end():].strip():
        return c
    raw = c.raw[m.end():]
    return rules.Candidate(raw, " ".join(raw.split()), c.start + m.end(), c.end, c.score, c.why)


_PRIMARY_MARK = re.compile(r"\s*(?:[-–,]\s*|\()(?:primary|principal)\)?\s*$", re.IGNORECASE)


_LABEL_ONLY = re.compile(r"[^\W\d_][\w ]{0,30}:")
_ADMISSION_LABEL = re.compile(r"\b(?:internare|ingreso|admission|admitting|aufnahme|felvétel\w*|przyjęci\w*|"
                              r"opname|ricovero|admissão|entrada)\b", re.IGNORECASE)
_CODE_THEN_TEXT = re.compile(r"(?:[^\S\n]{2,}|\t)(?=[^\W\d_])[^\n]*")


def _label_before(text: str, start: int) -> str:
    """The label a value follows: the text before it on its line, or the line above where it
    stands alone under its heading."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return text[line_start:start]
    return text[text.rfind("\n", 0, max(0, line_start - 1)) + 1 : line_start]


def _with_text_after_code(c: rules.Candidate, text: str) -> rules.Candidate:
    """'I2140   Akut subendocardialis myocardialis infarctus': a diagnosis code printed before its
    words, a column gap between them, is the diagnosis with its words."""
    if not re.fullmatch(r"[A-Z]\d{2}(?:\.?\d{1,4})?[A-Z0-9]{0,2}", c.raw.strip()):
        return c
    more = _CODE_THEN_TEXT.match(text, c.end)
    if more is None:
        return c
    raw = text[c.start : more.end()].rstrip()
    return rules.Candidate(raw, " ".join(raw.split()), c.start, c.start + len(raw), c.score, c.why)


def _without_primary_mark(c: rules.Candidate) -> rules.Candidate:
    """'Essential hypertension - Primary': a portal marks the visit's main diagnosis; the mark is not part of it."""
    return _cut_at(c, _PRIMARY_MARK, 3)


# (an item wrapped onto indented lines goes on there: '3. Control ... la medicul de familie' / '   peste 7-10 zile.')
_ITEM_LINE = re.compile(r"[^\S\n]*(\d{1,2})[.)]\s+\S[^\n]*(?:\n[^\S\n]{2,}(?![-•*]\s|\d{1,2}[.)]\s)\S[^\n]*)*")
_SUB_ITEM = re.compile(r"[^\S\n]+[-•*]\s+\S[^\n]*\n")  # "   - Torasemid 10 mg   1 x dziennie" under "3. Leki:"
# a recommendations list's items: a check-up or visit, or the diet and medicines around it
_CONTROL_ITEM = re.compile(r"\s*\d{1,2}[.)]\s+(?:kontrol\w*|control\w*|contrôle\w*|review|follow[- ]?up|"
                           r"wiedervorstellung|revisión|revisao|revisão|seguimiento|wizyt\w*|appointment|"
                           r"revine|контрол\w*|повторн\w*|огляд\w*|осмотр\w*|нагляд\w*|наблюдени\w*)\b", re.IGNORECASE)
# (rest and diet: 'Reposo relativo por 7 días.', 'Régimen liviano', 'Regim alimentar hiposodat')
_CARE_ITEM = re.compile(r"\s*\d{1,2}[.)]\s+(?:diet\w*|leki|medications?|medicines?|medikament\w*|médicaments?|"
                        r"medicamentos?|farmaci|reposo|régimen|regim|repaus|дієт\w*|диет\w*|режим\w*)\b", re.IGNORECASE)


_FROM_AUTHOR = re.compile(r"from\s+(?:dr\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*){1,3}(?:,\s*[A-Z]{2,4})?\s*$", re.MULTILINE)


_DASH_ITEM = re.compile(r"[^\S\n]*[-•][^\S\n]+\S[^\n]*")


def _dashed_plan(c: rules.Candidate, text: str) -> rules.Candidate | None:
    """A plan in dashed items under its heading ('PLAN:' / '- U&E in 2 weeks.' / '- Follow-up in 3
    months.'), the value found in any of them: all the items, as printed."""
    lines = rules.split_lines(text)
    at = next((ln for ln in lines if ln.start <= c.start <= ln.end), None)
    if at is None or not _DASH_ITEM.fullmatch(at.text):
        return None
    first = at.index
    while first > 0 and _DASH_ITEM.fullmatch(lines[first - 1].text):
        first -= 1
    if first == 0 or not lines[first - 1].text.rstrip().endswith(":"):
        return None
    last = at.index
    while last + 1 < len(lines) and _DASH_ITEM.fullmatch(lines[last + 1].text):
        last += 1
    if last == first or lines[last].end - lines[first].start > FOLLOW_UP_CHARS:
        return None
    start = lines[first].start + len(lines[first].text) - len(lines[first].text.lstrip())
    raw = text[start: lines[last].end].rstrip()
    return rules.Candidate(raw, " ".join(raw.split()), start, start + len(raw), c.score, c.why + ",dashed items")


def _numbered_plan(c: rules.Candidate, text: str) -> rules.Candidate | None:
    """A plan numbered under its heading ('1. Bloods in 6 weeks.' / '2. MR enterography requested.'):
    all its items, as printed, not the first alone; of a list of recommendations whose other items
    are the diet and the medicines (a Polish 'Zalecenia'), the check-up items."""
    line_start = text.rfind("\n", 0, c.start) + 1
    first = _ITEM_LINE.match(text, line_start)
    if first is None or first.group(1) != "1" or first.end() < c.end:
        return None
    number, pos, items, plain = 1, first.end() + 1, [first], 0  # plain: the items before a sub-list
    while pos < len(text):
        sub = _SUB_ITEM.match(text, pos)
        if sub and items[-1].group(0).rstrip().endswith(":"):
            plain = plain or len(items)
            pos = sub.end()  # the medicines listed under their item
            continue
        item = _ITEM_LINE.match(text, pos)
        if not item or int(item.group(1)) != number + 1 or item.end() - line_start > 2 * FOLLOW_UP_CHARS:
            break
        number, pos = number + 1, item.end() + 1
        items.append(item)
    control = [i for i in items if _CONTROL_ITEM.match(i.group(0))]
    if control and any(_CARE_ITEM.match(i.group(0)) for i in items) and \
            items[items.index(control[0]):] == control:
        first, end = control[0], control[-1].end()  # the last items, the check-ups
    else:
        items = [i for i in items[: plain or len(items)] if i.end() - line_start <= FOLLOW_UP_CHARS]
        if len(items) == 1:
            return None
        end = items[-1].end()
    start = first.start() + len(first.group(0)) - len(first.group(0).lstrip())
    raw = text[start:end].rstrip()
    return rules.Candidate(raw, " ".join(raw.split()), start, start + len(raw), c.score, c.why)


def _with_heading_words(c: rules.Candidate, text: str) -> rules.Candidate:
    """'Follow up in Medicine OPD after 2 weeks': the words that start the sentence without a colon
    are part of the plan, not a label before it."""
    if "labelled" in c.why or not re.match(r"(?:in|with|at|after|on|within|by)\b", c.raw):
        return c
    line_start = text.rfind("\n", 0, c.start) + 1
    lead = text[line_start:c.start]
    if not re.fullmatch(r"\s*follow[- ]?up\s*", lead, re.IGNORECASE):
        return c
    start = line_start + len(lead) - len(lead.lstrip())
    raw = text[start:c.end]
    return rules.Candidate(raw, " ".join(raw.split()), start, c.end, c.score, c.why)


# an ICD-10 code printed in a column beside the diagnosis ('Akut pyelonefrit          N10.9')
_CODE_BESIDE = re.compile(r"[^\S\n]{2,}[A-TV-Z]\d{2}(?:\.\d{1,4})?[A-Z]?[^\S\n]*(?=\n|$)")


def _with_code_beside(c: rules.Candidate, text: str) -> rules.Candidate:
    """A diagnosis with the code printed beside it on its line: the code is part of it."""
    m = _CODE_BESIDE.match(text, c.end)
    if m is None:
        return c
    end = m.end() - (len(m.group(0)) - len(m.group(0).rstrip()))
    raw = text[c.start:end]
    return rules.Candidate(raw, " ".join(raw.split()), c.start, end, c.score, c.why)


_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)]|[-•*])\s")  # "2. Generalised anxiety disorder": the next item


# where a scan keeps no blank line, the next heading ("Voorgeschreven medicatie:"), a signature
# ("Electronically signed by", "Fdo.:") or an emergency notice is not the plan going on
_NOT_PLAN_LINE = re.compile(r"\s*(?:[A-Za-zÀ-ÿ][^:.]{0,40}:\s*$|(?:electronically\s+)?signed\b|fdo\b|firmado\b|gez\.|"
                            r"dictated\b|.*\bemergenc)", re.IGNORECASE)
_RETURN_ADVICE = re.compile(r"\s*(?:return(?!\s+(?:in|after|within)\s)|come back|go to the|seek|call 911|call 999|in[.,]?\s*case of|if you|report (?:immediately|back|to)|"
                            r"volver|vuelva|acuda|acudir|en caso de|revenir|revenez)\b", re.IGNORECASE)
# the last sentence of a plan that says when to come back sooner ("Volver a Urgencias si persiste la fiebre")
# ("Patient advised to return or call 111 if vomiting ...": the advice given as a sentence of its own)
_RETURN_IF = re.compile(r"(?:(?:(?:the\s+)?patient\s+(?:was\s+)?(?:advised|told|instructed)\s+to\s+)?(?:return|come back|go to|seek|call|volver|vuelva|acuda|acudir|report|revenez|revenir|"
                        r"procurar|procure)\b.*"
                        r"\b(?:if|si|se|should|when|wenn)\b|(?:if you|in case of|en caso de)\b)", re.IGNORECASE)


def _without_return_advice(c: rules.Candidate) -> rules.Candidate:
    """A plan without its closing return advice, when something comes before it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(c.raw)]
    if not ends or not _RETURN_IF.match(c.raw[ends[-1]:]):
        return c
    raw = c.raw[: ends[-1]].rstrip()
    return rules.Candidate(raw, " ".join(raw.split()), c.start, c.start + len(raw), c.score, c.why)


def _whole_paragraph(c: rules.Candidate, text: str, limit: int = FOLLOW_UP_CHARS, *,
                     lower_only: bool = False, sentences: bool = False) -> rules.Candidate:
    """A plan whose sentence runs on to the next line ('… Revisión en consultas externas de' /
    'Neumología en 6 semanas …'): the value goes on to where the sentence ends, within
    FOLLOW_UP_CHARS, and never into the next heading or 'Label:' line."""
    end = c.end
    while True:
        line_end = text.find("\n", end)
        # (a comma the value was stripped of ends no line: "… for an ear recheck," / "sooner if …")
        if line_end < 0 or text[end:line_end].strip().strip(",;") or \
                re.search(r"[:]\s*$" if sentences else r"[.!?:]\s*$", text[c.start:end]):
            break  # the value stops before its line does, or its sentence ends there (a plan's
            # paragraph goes on to its next sentence)
        nxt_end = text.find("\n", line_end + 1)
        nxt_end = len(text) if nxt_end < 0 else nxt_end
        nxt = text[line_end + 1:nxt_end]
        label_line = rules.LABEL_VALUE.match(nxt) and not re.match(r"[^:]*\([^):]*:", nxt)  # not "therapy (labs: …"
        if not nxt.strip() or label_line or nxt.strip().isupper() or \
                nxt_end - c.start > limit or _LIST_ITEM.match(nxt) or (lower_only and not nxt.strip()[0].islower()) or \
                re.search(r"\S(?:\s{2,}|\t)\S", nxt.strip()) or \
                rules.CLOSING.match(nxt) or _PAGE_LINE.match(nxt) or _DOCTOR_TITLE.match(nxt.strip()) or \
                _NOT_PLAN_LINE.match(nxt) or \
                (sentences and _RETURN_ADVICE.match(nxt)):
            break  # a scan keeps no blank line: the letter's closing, a page number, a signature;
            # "Return to the ED if …" is when to come back sooner, not the plan
        end = nxt_end - (len(nxt) - len(nxt.rstrip()))
    if end == c.end:
        return c
    raw = text[c.start:end]
    return rules.Candidate(raw, " ".join(raw.split()), c.start, end, c.score, c.why)


def _apply_lesson(cands: list[rules.Candidate], lesson: tuple[Lesson, float], spec: FieldSpec,
                  text: str, ocr: bool = False) -> list[rules.Candidate]:
    """Let a corrected document of the same issuer vote: its value found again wins; for dates and
    amounts, the candidate printed after the same label as in the corrected document wins."""
    taught = taught_candidates(lesson[0], lesson[1], spec.name, text, spec.type, read_by_ocr=ocr)
    out = list(cands)
    for t in taught:
        if t.why == "taught: same place":
            # A vote for the amount printed where this issuer's total was, not a new candidate;
            # the cash-rounded form of that amount shares it (42.33 at the taught place, 42.35
            # paid: the rules' preference for the rounded amount still decides).
            voted = {t.value} | {c.value for c in out if ",rounded" in c.why and _near(c.value, t.value)}
            out = [rules.Candidate(c.raw, c.value, c.start, c.end, c.score + t.score, c.why + ",issuer's place")
                   if c.value in voted else c for c in out]
        elif t.start >= 0:
            out.insert(0, t)
        elif t.why.startswith("label:"):
            label = t.why[len("label:"):]
            boosted = []
            for c in out:
                if c.start >= 0 and _label_of(text, c.start) == label:
                    c = rules.Candidate(c.raw, c.value, c.start, c.end, c.score + t.score, c.why + ",taught label")
                boosted.append(c)
            out = boosted
    out.sort(key=lambda c: -c.score)
    return out


def _near(a: str, b: str) -> bool:
    try:
        return abs(Decimal(a) - Decimal(b)) < rules.CASH_ROUNDING
    except (InvalidOperation, ValueError):
        return False


def _label_of(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].strip(" :\t")
    return _label_words(before) or _label_words(_previous_label(text, line_start))


# How much the model's agreement adds to a rule candidate for names and other text. Measured on
# sroie-dev (first 150, base model): 0.6 let the model flip 2 right issuers to a brand or a
# slogan line and fix none, so agreement now breaks near-ties only.
TEXT_AGREEMENT = 0.35


def _choose(
    spec: FieldSpec, text: str, cands: list[rules.Candidate], model: tuple[str, float] | None
) -> Pick | None:
    """Combine rule candidates and the model's value. Agreement is the strongest evidence."""
    model_value, model_prob = (str(model[0]).strip(), model[1]) if model else ("", 0.0)
    # The engine's numbers are not trusted: NaN, negatives or >1 would poison the ranking.
    try:
        model_prob = float(model_prob)
    except (TypeError, ValueError):
        model_prob = 0.0
    if not 0.0 <= model_prob <= 1.0:  # also false for NaN
        model_prob = 0.0
    if len(model_value) > MAX_VALUE_CHARS:
        model_value = ""  # no field is that long; a runaway generation is ignored
    if spec.name in DOCTOR_FIELDS | PERSON_FIELDS and (re.search(r"\d", model_value) or
                                                       not re.search(r"[A-ZÀ-Ý]", model_value)):
        model_value = ""  # a person's name has a capital and no digits (a lab code is not a patient)
    model_norm = normalise_value(spec.type, model_value) if model_value else None
    best: Pick | None = None
    best_score = float("-inf")
    for rank, c in enumerate(cands[:8]):
        agrees = bool(model_value) and _agree(spec.type, model_value, model_norm, c)
        # The 270M model is a weak judge of which amount is the total, a better one of names:
        # its agreement breaks ties between rule candidates rather than overruling them.
        weight = 0.25 if spec.type in ("money", "date") else TEXT_AGREEMENT
        score = c.score + (weight * (0.5 + model_prob) if agrees else 0.0)
        if score > best_score:
            # The margin over the runner-up. For a labelled value ("Patient: …") only a rival with
            # another value counts: the same name printed twice is no doubt. (For issuers and
            # addresses the runner-up as such is kept: measured on sroie-dev, counting only other
            # values there flags half as many addresses and catches fewer wrong ones, 26 % vs 30 %.)
            others = [o for o in cands[1:] if o.value != c.value] if c.why.startswith("labelled ") else cands[1:]
            rival = (others[0].score if others else 0.0) if rank == 0 else 0.0
            margin = c.score - rival
            conf = 0.55 + min(0.3, 0.15 * max(0.0, margin)) + (0.3 if agrees else 0.0)
            conf += _evidence(spec, c)
            if rank == 0 and c.why.startswith("labelled ") and others and margin < 0.1:
                conf -= 0.2  # another value after the same kind of label: the label decides nothing
            if c.score < 0.5:
                conf -= 0.25
            if "taught" in c.why:
                conf = max(conf, 0.9)  # the person confirmed this value for this issuer
            value = c.value if spec.type in ("date", "money", "iban", "currency") else None
            best = Pick(c.raw, c.start, c.end, value, min(0.99, conf), "rule")
            if agrees:
                best.source = "model"
            best_score = score
    if model_value:
        g = ground(model_value, text)
        typed_ok = spec.type not in ("date", "money", "iban") or model_norm is not None
        if g is not None and not _whole_words(text, g.start, g.end, model_value):
            # a copied fragment ("D" of "DOB", "ALAM) SDN") is not a value
            g = None
            model_value = ""
        # The model alone wins only when no rule found anything.
        if g is not None and typed_ok and best is None:
            raw = text[g.start : g.end] if g.method != "fuzzy" else model_value
            conf = min(0.9, 0.35 + 0.6 * model_prob) * g.score
            return Pick(raw, g.start, g.end, model_norm, conf, "model", "" if g.method == "exact" else f"matched by {g.method}")
        if g is None and best is None:
            # Not in the document: never stored as a value (it could be made up, or come from an
            # injected instruction or another document); the person sees that the field is empty
            # and why.
            return Pick("", -1, -1, None, 0.0, "model",
                        "the model's suggestion was not found in the document, so it was not kept")
    return best


def _whole_words(text: str, start: int, end: int, value: str) -> bool:
    """A value worth keeping has at least two letters or digits and neither starts nor ends in
    the middle of a word of the document."""
    if sum(ch.isalnum() for ch in value) < 2:
        return False
    inside_start = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    inside_end = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not (inside_start or inside_end)


# A total rounded for cash is flagged: measured on sroie-dev (rules), the totals flagged go from
# 12.8 % to 19.6 % and catch 5 of the 7 wrong ones instead of 3 (all flags: 52.4 % -> 54.8 % of
# the wrong values caught).
ROUNDED_DOUBT = -0.2
STREET_START = re.compile(r"^\s*(?:NO\b|LOT\b|UNIT\b|\d|[A-Z]{1,2}-?\d)", re.IGNORECASE)


def _evidence(spec: FieldSpec, c: rules.Candidate) -> float:
    """How much the checks behind a rule candidate say about it being right (calibration:
    uncertain values, those below UNCERTAIN_BELOW, should be the wrong ones)."""
    why = c.why
    if spec.type == "date":
        return 0.15 if ("labelled" in why or "with time" in why) and "other date" not in why else -0.05
    if spec.type == "money" and spec.name == "total":
        if "rounded" in why:
            # rounded for cash (42.33 printed, 42.35 paid): which of the two the books want is
            # the person's choice (sroie-dev labels take either)
            return ROUNDED_DOUBT
        if "cash-change" in why or "tendered-change" in why:
            return 0.1
        return -0.1 if why.startswith("amount") and "adds-up" not in why else 0.0
    if spec.type == "money" and c.score >= 0.9:
        # an amount printed after its own label ("VAT 20%  8.90", "Net pay  2,140.55", "Closing
        # balance"): with no rival of another value, as sure as a labelled name
        return 0.1
    if spec.type == "iban":
        return 0.25
    if spec.type in ("text", "code") and why.startswith("labelled "):
        return 0.2  # printed right after "Patient:", "Invoice No:": the document says what it is
    if spec.type == "currency":
        # "EUR", "€", "£", "RM" name one currency; "$" is used by a dozen
        return -0.05 if c.raw.strip() == "$" else 0.15
    if spec.name in ISSUER_FIELDS:
        if "legal form" in why and "above address" in why:
            return 0.05
        return -0.15 if "legal form" not in why and "above address" not in why else 0.0
    if spec.name == "address":
        if why.startswith("1 lines"):
            return -0.15
        # a street address starts with a house, lot or unit number; a block that does not is
        # often a branch name or the end of the name (measured: 15 of 49 wrong ones on sroie-dev)
        return 0.0 if STREET_START.match(c.raw) else -0.3
    return 0.0


def _agree(kind: str, model_value: str, model_norm: str | None, c: rules.Candidate) -> bool:
    if kind in ("date", "money", "iban", "currency"):
        return model_norm is not None and model_norm == c.value
    a = " ".join(model_value.lower().split())
    b = " ".join(c.raw.lower().split())
    return a == b or (len(a) >= 4 and (a in b or b in a) and min(len(a), len(b)) / max(len(a), len(b)) > 0.6)


def _locate(field: Field, doc: ParsedDocument) -> None:
    """Map a field's text span to its page and box, for highlighting in the GUI."""
    if field.span is None:
        return
    line = doc.line_at(field.span[0])
    if line is not None:
        field.page = line.page
        field.box = line.box
    _doubt_ocr(field, doc)
    _doubt_spelling(field, doc)


# A name or address read by OCR from a line the recogniser was unsure of is often misspelt
# ("JALAN" as "JAIAN"); dates and amounts are checked by parsing instead. Measured on the 63
# sroie-dev scans with the PP-OCRv6 recogniser (surer of itself than the PP-OCRv4 one, whose
# threshold was 0.9): flagging text fields on lines below 0.96 catches 16 of the 23 wrong values
# (8 at 0.9), flagging 19 % of all values (14 % at 0.9).
OCR_DOUBT = 0.96


# A word of an issuer's name or an address that is no word, printed only once in the document, and one
# letter away from a common word (zipf SPELLING_ZIPF: once in ~3,000 words) was probably misread,
# by this Coffer's OCR or by whatever made the text ('KWASAN', 'TAMPOL', 'BANOAR'). Measured on
# sroie-dev (its text is OCR output): of the 88 wrong values the flags caught 35, now 44; 30 more
# values flagged (of ~2,000), 9 of them wrong. A word printed twice or more is the document's own
# spelling (a name), and words of three letters or fewer are too often codes.
SPELLING_ZIPF = 3.5
SPELLING_MIN = 4


def _doubt(field: Field, note: str) -> None:
    """Flag ``field`` for checking (confidence just under UNCERTAIN_BELOW), saying why unless it
    already says something."""
    field.confidence = round(min(field.confidence, UNCERTAIN_BELOW - 0.05), 3)
    field.note = field.note or note


def _doubt_spelling(field: Field, doc: ParsedDocument) -> None:
    # Only issuers and addresses: a diagnosis or a person's name is full of words no general
    # list holds ('Atrial', 'éjection', 'Marek'), one letter from common ones.
    if (field.raw is None or field.confidence < UNCERTAIN_BELOW
            or not (field.name in ISSUER_FIELDS or "address" in field.name)):
        return
    zipf, _ = words.word_list()
    if not zipf:
        return
    text = doc.text.lower()
    for token in re.findall(rf"[^\W\d_]{{{SPELLING_MIN},}}", field.raw):
        low = token.lower()
        if low in zipf or len(re.findall(rf"(?<![^\W\d_]){re.escape(low)}(?![^\W\d_])", text)) > 1:
            continue
        near = [w for w in words.one_letter_off(low) if zipf.get(w, 0.0) >= SPELLING_ZIPF]
        if not near:
            continue
        # a misread letter keeps the word's length: such a neighbour first ('STATON': 'station'
        # rather than the commoner Italian 'stato')
        best = max(near, key=lambda w: (len(w) == len(low), zipf[w]))
        _doubt(field, f"'{token}' is no word but one letter from '{best}': check the spelling")
        return


def _doubt_ocr(field: Field, doc: ParsedDocument) -> None:
    if field.span is None or field.type in ("date", "money", "iban", "currency", "number"):
        return
    s, e = field.span
    confs = [ln.confidence for ln in doc.lines if ln.start < e and ln.end > s and ln.confidence is not None]
    if confs and min(confs) < OCR_DOUBT and field.confidence >= UNCERTAIN_BELOW:
        _doubt(field, f"read by OCR with low certainty ({min(confs):.0%}): check the spelling")
