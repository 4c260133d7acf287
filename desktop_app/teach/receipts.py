"""Till receipts from many countries, for training the shipped adapter on what real receipts do
to the top of the page (the only part the receipt schema shows the model, ``model_head_lines``):

- the legal name (SDN BHD, PTE LTD, Ltd, GmbH, SARL, LLC, PVT LTD, PTY LTD…) next to a brand or
  trading name, an outlet, a proprietor's name, a store number or a "licensee of" line, and the
  legal name itself printed over two or three lines (cut after "&", before the legal form, inside
  a bracketed branch);
- addresses over one to five lines that must be copied whole across the line breaks: a state
  line, a country line, numbers printed as ``NO.53``, ``NO: 28``, ``27,JALAN``, ``LOT 12-A``;
  sometimes a phone number on the address's last line (the address stops before it);
- registration, tax and contact lines between and after them, then a short body (items,
  tax, rounding, cash and change, in columns).

Labels: ``company`` is the legal name when printed (else the shop's name), joined over its lines;
``address`` is the address lines joined with spaces. Every name, street and number is invented
(random combinations of common words); nothing is read from any real data set. Deterministic by
seed, stdlib only.
"""
from __future__ import annotations

import random

from .synth.common import Builder, SynthDoc, apply_noise, q, till_items, till_money

# --- Malaysia / Singapore style ---------------------------------------------------------------
MY_WORDS = ["SINAR", "CAHAYA", "MEGAH", "MAJU", "JAYA", "SETIA", "INDAH", "BESTARI", "MURNI", "SENTOSA",
            "HARMONI", "PERMAI", "GEMILANG", "BAHAGIA", "LESTARI", "TIARA", "MUTIARA", "DAMAI", "KENCANA",
            "SEJAHTERA", "WAWASAN", "SURIA", "PELANGI", "RIA", "BUDI", "CEMERLANG", "IMPIAN", "NUSA"]
CN_WORDS = ["HENG", "HUAT", "SENG", "LEONG", "WAH", "FATT", "KEE", "LOONG", "HUP", "CHEONG", "SOON", "TECK",
            "YONG", "KIAN", "GUAN", "MING", "CHUAN", "HOCK", "LEE", "TAT", "FOOK", "SIANG", "WENG", "KHIM"]
EN_WORDS = ["GOLDEN", "LUCKY", "UNITED", "ORIENTAL", "SUNRISE", "EVERGREEN", "PREMIER", "ROYAL", "GRAND",
            "PACIFIC", "STAR", "CROWN", "EAGLE", "OCEAN", "GREENFIELD", "SILVERLEAF", "BRIGHT", "PRIME"]
TRADES = ["HARDWARE", "BOOKSTORE", "STATIONERY & BOOKS", "TRADING", "ENTERPRISE", "RESTAURANT", "BAKERY",
          "PHARMACY", "MINI MARKET", "SUPERMARKET", "KITCHEN", "CAFE", "FOOD INDUSTRIES", "GIFT & HOME DECO",
          "HARDWARE & ELECTRICAL", "MOTOR & SPARE PARTS", "FRUITS", "SEAFOOD", "MACHINERY", "CATERING",
          "PRINTING SERVICES", "OPTICAL", "TYRE & BATTERY", "FURNITURE", "AQUARIUM", "TEXTILE", "BEVERAGES",
          "PETROL STATION", "CLINIC", "LAUNDRY", "NURSERY & LANDSCAPE", "CONFECTIONERY"]
MY_PREFIX = ["RESTORAN", "KEDAI", "PERNIAGAAN", "SYARIKAT", "KEDAI MAKAN", "PASAR RAYA", "KEDAI UBAT"]
MY_LEGAL = ["SDN BHD", "SDN. BHD.", "SDN.BHD.", "SDN BHD", "(M) SDN BHD", "(M) SDN. BHD.", "BHD", "BERHAD",
            "ENTERPRISE", "TRADING", "PLT", "RESOURCES SDN BHD", "HOLDINGS SDN BHD", "MARKETING SDN BHD"]
SG_LEGAL = ["PTE LTD", "PTE. LTD.", "PTE LTD."]
MY_STREETS = ["JALAN", "JALAN", "JALAN", "JLN", "LORONG", "PERSIARAN", "LEBUH", "JALAN BESAR", "LEBUHRAYA"]
MY_AREAS = ["TAMAN", "TAMAN", "BANDAR", "BANDAR BARU", "KAWASAN PERINDUSTRIAN", "SEKSYEN", "KAMPUNG",
            "PUSAT PERNIAGAAN", "DESA", "KOTA"]
MY_TOWNS = [("43000", "KAJANG", "SELANGOR"), ("47100", "PUCHONG", "SELANGOR"), ("40150", "SHAH ALAM", "SELANGOR"),
            ("41200", "KLANG", "SELANGOR"), ("68000", "AMPANG", "SELANGOR"), ("47500", "SUBANG JAYA", "SELANGOR"),
            ("52100", "KEPONG", "KUALA LUMPUR"), ("56100", "CHERAS", "KUALA LUMPUR"), ("50470", "KUALA LUMPUR",
            "WILAYAH PERSEKUTUAN"), ("81300", "SKUDAI", "JOHOR"), ("80350", "JOHOR BAHRU", "JOHOR"),
            ("83000", "BATU PAHAT", "JOHOR"), ("84000", "MUAR", "JOHOR"), ("75200", "MELAKA", "MELAKA"),
            ("70200", "SEREMBAN", "NEGERI SEMBILAN"), ("31400", "IPOH", "PERAK"), ("11900", "BAYAN LEPAS",
            "PULAU PINANG"), ("05100", "ALOR SETAR", "KEDAH"), ("25200", "KUANTAN", "PAHANG"),
            ("88300", "KOTA KINABALU", "SABAH"), ("93350", "KUCHING", "SARAWAK"), ("45500", "TANJONG KARANG",
            "SELANGOR"), ("48000", "RAWANG", "SELANGOR"), ("43900", "SEPANG", "SELANGOR")]
STATE_TITLE = {"SELANGOR": "DARUL EHSAN", "JOHOR": "DARUL TAKZIM", "KEDAH": "DARUL AMAN", "PAHANG": "DARUL MAKMUR",
               "PERAK": "DARUL RIDZUAN", "NEGERI SEMBILAN": "DARUL KHUSUS"}
PEOPLE = ["TAN KOK MENG", "LIM SIEW PENG", "NG AH CHOON", "SITI NORHAYATI", "MUTHU A/L RAMAN", "WONG KAH LOK",
          "CHONG MEI FONG", "AHMAD FAIZAL BIN OMAR", "LEE CHEE KEONG", "KHOO BEE LING", "GOH SWEE HOCK"]
SG_STREETS = ["ANG MO KIO AVE 3", "TAMPINES ST 81", "JURONG WEST ST 42", "BEDOK NORTH RD", "YISHUN RING RD",
              "TOA PAYOH LOR 4", "CLEMENTI AVE 2", "SERANGOON CENTRAL", "WOODLANDS DR 50", "HOUGANG AVE 8"]

# --- elsewhere ----------------------------------------------------------------------------------
UK_NAMES = ["Corner", "Harbour", "Millbrook", "Oakfield", "Riverside", "Kingsway", "Larkspur", "Ashdown",
            "Bramble", "Fernhill", "Highgate", "Willow", "Stonebridge", "Elmwood", "Foxglove", "Marlow"]
UK_TRADES = ["Coffee", "Bakery", "Pharmacy", "Hardware", "Books", "Kitchen", "Deli", "Wine Shop", "Grocers",
             "Stationers", "Garden Centre", "Fish Bar", "Butchers", "Florist", "Pet Supplies"]
UK_STREETS = ["High Street", "Market Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane",
              "Queen Street", "King's Parade", "Bridge Street", "London Road", "Park Avenue", "The Parade"]
UK_TOWNS = [("Leeds", "LS1 6DT"), ("York", "YO1 7HH"), ("Bristol", "BS1 4DJ"), ("Norwich", "NR2 1LJ"),
            ("Cardiff", "CF10 1EP"), ("Derby", "DE1 2AB"), ("Bath", "BA1 1LN"), ("Exeter", "EX4 3LS"),
            ("Glasgow", "G1 3SL"), ("Belfast", "BT1 5GS"), ("Oxford", "OX1 3BG"), ("Hull", "HU1 3DZ")]
DE_NAMES = ["Müller", "Schneider", "Becker", "Hoffmann", "Krüger", "Lindner", "Vogel", "Brandt", "Seidel",
            "Hartmann", "Sommer", "Franke", "Berger", "Winkler"]
DE_TRADES = ["Bäckerei", "Apotheke", "Getränkemarkt", "Buchhandlung", "Eisenwaren", "Metzgerei", "Café",
             "Blumenhaus", "Drogerie", "Feinkost", "Schreibwaren", "Bioladen"]
DE_LEGAL = ["GmbH", "GmbH & Co. KG", "e.K.", "OHG", "KG", "UG (haftungsbeschränkt)", "AG"]
DE_STREETS = ["Hauptstraße", "Bahnhofstr.", "Marktplatz", "Lindenallee", "Schillerstraße", "Gartenweg",
              "Kirchgasse", "Am Rathaus", "Berliner Str.", "Mühlenweg", "Goethestraße", "Ringstraße"]
DE_TOWNS = [("10115", "Berlin"), ("80331", "München"), ("50667", "Köln"), ("20095", "Hamburg"),
            ("04109", "Leipzig"), ("90402", "Nürnberg"), ("28195", "Bremen"), ("69117", "Heidelberg"),
            ("01067", "Dresden"), ("79098", "Freiburg im Breisgau")]
FR_NAMES = ["Dupont", "Martin", "Lefèvre", "Moreau", "Girard", "Roux", "Fontaine", "Chevalier", "Blanc",
            "Garnier", "Lambert", "Mercier"]
FR_TRADES = ["Boulangerie", "Pharmacie", "Librairie", "Quincaillerie", "Épicerie", "Fromagerie", "Café",
             "Fleuriste", "Caviste", "Boucherie", "Papeterie"]
FR_LEGAL = ["SARL", "SAS", "EURL", "SA", "SASU"]
FR_STREETS = ["rue de la République", "avenue Victor Hugo", "place du Marché", "rue des Lilas", "boulevard Gambetta",
              "rue Nationale", "quai des Orfèvres", "rue du Moulin", "allée des Tilleuls", "rue Pasteur"]
FR_TOWNS = [("75011", "PARIS"), ("69002", "LYON"), ("13001", "MARSEILLE"), ("31000", "TOULOUSE"),
            ("33000", "BORDEAUX"), ("44000", "NANTES"), ("67000", "STRASBOURG"), ("59800", "LILLE")]
US_NAMES = ["Main Street", "Blue Ridge", "Lakeside", "Maple Leaf", "Sunset", "Liberty", "Pinecrest", "Harbor",
            "Redwood", "Prairie", "Cedar Creek", "Union Square"]
US_TRADES = ["Deli", "Market", "Hardware", "Pharmacy", "Diner", "Books", "Coffee Co.", "Bakery", "Auto Parts",
             "Grocery", "Liquors", "Pizza"]
US_LEGAL = ["LLC", "Inc.", "Inc", "Corp.", "Co.", "L.L.C."]
US_STREETS = ["Main St", "Oak Ave", "Elm Street", "Broadway", "Washington Blvd", "Maple Dr", "Lake Rd",
              "2nd Ave", "Market St", "Center St", "Highland Ave", "Route 9"]
US_TOWNS = [("Springfield", "IL", "62701"), ("Austin", "TX", "78701"), ("Portland", "OR", "97205"),
            ("Madison", "WI", "53703"), ("Boulder", "CO", "80302"), ("Albany", "NY", "12207"),
            ("Raleigh", "NC", "27601"), ("Tucson", "AZ", "85701"), ("Dayton", "OH", "45402")]
IN_NAMES = ["SHREE", "SRI", "NEW", "ANAND", "BHARAT", "GANESH", "LAKSHMI", "KRISHNA", "SAI", "OM", "MAHALAXMI",
            "VINAYAK"]
IN_TRADES = ["TRADERS", "STORES", "SWEETS", "MEDICALS", "ENTERPRISES", "SUPER MARKET", "HARDWARE", "BAKERS",
             "GENERAL STORES", "ELECTRICALS"]
IN_LEGAL = ["PVT LTD", "PVT. LTD.", "PRIVATE LIMITED", "LLP", ""]
IN_STREETS = ["MG ROAD", "STATION ROAD", "GANDHI NAGAR", "NEHRU STREET", "MAIN BAZAAR", "RING ROAD",
              "CHURCH STREET", "LINK ROAD", "MARKET YARD"]
IN_TOWNS = [("BENGALURU", "560001"), ("PUNE", "411001"), ("CHENNAI", "600002"), ("JAIPUR", "302001"),
            ("KOCHI", "682011"), ("INDORE", "452001"), ("NAGPUR", "440001"), ("MYSURU", "570001")]
AU_TOWNS = [("SYDNEY", "NSW", "2000"), ("MELBOURNE", "VIC", "3000"), ("BRISBANE", "QLD", "4000"),
            ("PERTH", "WA", "6000"), ("ADELAIDE", "SA", "5000"), ("HOBART", "TAS", "7000"), ("DARWIN", "NT", "0800")]
BRANDS = ["MEGAMART", "HOMEPRO", "QUICKBITE", "FRESHCO", "BOOKNOOK", "TOOLBOX", "KOPI HOUSE", "DAILY FRESH",
          "SMART HOME", "PETPAL", "URBAN CAFE", "VALUE STORE", "BAKE HOUSE", "NOODLE BAR", "FIXIT", "GREENGROCER",
          "SPICE ROUTE", "CITY MART", "BUDGET HOME", "MR PRICE SAVER", "7 STAR MART", "ECO SAVE", "BURGER SHACK"]
GOODS = ["MILO 1KG", "NASI LEMAK", "TEH TARIK", "A4 PAPER 80GSM", "PVC PIPE 1/2\"", "CABLE TIE 8\"",
         "MINERAL WATER 1.5L", "ROTI CANAI", "KOPI O", "MEE GORENG", "BOLT & NUT M8", "LED BULB 9W",
         "PAINT BRUSH 2\"", "TISSUE BOX", "CHICKEN RICE", "ICE LEMON TEA", "BATTERY AA 4S", "GLUE STICK",
         "Flat White", "Sourdough Loaf", "Milk 2L", "Brot", "Kaffee", "Baguette", "Croissant", "Coke 330ml"]


def _split_name(rng: random.Random, name: str, legal: str) -> list[str]:
    """A legal name printed over one, two or three lines."""
    words = name.split()
    if len(words) < 2 or rng.random() < 0.55:
        return [name]
    cuts = []
    for i in range(1, len(words)):
        w = words[i - 1]
        weight = 1
        if w == "&":
            weight = 4
        if legal and " ".join(words[i:]) == legal:
            weight = 4  # the legal form on its own line
        if words[i].startswith("("):
            weight = 3
        cuts += [i] * weight
    first = rng.choice(cuts)
    lines = [" ".join(words[:first]), " ".join(words[first:])]
    if len(words) - first >= 3 and rng.random() < 0.25:  # a third line
        rest = lines[1].split()
        k = rng.randint(1, len(rest) - 1)
        lines = [lines[0], " ".join(rest[:k]), " ".join(rest[k:])]
    return lines


def _reg_my(rng: random.Random) -> str:
    num = f"{rng.randint(1000, 9999999)}-{rng.choice('ADHKPUVWXTM')}"
    if rng.random() < 0.3:
        num = f"{rng.choice(['JM', 'SA', 'CA', 'IP', 'PG', 'KT'])}{rng.randint(100000, 9999999):07d}-{rng.choice('ADHKPUVWXT')}"
    return rng.choice([f"({num})", f"CO. REG. NO: {num}", f"COMPANY NO. {num}", f"(CO.REG : {num})",
                       f"ROC NO: {num}", num, f"(COMPANY REG. NO. {num})", f"REG NO : {num}"])


def _my_number(rng: random.Random) -> str:
    n = rng.randint(1, 199)
    suffix = rng.choice(["", "", "", "-G", "-1", "A", "-A", "G"])
    return rng.choice([f"NO.{n}{suffix}", f"NO. {n}{suffix}", f"NO {n}{suffix}", f"NO: {n}{suffix}", f"{n}{suffix}",
                       f"LOT {rng.randint(100, 9999)}{suffix}", f"LOT {rng.randint(10, 999)}-{rng.choice('ABC')}",
                       f"NO.{n}&{n + 2}", f"NO. {n}, {n + 1} & {n + 2}", f"G-{rng.randint(1, 40)}",
                       f"UNIT {rng.randint(1, 30)}-{rng.randint(1, 12)}", f"NO.{rng.randint(1, 30)}-{rng.randint(1, 3)}-{rng.randint(1, 12)}",
                       f"PT {rng.randint(1000, 99999)}", f"BATU {rng.randint(2, 20)}"])


def _sep(rng: random.Random) -> str:
    return rng.choice([", ", ", ", ",", " ", ". "])


def my_address(rng: random.Random, sg: bool = False) -> list[str]:
    """Address components as printed (each ends where a line may break)."""
    if sg:
        parts = [f"BLK {rng.randint(1, 999)}{rng.choice(['', 'A', 'B'])} {rng.choice(SG_STREETS)}",
                 f"#{rng.randint(1, 15):02d}-{rng.randint(1, 999):02d}"]
        if rng.random() < 0.3:
            parts.append(f"{rng.choice(EN_WORDS)} {rng.choice(['PLAZA', 'CENTRE', 'MALL', 'POINT'])}")
        parts.append(f"SINGAPORE {rng.randint(100000, 829999)}")
        return parts
    no = _my_number(rng)
    street = f"{rng.choice(MY_STREETS)} {rng.choice(MY_WORDS)}"
    if rng.random() < 0.6:
        street += " " + rng.choice([f"{rng.randint(1, 30)}", f"{rng.randint(1, 9)}/{rng.randint(1, 30)}",
                                    f"SS {rng.randint(1, 25)}/{rng.randint(1, 40)}", f"U{rng.randint(1, 20)}/{rng.randint(1, 60)}",
                                    f"{rng.randint(1, 9)}/{rng.randint(1, 9)}{rng.choice('ABCDEFG')}", f"PJU {rng.randint(1, 9)}"])
    parts = [f"{no}{_sep(rng)}{street}" if rng.random() < 0.7 else no, street]
    if parts[0] != no:
        parts = parts[:1]
    if rng.random() < 0.3:  # a building or a plaza first
        parts.insert(0, rng.choice([f"LEVEL {rng.randint(1, 9)}", f"WISMA {rng.choice(MY_WORDS)}",
                                    f"PLAZA {rng.choice(MY_WORDS)}", f"KOMPLEKS {rng.choice(MY_WORDS)}",
                                    f"BANGUNAN {rng.choice(MY_WORDS)}"]))
    if rng.random() < 0.75:
        parts.append(f"{rng.choice(MY_AREAS)} {rng.choice(MY_WORDS)}" + (f" {rng.randint(1, 9)}" if rng.random() < 0.3 else ""))
    postcode, town, state = rng.choice(MY_TOWNS)
    parts.append(f"{postcode} {town}")
    if rng.random() < 0.8:
        st = state + (f" {STATE_TITLE[state]}" if state in STATE_TITLE and rng.random() < 0.35 else "")
        parts.append(st)
    if rng.random() < 0.2:
        parts.append("MALAYSIA")
    return parts


def _lines_from_parts(rng: random.Random, parts: list[str], comma: float) -> list[str]:
    """Join address components into 1-5 printed lines, with or without trailing punctuation."""
    lines: list[str] = []
    cur = ""
    for i, p in enumerate(parts):
        cur = p if not cur else cur + _sep(rng).rstrip(" ") + (" " if rng.random() < 0.85 else "") + p
        last = i == len(parts) - 1
        if last or rng.random() < 0.55 or len(cur) > 34:
            if not last and rng.random() < comma:
                cur += ","
            lines.append(cur.replace(",,", ","))
            cur = ""
    if lines and rng.random() < 0.35:
        lines[-1] += rng.choice([".", ","])
    return lines


def _western_parts(rng: random.Random, country: str) -> tuple[list[str], str]:
    if country == "UK":
        town, pc = rng.choice(UK_TOWNS)
        parts = [f"{rng.randint(1, 240)} {rng.choice(UK_STREETS)}", town, pc]
        if rng.random() < 0.3:
            parts.insert(0, f"Unit {rng.randint(1, 30)}")
        return parts, "Tel"
    if country == "DE":
        pc, town = rng.choice(DE_TOWNS)
        return [f"{rng.choice(DE_STREETS)} {rng.randint(1, 140)}", f"{pc} {town}"], "Tel."
    if country == "FR":
        pc, town = rng.choice(FR_TOWNS)
        return [f"{rng.randint(1, 120)} {rng.choice(FR_STREETS)}", f"{pc} {town}"], "Tél"
    if country == "US":
        town, st, z = rng.choice(US_TOWNS)
        parts = [f"{rng.randint(10, 9999)} {rng.choice(US_STREETS)}", f"{town}, {st} {z}"]
        if rng.random() < 0.3:
            parts.insert(1, f"Suite {rng.randint(100, 400)}")
        return parts, "Phone"
    if country == "IN":
        town, pin = rng.choice(IN_TOWNS)
        return [f"SHOP NO {rng.randint(1, 80)}", f"{rng.choice(IN_STREETS)}", f"{town} - {pin}"], "PH"
    town, st, pc = rng.choice(AU_TOWNS)  # AU
    return [f"SHOP {rng.randint(1, 60)}", f"{rng.randint(1, 400)} {rng.choice(['GEORGE ST', 'KING ST', 'QUEEN ST', 'PITT ST', 'HAY ST'])}",
            f"{town} {st} {pc}"], "PH"


def _company(rng: random.Random, country: str) -> tuple[str, str, str]:
    """(legal name, its legal form, a shop/brand name)."""
    if country in ("MY", "SG"):
        style = rng.random()
        if style < 0.35:
            core = " ".join(rng.sample(CN_WORDS, rng.choice([2, 2, 3]))) + " " + rng.choice(TRADES)
        elif style < 0.6:
            core = rng.choice(MY_PREFIX) + " " + " ".join(rng.sample(MY_WORDS + CN_WORDS, rng.choice([1, 2])))
        else:
            core = " ".join(rng.sample(EN_WORDS + MY_WORDS, rng.choice([1, 2]))) + " " + rng.choice(TRADES)
        if rng.random() < 0.12:
            core += f" ({rng.choice(['JOHOR', 'KL', 'SETAPAK', 'BANGI', 'MELAKA', 'PENANG', 'IPOH', 'M'])})"
        legal = rng.choice(SG_LEGAL if country == "SG" else MY_LEGAL + ["", ""])
        if legal and core.endswith(legal.split()[0]):
            legal = ""
        return (f"{core} {legal}".strip(), legal, rng.choice(BRANDS))
    if country == "UK":
        shop = f"{rng.choice(UK_NAMES)} {rng.choice(UK_TRADES)}"
        legal = rng.choice(["Ltd", "Limited", "Ltd.", "LLP", "plc"])
        return (f"{shop} {legal}" if rng.random() < 0.6 else f"{rng.choice(UK_NAMES)} Retail {legal}", legal, shop)
    if country == "DE":
        shop = f"{rng.choice(DE_TRADES)} {rng.choice(DE_NAMES)}"
        legal = rng.choice(DE_LEGAL)
        return (f"{shop} {legal}" if rng.random() < 0.6 else f"{rng.choice(DE_NAMES)} Handels {legal}", legal, shop)
    if country == "FR":
        shop = f"{rng.choice(FR_TRADES)} {rng.choice(FR_NAMES)}"
        legal = rng.choice(FR_LEGAL)
        return ((f"{legal} {shop}" if rng.random() < 0.5 else f"{shop} {legal}"), legal, shop)
    if country == "US":
        shop = f"{rng.choice(US_NAMES)} {rng.choice(US_TRADES)}"
        legal = rng.choice(US_LEGAL)
        return (f"{shop} {legal}", legal, shop)
    if country == "IN":
        shop = f"{rng.choice(IN_NAMES)} {rng.choice(IN_TRADES)}"
        legal = rng.choice(IN_LEGAL)
        return (f"{shop} {legal}".strip(), legal, shop)
    shop = f"{rng.choice(EN_WORDS)} {rng.choice(['CHEMIST', 'BAKERY', 'HARDWARE', 'NEWSAGENCY', 'CAFE'])}"
    return (f"{shop} PTY LTD", "PTY LTD", shop)


COUNTRIES = ["MY"] * 10 + ["SG"] * 2 + ["UK", "UK", "DE", "FR", "US", "IN", "AU"]


def world_receipt(rng: random.Random) -> tuple[Builder, dict[str, str], str]:
    country = rng.choice(COUNTRIES)
    asian = country in ("MY", "SG", "IN")
    company, legal, brand = _company(rng, country)
    upper = asian or country == "AU" or rng.random() < 0.3
    if upper:
        company, brand = company.upper(), brand.upper()
    b = Builder()
    # what may come above the legal name
    pre: list[str] = []
    if rng.random() < 0.08:
        pre.append(rng.choice([f"{rng.randint(100, 9999)}", f"#{rng.randint(10, 999)}", "ORIGINAL", "** COPY **"]))
    if asian and rng.random() < 0.2:
        pre.append(rng.choice(PEOPLE))  # the proprietor
    show_brand = rng.random() < 0.4 and legal != ""
    outlet = (f" {rng.choice(['CHERAS', 'PUCHONG', 'KLCC', 'AMPANG', 'OUTLET 3', 'DOWNTOWN', 'AIRPORT', 'CENTRAL'])}"
              if rng.random() < 0.5 else "")
    # where the brand or outlet line sits: above the legal name, or below it (and its registration
    # number), right above the address - the legal name is still the company
    brand_below = show_brand and rng.random() < 0.55
    if show_brand and not brand_below:
        pre.append(brand + outlet)
    if rng.random() < 0.1:
        pre.append(rng.choice(["WELCOME", "TAX INVOICE", "*** RECEIPT ***", "Welcome!"]))
    rng.shuffle(pre)
    for p in pre:
        b.add(p)
    for ln in _split_name(rng, company, legal):
        b.val(ln)
    after_name: list[str] = []
    if asian and rng.random() < 0.7:
        after_name.append(_reg_my(rng))
    elif country == "UK" and rng.random() < 0.3:
        after_name.append(f"Company No. {rng.randint(1000000, 9999999)}")
    if brand_below:
        mall = f"{rng.choice(MY_WORDS + EN_WORDS)} {rng.choice(['MALL', 'PLAZA', 'CITY', 'SQUARE', 'PARADE'])}"
        after_name.append(rng.choice([brand + outlet, brand + outlet, f"{rng.choice(['PASARAYA', 'KEDAI', 'SUPERSTORE'])} {brand}",
                                      f"{brand} {mall}", f"{brand} ({mall})", f"LICENSEE OF {brand}",
                                      f"TRADING AS {brand}", f"T/A {brand}"]))
    for a in after_name:
        b.add(a)
    if asian and country != "IN":
        parts = my_address(rng, sg=country == "SG")
    else:
        parts, _ = _western_parts(rng, country)
        if upper:
            parts = [p.upper() for p in parts]
    lines = _lines_from_parts(rng, parts, 0.6 if asian else 0.25)
    phone = ""
    if rng.random() < 0.1:  # the phone on the address's last line: the address stops before it
        phone = rng.choice([f" TEL: 0{rng.randint(3, 9)}-{rng.randint(2000000, 9999999)}",
                            f"  TEL NO.: 0{rng.randint(3, 9)}-{rng.randint(2000000, 9999999)}"])
    for i, ln in enumerate(lines):
        if i == len(lines) - 1 and phone:
            b.val(ln + phone)
        else:
            b.val(ln)
    address = " ".join(lines)
    # contact and tax lines, then the title and the body
    tail = []
    if rng.random() < 0.75:
        tail.append(rng.choice([f"TEL: 0{rng.randint(3, 9)}-{rng.randint(2000000, 9999999)}",
                                f"TEL : 0{rng.randint(3, 9)}-{rng.randint(200, 999)} {rng.randint(1000, 9999)}",
                                f"Tel. +{rng.randint(30, 61)} {rng.randint(20, 99)} {rng.randint(100000, 999999)}",
                                f"PHONE {rng.randint(200, 999)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"]))
        if rng.random() < 0.25:
            tail[-1] += f"  FAX: 0{rng.randint(3, 9)}-{rng.randint(2000000, 9999999)}"
    if rng.random() < 0.15:
        tail.append(f"{rng.choice(['info', 'sales', 'shop'])}@{brand.lower().replace(' ', '')}.com")
    tax_line = {"MY": f"GST ID : {rng.randint(10**11, 10**12 - 1):012d}", "SG": f"GST REG NO: M{rng.randint(10**7, 10**8 - 1)}-{rng.randint(0, 9)}",
                "UK": f"VAT No. GB {rng.randint(100, 999)} {rng.randint(1000, 9999)} {rng.randint(10, 99)}",
                "DE": f"USt-IdNr. DE{rng.randint(10**8, 10**9 - 1)}", "FR": f"SIRET {rng.randint(10**13, 10**14 - 1)}",
                "US": f"Store #{rng.randint(10, 9999)}", "IN": f"GSTIN: {rng.randint(10, 37)}ABCDE{rng.randint(1000, 9999)}F1Z{rng.randint(1, 9)}",
                "AU": f"ABN {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}"}[country]
    if rng.random() < 0.7:
        tail.append(tax_line)
    for t in tail:
        b.add(t)
    b.add(rng.choice(["TAX INVOICE", "SIMPLIFIED TAX INVOICE", "RECEIPT", "CASH SALES", "INVOICE", "CASH BILL",
                      "Receipt", "KASSENBON", "TICKET", ""]))
    if rng.random() < 0.5:
        b.add(f"{rng.choice(['DOC NO', 'RECEIPT #', 'BILL NO', 'INV NO.'])}: {rng.choice(['CS', 'R', 'INV', ''])}{rng.randint(1000, 99999999)}")
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2017, 2018, 2019, 2021, 2023])
    b.add(f"{rng.choice(['DATE: ', 'DATE : ', 'Date ', ''])}{day:02d}/{month:02d}/{year} {rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}")
    if rng.random() < 0.4:
        b.add(f"CASHIER: {rng.choice(PEOPLE).split()[0]}")
    total = till_items(b, rng, GOODS)
    total = q(total)
    b.add(f"SUBTOTAL  {till_money(total)}")
    rounded = q(round(total * 20) / 20)
    if rng.random() < 0.4:
        b.add(f"ROUNDING ADJ  {till_money(rounded - total)}")
        total = rounded
    b.add(f"TOTAL{rng.choice([' (RM)', ' INCL GST', '', ' AMOUNT', ' DUE'])}:  {till_money(total)}")
    cash = q(total + rng.choice([0, 0, 1, 5, 10, 50]))
    b.add(f"CASH  {till_money(cash)}")
    b.add(f"CHANGE  {till_money(cash - total)}")
    b.add(rng.choice(["THANK YOU", "THANK YOU. PLEASE COME AGAIN", "GOODS SOLD ARE NOT RETURNABLE", "Thank you!", ""]))
    return b, {"company": company, "address": address}, country


def generate_world_receipt(seed: int) -> SynthDoc:
    rng = random.Random(f"world-receipt:{seed}")
    builder, fields, country = world_receipt(rng)
    text = apply_noise(builder, rng, "en", rng.choices([0, 1, 2], weights=[4, 5, 1])[0])
    return SynthDoc(id=f"receipt-world-{country}-{seed}", kind="receipt", lang="en", layout=f"world-{country}",
                    seed=seed, text=text, fields=fields)
