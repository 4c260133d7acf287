"""Random people, firms and addresses in a language's conventions."""
from __future__ import annotations

import datetime as _dt
import random

from . import data


def person(rng: random.Random, lang: str) -> str:
    return f"{rng.choice(data.FIRST[lang])} {rng.choice(data.LAST[lang])}"


def titled(rng: random.Random, lang: str, name: str) -> str:
    return f"{rng.choice(data.TITLES[lang])} {name}"


def doctor(rng: random.Random, lang: str) -> str:
    return f"{data.DOCTOR[lang]} {person(rng, lang)}"


def address(rng: random.Random, lang: str) -> tuple[str, str]:
    """(street line, postcode-and-city line) as printed in the language's country."""
    street = rng.choice(data.STREETS[lang])
    no = rng.randint(1, 180)
    city, code = rng.choice(data.CITIES[lang])
    if lang == "en":
        return f"{no} {street}", f"{city} {code}"
    if lang == "de":
        return f"{street} {no}", f"{code} {city}"
    return f"{no} {street}", f"{code} {city.upper() if rng.random() < 0.5 else city}"


def firm(rng: random.Random, lang: str) -> str:
    base = rng.choice(data.FIRM_WORDS)
    trade = rng.choice(data.FIRM_TRADE[lang])
    legal = rng.choice(data.LEGAL[lang])
    name = f"{base} {trade} {legal}"
    return name.upper() if rng.random() < 0.3 else name


def day(rng: random.Random, start_year: int = 2022) -> _dt.date:
    return _dt.date(start_year, 1, 1) + _dt.timedelta(days=rng.randint(0, 1000))
