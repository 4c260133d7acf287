"""Finance generators: receipts, invoices, bank statements and payslips in several layouts."""
from __future__ import annotations

import datetime as _dt
import random
from decimal import Decimal

from . import data
from .common import CURRENCY, IBAN_COUNTRY, Builder, fmt_date, fmt_money, fmt_num, make_iban, pad, q
from .people import address, day, firm, person

Labels = tuple[Builder, dict[str, str], dict[str, list[dict[str, str]]]]

T = {  # printed labels per language
    "invoice": {"en": "INVOICE", "de": "RECHNUNG", "fr": "FACTURE"},
    "inv_no": {"en": ["Invoice No:", "Invoice number:", "Invoice #"], "de": ["Rechnungsnr.:", "Rechnungsnummer:"],
               "fr": ["Facture n°", "N° de facture :"]},
    "date": {"en": ["Date:", "Invoice date:"], "de": ["Datum:", "Rechnungsdatum:"], "fr": ["Date :", "Date de facture :"]},
    "due": {"en": ["Due date:", "Payment due:"], "de": ["Fällig am:", "Zahlbar bis:"], "fr": ["Échéance :", "Date d'échéance :"]},
    "bill_to": {"en": ["Bill to:", "Invoice to:", "Customer:"], "de": ["Rechnungsempfänger:", "Kunde:"],
                "fr": ["Client :", "Facturé à :"]},
    "desc": {"en": "Description", "de": "Bezeichnung", "fr": "Désignation"},
    "qty": {"en": "Qty", "de": "Menge", "fr": "Qté"},
    "unit": {"en": "Unit price", "de": "Einzelpreis", "fr": "Prix unit."},
    "amount": {"en": "Amount", "de": "Gesamt", "fr": "Montant"},
    "subtotal": {"en": "Subtotal", "de": "Nettobetrag", "fr": "Total HT"},
    "discount": {"en": "Discount", "de": "Rabatt", "fr": "Remise"},
    "vat": {"en": "VAT", "de": "MwSt.", "fr": "TVA"},
    "total": {"en": ["Total", "Amount due", "TOTAL DUE"], "de": ["Rechnungsbetrag", "Gesamtbetrag"],
              "fr": ["Total TTC", "Net à payer"]},
    "vat_id": {"en": "VAT Reg No:", "de": "USt-IdNr.:", "fr": "N° TVA intracom. :"},
}


def _lbl(key: str, lang: str, rng: random.Random) -> str:
    v = T[key][lang]
    return rng.choice(v) if isinstance(v, list) else v


def _vat_id(rng: random.Random, lang: str) -> str:
    n = "".join(rng.choice("0123456789") for _ in range(9))
    return {"en": f"GB {n[:3]} {n[3:7]} {n[7:]}", "de": f"DE{n}", "fr": f"FR{rng.randint(10, 99)} {n}"}[lang]


def _items(rng: random.Random, lang: str, n: int, hours: bool = False) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    out = []
    for svc, (lo, hi) in rng.sample(data.SERVICES, n):
        price = q(rng.uniform(lo, hi))
        qty = Decimal(rng.choice(["0.5", "1.0", "2.5", "4.0", "6.5", "7.5", "8.0"])) if hours else \
            Decimal(rng.choice([1, 1, 1, 2, 3, 5, 10, 250]) if price < 1 else rng.choice([1, 1, 2, 3, 4, 12]))
        if price < 1:
            qty = Decimal(rng.choice([250, 500, 1000]))
        out.append((svc[lang], qty, price, q(qty * price)))
    return out


def _qty(x: Decimal, lang: str) -> str:
    return fmt_num(x, lang, 1, group=False) if x != x.to_integral() else str(int(x))


def invoice(rng: random.Random, lang: str, layout: str) -> Labels:
    b = Builder()
    vendor = firm(rng, lang)
    street, city = address(rng, lang)
    customer = firm(rng, lang) if rng.random() < 0.6 else person(rng, lang)
    cstreet, ccity = address(rng, lang)
    d = day(rng)
    due = d + _dt.timedelta(days=rng.choice([14, 30, 30, 45]))
    style = rng.randint(0, 3)
    date_s, due_s = fmt_date(d, lang, style), fmt_date(due, lang, style)
    inv_no = rng.choice([f"INV-{d.year}-{rng.randint(1, 999):04d}", f"{d.year}{rng.randint(100, 9999)}",
                         f"RE{rng.randint(10000, 99999)}", f"F{d.year % 100}-{rng.randint(100, 999)}"])
    items = _items(rng, lang, rng.randint(1, 6), hours=layout == "timesheet")
    subtotal = sum((it[3] for it in items), Decimal(0))
    discount = q(subtotal * Decimal(rng.choice([5, 10])) / 100) if rng.random() < 0.25 else Decimal(0)
    rate = rng.choice(data.VAT[lang])
    tax = q((subtotal - discount) * rate / 100)
    total = subtotal - discount + tax
    code, sym = CURRENCY[lang]
    iban = make_iban(rng, IBAN_COUNTRY[lang])
    rate_s = fmt_num(rate, lang, 0)
    f = {"vendor": vendor, "invoice_number": inv_no, "date": date_s, "due_date": due_s,
         "customer": customer, "total": fmt_money(total, lang), "tax": fmt_money(tax, lang),
         "currency": code, "iban": iban}
    rows: list[dict[str, str]] = []
    lab = {k: _lbl(k, lang, rng) for k in ("inv_no", "date", "due", "bill_to", "total")}

    def money(x: Decimal) -> str:
        return fmt_money(x, lang)

    if layout in ("classic", "timesheet"):
        w = 44
        b.val(pad([vendor, T["invoice"][lang]], [w, 10]))
        b.add(pad([street, ""], [w, 0]))
        b.val(pad([city, f"{lab['inv_no']} {inv_no}"], [w, 30]))
        b.val(pad([f"{T['vat_id'][lang]} {_vat_id(rng, lang)}", f"{lab['date']} {date_s}"], [w, 30]))
        b.val(pad(["", f"{lab['due']} {due_s}"], [w, 30]))
        b.blank()
        b.add(lab["bill_to"])
        b.val(customer)
        b.add(cstreet)
        b.add(ccity)
        b.blank()
        if layout == "timesheet":
            hdr = {"en": ["Date", "Description", "Hours", "Rate", "Amount"],
                   "de": ["Datum", "Tätigkeit", "Std.", "Satz", "Betrag"],
                   "fr": ["Date", "Prestation", "Heures", "Taux", "Montant"]}[lang]
            widths = [10, 34, 6, 10, 12]
            b.add(pad(hdr, widths, {2, 3, 4}))
            b.add("-" * 80)
            for i, (desc, qty, price, amt) in enumerate(items):
                when = fmt_date(d - _dt.timedelta(days=len(items) - i), lang, 0)
                first, rest = _wrap(desc, rng, 0.35)
                b.val(pad([when, first, _qty(qty, lang), money(price), money(amt)], widths, {2, 3, 4}))
                if rest:
                    b.val(" " * 12 + rest)
                rows.append({"description": desc, "quantity": _qty(qty, lang), "unit_price": money(price),
                             "amount": money(amt)})
        else:
            widths = [36, 5, 12, 12]
            b.add(pad([T["desc"][lang], T["qty"][lang], T["unit"][lang], T["amount"][lang]], widths, {1, 2, 3}))
            b.add("-" * 70)
            for desc, qty, price, amt in items:
                first, rest = _wrap(desc, rng, 0.2)
                b.val(pad([first, _qty(qty, lang), money(price), money(amt)], widths, {1, 2, 3}))
                if rest:
                    b.val(rest)
                rows.append({"description": desc, "quantity": _qty(qty, lang), "unit_price": money(price),
                             "amount": money(amt)})
        b.add("-" * 70)
        b.add(pad(["", T["subtotal"][lang], money(subtotal)], [40, 16, 12], {2}))
        if discount:
            b.add(pad(["", T["discount"][lang], "-" + money(discount)], [40, 16, 12], {2}))
        b.val(pad(["", f"{T['vat'][lang]} {rate_s}%", money(tax)], [40, 16, 12], {2}))
        b.val(pad(["", f"{lab['total']} {code}", money(total)], [40, 16, 12], {2}))
        b.blank()
        b.val(f"IBAN: {iban}   BIC: {_bic(rng, lang)}")
    elif layout == "labelled":
        b.val(vendor)
        b.add(f"{street}, {city}")
        b.blank()
        b.add(T["invoice"][lang].title())
        b.val(f"{lab['inv_no']} {inv_no}")
        b.val(f"{lab['date']} {date_s}")
        b.val(f"{lab['due']} {due_s}")
        b.val(f"{lab['bill_to']} {customer}")
        b.blank()
        for i, (desc, qty, price, amt) in enumerate(items, 1):
            b.val(f"{i}. {desc} - {_qty(qty, lang)} x {money(price)} = {money(amt)}")
            rows.append({"description": desc, "quantity": _qty(qty, lang), "unit_price": money(price),
                         "amount": money(amt)})
        b.blank()
        b.add(f"{T['subtotal'][lang]}: {money(subtotal)}")
        if discount:
            b.add(f"{T['discount'][lang]}: -{money(discount)}")
        b.val(f"{T['vat'][lang]} ({rate_s}%): {money(tax)}")
        b.val(f"{lab['total']}: {money(total)} {sym}")
        b.val(f"IBAN {iban}")
    else:  # "positions": sender line, recipient window, numbered positions with units
        b.val(f"{vendor} · {street} · {city}")
        b.blank()
        b.val(pad([customer, T["invoice"][lang]], [44, 20]))
        b.val(pad([cstreet, f"{lab['inv_no']} {inv_no}"], [44, 30]))
        b.val(pad([ccity, f"{lab['date']} {date_s}"], [44, 30]))
        b.add(pad(["", f"Kd.-Nr. {rng.randint(10000, 99999)}" if lang == "de" else f"Ref. {rng.randint(10000, 99999)}"], [44, 30]))
        b.blank()
        unit_word = {"en": ["pcs", "hrs"], "de": ["Stk.", "Std."], "fr": ["u.", "h"]}[lang]
        widths = [4, 34, 6, 5, 11, 12]
        b.add(pad(["Pos", T["desc"][lang], T["qty"][lang], "", T["unit"][lang], T["amount"][lang]], widths, {2, 4, 5}))
        for i, (desc, qty, price, amt) in enumerate(items, 1):
            b.val(pad([str(i), desc, _qty(qty, lang), rng.choice(unit_word), money(price), money(amt)], widths, {2, 4, 5}))
            rows.append({"description": desc, "quantity": _qty(qty, lang), "unit_price": money(price),
                         "amount": money(amt)})
        b.add(pad(["", T["subtotal"][lang], money(subtotal)], [44, 20, 12], {2}))
        if discount:
            b.add(pad(["", T["discount"][lang], "-" + money(discount)], [44, 20, 12], {2}))
        plus = {"en": "plus", "de": "zzgl.", "fr": "+"}[lang]
        b.val(pad(["", f"{plus} {rate_s} % {T['vat'][lang]}", money(tax)], [44, 20, 12], {2}))
        b.val(pad(["", lab["total"], money(total)], [44, 20, 12], {2}))
        b.blank()
        pay = {"en": "Payable by", "de": "Zahlbar bis", "fr": "À régler avant le"}[lang]
        f["due_date"] = due_s
        b.val(f"{pay} {due_s}.")
        b.val(f"{rng.choice(data.BANKS[lang])} · IBAN {iban} · BIC {_bic(rng, lang)}")
    return b, f, {"line_items": rows}


def _bic(rng: random.Random, lang: str) -> str:
    return "".join(rng.choice("ABCDEFGHKLMNPRSTUVWXYZ") for _ in range(4)) + IBAN_COUNTRY[lang] + "2X"


def _wrap(desc: str, rng: random.Random, p: float) -> tuple[str, str]:
    """A long description broken over two lines, as narrow table columns print it."""
    words = desc.split()
    if len(words) >= 3 and rng.random() < p:
        k = len(words) // 2 + 1
        return " ".join(words[:k]), " ".join(words[k:])
    return desc, ""


# --- receipts ----------------------------------------------------------------------------------
def receipt(rng: random.Random, lang: str, layout: str) -> Labels:
    b = Builder()
    shop = rng.choice(data.SHOPS[lang])
    street, city = address(rng, lang)
    d = day(rng)
    date_s = fmt_date(d, lang, rng.choice([0, 0, 3]))
    time_s = f"{rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}"
    picks = rng.sample(data.SHOP_ITEMS[lang], rng.randint(2, 7))
    rate = data.VAT[lang][-1] if lang != "en" else Decimal(20)
    code, sym = CURRENCY[lang]
    rows = []
    lines = []
    for name, price in picks:
        qty = rng.choice([1, 1, 1, 2, 3])
        unit = q(price)
        amt = q(unit * qty)
        lines.append((name, qty, unit, amt))
    total = sum((x[3] for x in lines), Decimal(0))
    tax = q(total * rate / (100 + rate))  # prices include VAT on receipts
    money = lambda x: fmt_money(x, lang)  # noqa: E731
    addr = f"{street} {city}"  # the two printed lines, joined
    b.val(shop.upper() if layout != "pharmacy" else shop)
    b.val(street)
    b.val(city)
    b.add({"en": "Tel 020 7946 0018", "de": "Tel. 030 1234567", "fr": "Tél. 01 23 45 67 89"}[lang])
    b.blank()
    if layout == "restaurant":
        b.add({"en": "Table 12   Covers 2   Server: Anna", "de": "Tisch 12   Gäste 2   Bedienung: Anna",
               "fr": "Table 12   Couverts 2   Serveur : Anna"}[lang])
    b.val(f"{ {'en': 'Date', 'de': 'Datum', 'fr': 'Date'}[lang]}: {date_s}  {time_s}")
    b.blank()
    for name, qty, unit, amt in lines:
        r = {"description": name, "amount": money(amt)}
        if layout == "supermarket":
            if qty > 1:
                b.val(f"{qty} x {money(unit)}")
                r.update(quantity=str(qty), unit_price=money(unit))
            b.val(pad([name, money(amt)], [30, 9], {1}))
        elif layout == "kassenbon":
            b.val(pad([name, f"{qty} x {money(unit)}" if qty > 1 else "", money(amt) + " A"], [24, 12, 10], {2}))
            if qty > 1:
                r.update(quantity=str(qty), unit_price=money(unit))
        elif layout == "restaurant":
            b.val(pad([f"{qty} {name}", money(amt)], [30, 9], {1}))
            r.update(quantity=str(qty))
        else:  # pharmacy: product code column, qty and unit price columns
            ean = "".join(rng.choice("0123456789") for _ in range(13))
            b.val(pad([ean, name, str(qty), money(unit), money(amt)], [13, 24, 3, 8, 9], {2, 3, 4}))
            r.update(quantity=str(qty), unit_price=money(unit))
        rows.append(r)
    b.add("-" * 40)
    tot_word = {"en": rng.choice(["TOTAL", "BALANCE DUE", "Total"]), "de": rng.choice(["SUMME", "Summe EUR", "Gesamt"]),
                "fr": rng.choice(["TOTAL", "TOTAL TTC", "Montant TTC"])}[lang]
    b.val(pad([tot_word, money(total)], [30, 9], {1}))
    paid = {"en": "CARD", "de": "EC-Karte", "fr": "CB"}[lang]
    b.add(pad([paid, money(total)], [30, 9], {1}))
    vat = {"en": "VAT", "de": "MwSt", "fr": "TVA"}[lang]
    b.val(pad([f"{vat} {fmt_num(rate, lang, 0)}%", money(tax)], [30, 9], {1}))
    b.blank()
    b.add({"en": "Thank you for shopping with us!", "de": "Vielen Dank für Ihren Einkauf!",
           "fr": "Merci de votre visite !"}[lang])
    f = {"company": shop.upper() if layout != "pharmacy" else shop, "address": addr, "date": date_s,
         "total": money(total), "tax": money(tax), "currency": code}
    return b, f, {"line_items": rows}


# --- bank statements -----------------------------------------------------------------------------
def bank_statement(rng: random.Random, lang: str, layout: str) -> Labels:
    b = Builder()
    bank = rng.choice(data.BANKS[lang])
    holder = person(rng, lang)
    street, city = address(rng, lang)
    iban = make_iban(rng, IBAN_COUNTRY[lang])
    acct = "".join(rng.choice("0123456789") for _ in range(8))
    start = day(rng).replace(day=1)
    end = (start + _dt.timedelta(days=32)).replace(day=1) - _dt.timedelta(days=1)
    code, sym = CURRENCY[lang]
    opening = q(rng.uniform(-300, 5000))
    n = rng.randint(6, 18)
    days = sorted(start + _dt.timedelta(days=rng.randint(0, (end - start).days)) for _ in range(n))
    txs = []
    bal = opening
    for dd in days:
        desc, sign, (lo, hi) = rng.choice(data.TX)
        amt = q(rng.uniform(lo, hi)) * sign
        bal += amt
        txs.append((dd, desc[lang], amt, bal))
    closing = bal
    style = rng.choice([0, 0, 2 if lang != "en" else 1])
    ps, pe = fmt_date(start, lang, style), fmt_date(end, lang, style)
    money = lambda x: fmt_money(x, lang)  # noqa: E731
    f = {"bank": bank, "account_holder": holder, "iban": iban, "period_start": ps, "period_end": pe,
         "opening_balance": money(opening), "closing_balance": money(closing), "currency": code}
    rows: list[dict[str, str]] = []
    L = {  # noqa: N806
        "title": {"en": "Statement of Account", "de": "Kontoauszug", "fr": "Relevé de compte"}[lang],
        "period": {"en": ("Statement period:", "to"), "de": ("Zeitraum:", "bis"), "fr": ("Période du", "au")}[lang],
        "open": {"en": "Opening balance", "de": "Alter Kontostand", "fr": "Ancien solde"}[lang],
        "close": {"en": "Closing balance", "de": "Neuer Kontostand", "fr": "Nouveau solde"}[lang],
        "acct": {"en": "Account number", "de": "Kontonummer", "fr": "N° de compte"}[lang],
    }
    b.val(bank)
    b.add(L["title"])
    b.blank()
    b.val(pad([holder, f"{L['acct']}: {acct}"], [40, 30]))
    b.add(pad([street, f"IBAN: {iban}"], [40, 40]))
    b.add(city)
    b.lines[-2] = (b.lines[-2][0], True)
    f["account_number"] = acct
    b.blank()
    b.val(f"{L['period'][0]} {ps} {L['period'][1]} {pe}")
    b.blank()
    if layout == "debit_credit":
        hdr = {"en": ["Date", "Description", "Paid out", "Paid in", "Balance"],
               "de": ["Datum", "Buchungstext", "Soll", "Haben", "Saldo"],
               "fr": ["Date", "Libellé", "Débit", "Crédit", "Solde"]}[lang]
        widths = [8, 32, 10, 10, 11]
        b.add(pad(hdr, widths, {2, 3, 4}))
        fwd = {"en": "BALANCE BROUGHT FORWARD", "de": "Übertrag", "fr": "SOLDE REPORTÉ"}[lang]
        b.val(pad([_short(start, lang), fwd, "", "", money(opening)], widths, {2, 3, 4}))
        once_per_day = rng.random() < 0.5  # many banks print each date once, on the day's first row
        last_day = None
        for dd, desc, amt, bal in txs:
            ds = _short(dd, lang)
            out, inn = (money(-amt), "") if amt < 0 else ("", money(amt))
            shown = "" if once_per_day and dd == last_day else ds
            last_day = dd
            b.val(pad([shown, desc, out, inn, money(bal)], widths, {2, 3, 4}))
            rows.append({"date": ds, "description": desc, "amount": money(abs(amt)), "balance": money(bal)})
        b.val(pad([_short(end, lang), {"en": "BALANCE CARRIED FORWARD", "de": "Übertrag neu",
                                       "fr": "SOLDE À REPORTER"}[lang], "", "", money(closing)], widths, {2, 3, 4}))
        b.blank()
        b.val(f"{L['open']} {money(opening)}   {L['close']} {money(closing)}")
    elif layout == "signed":
        hdr = {"en": ["Date", "Description", "Amount", "Balance"], "de": ["Datum", "Verwendungszweck", "Betrag", "Saldo"],
               "fr": ["Date", "Opération", "Montant", "Solde"]}[lang]
        widths = [10, 36, 12, 12]
        suffix_style = rng.random() < 0.35
        b.val(f"{L['open']}: {money(opening)} {code}")
        b.add(pad(hdr, widths, {2, 3}))
        for i, (dd, desc, amt, bal) in enumerate(txs):
            ds = fmt_date(dd, lang, 3 if lang == "en" else 0)
            if suffix_style and lang == "en":  # "1,234.56 DR": an overdrawn balance printed unsigned
                bal_s = f"{money(abs(bal))} {'DR' if bal < 0 else 'CR'}"
                b.val(pad([ds, desc, money(amt), bal_s], widths, {2, 3}))
            elif suffix_style:  # "45,20-": a trailing minus, as German and Swiss banks print it
                amt_s = money(abs(amt)) + ("-" if amt < 0 else " ")
                b.val(pad([ds, desc, amt_s, money(bal)], widths, {2, 3}))
            else:
                b.val(pad([ds, desc, money(amt), money(bal)], widths, {2, 3}))
            rows.append({"date": ds, "description": desc, "amount": money(abs(amt)),
                         "balance": money(abs(bal)) if suffix_style and lang == "en" else money(bal)})
            if i == len(txs) // 2 and rng.random() < 0.5:  # a page break repeats the header
                b.add("")
                b.add({"en": "Page 1 of 2", "de": "Seite 1 von 2", "fr": "Page 1/2"}[lang])
                b.add(bank)
                b.add(pad(hdr, widths, {2, 3}))
        b.val(f"{L['close']}: {money(closing)} {code}")
    elif layout == "two_dates":
        hdr = {"en": ["Booked", "Value", "Transaction details", "Amount " + code],
               "de": ["Buchung", "Valuta", "Vorgang", "Betrag " + code],
               "fr": ["Date", "Valeur", "Opération", "Montant " + code]}[lang]
        widths = [10, 10, 38, 12]
        soll_haben = lang == "de" and rng.random() < 0.4
        b.val(pad(["", "", L["open"], money(opening)], widths, {3}))
        b.add(pad(hdr, widths, {3}))
        for dd, desc, amt, _bal in txs:
            ds = fmt_date(dd, lang, 0)
            vs = fmt_date(dd + _dt.timedelta(days=rng.choice([0, 0, 1, 2])), lang, 0)
            if soll_haben:  # "45,20 S" / "120,00 H": debit and credit marked by a letter
                b.val(pad([ds, vs, desc, money(abs(amt))], widths, {3}) + (" S" if amt < 0 else " H"))
            else:
                b.val(pad([ds, vs, desc, money(amt)], widths, {3}))
            if rng.random() < 0.5:  # the payment reference wraps onto the next line
                b.add(" " * 22 + rng.choice(["Ref. ", "End-to-End-Ref.: ", "Mandat "]) + str(rng.randint(10**7, 10**9)))
            rows.append({"date": ds, "description": desc, "amount": money(abs(amt))})
        b.val(pad(["", "", L["close"], money(closing)], widths, {3}))
    else:  # "no_balance": short dates, debit/credit columns, balances only in the head and foot
        hdr = {"en": ["Date", "Details", "Value", "Debit", "Credit"], "de": ["Tag", "Buchungstext", "Wert", "Belastung", "Gutschrift"],
               "fr": ["Date", "Libellé", "Valeur", "Débit", "Crédit"]}[lang]
        widths = [6, 34, 6, 11, 11]
        prev = {"en": "PREVIOUS BALANCE ON", "de": "ALTER SALDO PER", "fr": "SOLDE PRÉCÉDENT AU"}[lang]
        new = {"en": "NEW BALANCE ON", "de": "NEUER SALDO PER", "fr": "NOUVEAU SOLDE AU"}[lang]
        b.add(pad(hdr, widths, {3, 4}))
        b.val(f"{prev} {fmt_date(start - _dt.timedelta(days=1), lang, 0)}" + " " * 14 + money(opening))
        for dd, desc, amt, _bal in txs:
            ds = f"{dd:%d/%m}" if lang != "de" else f"{dd:%d.%m}"
            vs = f"{dd:%d/%m}" if lang != "de" else f"{dd:%d.%m}"
            deb, cred = (money(-amt), "") if amt < 0 else ("", money(amt))
            b.val(pad([ds, desc, vs, deb, cred], widths, {3, 4}))
            rows.append({"date": ds, "description": desc, "amount": money(abs(amt))})
        b.val(f"{new} {fmt_date(end, lang, 0)}" + " " * 14 + money(closing))
        f["opening_balance"], f["closing_balance"] = money(opening), money(closing)
    return b, f, {"transactions": rows}


def _short(d: _dt.date, lang: str) -> str:
    from .common import MONTHS
    return f"{d.day:02d} {MONTHS[lang][d.month - 1][:3]}"


# --- payslips -----------------------------------------------------------------------------------
def payslip(rng: random.Random, lang: str, layout: str) -> Labels:
    b = Builder()
    employer = firm(rng, lang)
    employee = person(rng, lang)
    d = day(rng)
    from .common import MONTHS
    period = rng.choice([f"{MONTHS[lang][d.month - 1]} {d.year}",
                         f"{fmt_date(d.replace(day=1), lang, 0)} - {fmt_date(d.replace(day=28), lang, 0)}"])
    pay_date = fmt_date(d.replace(day=rng.choice([25, 27, 28])), lang, rng.choice([0, 1]))
    basic = q(rng.uniform(1800, 6500))
    extra = q(rng.uniform(0, 600)) if rng.random() < 0.5 else Decimal(0)
    gross = basic + extra
    tax = q(gross * Decimal(rng.uniform(0.08, 0.22)))
    social = q(gross * Decimal("0.2") if lang == "de" else gross * Decimal("0.08"))
    pension = q(gross * Decimal("0.05"))
    net = gross - tax - social - pension
    code, _ = CURRENCY[lang]
    m = lambda x: fmt_money(x, lang)  # noqa: E731
    f = {"employer": employer, "employee": employee, "pay_date": pay_date, "period": period,
         "gross_pay": m(gross), "net_pay": m(net), "tax": m(tax), "currency": code}
    W = {  # noqa: N806
        "title": {"en": "PAYSLIP", "de": "Verdienstabrechnung", "fr": "BULLETIN DE PAIE"}[lang],
        "emp": {"en": "Employee:", "de": "Mitarbeiter:", "fr": "Salarié :"}[lang],
        "pd": {"en": "Pay date:", "de": "Auszahlung am:", "fr": "Date de paiement :"}[lang],
        "per": {"en": "Pay period:", "de": "Zeitraum:", "fr": "Période :"}[lang],
        "basic": {"en": "Basic salary", "de": "Grundgehalt", "fr": "Salaire de base"}[lang],
        "extra": {"en": "Overtime", "de": "Überstunden", "fr": "Heures supplémentaires"}[lang],
        "gross": {"en": "Gross pay", "de": "Gesamtbrutto", "fr": "Salaire brut"}[lang],
        "tax": {"en": "Income tax", "de": "Lohnsteuer", "fr": "Impôt sur le revenu"}[lang],
        "soc": {"en": "National Insurance", "de": "Sozialversicherung", "fr": "Cotisations sociales"}[lang],
        "pen": {"en": "Pension", "de": "Betriebsrente", "fr": "Retraite complémentaire"}[lang],
        "net": {"en": "Net pay", "de": "Auszahlungsbetrag", "fr": "Net à payer"}[lang],
    }
    if layout == "two_column":
        b.val(pad([employer, W["title"]], [44, 20]))
        b.val(pad([f"{W['emp']} {employee}", f"{W['pd']} {pay_date}"], [44, 30]))
        b.val(pad([f"ID {rng.randint(1000, 99999)}", f"{W['per']} {period}"], [44, 40]))
        b.blank()
        wl = [24, 10, 24, 10]
        rows = [(W["basic"], basic, W["tax"], tax), (W["extra"] if extra else "", extra, W["soc"], social),
                ("", None, W["pen"], pension)]
        for l1, a1, l2, a2 in rows:
            b.val(pad([l1, m(a1) if a1 else "", l2, m(a2)], wl, {1, 3}))
        b.val(pad([W["gross"], m(gross), "", ""], wl, {1, 3}))
        b.val(pad(["", "", W["net"], m(net)], wl, {1, 3}))
    elif layout == "vertical":
        b.add(W["title"])
        b.val(employer)
        b.blank()
        b.val(f"{W['emp']} {employee}")
        b.val(f"{W['per']} {period}")
        b.val(f"{W['pd']} {pay_date}")
        b.blank()
        for lab, amt in [(W["basic"], basic), (W["extra"], extra), (W["gross"], gross), (W["tax"], tax),
                         (W["soc"], social), (W["pen"], pension), (W["net"], net)]:
            if amt:
                b.val(pad([lab, m(amt)], [34, 12], {1}))
    elif layout == "ytd":
        b.val(employer)
        b.add(W["title"])
        b.val(f"{W['emp']} {employee}    {W['per']} {period}    {W['pd']} {pay_date}")
        b.blank()
        ytd = {"en": "Year to date", "de": "Jahressumme", "fr": "Cumul annuel"}[lang]
        cur = {"en": "This period", "de": "Monat", "fr": "Mois"}[lang]
        k = Decimal(d.month)
        b.add(pad(["", cur, ytd], [30, 12, 14], {1, 2}))
        for lab, amt in [(W["basic"], basic), (W["gross"], gross), (W["tax"], tax), (W["soc"], social),
                         (W["net"], net)]:
            b.val(pad([lab, m(amt), m(amt * k)], [30, 12, 14], {1, 2}))
    else:  # "rubriques": base / rate / to pay / to deduct columns (French bulletin style)
        b.val(employer)
        b.add(W["title"])
        b.val(f"{W['emp']} {employee}")
        b.val(f"{W['per']} {period}")
        hdr = {"en": ["Item", "Base", "Rate", "To pay", "Deduction"], "de": ["Lohnart", "Basis", "Satz", "Bezüge", "Abzüge"],
               "fr": ["Rubrique", "Base", "Taux", "À payer", "À déduire"]}[lang]
        wl = [28, 10, 8, 11, 11]
        b.add(pad(hdr, wl, {1, 2, 3, 4}))
        b.val(pad([W["basic"], fmt_num(Decimal("151.67"), lang), "", m(basic), ""], wl, {1, 2, 3, 4}))
        if extra:
            b.val(pad([W["extra"], "", "", m(extra), ""], wl, {1, 2, 3, 4}))
        b.val(pad([W["gross"].upper(), "", "", m(gross), ""], wl, {1, 2, 3, 4}))
        b.val(pad([W["soc"], m(gross), "8,00" if lang != "en" else "8.00", "", m(social)], wl, {1, 2, 3, 4}))
        b.val(pad([W["pen"], m(gross), "5,00" if lang != "en" else "5.00", "", m(pension)], wl, {1, 2, 3, 4}))
        b.val(pad([W["tax"], m(gross - social - pension), "", "", m(tax)], wl, {1, 2, 3, 4}))
        b.val(pad([W["net"].upper(), "", "", m(net), ""], wl, {1, 2, 3, 4}))
        b.val(f"{W['pd']} {pay_date}")
    return b, f, {}
