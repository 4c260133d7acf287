"""Repairs on the finished lines of an OCR page: what a scan loses that a text file keeps.

The recogniser reads each box on its own; these repairs look at whole lines and the whole page:
blank lines where the page leaves a paragraph gap (layout.paragraph_breaks, as for a PDF page), and misreadings that only
make sense in print of measured things: a zero read as the letter o in a dose ('3omg'), the
litre's 'l' read as 't' ('mmol/t'), 'HbA1c' read 'HbAIc', spaces put before a comma or full stop
('Lindqvist , Karin') or a bracket ('corr. )'), a speck read as a full stop between two words ('dentro. de'), an upper
bound's '<' read as 'C' ('mg/dL   C 200') (print_repairs).
Each repair changes only what print never shows, so a clean scan passes unchanged.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .layout import PageLine, paragraph_breaks
from .lexicon import Lexicon

# Units that follow a dose or amount, as printed in upper or lower case.
_DOSE_UNITS = (r"(?:mg|mcg|µg|ug|g|ml|mL|microgram|micrograms|units?|IU|mmol|kg|"
               r"MG|MCG|G|ML|MICROGRAMS?|UNITS?)")
# '3omg', '1oo microgram', '5O MG', '21omg': a number whose zeros were read as the letter o
# (small or capital) right before a unit. The number starts with a digit; an 'o' or 'O' stands
# for 0 only there.
_O_FOR_ZERO = re.compile(rf"(?<![\w.,])(\d[\d.,]*[oO][\doO.,]*)(?=\s?{_DOSE_UNITS}(?![a-z]))")
# 'HbAIc', 'HbAlc', 'HBAIC', 'HbA|c': the one in glycated haemoglobin's name read as a letter.
# '2:5mg', 'lg', 'O. 4MG', '15 -mg': a dose's decimal point read as a colon, its one as the
# letter l, its leading zero as the letter O, a speck before its unit read as a dash.
_DOSE_FIXES = [
    (re.compile(rf"(?<![\w.,:])(\d{{1,3}}):(\d{{1,3}})(?=\s?{_DOSE_UNITS}(?![a-z]))"), r"\1.\2"),
    (re.compile(r"(?<= )[lI](?=(?:mg|g|mcg|ml)\b)"), "1"),
    (re.compile(rf"(?<![\w.])[Oo]\. ?(\d{{1,3}})(?=\s?{_DOSE_UNITS}(?![a-z]))"), r"0.\1"),
    (re.compile(r"(?<=\d) -(?=(?:mg|g|mcg|ml)\b)"), " "),
]
_HBA1C = re.compile(r"\b(H[bB] ?A)[Il|]([cC])\b")
# 'mg/dt', 'mg/di', 'mmol/t', 'T/1', 'g/1', 'umot/L': the thin 'l' of a litre read as 't', 'i' or '1'.
_LITRE = [
    (re.compile(r"(?<=\b[mµunp]g/d)[ti1I](?![\w/])"), "l"),
    (re.compile(r"(?<=mol/)[t1](?![\w/])"), "l"),
    (re.compile(r"(?<=\b[GT]/)1(?![\w/])"), "l"),
    # 'g/1', 'mg/1': grams per litre ('5 mg/1 ml' is a dose per millilitre and stays; 'G/1' above)
    (re.compile(r"(?:(?<=\b[mµunp]g/)|(?<=\bg/))1(?![\w/.,]|\s?[mµ]?[lL]\b)"), "l"),
    (re.compile(r"(?<=\b[mµunp])mo[ti](?=/)"), "mol"),
    (re.compile(r"(?<![\w/])u(?=/[lL1t](?![\w/.,]))"), "U"),  # 'u/l': the enzyme unit's capital read small
    (re.compile(r"(?<=\bE\d/)1(?![\w/.,])|(?<=\bE\d\d/)1(?![\w/.,])"), "l"),  # 'E9/1': a count's litre
    (re.compile(r"(?<=\d)( ?)m1\b(?![/.,]\d)"), r"\1ml"),  # '8 m1': millilitres
    (re.compile(r"(?<![\w/])(?:i/[1l]|l/1)(?![\w/.,])"), "l/l"),  # 'i/1': litres per litre (haematocrit)
    (re.compile(r"(?<=/[np])t(?![\w/])"), "l"),
    # 'U/1', 'IU/t', 'x10^9/1': an enzyme's or a count's litre ('100 IU/1 ml' is a dose per millilitre and stays)
    (re.compile(r"(?:(?<=\b[kmµu]U/)|(?<=\b[kmµu]IU/)|(?<=\bIU/)|(?<=\bU/))[1t](?![\w/.,]|\s?[mµ]?[lL]\b)"), "l"),
    (re.compile(r"(?:(?<=10\^[369]/)|(?<=10\^12/))[1t](?![\w/])"), "l"),
    # '0.35   1/1   ...': a haematocrit's litre per litre in its own column after the value
    (re.compile(r"(?<=\d)(\s{2,})1/1(?=\s{2,}|\s*$)"), r"\1l/l"),
]
# 'X10~9/L', 'X10^12/L' -> 'x10^9/L': the times sign of a power of ten read as a capital X
# and the caret as a tilde.
_POWER = re.compile(r"(?<![\w.,])X( ?)10[~^](?=(?:3|6|9|12)(?!\d))")
_POWER_E = re.compile(r"(?<![\w.,])X(?= ?10E(?:3|6|9|12)/)")  # 'X 10E9/L' (Canadian, LabCorp): the x in capitals
# the times sign of a count unit's power of ten ('x10^9/L', '× 10E12/L'), as the page prints it
_TIMES = re.compile(r"(?<![\w.,])([x×])(?= ?10(?:\^|E|e|\*)?(?:3|6|9|12)(?!\d))")
# 'Karin , Lindqvist', 'weeks .', 'Dr . Koen': no space before a comma or full stop that
# follows a word or a bracket and ends a word.
_SPACE_BEFORE_MARK = re.compile(r"(?:(?<=[^\W\d_]{2})|(?<=[)\]])) ([.,])(?=\s|$)")
# '(66 J. )', '(corr. )', 'Geb. -Datum': a space the recogniser put between an abbreviation's full
# stop and a closing bracket or a hyphen joining a word, which print never has
_SPACE_AFTER_ABBREVIATION = re.compile(r"(?<=[^\W\d_]\.) (?=\)|-[^\W\d_])")
_SPACE_BEFORE_TITLE_DOT = re.compile(r"\b(Dr|Dra|Mr|Mrs|Ms|Prof|St) \.(?= ?[A-Z])")
# '10. mg', '130/80. mmHg', '1.g': a speck read as a full stop between a number and its unit.
_DOT_BEFORE_UNIT = re.compile(rf"(?<=\d)\.(?: (?=(?:{_DOSE_UNITS}|mmHg)\b)|(?=(?:mg|g|ml|mL)\b))")
# 'dentro. de', 'removal. of': a full stop after a word and before a word in lower case is a
# speck when the word before it is a word of the list and no abbreviation (those end in a full
# stop and go on in lower case: 'approx. 5', 'lek. med.', 'incl. tax').
_DOT_BEFORE_LOWER = re.compile(r"(?<![\w.'’-])([^\W\d_]{4,})\. (?=[a-zà-ÿ]{2,}\b)")
# 'of.left', 'aspartate.aminotransferase', 'One.tablet': a full stop between two words of the
# list with no space, in prose (not a web address or a file name).
_DOT_GLUED = re.compile(r"(?<![\w.@/])([A-Za-z][a-z]+)\.([a-z]{3,})\b(?![.@/])")
DOT_WORD_ZIPF = 3.0  # both words around a dropped full stop are at least this common
COMMON_ZIPF = 5.0  # 'and', 'the', 'will': words that end a name even after an initial
NAME_ZIPF = 4.0  # a surname after a first name is rarer than this ('Then', 'Please' are not names)
_ABBREVIATIONS = frozenset(
    "approx appr incl excl tabs caps tbls inj resp temp tel fax max min nach vorm nachm morg "
    "abends evtl bzgl bzw ggf inkl tägl tgl zusätzl ca etc cont conc susp sol amp supp "
    "dept univ hosp prof ref nr no vol pag fig cf vgl tabl tbl kps gtt stk pckg".split())
_NOT_WORDS_AFTER_DOT = frozenset("com org net gov edu info html pdf php aspx jpg png".split())


# A lab table's reference range whose dash the scan lost ('12,0 16,0', '15: 150'): two numbers
# written alike (as many decimals), the lower first, after a unit of measure in its own column
# and ending the line (or before a flag).
_LAB_UNIT = (r"(?:[mµun]?mol/[lL]|[mµunp]?g/[dm]?[lL]|[kmµu]?I?U/[m]?[lL]|[GT]/[lL]|/[np][lL]|f[lL]|pg|%|"
             r"[xX]?10\^\d{1,2}/[µu]?[lL]|mm/h(?:r|our)?|mIE/[lL]|[µu]kat/[lL]|sec|s|ratio)")
_NUMBER = r"\d{1,4}(?:[.,]\d{1,3})?"
_LOST_DASH = re.compile(rf"(\s{_LAB_UNIT}(?:   |\s+\())({_NUMBER})(?::? )({_NUMBER})(?=\)?(?:   \S{{1,3}})?\s*$)")
# 'koronare Herzkrankheit (125.9 V)', 'fibrillation auriculaire (150.0)': an ICD-10 code in brackets
# after a word of the diagnosis, its chapter letter I, S or O read as the digit 1, 5 or 0. A number
# in brackets after a word is seldom three digits and one decimal starting so (a fever's 100.4 aside:
# I00-I09 are rare); with two decimals it is an amount ('Refund (150.00)') unless the German
# certainty letter (V, G, Z, A) follows.
_ICD_CHAPTER = re.compile(r"(?<=[^\W\d_]{2} \()([150])(?!(?<=1)0)(?=\d\d\.(?:\d|\d\d? [VGZA])\))")
_ICD_LETTERS = {"1": "I", "5": "S", "0": "O"}
# 'Créatinine. .      * 92': what is left of a row's dotted leader once the specks around its dots
# were dropped, two dots or more between a word and a column gap (a lone dot may be an
# abbreviation's: 'Transferrin Sat.   32 %')
_LEADER_LEFT = re.compile(r"(?<=[^\W\d_])(?: ?\.){2,}(?= {2,}\S)")
# 'mg/dL     C 200': the '<' of an upper bound read as the letter C, in the range column after a unit
# (the bound ends the line, or a flag follows it)
_LESS_AS_C = re.compile(rf"(\s{_LAB_UNIT}\s{{2,}}\(?)[Cc](?= ?{_NUMBER}\)?(?:   \S{{1,3}})?\s*$)")
# '<2:5': no colon inside a bound after '<' or '>'
_COLON_BOUND = re.compile(r"(?<=[<>] )(\d{1,4}):(?=\d)|(?<=[<>])(\d{1,4}):(?=\d)")
# '27,0-32.0': a range whose two ends were read with different decimal marks
_MIXED_RANGE = re.compile(r"(?<![\d.,])(\d{1,4})([.,])(\d{1,3})( ?- ?)(\d{1,4})([.,])(\d{1,3})(?![\d.,])")
_DECIMAL = re.compile(r"(?<![\d.,])\d{1,4}([.,])\d{1,2}(?![\d.,])")
# 'Dr j wilkinson', 'Mr Daniel okafor', "o'Neill": a name after a title printed in capitals
_TITLE_NAME = re.compile(r"\b(Dr|Dra|Mr|Mrs|Ms|Miss|Prof)(\.? )((?:[A-Za-z][a-z']*\.? ){0,2}[A-Za-z][a-z'-]*)")
_IRISH_O = re.compile(r"(?<![\w'])[o0](?='[A-Z][a-z])")
# 'Dr Hamish. Doyle': a speck read as a full stop between a first name and a surname
_NAME_DOT = re.compile(r"\b((?:Dr|Dra|Mr|Mrs|Ms|Prof)\.? [A-Z][a-z]{2,})\. (?=([A-Z][a-z]+)\b)")
# 'K.Braun': an initial touching the surname after it
_INITIAL_GLUED = re.compile(r"(?<![\w.])([A-Z])\.(?=[A-Z][a-z]{2,}\b)")
# '0rthopedics', '0ral': a capital O read as a zero starting a word
_ZERO_WORD = re.compile(r"(?<![\w.,])0([a-z]{3,})\b")
# 'P0', '0R', 'IS0', '0TC', 'Reported 0n': a capital O read as a zero in a word of capitals (no
# other digit, not inside a code such as '24-0N-07'); it becomes O when that makes a word of the
# list (three letters or more) or one of the short words and abbreviations print is full of.
_ZERO_IN_CAPITALS = re.compile(r"(?<![\w.,/-])((?=[A-Z0]*[A-Z])[A-Z0]*0[A-Z0]*|0n)(?![\w/-])")
_SHORT_O_WORDS = frozenset("PO OR ON NO TO OF OK OD OG ODT OTC COPD BPCO ORL On".split())
# 'Sp02', 'Sat02', 'pC02', 'HC03': the O of oxygen in a blood-gas name read as a zero
_OXYGEN = re.compile(r"\b(Sp|Sa|Sat|Pa|Fi|p|pC|PaC|PC|TC|HC)0([23])\b")
# 'PRo', 'RAPPoRT', 'PoIRIER', 'oDT': a capital O read as a small o inside a word of capitals
# (two capitals or more and no other small letter: 'IgG', 'mmHg' and 'HbA1c' stay; so do 'DoB',
# 'CoA' and 'SARS-CoV-2', printed so: one small o between two capitals)
_SMALL_O_IN_CAPITALS = re.compile(r"(?<![\w'-])(?![A-Z]o[A-Z](?![\w'-]))(?=[A-Zo]*[A-Z][A-Zo]*[A-Z])"
                                  r"[A-Zo]*o[A-Zo]*(?![\w'-])")
# 'HOW To USE', '25 mg Po daily': a short word with a small o between words of capitals, or the
# route after a dose
_SMALL_O_BETWEEN_CAPITALS = re.compile(r"(?<=[A-Z]{2} )([A-Z]?o[A-Z]?)(?= [A-Z]{2})|(?<=\dmg )(Po)(?= )"
                                       r"|(?<=\d mg )(Po)(?= )")


def _lost_dash(m: re.Match[str]) -> str:
    low, high = m.group(2), m.group(3)
    if _decimals(low) != _decimals(high) or _num(low) >= _num(high):
        return m.group(0)
    return f"{m.group(1)}{low} - {high}"


def _decimals(s: str) -> int:
    mark = re.search(r"[.,]", s)
    return len(s) - mark.end() if mark else 0


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def _mixed_range(m: re.Match[str], mark: str | None) -> str:
    if m.group(2) == m.group(6) or mark is None:
        return m.group(0)
    return f"{m.group(1)}{mark}{m.group(3)}{m.group(4)}{m.group(5)}{mark}{m.group(7)}"


def _title_name(m: re.Match[str], lex: Lexicon) -> str:
    words = m.group(3).split(" ")
    out: list[str] = []
    for w in words:
        core = w.rstrip(".")
        # after an initial the surname follows; elsewhere a common word ends the name
        limit = COMMON_ZIPF if out and len(out[-1].rstrip(".")) == 1 else DOT_WORD_ZIPF
        if core[:1].islower() and (len(core) == 1 or lex.zipf(core) < limit):
            w = w[0].upper() + w[1:]
        elif core[:1].islower():
            break  # a word of the sentence: the name ended before it
        out.append(w)
    return m.group(1) + m.group(2) + " ".join(out + words[len(out):])


def print_repairs(text: str, lexicon: Lexicon | None = None) -> str:
    """One OCR line with the misreadings of measured print mended (see the module docstring)."""
    text = _O_FOR_ZERO.sub(lambda m: m.group(1).replace("o", "0").replace("O", "0"), text)
    for pattern, repl in _DOSE_FIXES:
        text = pattern.sub(repl, text)
    text = _HBA1C.sub(lambda m: f"{m.group(1).replace(' ', '')}1{m.group(2)}", text)
    for pattern, repl in _LITRE:
        text = pattern.sub(repl, text)
    text = _POWER.sub(r"x\g<1>10^", text)
    text = _POWER_E.sub("x", text)
    text = _SPACE_BEFORE_TITLE_DOT.sub(r"\1.", text)
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = _SPACE_AFTER_ABBREVIATION.sub("", text)
    text = _DOT_BEFORE_UNIT.sub(" ", text)
    text = _LOST_DASH.sub(_lost_dash, text)
    text = _LESS_AS_C.sub(r"\1<", text)
    text = _COLON_BOUND.sub(lambda m: (m.group(1) or m.group(2)) + ".", text)
    text = _IRISH_O.sub("O", text)
    text = _ICD_CHAPTER.sub(lambda m: _ICD_LETTERS[m.group(1)], text)
    text = _LEADER_LEFT.sub(lambda m: " " * len(m.group(0)), text)
    text = _INITIAL_GLUED.sub(r"\1. ", text)
    lex = lexicon or Lexicon.shared()
    if lex.words:
        text = _DOT_BEFORE_LOWER.sub(lambda m: _speck_dot(m, lex, " "), text)
        text = _DOT_GLUED.sub(lambda m: _glued_dot(m, lex), text)
        text = _TITLE_NAME.sub(lambda m: _title_name(m, lex), text)
        text = _NAME_DOT.sub(lambda m: m.group(1) + " " if lex.zipf(m.group(2)) < NAME_ZIPF else m.group(0), text)
        text = _ZERO_WORD.sub(lambda m: "O" + m.group(1) if lex.known("o" + m.group(1))
                              else m.group(0), text)
        text = _ZERO_IN_CAPITALS.sub(lambda m: _zero_in_capitals(m.group(0), lex), text)
    text = _OXYGEN.sub(r"\1O\2", text)
    text = _SMALL_O_IN_CAPITALS.sub(lambda m: m.group(0).upper(), text)
    text = _SMALL_O_BETWEEN_CAPITALS.sub(lambda m: m.group(0).upper(), text)
    return text


def _zero_in_capitals(token: str, lex: Lexicon) -> str:
    word = token.replace("0", "O")
    if word in _SHORT_O_WORDS or (len(word) >= 3 and lex.zipf(word) >= DOT_WORD_ZIPF):
        return word
    return token


def _speck_dot(m: re.Match[str], lex: Lexicon, sep: str) -> str:
    word = m.group(1)
    if word.lower() in _ABBREVIATIONS or lex.zipf(word) < DOT_WORD_ZIPF:
        return m.group(0)
    after = m.string[m.end():].split(" ", 1)[0].rstrip(".,;:)")
    if not after.isalpha() or lex.zipf(after) < DOT_WORD_ZIPF:
        return m.group(0)
    return word + sep


def _glued_dot(m: re.Match[str], lex: Lexicon) -> str:
    first, second = m.group(1), m.group(2)
    if (second in _NOT_WORDS_AFTER_DOT or first.lower() in _ABBREVIATIONS
            or lex.zipf(first) < DOT_WORD_ZIPF or lex.zipf(second) < DOT_WORD_ZIPF):
        return m.group(0)
    return f"{first} {second}"


def decimal_ranges(lines: list[PageLine]) -> list[PageLine]:
    """A range read with two different decimal marks ('27,0-32.0') takes the mark most of the
    page's numbers have, when most have one clearly (two to one or more)."""
    marks = [m.group(1) for ln in lines for m in _DECIMAL.finditer(ln.text)]
    points, commas = marks.count("."), marks.count(",")
    mark = "." if points >= 2 * max(1, commas) else "," if commas >= 2 * max(1, points) else None
    out = []
    for ln in lines:
        fixed = _MIXED_RANGE.sub(lambda m: _mixed_range(m, mark), ln.text)
        out.append(ln if fixed == ln.text else replace(ln, text=fixed))
    return out


def times_signs(lines: list[PageLine]) -> list[PageLine]:
    """A count unit's times sign read the other way on a line or two ('×10^12/L' among 'x10^9/L'):
    a lab writes its units one way on a page, so the sign most of them have, where three or more
    have it and at least twice as many as the other."""
    signs = [m.group(1) for ln in lines for m in _TIMES.finditer(ln.text)]
    xs, times = signs.count("x"), signs.count("×")
    sign = "x" if xs >= 3 and xs >= 2 * times else "×" if times >= 3 and times >= 2 * xs else None
    if sign is None or not (xs and times):
        return lines
    return [ln if (fixed := _TIMES.sub(sign, ln.text)) == ln.text else replace(ln, text=fixed) for ln in lines]


def scan_lines(lines: list[PageLine]) -> list[PageLine]:
    """A page's OCR lines with paragraph gaps marked and each line's print repaired."""
    lex = Lexicon.shared()
    return paragraph_breaks(times_signs(decimal_ranges([ln if (fixed := print_repairs(ln.text, lex)) == ln.text
                                                        else replace(ln, text=fixed) for ln in lines])))
