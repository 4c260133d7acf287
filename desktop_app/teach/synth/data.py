"""Realistic vocabulary for the generators: people, firms, addresses, goods, lab tests and drugs."""
from __future__ import annotations

from decimal import Decimal as D

FIRST = {
    "en": ["James", "Olivia", "Mohammed", "Emily", "Daniel", "Priya", "Thomas", "Grace", "Samuel",
           "Chloe", "Oliver", "Aisha", "William", "Hannah", "George", "Sophie", "Arjun", "Megan"],
    "de": ["Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Maximilian", "Sophie", "Paul",
           "Katharina", "Jürgen", "Sabine", "Mehmet", "Ursula", "Stefan", "Johanna"],
    "fr": ["Camille", "Louis", "Léa", "Hugo", "Manon", "Gabriel", "Chloé", "Jules", "Inès",
           "Antoine", "Élodie", "Mathieu", "Amélie", "Nicolas", "Sophie", "Karim"],
}
LAST = {
    "en": ["Smith", "Patel", "Johnson", "O'Connor", "Williams", "Brown", "Taylor", "Khan",
           "Davies", "Evans", "Thompson", "Wright", "Robinson", "Clarke", "Hughes", "Edwards"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Koch", "Yilmaz", "Richter", "Klein", "Wolf", "Schröder"],
    "fr": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
           "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Benali"],
}
TITLES = {"en": ["Mr", "Mrs", "Ms", "Dr"], "de": ["Herr", "Frau"], "fr": ["M.", "Mme"]}
DOCTOR = {"en": "Dr", "de": "Dr. med.", "fr": "Dr"}

STREETS = {
    "en": ["High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue",
           "Mill Lane", "King Street", "Queensway", "Albert Road", "Manor Drive"],
    "de": ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schillerstraße",
           "Goethestr.", "Marktplatz", "Am Ring", "Bergstraße", "Kirchgasse"],
    "fr": ["rue de la République", "avenue Jean Jaurès", "boulevard Voltaire", "rue Victor Hugo",
           "place de la Gare", "rue des Lilas", "allée des Tilleuls", "rue Pasteur"],
}
CITIES = {
    "en": [("London", "SW1A 2AA"), ("Manchester", "M1 4BT"), ("Leeds", "LS1 5DL"),
           ("Bristol", "BS1 6QA"), ("Cardiff", "CF10 1EP"), ("Edinburgh", "EH1 1YZ"),
           ("Norwich", "NR2 1TF"), ("Oxford", "OX1 3BG")],
    "de": [("Berlin", "10115"), ("München", "80331"), ("Hamburg", "20095"), ("Köln", "50667"),
           ("Frankfurt am Main", "60311"), ("Leipzig", "04109"), ("Stuttgart", "70173"),
           ("Freiburg", "79098")],
    "fr": [("Paris", "75011"), ("Lyon", "69003"), ("Marseille", "13001"), ("Toulouse", "31000"),
           ("Nantes", "44000"), ("Lille", "59000"), ("Bordeaux", "33000"), ("Rennes", "35000")],
}

FIRM_WORDS = ["Northwind", "Blue Harbour", "Kestrel", "Alder & Finch", "Brightline", "Summit",
              "Oakridge", "Nordlicht", "Vertex", "Helios", "Lumen", "Atelier Rivière",
              "Bergmann", "Falken", "Cedar", "Sorel", "Delta Print", "Greenleaf"]
FIRM_TRADE = {
    "en": ["Consulting", "Print & Design", "IT Services", "Joinery", "Electrical", "Logistics",
           "Software", "Catering", "Plumbing & Heating"],
    "de": ["Consulting", "Druck & Design", "IT-Service", "Tischlerei", "Elektrotechnik",
           "Logistik", "Software", "Catering", "Sanitär"],
    "fr": ["Conseil", "Imprimerie", "Services Informatiques", "Menuiserie", "Électricité",
           "Logistique", "Logiciels", "Traiteur", "Plomberie"],
}
LEGAL = {"en": ["Ltd", "Limited", "LLP", "plc"], "de": ["GmbH", "GmbH & Co. KG", "AG", "e.K."],
         "fr": ["SARL", "SAS", "SA", "EURL"]}

BANKS = {"en": ["Barclays Bank UK PLC", "Lloyds Bank plc", "HSBC UK Bank plc", "NatWest",
                "Nationwide Building Society", "Monzo Bank Ltd"],
         "de": ["Sparkasse KölnBonn", "Deutsche Bank AG", "Commerzbank AG", "Berliner Volksbank eG",
                "DKB Deutsche Kreditbank AG", "Postbank"],
         "fr": ["BNP Paribas", "Crédit Agricole", "Société Générale", "LCL Le Crédit Lyonnais",
                "Banque Populaire", "La Banque Postale"]}

# (description per language, unit price range) for invoices
SERVICES = [
    ({"en": "Consulting services", "de": "Beratungsleistung", "fr": "Prestation de conseil"}, (60, 180)),
    ({"en": "Website maintenance (monthly)", "de": "Wartung Webseite (monatlich)",
      "fr": "Maintenance site web (mensuelle)"}, (40, 400)),
    ({"en": "A4 flyers, 135gsm, full colour", "de": "Flyer DIN A4, 135 g, 4/4-farbig",
      "fr": "Flyers A4 135 g quadri recto-verso"}, (0.05, 0.4)),
    ({"en": "Software licence, annual", "de": "Softwarelizenz, jährlich", "fr": "Licence logicielle annuelle"}, (99, 1200)),
    ({"en": "On-site support", "de": "Vor-Ort-Service", "fr": "Intervention sur site"}, (75, 140)),
    ({"en": "Travel expenses", "de": "Fahrtkosten", "fr": "Frais de déplacement"}, (15, 120)),
    ({"en": "Oak worktop 3000x600x40 mm", "de": "Arbeitsplatte Eiche 3000x600x40 mm",
      "fr": "Plan de travail chêne 3000x600x40 mm"}, (180, 420)),
    ({"en": "Installation labour", "de": "Montage Arbeitszeit", "fr": "Main-d'œuvre pose"}, (45, 90)),
    ({"en": "Catering buffet per person", "de": "Buffet pro Person", "fr": "Buffet traiteur par personne"}, (18, 45)),
    ({"en": "USB-C docking station", "de": "USB-C Dockingstation", "fr": "Station d'accueil USB-C"}, (89, 249)),
    ({"en": "Copper pipe 15 mm (3 m)", "de": "Kupferrohr 15 mm (3 m)", "fr": "Tube cuivre 15 mm (3 m)"}, (9, 25)),
    ({"en": "Annual boiler service", "de": "Jährliche Heizungswartung", "fr": "Entretien annuel chaudière"}, (80, 160)),
]
VAT = {"en": [D("20")], "de": [D("19"), D("7")], "fr": [D("20"), D("10")]}

SHOP_ITEMS = {
    "en": [("Semi skimmed milk 2L", 1.45), ("Sourdough loaf", 2.60), ("Free range eggs x6", 2.10),
           ("Bananas loose", 0.95), ("Cheddar mature 400g", 3.75), ("Coffee beans 1kg", 11.99),
           ("Washing up liquid", 1.20), ("Chicken breast 500g", 4.80), ("Orange juice 1L", 1.85),
           ("Paracetamol 500mg x16", 0.79), ("Toothpaste", 2.25), ("Pasta fusilli 500g", 0.95)],
    "de": [("Vollmilch 3,5% 1L", 1.19), ("Bauernbrot", 2.79), ("Eier Freiland 10St", 3.29),
           ("Bananen", 1.49), ("Gouda jung", 2.19), ("Kaffee Bohnen 1kg", 12.99),
           ("Spülmittel", 0.95), ("Hähnchenbrust", 5.49), ("Apfelsaft 1L", 1.39),
           ("Butter 250g", 2.29), ("Zahnpasta", 1.95), ("Spaghetti 500g", 0.99)],
    "fr": [("Lait demi-écrémé 1L", 1.05), ("Baguette tradition", 1.30), ("Oeufs plein air x6", 2.45),
           ("Bananes", 1.69), ("Comté 250g", 4.20), ("Café grains 1kg", 13.50),
           ("Liquide vaisselle", 1.60), ("Poulet fermier", 8.90), ("Jus d'orange 1L", 2.15),
           ("Beurre doux 250g", 2.35), ("Dentifrice", 2.10), ("Pâtes penne 500g", 0.89)],
}
SHOPS = {"en": ["Greenway Foods Ltd", "Corner Pharmacy Ltd", "Harbour Deli", "Tesco Express"],
         "de": ["Frischmarkt Meyer GmbH", "Bio-Laden Sonnenblume e.K.", "REWE Markt GmbH",
                "Apotheke am Markt"],
         "fr": ["Épicerie du Marché SARL", "Pharmacie Centrale", "Carrefour City", "Boulangerie Dupont"]}

# Bank transaction descriptions: (text per language, sign, amount range)
TX = [
    ({"en": "CARD PAYMENT TESCO STORES 3451", "de": "Kartenzahlung REWE SAGT DANKE", "fr": "CB CARREFOUR CITY"}, -1, (5, 90)),
    ({"en": "DIRECT DEBIT BRITISH GAS", "de": "Lastschrift Stadtwerke Strom", "fr": "PRLV SEPA EDF"}, -1, (40, 160)),
    ({"en": "STANDING ORDER RENT", "de": "Dauerauftrag Miete", "fr": "VIR PERMANENT LOYER"}, -1, (650, 1400)),
    ({"en": "SALARY ACME LTD", "de": "Gehalt Firma Bergmann GmbH", "fr": "VIR SALAIRE SAS HELIOS"}, 1, (1800, 3900)),
    ({"en": "AMAZON MARKETPLACE", "de": "AMAZON EU S.A R.L.", "fr": "PAYPAL EUROPE"}, -1, (8, 120)),
    ({"en": "ATM WITHDRAWAL", "de": "Bargeldauszahlung GA", "fr": "RETRAIT DAB"}, -1, (20, 200)),
    ({"en": "TRANSFER FROM J SMITH", "de": "Gutschrift Überweisung", "fr": "VIR RECU M DUPONT"}, 1, (10, 400)),
    ({"en": "NETFLIX.COM", "de": "Spotify AB", "fr": "NETFLIX.COM"}, -1, (7, 18)),
    ({"en": "COUNCIL TAX", "de": "Rundfunkbeitrag", "fr": "PRLV IMPOTS TAXE HAB"}, -1, (18, 190)),
    ({"en": "REFUND ARGOS", "de": "Rückerstattung Zalando", "fr": "REMBOURSEMENT SNCF"}, 1, (10, 80)),
    ({"en": "INTEREST PAID", "de": "Zinsen", "fr": "INTERETS CREDITEURS"}, 1, (0.1, 5)),
    ({"en": "MOBILE VODAFONE", "de": "Telekom Deutschland", "fr": "PRLV FREE MOBILE"}, -1, (10, 45)),
]

# Lab tests: names per language, unit, low, high, decimals; bound-only ranges use low=None/high=None.
LAB_TESTS = [
    ({"en": "Haemoglobin", "de": "Hämoglobin", "fr": "Hémoglobine"}, "g/dL", D("12.0"), D("16.0"), 1),
    ({"en": "White cell count", "de": "Leukozyten", "fr": "Leucocytes"}, "10^9/L", D("4.0"), D("11.0"), 1),
    ({"en": "Platelets", "de": "Thrombozyten", "fr": "Plaquettes"}, "10^9/L", D("150"), D("400"), 0),
    ({"en": "Red cell count", "de": "Erythrozyten", "fr": "Hématies"}, "10^12/L", D("4.20"), D("5.90"), 2),
    ({"en": "Haematocrit", "de": "Hämatokrit", "fr": "Hématocrite"}, "%", D("36"), D("48"), 1),
    ({"en": "MCV", "de": "MCV", "fr": "VGM"}, "fL", D("80"), D("100"), 0),
    ({"en": "Sodium", "de": "Natrium", "fr": "Sodium"}, "mmol/L", D("135"), D("145"), 0),
    ({"en": "Potassium", "de": "Kalium", "fr": "Potassium"}, "mmol/L", D("3.5"), D("5.1"), 1),
    ({"en": "Creatinine", "de": "Kreatinin", "fr": "Créatinine"}, "µmol/L", D("62"), D("106"), 0),
    ({"en": "eGFR", "de": "eGFR (CKD-EPI)", "fr": "DFG estimé"}, "mL/min/1.73m2", D("60"), None, 0),
    ({"en": "Glucose, fasting", "de": "Glukose nüchtern", "fr": "Glycémie à jeun"}, "mmol/L", D("3.9"), D("5.6"), 1),
    ({"en": "HbA1c", "de": "HbA1c", "fr": "HbA1c"}, "mmol/mol", D("20"), D("42"), 0),
    ({"en": "Total cholesterol", "de": "Cholesterin gesamt", "fr": "Cholestérol total"}, "mmol/L", None, D("5.2"), 1),
    ({"en": "LDL cholesterol", "de": "LDL-Cholesterin", "fr": "LDL-cholestérol"}, "mmol/L", None, D("3.0"), 1),
    ({"en": "HDL cholesterol", "de": "HDL-Cholesterin", "fr": "HDL-cholestérol"}, "mmol/L", D("1.0"), None, 1),
    ({"en": "Triglycerides", "de": "Triglyceride", "fr": "Triglycérides"}, "mmol/L", None, D("1.7"), 1),
    ({"en": "ALT", "de": "GPT (ALT)", "fr": "ALAT (TGP)"}, "U/L", D("7"), D("56"), 0),
    ({"en": "AST", "de": "GOT (AST)", "fr": "ASAT (TGO)"}, "U/L", D("10"), D("40"), 0),
    ({"en": "Gamma GT", "de": "Gamma-GT", "fr": "Gamma-GT"}, "U/L", D("9"), D("48"), 0),
    ({"en": "Alkaline phosphatase", "de": "Alkalische Phosphatase", "fr": "Phosphatases alcalines"}, "U/L", D("40"), D("129"), 0),
    ({"en": "Bilirubin, total", "de": "Bilirubin gesamt", "fr": "Bilirubine totale"}, "µmol/L", D("3"), D("21"), 0),
    ({"en": "TSH", "de": "TSH basal", "fr": "TSH"}, "mIU/L", D("0.40"), D("4.00"), 2),
    ({"en": "Free T4", "de": "fT4", "fr": "T4 libre"}, "pmol/L", D("12.0"), D("22.0"), 1),
    ({"en": "C-reactive protein", "de": "CRP", "fr": "Protéine C réactive"}, "mg/L", None, D("5.0"), 1),
    ({"en": "Ferritin", "de": "Ferritin", "fr": "Ferritine"}, "µg/L", D("30"), D("400"), 0),
    ({"en": "Vitamin D (25-OH)", "de": "25-OH-Vitamin D", "fr": "Vitamine D (25-OH)"}, "nmol/L", D("75"), D("250"), 0),
    ({"en": "Urea", "de": "Harnstoff", "fr": "Urée"}, "mmol/L", D("2.5"), D("7.8"), 1),
    ({"en": "Uric acid", "de": "Harnsäure", "fr": "Acide urique"}, "µmol/L", D("200"), D("430"), 0),
    ({"en": "Vitamin B12", "de": "Vitamin B12", "fr": "Vitamine B12"}, "pmol/L", D("150"), D("600"), 0),
    ({"en": "INR", "de": "INR", "fr": "INR"}, "", D("0.8"), D("1.2"), 1),
    ({"en": "PSA", "de": "PSA gesamt", "fr": "PSA total"}, "ng/mL", None, D("4.0"), 2),
    ({"en": "Magnesium", "de": "Magnesium", "fr": "Magnésium"}, "mmol/L", D("0.70"), D("1.00"), 2),
]
LAB_PANELS = {
    "en": ["FULL BLOOD COUNT", "RENAL FUNCTION", "LIVER FUNCTION TESTS", "LIPID PROFILE", "ENDOCRINOLOGY"],
    "de": ["BLUTBILD", "NIERENWERTE", "LEBERWERTE", "FETTSTOFFWECHSEL", "SCHILDDRÜSE"],
    "fr": ["HÉMATOLOGIE", "BIOCHIMIE SANGUINE", "BILAN HÉPATIQUE", "BILAN LIPIDIQUE", "HORMONOLOGIE"],
}
LABS = {"en": ["Synnovis Pathology", "Eurofins Clinical Diagnostics", "City Hospital Pathology Dept",
               "Healthcare Diagnostics Laboratory"],
        "de": ["Labor Dr. Wisplinghoff", "MVZ Labor Limbach", "Synlab MVZ Berlin", "Labor Berlin"],
        "fr": ["Laboratoire Cerballiance", "Biogroup Laboratoire", "Laboratoire Bio Pôle",
               "LBM Eurofins Biomnis"]}

# Drugs: name per language, strengths (with unit), dose unit per language
DRUGS = [
    ({"en": "Metformin", "de": "Metformin", "fr": "Metformine"}, ["500 mg", "850 mg", "1000 mg"]),
    ({"en": "Lisinopril", "de": "Lisinopril", "fr": "Lisinopril"}, ["5 mg", "10 mg", "20 mg"]),
    ({"en": "Atorvastatin", "de": "Atorvastatin", "fr": "Atorvastatine"}, ["10 mg", "20 mg", "40 mg"]),
    ({"en": "Amlodipine", "de": "Amlodipin", "fr": "Amlodipine"}, ["5 mg", "10 mg"]),
    ({"en": "Levothyroxine", "de": "L-Thyroxin", "fr": "Lévothyroxine"}, ["50 mcg", "75 mcg", "100 mcg"]),
    ({"en": "Omeprazole", "de": "Omeprazol", "fr": "Oméprazole"}, ["20 mg", "40 mg"]),
    ({"en": "Ramipril", "de": "Ramipril", "fr": "Ramipril"}, ["2.5 mg", "5 mg", "10 mg"]),
    ({"en": "Bisoprolol", "de": "Bisoprolol", "fr": "Bisoprolol"}, ["2.5 mg", "5 mg", "10 mg"]),
    ({"en": "Apixaban", "de": "Apixaban", "fr": "Apixaban"}, ["2.5 mg", "5 mg"]),
    ({"en": "Ibuprofen", "de": "Ibuprofen", "fr": "Ibuprofène"}, ["200 mg", "400 mg", "600 mg"]),
    ({"en": "Paracetamol", "de": "Paracetamol", "fr": "Paracétamol"}, ["500 mg", "1 g"]),
    ({"en": "Amoxicillin", "de": "Amoxicillin", "fr": "Amoxicilline"}, ["500 mg", "1 g"]),
    ({"en": "Sertraline", "de": "Sertralin", "fr": "Sertraline"}, ["50 mg", "100 mg"]),
    ({"en": "Furosemide", "de": "Furosemid", "fr": "Furosémide"}, ["20 mg", "40 mg"]),
    ({"en": "Prednisolone", "de": "Prednisolon", "fr": "Prednisolone"}, ["5 mg", "20 mg"]),
    ({"en": "Clopidogrel", "de": "Clopidogrel", "fr": "Clopidogrel"}, ["75 mg"]),
    ({"en": "Losartan", "de": "Losartan", "fr": "Losartan"}, ["25 mg", "50 mg", "100 mg"]),
    ({"en": "Allopurinol", "de": "Allopurinol", "fr": "Allopurinol"}, ["100 mg", "300 mg"]),
    ({"en": "Tamsulosin", "de": "Tamsulosin", "fr": "Tamsulosine"}, ["0.4 mg"]),
    ({"en": "Gabapentin", "de": "Gabapentin", "fr": "Gabapentine"}, ["300 mg", "600 mg"]),
    ({"en": "Insulin glargine", "de": "Insulin glargin", "fr": "Insuline glargine"}, ["10 units", "20 units"]),
    ({"en": "Salbutamol", "de": "Salbutamol", "fr": "Salbutamol"}, ["100 mcg"]),
    ({"en": "Enoxaparin", "de": "Enoxaparin", "fr": "Énoxaparine"}, ["40 mg"]),
    ({"en": "Colecalciferol", "de": "Colecalciferol", "fr": "Cholécalciférol"}, ["1000 IU", "20000 IU"]),
    ({"en": "Pantoprazole", "de": "Pantoprazol", "fr": "Pantoprazole"}, ["20 mg", "40 mg"]),
    ({"en": "Simvastatin", "de": "Simvastatin", "fr": "Simvastatine"}, ["20 mg", "40 mg"]),
]
ROUTE_FOR = {"units": "sc", "Enoxaparin": "sc", "Salbutamol": "inh"}
ROUTES = {
    "en": {"po": ["PO", "by mouth", "oral", "orally"], "sc": ["SC", "subcutaneous", "subcut"],
           "inh": ["inhaled", "INH"]},
    "de": {"po": ["p.o.", "oral", "peroral"], "sc": ["s.c.", "subkutan"], "inh": ["inhalativ"]},
    "fr": {"po": ["per os", "voie orale", "orale"], "sc": ["SC", "sous-cutanée"], "inh": ["inhalée"]},
}
FREQS = {
    "en": ["once daily", "twice daily", "three times daily", "bid", "tid", "qd", "at night",
           "every 8 hours", "in the morning", "as needed", "BD", "OD", "q12h", "once a day"],
    "de": ["1-0-1", "1-0-0", "0-0-1", "1-1-1", "1-0-0-1", "1x täglich", "2x täglich",
           "3x täglich", "morgens", "abends", "bei Bedarf"],
    "fr": ["matin et soir", "le matin", "le soir", "1 fois par jour", "2 fois par jour",
           "3 fois par jour", "si besoin", "toutes les 8 heures", "1-0-1"],
}
FORMS = {"en": ["tablet", "tablets", "capsule", "tab"], "de": ["Tabl.", "Tablette", "Kapsel", "Filmtabl."],
         "fr": ["comprimé", "gélule", "cp"]}

DIAGNOSES = [
    {"en": "Community-acquired pneumonia", "de": "Ambulant erworbene Pneumonie", "fr": "Pneumopathie communautaire"},
    {"en": "Type 2 diabetes mellitus", "de": "Diabetes mellitus Typ 2", "fr": "Diabète de type 2"},
    {"en": "Acute exacerbation of COPD", "de": "Akute Exazerbation einer COPD", "fr": "Exacerbation aiguë de BPCO"},
    {"en": "Essential hypertension", "de": "Essentielle Hypertonie", "fr": "Hypertension artérielle essentielle"},
    {"en": "Atrial fibrillation", "de": "Vorhofflimmern", "fr": "Fibrillation atriale"},
    {"en": "Urinary tract infection", "de": "Harnwegsinfekt", "fr": "Infection urinaire"},
    {"en": "NSTEMI", "de": "NSTEMI", "fr": "Infarctus sans sus-décalage du segment ST"},
    {"en": "Cellulitis of the left leg", "de": "Erysipel linker Unterschenkel", "fr": "Érysipèle de la jambe gauche"},
    {"en": "Acute kidney injury", "de": "Akutes Nierenversagen", "fr": "Insuffisance rénale aiguë"},
    {"en": "Hypothyroidism", "de": "Hypothyreose", "fr": "Hypothyroïdie"},
    {"en": "Iron deficiency anaemia", "de": "Eisenmangelanämie", "fr": "Anémie ferriprive"},
    {"en": "Heart failure with reduced ejection fraction", "de": "Herzinsuffizienz mit reduzierter EF",
     "fr": "Insuffisance cardiaque à fraction d'éjection réduite"},
]
FOLLOW_UPS = {
    "en": ["GP review in 2 weeks", "Cardiology clinic in 6 weeks", "Repeat bloods in 1 week with GP",
           "Outpatient review in 3 months", "Diabetes nurse in 4 weeks"],
    "de": ["Kontrolle beim Hausarzt in 2 Wochen", "Wiedervorstellung in der Kardiologie in 6 Wochen",
           "Laborkontrolle in 1 Woche", "Ambulante Kontrolle in 3 Monaten"],
    "fr": ["Consultation chez le médecin traitant dans 2 semaines", "Revoir en cardiologie dans 6 semaines",
           "Bilan biologique de contrôle dans 1 semaine", "Consultation de suivi dans 3 mois"],
}
HOSPITALS = {"en": ["St Mary's Hospital NHS Trust", "Royal Infirmary", "Northfield General Hospital"],
             "de": ["Klinikum Nord", "Universitätsklinikum Freiburg", "St. Josef Krankenhaus"],
             "fr": ["CHU de Lyon", "Hôpital Saint-Louis", "Clinique du Parc"]}
