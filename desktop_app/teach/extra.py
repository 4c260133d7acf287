"""More training documents for the shipped adapter: till receipts of the kind the schema's first
example shows (upper-case shop names with a legal suffix and a registration number, addresses
over several comma-ended lines, GST/SST lines, cash and change). The synth package covers
European receipts; these cover the South-East-Asian style. Deterministic by seed, stdlib only,
invented names and streets (no real data set is read)."""
from __future__ import annotations

import random

from .synth.common import Builder, SynthDoc, apply_noise, q, till_items, till_money

SHOP_WORDS = ["GOLDEN", "SRI", "MEGA", "JAYA", "LUCKY", "HAPPY", "UNITED", "PERMATA", "ORIENTAL",
              "SUNRISE", "EVERGREEN", "BINTANG", "MUTIARA", "CAHAYA", "SENTOSA", "PELANGI", "RIMBA",
              "WAWASAN", "HARMONI", "KENANGA", "SETIA", "MAJU", "BESTARI", "TIARA", "PUTRA", "AMAN"]
SHOP_TRADE = ["HARDWARE", "BOOKSTORE", "STATIONERY", "TRADING", "ENTERPRISE", "RESTAURANT", "BAKERY",
              "PHARMACY", "MINI MARKET", "SUPERMARKET", "KITCHEN", "CAFE", "FOOD INDUSTRIES",
              "HOME DECO", "ELECTRICAL", "MOTOR", "FRUITS", "SEAFOOD", "GIFT SHOP", "CATERING"]
LEGAL = ["SDN BHD", "SDN. BHD.", "SDN.BHD", "ENTERPRISE", "TRADING", "PTE LTD", "BHD", "(M) SDN BHD",
         "RESOURCES SDN BHD", "", ""]
STREET = ["JALAN MERANTI", "JALAN BUNGA RAYA", "JALAN TUN RAZAK", "JALAN PUCHONG", "JALAN KLANG LAMA",
          "JALAN SS 2/24", "JALAN PJU 1A/3", "JALAN USJ 10/1", "JALAN DATO ONN", "JALAN TEBRAU",
          "PERSIARAN RIMBA", "JALAN INDAH 15", "JALAN SEROJA 39", "LORONG MAJU 3", "JALAN KENARI 5"]
AREA = ["TAMAN SRI MUDA", "TAMAN MOLEK", "TAMAN UNIVERSITI", "BANDAR BARU BANGI", "TAMAN CONNAUGHT",
        "KAWASAN PERINDUSTRIAN BATU CAVES", "TAMAN DAYA", "BANDAR PUCHONG JAYA", "TAMAN BUKIT INDAH",
        "SEKSYEN 13", "TAMAN PELANGI", "PUSAT BANDAR DAMANSARA", "TAMAN MELAWATI"]
CITY = [("40460", "SHAH ALAM", "SELANGOR"), ("47100", "PUCHONG", "SELANGOR"), ("81100", "JOHOR BAHRU", "JOHOR"),
        ("50450", "KUALA LUMPUR", ""), ("43000", "KAJANG", "SELANGOR"), ("68100", "BATU CAVES", "SELANGOR"),
        ("56000", "CHERAS", "KUALA LUMPUR"), ("81300", "SKUDAI", "JOHOR"), ("47301", "PETALING JAYA", "SELANGOR"),
        ("10400", "GEORGETOWN", "PULAU PINANG"), ("30450", "IPOH", "PERAK"), ("43650", "BANDAR BARU BANGI", "SELANGOR")]
GOODS = ["MILO 1KG", "NASI LEMAK", "TEH TARIK", "A4 PAPER 80GSM", "PVC PIPE 1/2\"", "CABLE TIE 8\"",
         "MINERAL WATER 1.5L", "ROTI CANAI", "KOPI O", "MEE GORENG", "BOLT & NUT M8", "LED BULB 9W",
         "PAINT BRUSH 2\"", "TISSUE BOX", "CHICKEN RICE", "ICE LEMON TEA", "BATTERY AA 4S", "GLUE STICK"]
# Trading names printed above the legal name (the label is the legal name: the company that issued
# the receipt); invented.
BRANDS = ["MEGAMART", "HOMEPRO", "QUICKBITE", "FRESHCO", "BOOKNOOK", "TOOLBOX", "KOPI HOUSE", "DAILY FRESH",
          "SMART HOME", "PETPAL", "URBAN CAFE", "VALUE STORE", "KEDAI RUNCIT", "BAKE HOUSE"]
OUTLETS = ["CHERAS", "PUCHONG", "DAMANSARA", "SKUDAI", "BANGI", "KLANG", "AMPANG", "SUBANG", "IPOH", "KAJANG"]
NAMES = ["TAN AH KOW", "LIM MEI LING", "NG KAR WAI", "SITI AMINAH", "RAJ KUMAR", "WONG SIEW LAN"]


def asian_receipt(rng: random.Random) -> tuple[Builder, dict[str, str]]:
    words = rng.sample(SHOP_WORDS, rng.choice([1, 1, 2]))
    company = " ".join(words + [rng.choice(SHOP_TRADE)])
    brand = rng.random() < 0.3
    legal = rng.choice([x for x in LEGAL if x] if brand else LEGAL)
    if legal and not company.endswith(legal):
        company = f"{company} {legal}"
    b = Builder()
    if brand:
        b.add(rng.choice(BRANDS) + (f" {rng.choice(OUTLETS)}" if rng.random() < 0.7 else ""))
    if rng.random() < 0.15:
        b.add(rng.choice(NAMES))
    if rng.random() < 0.15:
        b.add(rng.choice(["WELCOME", "TAX INVOICE", "*** RECEIPT ***"]))
    # a long name may be printed over two lines
    if len(company) > 24 and rng.random() < 0.3:
        cut = company.rfind(" ", 0, len(company) // 2 + 6)
        b.val(company[:cut])
        b.val(company[cut + 1:])
    else:
        b.val(company)
    if rng.random() < 0.7:
        b.add(rng.choice(["(CO.REG : ", "(COMPANY NO: ", "CO. REG. NO: ", "(ROC NO. "]) +
              f"{rng.randint(10000, 999999)}-{rng.choice('ADHKPUVWXT')}" + (")" if rng.random() < 0.7 else ""))
    no = rng.choice([f"NO. {rng.randint(1, 120)}", f"LOT {rng.randint(100, 9999)}", f"{rng.randint(1, 88)}",
                     f"NO {rng.randint(1, 60)}-{rng.randint(1, 3)}", f"G-{rng.randint(1, 30)}"])
    postcode, city, state = rng.choice(CITY)
    parts = [f"{no}, {rng.choice(STREET)},"]
    if rng.random() < 0.7:
        parts.append(f"{rng.choice(AREA)},")
    last = f"{postcode} {city}" + (f", {state}" if state else "")
    if rng.random() < 0.5:
        last += "."
    parts.append(last)
    if rng.random() < 0.25 and len(parts) == 3:  # sometimes two parts share a line
        parts = [parts[0] + " " + parts[1], parts[2]]
    for p in parts:
        b.val(p)
    address = " ".join(parts)
    if rng.random() < 0.7:
        b.add(f"TEL: 0{rng.randint(3, 9)}-{rng.randint(2000000, 9999999)}" +
              (f"  FAX: 0{rng.randint(3, 9)}-{rng.randint(2000000, 9999999)}" if rng.random() < 0.3 else ""))
    if rng.random() < 0.6:
        b.add(f"GST ID : {rng.randint(10**11, 10**12 - 1):012d}" if rng.random() < 0.6
              else f"GST REG NO: {rng.randint(10**11, 10**12 - 1):012d}")
    b.add(rng.choice(["TAX INVOICE", "SIMPLIFIED TAX INVOICE", "RECEIPT", "CASH SALES", "INVOICE"]))
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2016, 2017, 2018, 2019])
    date = rng.choice([f"{day:02d}/{month:02d}/{year}", f"{day:02d}-{month:02d}-{year}",
                       f"{day:02d}-{month:02d}-{year % 100:02d}", f"{year}-{month:02d}-{day:02d}"])
    b.val(f"{rng.choice(['DATE: ', 'DATE : ', 'Date:', ''])}{date} {rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}")
    total = till_items(b, rng, GOODS)
    total = q(total)
    b.val(f"TOTAL{rng.choice([' (RM)', ' INCL GST', '', ' AMOUNT'])}: {till_money(total)}")
    cash = q(total + rng.choice([0, 0, 1, 5, 10, 50]))
    b.add(f"CASH {till_money(cash)}")
    b.add(f"CHANGE {till_money(cash - total)}")
    b.add(rng.choice(["THANK YOU", "THANK YOU. PLEASE COME AGAIN", "GOODS SOLD ARE NOT RETURNABLE", ""]))
    return b, {"company": company, "address": address, "date": date, "total": till_money(total)}


def generate_asian_receipt(seed: int) -> SynthDoc:
    rng = random.Random(f"asian-receipt:{seed}")
    builder, fields = asian_receipt(rng)
    text = apply_noise(builder, rng, "en", rng.choices([0, 1, 2], weights=[3, 5, 2])[0])
    return SynthDoc(id=f"receipt-asia-{seed}", kind="receipt", lang="en", layout="asia", seed=seed,
                    text=text, fields=fields)
