"""Health generators: lab reports, prescriptions and medication lists, discharge and visit letters."""
from __future__ import annotations

import datetime as _dt
import random
from decimal import Decimal

from . import data
from .common import Builder, fmt_date, fmt_num, pad
from .people import address, day, doctor, person, titled

Labels = tuple[Builder, dict[str, str], dict[str, list[dict[str, str]]]]


def _flag(v: Decimal, lo: Decimal | None, hi: Decimal | None) -> str:
    if hi is not None and v > hi:
        return "H"
    if lo is not None and v < lo:
        return "L"
    return "normal"


def _range(lo: Decimal | None, hi: Decimal | None, places: int, lang: str, rng: random.Random) -> str:
    n = lambda x: fmt_num(x, lang, places, group=False)  # noqa: E731
    if lo is None:
        return rng.choice([f"<{n(hi)}", f"< {n(hi)}"])
    if hi is None:
        return rng.choice([f">{n(lo)}", f"> {n(lo)}"])
    if lang == "en":
        return rng.choice([f"{n(lo)}-{n(hi)}", f"{n(lo)} - {n(hi)}", f"{n(lo)} to {n(hi)}"])
    return rng.choice([f"{n(lo)}-{n(hi)}", f"{n(lo)} - {n(hi)}", f"{n(lo)}–{n(hi)}"])


def _value(rng: random.Random, lo: Decimal | None, hi: Decimal | None, places: int) -> Decimal:
    base_lo = lo if lo is not None else (hi or Decimal(1)) * Decimal("0.4")
    base_hi = hi if hi is not None else (lo or Decimal(1)) * Decimal("2.2")
    span = base_hi - base_lo
    r = rng.random()
    if r < 0.15:
        x = base_lo - span * Decimal(str(rng.uniform(0.05, 0.4)))
    elif r < 0.32:
        x = base_hi + span * Decimal(str(rng.uniform(0.05, 0.6)))
    else:
        x = base_lo + span * Decimal(str(rng.uniform(0.05, 0.95)))
    x = max(x, Decimal("0.1"))
    return x.quantize(Decimal(1).scaleb(-places))


PRINTED_FLAG = {"en": {"H": ["H", "HIGH", "*H"], "L": ["L", "LOW", "*L"]},
                "de": {"H": ["H", "+", "↑"], "L": ["L", "-", "↓"]},
                "fr": {"H": ["H", "*", "↑"], "L": ["B", "*", "↓"]}}


def lab_report(rng: random.Random, lang: str, layout: str) -> Labels:
    b = Builder()
    lab = rng.choice(data.LABS[lang])
    patient = person(rng, lang)
    dob = _dt.date(rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28))
    d = day(rng)
    date_s = fmt_date(d, lang, rng.choice([0, 1]))
    phys = doctor(rng, lang)
    tests = rng.sample(data.LAB_TESTS, rng.randint(5, 14))
    rows = []
    W = {  # noqa: N806
        "pat": {"en": "Patient:", "de": "Patient:", "fr": "Patient(e) :"}[lang],
        "dob": {"en": "DOB:", "de": "Geb.-Datum:", "fr": "Né(e) le :"}[lang],
        "date": {"en": "Collected:", "de": "Eingang:", "fr": "Prélevé le :"}[lang],
        "doc": {"en": "Requested by:", "de": "Einsender:", "fr": "Prescripteur :"}[lang],
        "test": {"en": "Test", "de": "Untersuchung", "fr": "Analyse"}[lang],
        "res": {"en": "Result", "de": "Ergebnis", "fr": "Résultat"}[lang],
        "unit": {"en": "Units", "de": "Einheit", "fr": "Unité"}[lang],
        "ref": {"en": "Reference range", "de": "Referenzbereich", "fr": "Valeurs de référence"}[lang],
        "flag": {"en": "Flag", "de": "", "fr": ""}[lang],
        "title": {"en": "LABORATORY REPORT", "de": "Laborbefund", "fr": "Compte rendu d'analyses"}[lang],
    }
    b.val(lab)
    b.add(W["title"])
    b.blank()
    if layout in ("table", "stacked"):
        b.val(f"{W['pat']} {patient}")
        b.add(f"{W['dob']} {fmt_date(dob, lang, 0)}    MRN {rng.randint(10**6, 10**7)}")
        b.val(f"{W['date']} {date_s}")
        b.val(f"{W['doc']} {phys}")
    else:
        b.val(pad([f"{W['pat']} {patient}", f"{W['date']} {date_s}"], [40, 34]))
        b.val(pad([f"{W['dob']} {fmt_date(dob, lang, 0)}", f"{W['doc']} {phys}"], [40, 40]))
    b.blank()
    panels = data.LAB_PANELS[lang]
    if layout == "table":
        widths = [26, 8, 5, 14, 18]
        b.add(pad([W["test"], W["res"], W["flag"], W["unit"], W["ref"]], widths))
        b.add("-" * 76)
    elif layout == "sections":
        widths = [28, 9, 14, 18, 4]
    for i, (names, unit, lo, hi, places) in enumerate(tests):
        if layout == "sections" and i % 5 == 0:
            b.blank()
            b.add(panels[(i // 5) % len(panels)])
        if layout == "stacked" and i % 6 == 0:
            b.blank()
            b.add(panels[(i // 6) % len(panels)])
        name = names[lang]
        v = _value(rng, lo, hi, places)
        vs = fmt_num(v, lang, places, group=False)
        rr = _range(lo, hi, places, lang, rng)
        flag = _flag(v, lo, hi)
        pf = rng.choice(PRINTED_FLAG[lang][flag]) if flag != "normal" else ""
        if layout == "table":
            b.val(pad([name, vs, pf, unit, rr], widths))
            if rng.random() < 0.08:  # labs add free-text comments under a result
                b.add("    " + {"en": "Comment: sample slightly haemolysed, interpret with caution",
                              "de": "Kommentar: Probe leicht hämolytisch, Wert eingeschränkt beurteilbar",
                              "fr": "Commentaire : échantillon légèrement hémolysé"}[lang])
        elif layout == "sections":
            dots = " " + "." * max(2, 26 - len(name)) + " " if rng.random() < 0.4 else "  "
            b.val(pad([name + dots.rstrip(), vs + (" " + pf if pf else ""), unit, f"({rr})"], widths))
        elif layout == "inline":
            # "Name: value unit (ref range) flag" as patient portals print it
            b.val(f"{name}: {vs} {unit} ({W['ref'].split()[0].lower()} {rr}) {pf}".replace("  ", " ").rstrip())
        else:  # stacked: name on one line, value, unit, range and flag on the next
            b.val(name)
            b.val(f"    {vs} {unit}".rstrip() + f"    {rr}" + (f"    {pf}" if pf else ""))
        row = {"test": name, "value": vs, "reference_range": rr, "flag": flag}
        if unit:
            row["unit"] = unit
        rows.append(row)
    b.blank()
    b.add({"en": "Results outside the reference range are flagged.", "de": "Auffällige Werte sind markiert.",
           "fr": "Les valeurs hors normes sont signalées."}[lang])
    b.add({"en": "Validated by: Biomedical Scientist", "de": "Technisch und medizinisch validiert",
           "fr": "Validé par le biologiste responsable"}[lang])
    f = {"patient": patient, "date": date_s, "lab": lab, "ordering_physician": phys}
    return b, f, {"results": rows}


def _med(rng: random.Random, lang: str) -> dict[str, str]:
    names, strengths = rng.choice(data.DRUGS)
    strength = rng.choice(strengths)
    route_key = "sc" if "units" in strength or names["en"] == "Enoxaparin" else \
        "inh" if names["en"] == "Salbutamol" else "po"
    if lang != "en":
        strength = strength.replace(".", ",").replace("units", "IE" if lang == "de" else "UI") \
            .replace("mcg", "µg").replace("IU", "IE" if lang == "de" else "UI")
    return {"name": names[lang], "dose": strength, "route": rng.choice(data.ROUTES[lang][route_key]),
            "frequency": rng.choice(data.FREQS[lang])}


def _meds(rng: random.Random, lang: str, n: int) -> list[dict[str, str]]:
    out, seen = [], set()
    while len(out) < n:
        m = _med(rng, lang)
        if m["name"] not in seen:
            seen.add(m["name"])
            out.append(m)
    return out


def _med_line(m: dict[str, str], lang: str, rng: random.Random, style: int) -> str:
    form = rng.choice(data.FORMS[lang])
    if style == 0:
        return f"{m['name']} {m['dose']} {m['route']} {m['frequency']}"
    if style == 1:
        return f"{m['name']} {m['dose']} {form}, {m['frequency']} ({m['route']})"
    return f"{m['name']} {m['dose']} - {m['frequency']} - {m['route']}"


def prescription(rng: random.Random, lang: str, layout: str) -> Labels:
    b = Builder()
    prescriber = doctor(rng, lang)
    patient = person(rng, lang)
    street, city = address(rng, lang)
    d = day(rng)
    date_s = fmt_date(d, lang, rng.choice([0, 1, 2]))
    meds = _meds(rng, lang, rng.randint(1, 6) if layout != "table" else rng.randint(3, 9))
    W = {
        "pat": {"en": "Patient:", "de": "Patient:", "fr": "Patient :"}[lang],
        "date": {"en": "Date:", "de": "Datum:", "fr": "Le"}[lang],
        "dob": {"en": "DOB:", "de": "geb. am", "fr": "né(e) le"}[lang],
    }
    if layout == "rx":
        b.val(prescriber)
        b.add({"en": "General Practitioner", "de": "Facharzt für Allgemeinmedizin", "fr": "Médecin généraliste"}[lang])
        b.add(f"{street}, {city}")
        b.blank()
        b.val(f"{W['pat']} {patient}    {W['dob']} {fmt_date(day(rng, 1950), lang, 0)}")
        b.val(f"{W['date']} {date_s}")
        b.blank()
        for m in meds:
            form = rng.choice(data.FORMS[lang])
            b.add("Rx")
            b.val(f"{m['name']} {m['dose']} {form}")
            sig = {"en": f"Sig: Take 1 {form} {m['route']} {m['frequency']}",
                   "de": f"D.S.: {m['frequency']}, {m['route']}",
                   "fr": f"1 {form} {m['frequency']}, {m['route']}"}[lang]
            b.val(sig)
            b.add({"en": f"Disp: #{rng.choice([28, 30, 56, 90])}   Refills: {rng.randint(0, 5)}",
                   "de": f"N{rng.randint(1, 3)}  {rng.choice([20, 50, 100])} St.",
                   "fr": f"QSP {rng.choice([1, 3])} mois"}[lang])
            b.blank()
        b.add({"en": "Signature: ____________", "de": "Unterschrift des Arztes", "fr": "Signature"}[lang])
    elif layout == "table":
        title = {"en": "MEDICATION LIST", "de": "Medikationsplan", "fr": "Liste des traitements"}[lang]
        b.add(title)
        b.val(pad([f"{W['pat']} {patient}", f"{W['date']} {date_s}"], [40, 30]))
        b.val({"en": "Printed by: ", "de": "ausgedruckt von: ", "fr": "Édité par : "}[lang] + prescriber)
        b.blank()
        hdr = {"en": ["Medication", "Strength", "Route", "Frequency", "Notes"],
               "de": ["Wirkstoff", "Stärke", "Form", "Einnahme", "Hinweise"],
               "fr": ["Médicament", "Dosage", "Voie", "Posologie", "Remarques"]}[lang]
        widths = [22, 10, 14, 18, 20]
        b.add(pad(hdr, widths))
        notes = {"en": ["with food", "", "", "for blood pressure", "stop if rash"],
                 "de": ["zum Essen", "", "", "Blutdruck", "nüchtern"],
                 "fr": ["au cours du repas", "", "", "tension", ""]}[lang]
        for m in meds:
            b.val(pad([m["name"], m["dose"], m["route"], m["frequency"], rng.choice(notes)], widths))
    else:  # "numbered": 1) Name dose form - posology (route), free prose
        b.val(prescriber)
        b.add(f"{street} - {city}")
        b.blank()
        b.val(pad(["", f"{city.split()[-1]}, {W['date'].rstrip(':')} {date_s}" if lang == "fr" else f"{W['date']} {date_s}"], [30, 40]))
        b.val(f"{titled(rng, lang, patient)}")
        b.blank()
        for i, m in enumerate(meds, 1):
            b.val(f"{i}) " + _med_line(m, lang, rng, rng.randint(0, 2)))
            if rng.random() < 0.3:
                b.add("   " + {"en": "for 3 months", "de": "für 3 Monate", "fr": "pendant 3 mois"}[lang])
    f = {"patient": patient, "prescriber": prescriber, "date": date_s}
    return b, f, {"medications": meds}


def medical_summary(rng: random.Random, lang: str, layout: str) -> Labels:
    b = Builder()
    hosp = rng.choice(data.HOSPITALS[lang])
    patient = person(rng, lang)
    provider = doctor(rng, lang)
    gp = doctor(rng, lang)
    adm = day(rng)
    dis = adm + _dt.timedelta(days=rng.randint(1, 12))
    letter = dis + _dt.timedelta(days=rng.randint(0, 3))
    date_s = fmt_date(letter, lang, rng.choice([0, 1]))
    diag = rng.choice(data.DIAGNOSES)[lang]
    follow = rng.choice(data.FOLLOW_UPS[lang])
    meds = _meds(rng, lang, rng.randint(2, 6))
    W = {
        "title": {"en": "DISCHARGE SUMMARY", "de": "Entlassungsbrief", "fr": "Compte rendu d'hospitalisation"}[lang],
        "pat": {"en": "Patient:", "de": "Patient:", "fr": "Patient :"}[lang],
        "date": {"en": "Date:", "de": "Datum:", "fr": "Date :"}[lang],
        "adm": {"en": "Admitted:", "de": "Aufnahme:", "fr": "Admission :"}[lang],
        "dis": {"en": "Discharged:", "de": "Entlassung:", "fr": "Sortie :"}[lang],
        "diag": {"en": "Diagnosis:", "de": "Diagnose:", "fr": "Diagnostic :"}[lang],
        "meds": {"en": "Discharge medications:", "de": "Medikation bei Entlassung:", "fr": "Traitement de sortie :"}[lang],
        "fu": {"en": "Follow-up:", "de": "Procedere:", "fr": "Suivi :"}[lang],
        "doc": {"en": "Attending physician:", "de": "Behandelnder Arzt:", "fr": "Médecin responsable :"}[lang],
        "hist": {"en": "History of present illness", "de": "Anamnese", "fr": "Histoire de la maladie"}[lang],
    }
    story = {"en": f"The patient presented with a {rng.randint(2, 10)}-day history of worsening symptoms. "
                   "Observations on arrival were stable. Blood tests showed a raised CRP. "
                   "Treatment was started and the patient improved steadily.",
             "de": f"Die stationäre Aufnahme erfolgte bei seit {rng.randint(2, 10)} Tagen zunehmenden Beschwerden. "
                   "Laborchemisch zeigte sich ein erhöhtes CRP. Unter Therapie besserte sich der Zustand rasch.",
             "fr": f"Patient admis pour des symptômes évoluant depuis {rng.randint(2, 10)} jours. "
                   "Le bilan biologique retrouvait une CRP élevée. Évolution favorable sous traitement."}[lang]
    if layout == "structured":
        b.val(hosp)
        b.add(W["title"])
        b.blank()
        b.val(pad([f"{W['pat']} {patient}", f"{W['date']} {date_s}"], [40, 30]))
        b.add(pad([f"{W['adm']} {fmt_date(adm, lang, 0)}", f"{W['dis']} {fmt_date(dis, lang, 0)}"], [40, 30]))
        b.val(f"{W['doc']} {provider}")
        b.blank()
        b.val(f"{W['diag']} {diag}")
        b.blank()
        b.add(W["hist"].upper())
        for s in _wrap_text(story, 78):
            b.add(s)
        b.blank()
        b.add(W["meds"].upper())
        for i, m in enumerate(meds, 1):
            b.val(f"{i}. " + _med_line(m, lang, rng, rng.randint(0, 2)))
        b.blank()
        b.val(f"{W['fu']} {follow}")
    elif layout == "letter":
        b.val(hosp)
        b.add(f"{address(rng, lang)[0]}, {address(rng, lang)[1]}")
        b.blank()
        b.add(gp)
        b.val(pad(["", f"{W['date']} {date_s}"], [40, 30]))
        b.blank()
        b.val(f"Re: {patient}, {W['adm'].rstrip(':').lower()} {fmt_date(adm, lang, 1)}")
        b.blank()
        b.add({"en": f"Dear {gp},", "de": f"Sehr geehrte/r {gp},", "fr": "Cher confrère,"}[lang])
        for s in _wrap_text(story, 78):
            b.add(s)
        b.blank()
        b.val(f"{W['diag']} {diag}")
        b.blank()
        b.add(W["meds"])
        for m in meds:
            b.val(f"- {_med_line(m, lang, rng, rng.randint(0, 2))}")
        b.blank()
        b.val(f"{W['fu']} {follow}")
        b.blank()
        b.add({"en": "Yours sincerely,", "de": "Mit freundlichen Grüßen", "fr": "Bien confraternellement,"}[lang])
        b.val(provider)
    else:  # "soap": visit note with S/O/A/P headings and medications in a plan
        b.val(hosp)
        b.add({"en": "Clinic visit note", "de": "Ambulanter Befundbericht", "fr": "Compte rendu de consultation"}[lang])
        b.val(f"{W['pat']} {patient}")
        b.val(f"{W['date']} {date_s}")
        b.val(f"{ {'en': 'Provider:', 'de': 'Arzt:', 'fr': 'Médecin :'}[lang]} {provider}")
        b.blank()
        b.add("S: " + story.split(". ")[0] + ".")
        b.add("O: BP 138/86, HR 78, T 37.4, SpO2 96%")
        b.val(f"A: {diag}")
        b.add("P:")
        for m in meds:
            verb = {"en": rng.choice(["Continue", "Start", ""]), "de": rng.choice(["Weiter", "Neu:", ""]),
                    "fr": rng.choice(["Poursuivre", "Début", ""])}[lang]
            b.val(f"  {verb + ' ' if verb else ''}{_med_line(m, lang, rng, 0)}")
        b.val(f"{W['fu']} {follow}")
    f = {"patient": patient, "date": date_s, "provider": provider, "diagnosis": diag, "follow_up": follow}
    return b, f, {"medications": meds}


def _wrap_text(s: str, width: int) -> list[str]:
    out, cur = [], ""
    for w in s.split():
        if len(cur) + len(w) + 1 > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        out.append(cur)
    return out
