"""Deterministic parsing of regular formats: dates, amounts, currencies, IBANs, phones, percents."""
from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation, localcontext

MONTHS = {
    # English, Malay, German, French, Spanish, Italian, Dutch, Portuguese short and long forms
    "jan": 1, "january": 1, "januari": 1, "januar": 1, "janvier": 1, "enero": 1, "gennaio": 1,
    "janeiro": 1, "feb": 2, "february": 2, "februari": 2, "februar": 2, "fevrier": 2,
    "février": 2, "febrero": 2, "febbraio": 2, "fevereiro": 2, "mar": 3, "march": 3, "mac": 3,
    "mac.": 3, "märz": 3, "maerz": 3, "marz": 3, "mars": 3, "marzo": 3, "maart": 3, "março": 3, "apr": 4,
    "april": 4, "avril": 4, "abril": 4, "aprile": 4, "may": 5, "mei": 5, "mai": 5, "mayo": 5,
    "maggio": 5, "maio": 5, "jun": 6, "june": 6, "jun.": 6, "juni": 6, "juin": 6, "junio": 6,
    "giugno": 6, "junho": 6, "jul": 7, "july": 7, "julai": 7, "juli": 7, "juillet": 7,
    "julio": 7, "luglio": 7, "julho": 7, "aug": 8, "august": 8, "ogos": 8, "ogo": 8, "août": 8,
    "aout": 8, "agosto": 8, "augustus": 8, "sep": 9, "sept": 9, "september": 9, "septembre": 9,
    "septiembre": 9, "settembre": 9, "setembro": 9, "oct": 10, "october": 10, "okt": 10,
    "oktober": 10, "octobre": 10, "octubre": 10, "ottobre": 10, "outubro": 10, "nov": 11,
    "november": 11, "novembre": 11, "noviembre": 11, "novembro": 11, "dec": 12, "december": 12,
    "dis": 12, "disember": 12, "dez": 12, "dezember": 12, "décembre": 12, "decembre": 12,
    "diciembre": 12, "dicembre": 12, "dezembro": 12,
    # Ukrainian and Russian, as a date prints them (genitive: '20 листопада 2024 р.', '5 марта 2024 г.')
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
    "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))

# Numeric dates: d/m/y, d-m-y, d.m.y (2 or 4 digit year) and y-m-d.
_NUM_DATE = re.compile(
    r"(?<![\d/.\-])(?:"
    r"(?P<y1>(?:19|20)\d{2})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
    r"|(?P<a>\d{1,2})\s?[-/.]\s?(?P<b>\d{1,2})\s?[-/.]\s?(?P<y2>(?:19|20)?\d{2})"
    # OCR often glues the time to the date ("09/01/20198:01:11PM"): a time may follow at once
    r")(?:(?![\d/])|(?=\d{1,2}:\d{2}))"
)
# (a day is no tail of a longer number: 'NH 03108   May 31, 2024' is May 31, not 8 May 2031)
_TEXT_DATE = re.compile(
    rf"(?<![A-Za-z])(?:(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?[\s\-/.,]{{0,3}}(?P<mon>{_MONTH_RE})\.?[\s\-/.,]{{0,3}}"
    rf"(?P<y>(?:19|20)?\d{{2}})"
    rf"|(?P<mon2>{_MONTH_RE})\.?\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y3>(?:19|20)\d{{2}}))"
    rf"(?:(?![A-Za-z\d])|(?=\d{{1,2}}:\d{{2}}))",  # OCR glues the time on: "12Mar201818:19"
    re.IGNORECASE,
)


def _year(y: str) -> int:
    value = int(y)
    if len(y) == 2:
        value += 2000 if value < 70 else 1900
    return value


def _make(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str, day_first: bool = True) -> _dt.date | None:
    """Parse one date written in any common way; None when it is not a valid date."""
    text = text.strip()
    for match in find_dates(text, day_first=day_first):
        return match[2]
    return None


_SPLIT_YEAR = re.compile(r" (\d{2}) (?=\d{1,2}:\d{2})")  # a time follows the year
# Chinese, Japanese and Korean dates: '2024年11月25日', '2024 年 1 月 5 日', '2024년 11월 25일'
_CJK_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s?[年년]\s?(?P<m>\d{1,2})\s?[月월]\s?(?P<d>\d{1,2})\s?[日일]")
# a Vietnamese date in words: 'Ngày 18 tháng 02 năm 2025' (day, month, year)
# (or as a scan without Vietnamese reads it: 'Ngay 18 thang 02 nam 2025')
_VI_DATE = re.compile(r"(?<!\w)ng[àa]y\s(?P<d>\d{1,2})\sth[áa]ng\s(?P<m>\d{1,2})\sn[ăa]m\s(?P<y>(?:19|20)\d{2})(?!\d)",
                      re.IGNORECASE)


def find_dates(text: str, day_first: bool = True) -> list[tuple[int, int, _dt.date]]:
    """Every valid date in ``text`` as (start, end, date), in order of appearance."""
    found: list[tuple[int, int, _dt.date]] = []
    for m in _NUM_DATE.finditer(text):
        end = m.end()
        if m.group("y1"):
            date = _make(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
            if text[m.start("d1") - 1] == "." and text[end : end + 1] == "." and not text[end + 1 : end + 2].isdigit():
                end += 1  # '2025.01.17.': a Hungarian date closes with a full stop after the day
        else:
            a, b, y = int(m.group("a")), int(m.group("b")), _year(m.group("y2"))
            split = _SPLIT_YEAR.match(text, end) if m.group("y2") in ("19", "20") else None
            if split:  # "28/08/20 17": OCR split the year "2017" in two
                y, end = int(m.group("y2") + split.group(1)), split.end(1)
            first, second = (b, a) if day_first else (a, b)
            date = _make(y, first, second) or _make(y, second, first)
        if date:
            found.append((m.start(), end, date))
    for m in (*_CJK_DATE.finditer(text), *_VI_DATE.finditer(text)):
        date = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if date:
            found.append((m.start(), m.end(), date))
    for m in _TEXT_DATE.finditer(text):
        if m.group("mon"):
            mon, d, y = m.group("mon"), m.group("d"), m.group("y")
        else:
            mon, d, y = m.group("mon2"), m.group("d2"), m.group("y3")
        date = _make(_year(y), MONTHS[mon.lower().rstrip(".")], int(d))
        if date:
            found.append((m.start(), m.end(), date))
    found.sort(key=lambda t: t[0])
    return found


CURRENCY_SYMBOLS = {
    "€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "RM": "MYR", "S$": "SGD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "US$": "USD", "Fr.": "CHF",
    "CHF": "CHF", "zł": "PLN", "Kč": "CZK", "kr": "SEK", "R$": "BRL", "Rp": "IDR", "₱": "PHP", "฿": "THB",
    "KSh": "KES", "Ksh": "KES", "KSH": "KES", "₦": "NGN", "₺": "TRY", "₫": "VND", "₪": "ILS", "Ft": "HUF",
    "VNĐ": "VND", "円": "JPY", "NT$": "TWD", "₴": "UAH", "грн": "UAH",
}
CURRENCY_CODES = {
    "EUR", "USD", "GBP", "JPY", "CHF", "MYR", "SGD", "AUD", "CAD", "HKD", "INR", "CNY", "SEK",
    "NOK", "DKK", "PLN", "CZK", "HUF", "BRL", "MXN", "ZAR", "NZD", "IDR", "THB", "PHP", "KRW",
    "RUB", "TRY", "AED", "SAR", "KES", "NGN", "GHS", "UGX", "TZS", "EGP", "PKR", "LKR", "VND", "ILS",
    "QAR", "KWD", "OMR", "TWD", "RON", "BGN", "ISK", "COP", "CLP", "ARS", "UAH",
}
_CUR_TOKEN = (
    r"(?:US\$|HK\$|NT\$|S\$|A\$|C\$|R\$|RM|Rp|Fr\.|CHF|zł|Kč|KSh|Ksh|KSH|kr|VNĐ|[€$£¥₹₩₽₱฿₦₺₫₪円₴]|"
    + "|".join(sorted(CURRENCY_CODES))
    + r")"
)
# 'Ft', the forint, only after a digit and a space: '6Ft' is a length, 'Ft' alone a word
_FORINT = r"(?<=\d[^\S\n])Ft(?![A-Za-z])"
# An amount: optional sign and currency, digits with optional thousands separators, decimals.
def _amount_re(space_point: bool) -> re.Pattern[str]:
    # the space-grouped amount: with a decimal comma ("1 234,56"), or on a page that groups by
    # spaces with a decimal point ("8 412.55", SPACE_POINT) also with a point
    spaced = r"[.,]\d{2}" if space_point else r",\d{2}"
    return re.compile(
        # (a currency or sign never reaches across a line break: "AMOUNT RM" / "230" are two lines)
        rf"(?P<neg>-)?[^\S\n]?(?P<cur1>{_CUR_TOKEN})?[^\S\n]?(?P<neg2>-)?"
        # a space groups thousands only French-style, with a decimal comma ("1 234,56"): in
        # "1 450.00" the 1 is a quantity (unless the page shows otherwise: SPACE_POINT)
        # after thousands groups a colon is a misread decimal point ("2,520:58"): no time looks so
        # Indian grouping (lakh, crore) puts commas every two digits above the thousands: 1,36,290.00
        r"(?P<num>\d{1,2}(?:,\d{2})+,\d{3}\.\d{2}|\d{1,3}(?:[,.']\d{3})+(?:[.,:]\d{1,2})?"
        rf"|\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+{spaced}"
        # a whole amount grouped by spaces with its currency after it ('243 586 Ft', '12 000 HUF'):
        # forints, krónur and yen print no decimals
        rf"|\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?=[^\S\n]?(?:{_CUR_TOKEN}|Ft)(?![A-Za-z]))"
        r"|\d+(?:[.,]\d{1,2})?)"
        rf"(?:[^\S\n]?(?P<cur2>{_CUR_TOKEN}|{_FORINT}))?(?![\d%])"
    )


AMOUNT_RE = _amount_re(False)
SPACE_POINT_AMOUNT_RE = _amount_re(True)
# Money grouped by spaces with a decimal point ('8 412.55', as South African banks print it), set
# while one document is read where the page shows it beyond doubt (space_point): then '12 845.30'
# is one amount, not a count of 12 and 845.30.
SPACE_POINT: contextvars.ContextVar[bool] = contextvars.ContextVar("space_point", default=False)
# (a currency glued before it 'R8 412.55', a credit / debit mark glued after it '40 912.55Cr', or
# two groups of thousands '1 234 567.89': no count and price print so)
_SPACE_POINT_SIGN = re.compile(r"(?<![\w.,])(?:R|\$|€|£)\d{1,3}(?:[ \u00a0]\d{3})+\.\d\d(?![\d.,])|"
                               r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+\.\d\d(?:Cr|Dr|CR|DR)(?![A-Za-z])|"
                               r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3}){2,}\.\d\d(?![\d.,])")


def groups_by_space_with_point(text: str) -> bool:
    """Whether ``text`` prints its money grouped by spaces with a decimal point: two amounts or
    more that can be read no other way."""
    return len(_SPACE_POINT_SIGN.findall(text)) >= 2


def amount_re() -> re.Pattern[str]:
    """The amount pattern for the document being read (SPACE_POINT)."""
    return SPACE_POINT_AMOUNT_RE if SPACE_POINT.get() else AMOUNT_RE


def parse_amount(text: str) -> Decimal | None:
    """The decimal value of an amount as printed: '1.234,50 €' → 1234.50, 'RM 33.90' → 33.90."""
    text = text.strip()
    m = amount_re().search(text)
    if not m:
        return None
    value = _number(m.group("num"))
    if value is None:
        return None
    if m.group("neg") or m.group("neg2") or text.endswith("-") or (
        text.startswith("(") and text.endswith(")")
    ):
        value = -value
    return value


# No amount on a receipt, invoice or statement has more digits than this; a longer run of digits
# is a code, an account number or hostile input (and 27+ digits broke format_amount).
MAX_AMOUNT_DIGITS = 20  # digits in all, decimals included


# Money printed in whole units (yen, dong, rupiah, won, Chilean pesos: '468.400', '¥12,800'), set
# while one document is read: a group of three digits after its only separator is thousands, and
# grouped thousands without decimals are an amount.
WHOLE_UNITS: contextvars.ContextVar[bool] = contextvars.ContextVar("whole_units", default=False)
ZERO_DECIMAL = frozenset({"JPY", "KRW", "VND", "IDR", "CLP", "ISK", "UGX", "PYG"})
_CENTS = re.compile(r"(?<![\d.,])\d[\d.,']*[.,]\d\d(?![\d.,])")
GROUPED_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:[.,]\d{3})+(?![\d.,])")  # (not '01.738', a tax number)


def in_whole_units(text: str) -> bool:
    """Whether the money of ``text`` is printed without minor units: its currency has none, or no
    amount on the page has cents while two or more print groups of thousands."""
    if find_currency(text) in ZERO_DECIMAL:
        return True
    return not _CENTS.search(text) and len(GROUPED_THOUSANDS.findall(text)) >= 2


@contextlib.contextmanager
def whole_units(on: bool, space_point: bool = False) -> Iterator[None]:
    """While one document is read: its money in whole units (WHOLE_UNITS), grouped by spaces with
    a decimal point (SPACE_POINT)."""
    token, token2 = WHOLE_UNITS.set(on), SPACE_POINT.set(space_point)
    try:
        yield
    finally:
        WHOLE_UNITS.reset(token)
        SPACE_POINT.reset(token2)


def _number(num: str) -> Decimal | None:
    num = num.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("'", "").replace(":", ".")
    if sum(ch.isdigit() for ch in num) > MAX_AMOUNT_DIGITS:
        return None
    last_dot, last_comma = num.rfind("."), num.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_sep = "." if last_dot > last_comma else ","
    elif last_comma >= 0:
        # '1,234' is thousands, '12,50' is a decimal comma
        decimal_sep = "," if len(num) - last_comma - 1 in (1, 2) else ""
    elif last_dot >= 0:
        decimal_sep = "." if len(num) - last_dot - 1 in (1, 2) or (
            num.count(".") == 1 and not WHOLE_UNITS.get()) else ""
    else:
        decimal_sep = ""
    if decimal_sep:
        whole, _, frac = num.rpartition(decimal_sep)
        whole = whole.replace(".", "").replace(",", "")
        num = f"{whole}.{frac}"
    else:
        num = num.replace(".", "").replace(",", "")
    try:
        return Decimal(num)
    except InvalidOperation:
        return None


def format_amount(value: Decimal) -> str:
    """Canonical form of an amount: '.' decimals, two places. Never raises: the precision
    follows the value (a sum of many amounts may exceed the default 28 digits)."""
    with localcontext() as ctx:
        ctx.prec = max(28, (value.adjusted() + 4) if value.is_finite() else 28)
        return f"{value.quantize(Decimal('0.01'))}"


def find_currency(text: str) -> str | None:
    """The ISO 4217 code of the first currency mentioned in ``text``."""
    found = find_currency_span(text)
    return found[2] if found else None


# A money's name printed only beside an amount or as a column's unit: '745,43 TL', '45.000 lei',
# '- lei -', '(lei)', '44,580원', '(단위: 원)', '159 462,00 грн.' ('TL' and 'lei' alone are other words).
_UNIT_CURRENCY = re.compile(r"(?<=\d)[^\S\n]?(?P<TRY>TL)(?![A-Za-z])|(?<=\d)[^\S\n]?(?P<RON>lei)(?![A-Za-z])|"
                            r"[-(][^\S\n]?(?P<RON2>lei)[^\S\n]?[-)]|(?<=\d)[^\S\n]?(?P<KRW>원)|"
                            r"[(:][^\S\n]?(?P<KRW2>원)[^\S\n]?\)|(?<=\d)[^\S\n]?(?P<UAH>грн)(?![^\W\d_])")
# A code that is a street's abbreviation ('MAHMUT YESARİ CAD.', Turkish 'caddesi'): a full stop
# after it and a name in capitals before it ('ALL PRICES IN CAD.' is a currency).
_CAPITALS_BEFORE = re.compile(r"[^\W\d_]{3,}[^\S\n]+$")


def find_currency_span(text: str) -> tuple[int, int, str] | None:
    """(start, end, ISO code) of the first currency mark in ``text``."""
    unit = _UNIT_CURRENCY.search(text)
    for m in re.finditer(rf"(?<![A-Za-z]){_CUR_TOKEN}(?![A-Za-z])|{_FORINT}", text):
        if unit and unit.start() < m.start():
            break
        token = m.group(0)
        if token.isalpha() and token.isupper() and text[m.end():m.end() + 1] == "." and (
                before := _CAPITALS_BEFORE.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())) \
                and before.group(0).isupper():
            continue
        code = token.upper() if token.upper() in CURRENCY_CODES else CURRENCY_SYMBOLS.get(token)
        if code:
            return m.start(), m.end(), code
    if unit:
        name = next(n for n, v in unit.groupdict().items() if v)
        return unit.start(name), unit.end(name), name[:3]
    # "NET PAYÉ EN EUROS", the Greek "ΣΥΝΟΛΟ ΕΥΡΩ"
    word = re.search(r"(?<![^\W\d_])(?:euros?|ευρ[ώω])(?![^\W\d_])", text, re.IGNORECASE)
    if word:
        return word.start(), word.end(), "EUR"
    return None


def normalise_currency(text: str) -> str | None:
    token = text.strip()
    if token.upper() in CURRENCY_CODES:
        return token.upper()
    return CURRENCY_SYMBOLS.get(token) or find_currency(token)


IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
    "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26,
}


def iban_valid(iban: str) -> bool:
    """ISO 13616 check: country length and mod-97 checksum."""
    compact = re.sub(r"\s", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected and len(compact) != expected:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def find_ibans(text: str) -> list[tuple[int, int, str]]:
    """Valid IBANs in ``text`` as (start, end, compact form). A scanned IBAN whose checksum fails
    only because of look-alike characters in the places its country's format fixes as letters or
    digits ('GB56 MNK0 …' for MNKO) or a speck between its groups is repaired: the mod-97
    checksum must then hold, so a wrong repair is all but impossible."""
    out = []
    # search the original text (upper-casing "ß" to "SS" would shift every offset after it)
    for m in _IBAN_OCR_RE.finditer(text):
        raw = m.group(0).rstrip(" .,")
        value = _iban_value(raw)
        while not value and _IBAN_LAST_GROUP.search(raw[15:]):
            # a word read one space after it ('… 9825 7466 Momsreg.nr'): the IBAN ends before it
            raw = _IBAN_LAST_GROUP.sub("", raw)
            value = _iban_value(raw)
        if value:
            out.append((m.start(), m.start() + len(raw), value))
    return out


def _iban_value(raw: str) -> str | None:
    """The compact IBAN ``raw`` prints (specks between groups ignored), repaired if need be."""
    compact = re.sub(r"[\s.,:-]", "", raw).upper()
    return compact if iban_valid(compact) else _repair_iban(compact)


# an IBAN as a scan may print it: a speck instead of (or beside) a group's space, read as a
# full stop, comma, colon or dash ('SE45 5000-0000 0583 …')
_IBAN_OCR_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ .,:-]{0,2}[A-Z0-9]{4}){2,7}(?:[ .,:-]{0,2}[A-Z0-9]{1,4})?\b",
                          re.IGNORECASE)
_IBAN_LAST_GROUP = re.compile(r"[ .,:-]{1,2}[A-Z0-9]+$", re.IGNORECASE)
# BBAN layout after the check digits: a = letters, n = digits, c = either (ECBS / SWIFT registry)
_BBAN = {"GB": "4a14n", "IE": "4a14n", "DE": "18n", "AT": "16n", "BE": "12n", "NL": "4a10n", "ES": "20n",
         "FR": "10n11c2n", "MC": "10n11c2n", "IT": "1a10n12c", "SM": "1a10n12c", "PT": "21n", "PL": "24n",
         "LU": "3n13c", "CH": "5n12c", "LI": "5n12c", "DK": "14n", "FI": "14n", "SE": "20n", "NO": "11n",
         "CZ": "20n", "SK": "20n", "HU": "24n", "SI": "15n", "HR": "17n", "RO": "4a16c", "BG": "4a6n8c"}
_TO_DIGIT = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6"})
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G"})


def _repair_iban(compact: str) -> str | None:
    layout = _BBAN.get(compact[:2])
    if not layout or not compact[2:4].isdigit():
        return None
    kinds = "".join(kind * int(n) for n, kind in re.findall(r"(\d+)([anc])", layout))
    bban = compact[4:]
    if len(bban) != len(kinds):
        return None
    fixed = "".join(ch.translate(_TO_DIGIT) if k == "n" else ch.translate(_TO_LETTER) if k == "a" else ch
                    for ch, k in zip(bban, kinds, strict=True))
    candidate = compact[:4] + fixed
    return candidate if candidate != compact and iban_valid(candidate) else None


_PHONE_RE = re.compile(r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(?\d{2,4}\)?[\s.-]?){2,4}\d{2,4}(?!\w)")


def normalise_phone(text: str) -> str | None:
    m = _PHONE_RE.search(text)
    if not m:
        return None
    digits = re.sub(r"[^\d+]", "", m.group(0))
    return digits if 7 <= len(digits.lstrip("+")) <= 15 else None


def parse_percent(text: str) -> Decimal | None:
    m = re.search(r"(-?\d+(?:[.,]\d+)?)\s?%", text)
    return _number(m.group(1)) if m else None


def normalise_value(kind: str, raw: str) -> str | None:
    """The normalised form of ``raw`` for a field type; None when it does not parse."""
    raw = raw.strip()
    if not raw:
        return None
    if kind == "date":
        date = parse_date(raw)
        return date.isoformat() if date else None
    if kind == "money":
        amount = parse_amount(raw)
        return format_amount(amount) if amount is not None else None
    if kind == "number":
        m = re.search(r"-?\d+(?:[.,]\d+)?", raw)
        value = _number(m.group(0).lstrip("-")) if m else None
        if value is None or m is None:
            return None
        return str(-value if m.group(0).startswith("-") else value)
    if kind == "currency":
        return normalise_currency(raw)
    if kind == "iban":
        return _iban_value(raw)
    if kind == "phone":
        return normalise_phone(raw)
    if kind == "percent":
        pct = parse_percent(raw)
        return str(pct) if pct is not None else None
    return " ".join(raw.split())
