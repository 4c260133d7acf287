"""Accents, umlauts and ß the recogniser loses on European print, put back with the word list in
the page's languages (desktop_app/ingestion/lexicon.py) — and what must stay as printed:
English words, words correct without accents, capitals, codes, amounts, web addresses."""
from __future__ import annotations

import pytest

from desktop_app.ingestion.lexicon import LANGUAGES, page_languages, repair, restore_accents

GERMAN = ("Laborbefund Patient Geburtsdatum Anschrift Einsender Ergebnis Einheit "
          "Referenzbereich Befund Hausarzt")
FRENCH = ("Compte rendu d'analyses medicales, resultats, prelevement, laboratoire, prescripteur, "
          "adresse, biologiste, valeurs de reference")
ENGLISH = "Laboratory report Patient Address Requested by Result Units Reference range"


def _restored(line: str, context: str) -> str:
    return restore_accents([context, line])[1]


@pytest.mark.parametrize("read,printed", [
    ("Jurgen Schroder", "Jürgen Schröder"),
    ("Muller", "Müller"),
    ("Uberweisung fur", "Überweisung für"),
    ("erhohtes Prufung Gebuhr", "erhöhtes Prüfung Gebühr"),
    # letters some fonts' accents take with them
    ("Jrgen Schrder", "Jürgen Schröder"),
    ("vollstndig Auffllige", "vollständig Auffällige"),
    ("Hauptstrae 54", "Hauptstraße 54"),
    ("Schillerstrae", "Schillerstraße"),
    ("Hauptstrae54,10115", "Hauptstraße54,10115"),
])
def test_german(read: str, printed: str) -> None:
    assert _restored(read, GERMAN) == printed


@pytest.mark.parametrize("read,printed", [
    ("Amelie Lefevre", "Amélie Lefèvre"),
    ("12 decembre 2024, 3 aout", "12 décembre 2024, 3 août"),
    ("Medecin generaliste", "Médecin généraliste"),
    ("Preleve le", "Prélevé le"),
    ("demi-ecreme", "demi-ecreme"),  # 'écrémé' is not in the list: left as read
])
def test_french(read: str, printed: str) -> None:
    assert _restored(read, FRENCH) == printed


@pytest.mark.parametrize("text", [
    # English words that are other languages' words with accents
    "cafe", "manner", "debut", "ate", "resume", "grace", "Andre", "Jose",
    # words right without accents, or ambiguous ('Ines' on a French page may become 'Inès')
    "Cote", "marche",
    # capitals: till rolls and forms often print them without accents
    "RIVIERE", "CREME BRULEE", "IMPOTS",
    # codes, amounts, units, addresses
    "INV-2024-0469", "3.415,71", "mmol/L", "www.ecole.fr", "info@cafe.fr",
])
def test_left_alone(text: str) -> None:
    assert _restored(text, ENGLISH) == text


@pytest.mark.parametrize("text", ["Cote", "RIVIERE", "IMPOTS", "3.415,71", "www.ecole.fr"])
def test_left_alone_on_a_french_page(text: str) -> None:
    assert _restored(text, FRENCH) == text


def test_a_page_that_lost_its_accents_gets_the_common_accented_spelling() -> None:
    lost = "Compte rendu, medecin traitant, Insuffisance renale aigue"
    assert _restored("Laboratoire Bio Pole, controle, Dr Chloe Thomas", lost) == (
        "Laboratoire Bio Pôle, contrôle, Dr Chloé Thomas")
    # not on an English page, whatever it lost
    assert _restored("Chloe Andre cafe", ENGLISH + " Schroder, Jurgen") == "Chloe Andre cafe"
    # nor on a German one, where both spellings are often words ('printed out', 'expressed')
    german_lost = GERMAN + " Jurgen Schroder, Uberweisung"
    assert _restored("ausgedruckt von, konnte, drucken", german_lost) == (
        "ausgedruckt von, konnte, drucken")


def test_ines_stays_on_an_english_page() -> None:
    assert _restored("Dr Ines Durand", ENGLISH) == "Dr Ines Durand"


def test_a_malay_page_gets_no_french_accents() -> None:
    receipt = ["SYARIKAT PERNIAGAAN", "JALAN TAMAN BANDAR", "TERIMA KASIH", "Salee Dete BABAS"]
    assert restore_accents(receipt) == receipt


def test_page_languages() -> None:
    def names(texts: list[str]) -> set[str]:
        mask = page_languages(texts)
        return {lang for bit, lang in enumerate(LANGUAGES) if mask >> bit & 1}
    assert "de" in names([GERMAN]) and "en" not in names([GERMAN])
    assert "fr" in names([FRENCH])
    assert "en" in names([ENGLISH]) and "fr" not in names([ENGLISH])
    assert page_languages(["12.50 31/01/2024"]) == 0


def test_without_a_page_language_only_plain_non_words_change() -> None:
    assert restore_accents(["Schroder 12.50"]) == ["Schröder 12.50"]
    assert restore_accents(["cafe"]) == ["cafe"]


@pytest.mark.parametrize("read,printed", [
    ("HauptstraBe 54", "Hauptstraße 54"),
    ("StraBe", "Straße"),
    ("GroBe", "GroBe"),  # 'grobe' is a word: no change
    ("eBay", "eBay"), ("iBook", "iBook"), ("ClubB", "ClubB"), ("SUB", "SUB"), ("BBQ", "BBQ"),
])
def test_sharp_s_read_as_b(read: str, printed: str) -> None:
    assert repair(read) == printed


@pytest.mark.parametrize("read,printed", [
    ("Anatyse", "Analyse"), ("Emptoyee:", "Employee:"), ("annuelte", "annuelle"),
    ("Ursuta", "Ursula"), ("echantilton", "echantillon"),
])
def test_l_read_as_t(read: str, printed: str) -> None:
    assert repair(read) == printed


@pytest.mark.parametrize("text", ["Total", "Hotel", "Motto", "Tante", "Mittel", "Stadt",
                                  "Tatsache", "Cattle", "Settle", "Attest", "Butter"])
def test_words_with_t_stay(text: str) -> None:
    assert repair(text) == text


def test_misread_legal_forms_and_bracketed_abbreviations() -> None:
    from desktop_app.ingestion.lexicon import legal_forms

    assert legal_forms("SUPER SEVEN CASH & CARRY SDN 3HD") == "SUPER SEVEN CASH & CARRY SDN BHD"
    assert legal_forms("DIGI TELECOMMUNICATIONS SDN EHD") == "DIGI TELECOMMUNICATIONS SDN BHD"
    assert legal_forms("ENTERPRISE (SETIA ALAM) SEN BHD") == "ENTERPRISE (SETIA ALAM) SDN BHD"
    assert legal_forms("SEAFOOD RESTAURANT SDN B H") == "SEAFOOD RESTAURANT SDN BHD"
    assert legal_forms("99 SPEED MART S/D") == "99 SPEED MART S/B"
    assert legal_forms("GARDENIA BAKERIES(KL.) SDN BHD") == "GARDENIA BAKERIES (KL) SDN BHD"
    # what must stay: a plural marker, a phone code, a legal form read right, other words
    for text in ("ITEM(S)", "Tel (03) 1234 5678", "POPULAR BOOK CO. (M) SDN BHD", "SENDER BHD RD", "S/D 12",
                 "TAX(RM)"):
        assert legal_forms(text) == text


def test_an_umlaut_read_as_a_slashed_o_is_put_back() -> None:
    """The recogniser reads an umlaut it is unsure of as 'ø': the page's word with an accented
    letter in that place; a word that is none ('prøvesvar') or has no such twin stays."""
    lines = ["Patientin: Käthe Brøckmann", "Der Befund ist vollstøndig, Werte unauffällig",
             "Dr. Jørgen Weber", "prøvesvar"]
    assert restore_accents(lines) == ["Patientin: Käthe Brøckmann", "Der Befund ist vollständig, Werte unauffällig",
                                      "Dr. Jürgen Weber", "prøvesvar"]


@pytest.mark.parametrize("lines, restored", [
    (["Informe de laboratorio", "Triglicridos 150 mg/dL", "Resultado de los análisis del paciente"],
     "Triglicéridos 150 mg/dL"),
    (["Laborbefund", "Hmatokrit 40 %", "Befund und Beurteilung der Werte"], "Hämatokrit 40 %"),
    (["Compte rendu de biologie", "Furosmide 40 mg, 1 comprim le matin", "Résultats du patient"],
     "Furosémide 40 mg, 1 comprimé le matin"),
])
def test_medical_words_the_general_list_lacks_get_their_accents_back(lines: list[str], restored: str) -> None:
    """resources/ocr/terms.txt: test and drug names too rare for the general word list."""
    assert restore_accents(lines)[1] == restored


def test_the_term_list_adds_words_and_languages() -> None:
    from desktop_app.core.words import LANGUAGES, TERM_ZIPF, word_list

    words, langs = word_list()
    assert words["créatinine"] >= TERM_ZIPF and langs["créatinine"] & 1 << LANGUAGES.index("fr")
    assert words["leucocitos"] >= TERM_ZIPF and langs["leucocitos"] & 1 << LANGUAGES.index("es")
    assert words["the"] > 7  # the general list's frequencies stay
