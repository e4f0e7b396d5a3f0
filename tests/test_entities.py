"""Entities: values of money and dates, names in base form with roles, linking, gold evaluation."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tool.document import AnalyzedDocument, Entity
from corpus_tool.entities.evaluate import read_gold, score
from corpus_tool.entities.linking import Mention, link, read_aliases
from corpus_tool.entities.names import NameLexicon
from corpus_tool.entities.values import parse_date, parse_money

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold" / "entities.jsonl"


@pytest.mark.parametrize("text, expected", [
    ("300 000 €", (300000, "EUR")), ("17 100e", (17100, "EUR")), ("2milj.e", (2000000, "EUR")),
    ("850 000 euroa", (850000, "EUR")), ("150.000 euron", (150000, "EUR")), ("noin 700 000€", (700000, "EUR")),
    ("1,5 milj. euroa", (1500000, "EUR")), ("40 tuhatta euroa", (40000, "EUR")), ("20 000 mk", (20000, "FIM")),
    ("12 %", None), ("179 000 asukasta", None),
])
def test_money_values(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("3.12.2012", "2012-12-03"), ("maanantai 3.12.2012", "2012-12-03"), ("11/2012", "2012-11"),
    ("Joulukuussa 2012", "2012-12"), ("syksyllä 2013", "2013"), ("2013–2014", "2013/2014"),
    ("1.4.2013–31.10.2015", "2013-04-01/2015-10-31"), ("11/2012- 10/2015", "2012-11/2015-10"),
    ("8.2.", "2012-02-08"),                      # the year of the document's date
    ("viikolla 20", "2012-W20"), ("vko 3/2013", "2013-W03"), ("viikko 54", None),     # ISO weeks
    ("syys- ja lokakuussa 2013", "2013-09/2013-10"), ("tammi–helmikuussa", "2012-01/2012-02"),   # two months
    ("18.9.2014 12.2.2015", "2014-09-18/2015-02-12"), ("2012 2016", "2012/2016"),   # a range whose dash was lost
    ("12.2.2015 18.9.2014", None), ("2012 2031", None),
    ("11.–12.11.2014", "2014-11-11/2014-11-12"), ("1.-2.10.", "2012-10-01/2012-10-02"),   # days of one month
    ("12.–11.11.2014", None), ("29-4-2008", "2008-04-29"),
    ("touko-, kesä- ja elokuussa 2022", "2022-05/2022-08"), ("helmi-, huhti-, kesä- ja syyskuussa", "2012-02/2012-09"),
    ("elo-, kesä- ja toukokuussa 2021", None),   # months listed first to last
    ("1–3/2019", "2019-01/2019-03"), ("9-12/2019", "2019-09/2019-12"), ("12–3/2019", None),   # schedule tables
    ("1990-luvulla", "1990/1999"), ("2000 luvun", "2000/2009"), ("1995-luvulla", None),       # decades
    ("14.30", None), ("maanantaina", None), ("31.2.2013", None),
])
def test_dates_in_iso_8601(text, expected):
    assert parse_date(text, "2012-12-03") == expected


def test_an_amount_the_tokenizer_split_at_its_thousands_is_one_amount(pipeline):
    text = "Kuntayhtymän osuus on 132 482 euroa ja kokonaiskustannukset 529 000 euroa."
    assert norms(pipeline, text, "MONEY") == {"132482 EUR", "529000 EUR"}


def test_days_of_one_month_and_a_list_of_months_are_ranges_in_running_text(pipeline):
    text = ("Koulutuspäivät pidettiin 11.-12.11.2014 Rovaniemellä ja jatkopäivät 5. – 6.6.2015 Oulussa. "
            "Kello 14-16 oli kahvitauko. Työpajat pidettiin touko-, kesä- ja elokuussa 2016.")
    assert norms(pipeline, text, "DATE") == {"2014-11-11/2014-11-12", "2015-06-05/2015-06-06", "2016-05/2016-08"}


def test_decades_and_months_of_a_schedule_table_are_date_ranges(pipeline):
    text = ("Sijoitukset lisääntyivät 1990 luvun lopulla ja 2000-luvulla.\n"
            "Ajankohta Toimenpide\n1–3/2019 Rekrytointi 4–6/2019 Ryhmien käynnistys")
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    dates = sorted(e.norm for e in doc.entities if e.type == "DATE")
    assert dates == ["1990/1999", "2000/2009", "2019-01/2019-03", "2019-04/2019-06"]


def test_a_meeting_number_is_no_month(pipeline):
    text = ("PERHEPALVELUJEN OHJAUSRYHMÄN KOKOUS 4/2015\n\nKokouksen 3/2015 muistio hyväksyttiin. "
            "Väliraportti lähetettiin rahoittajalle 9/2015, ja loppuraportti valmistuu 12/2016.")
    assert norms(pipeline, text, "DATE") == {"2015-09", "2016-12"}


def test_months_listed_before_a_year_each_take_that_year(pipeline):
    text = "Työpajat toteutuivat toukokuussa, elokuussa ja syyskuussa 2017. Seminaarit olivat maalis- ja huhtikuussa."
    doc = pipeline([AnalyzedDocument(id="t", text=text, meta={"document_date": "2018-01-15"})])[0]
    dates = [(e.text, e.norm) for e in doc.entities if e.type == "DATE"]
    assert dates[:3] == [("toukokuussa", "2017-05"), ("elokuussa", "2017-08"), ("syyskuussa 2017", "2017-09")]
    assert ("maalis- ja huhtikuussa", "2018-03/2018-04") in dates       # no year: the document's
    assert all(set(e.extra) <= {"role", "value", "currency"} for e in doc.entities)


def test_a_day_without_a_year_needs_the_document_date():
    assert parse_date("8.2.") is None


@pytest.fixture(scope="module")
def memo(pipeline):
    text = ("Kehitysjohtaja Arto Rautajoen mukaan hankkeen kokonaisbudjetti on 300 000 € ja SONet BOTNIAn "
            "omarahoitusosuus 17 100e. THL:n ja Vaasan kaupungin edustajat osallistuivat. Hanke toteutetaan "
            "1.4.2013–31.10.2015. Seuraava kokous pidetään 8.2. klo 14.30 ja loppuseminaari syksyllä 2013.")
    doc = AnalyzedDocument(id="memo", text=text, meta={"document_date": "2012-12-03"})
    return pipeline([doc])[0]


def found(doc, kind):
    return [(e.text, e.norm) for e in doc.entities if e.type == kind]


def norms(pipeline, text, kind):
    """The normalised values of one type of entity that analysis finds in ``text``."""
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    return {e.norm for e in doc.entities if e.type == kind}


def test_analysis_gives_normalised_entities(memo):
    assert ("Arto Rautajoen", "Arto Rautajoki") in found(memo, "PERSON")
    person = next(e for e in memo.entities if e.norm == "Arto Rautajoki")
    assert person.extra["role"] == "kehitysjohtaja"
    orgs = dict(found(memo, "ORG"))
    assert orgs.get("SONet BOTNIAn") == "SONet BOTNIA" and orgs.get("THL:n") == "THL"
    money = {e.text: (e.extra["value"], e.extra["currency"]) for e in memo.entities if e.type == "MONEY"}
    assert money == {"300 000 €": (300000, "EUR"), "17 100e": (17100, "EUR")}
    dates = dict(found(memo, "DATE"))
    assert dates["1.4.2013–31.10.2015"] == "2013-04-01/2015-10-31"
    assert dates["8.2."] == "2012-02-08" and dates["syksyllä 2013"] == "2013"
    assert not any("14.30" in text for text in dates)          # a clock time is not a date


def test_public_bodies_found_by_their_shape(pipeline):
    # a place in the genitive + the head noun of a public body, inflected; a named unit
    text = ("Hankkeen hallinnoijana toimii Kuopion kaupunki. Sopimus allekirjoitettiin Pohjois-Savon "
            "sosiaali- ja terveyspalvelujen kuntayhtymän kanssa, ja mukana on myös Etelä- Savon "
            "sairaanhoitopiiri. Työtä koordinoi KUVA-verkosto. Kuopion kunnat eivät osallistuneet.")
    orgs = norms(pipeline, text, "ORG")
    assert {"Kuopion kaupunki", "Pohjois-Savon sosiaali- ja terveyspalvelujen kuntayhtymä",
            "Etelä-Savon sairaanhoitopiiri", "KUVA-verkosto"} <= orgs
    # municipalities in the plural are no organisation
    assert not any(norm.endswith(("kunnat", " kunta")) for norm in orgs)


def test_joint_municipal_authorities_by_their_head_word(pipeline):
    # a capitalised genitive + a compound of kuntayhtymä or sairaanhoitopiiri names a
    # public body even when the first word is no place Voikko knows
    text = ("Mukana ovat Suupohjan liikelaitoskuntayhtymä ja Kuusiokuntien sosiaali- ja terveyskuntayhtymä. "
            "Kuntayhtymien kesken ei sovittu mitään.")
    orgs = norms(pipeline, text, "ORG")
    assert {"Suupohjan liikelaitoskuntayhtymä", "Kuusiokuntien sosiaali- ja terveyskuntayhtymä"} <= orgs
    assert not any(norm.lower().startswith("kuntayhtym") for norm in orgs)


def test_a_head_noun_and_the_name_after_it_are_one_organisation(pipeline):
    text = ("Peruspalvelukuntayhtymä Kallion alueella toimii perhekeskus. Hankkeessa on mukana Kokkolan "
            "yliopistokeskus Chydeniuksen henkilöstöä.\nVaasan kaupunki Matti Virtanen")
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    found = {(e.type, e.norm) for e in doc.entities}
    assert {("ORG", "Peruspalvelukuntayhtymä Kallio"), ("ORG", "Kokkolan yliopistokeskus Chydenius")} <= found
    assert ("PERSON", "Kallio") not in found
    # in an attendee table the person after the organisation stays a person
    assert {("ORG", "Vaasan kaupunki"), ("PERSON", "Matti Virtanen")} <= found


def test_headings_and_words_glued_from_tables_are_not_part_of_names():
    from corpus_tool.entities.names import clean_names
    names = NameLexicon.default()

    def cleaned(kind, span):
        return [(e.type, e.text) for e in clean_names([Entity(kind, span, 0, len(span))], span, [], names)]

    # a heading in capitals is no organisation; acronyms in capitals are
    assert cleaned("ORG", "PERHEIDEN PALVELUT") == []
    assert cleaned("ORG", "THL STM") == [("ORG", "THL STM")]
    assert cleaned("ORG", "ARVIOINTI") == [] and cleaned("ORG", "KELA") == [("ORG", "KELA")]
    # a table's label, numbers and units are not part of the names around them
    assert cleaned("PERSON", "VASTUUHENKILÖ: Miia Luokkanen") == [("PERSON", "Miia Luokkanen")]
    assert cleaned("ORG", "Ylitornio 7,9%") == [("ORG", "Ylitornio")]
    assert cleaned("ORG", "SOS 2000 ry") == [("ORG", "SOS 2000 ry")]
    # a table glued a common word after the name, or a place before the person
    assert cleaned("PERSON", "Arja Meltaus Seudullinen") == [("PERSON", "Arja Meltaus")]
    assert cleaned("PERSON", "Torniosta Kaisu Vinkki") == [("PERSON", "Kaisu Vinkki")]
    assert cleaned("PERSON", "Hanne Kalmari PsL") == [("PERSON", "Hanne Kalmari")]       # a degree after the name
    assert cleaned("ORG", "Lapin liitto Arki") == [("ORG", "Lapin liitto")]
    assert cleaned("ORG", "Sosiaalipedagogiikan Säätiö") == [("ORG", "Sosiaalipedagogiikan Säätiö")]
    # words that cannot be a person's name, or a place and a common word, are no person
    assert cleaned("PERSON", "Pelastakaa Lapset") == []
    assert cleaned("PERSON", "Länsi-Pohjan Harava") == []
    assert cleaned("PERSON", "Varpu Rajaniemi") == [("PERSON", "Varpu Rajaniemi")]    # common nouns, yet a name
    # an organisation of common words alone that names no institution is a heading's words
    assert cleaned("ORG", "Toimintaympäristö Taustaa Kehittämiskohde") == []
    assert cleaned("ORG", "Sosiaalityön tutkimuksen seura") == [("ORG", "Sosiaalityön tutkimuksen seura")]


def test_persons_the_words_do_not_support_are_left_out():
    from corpus_tool.entities.names import unsupported_single_names
    names = NameLexicon.default()
    persons = [Entity("PERSON", w, 0, len(w), norm=n) for w, n in [
        ("Lanun", "Lanu"), ("LP-työ", "LP-työ"), ("Veturointi-toimija", "Veturointi-toimija"),   # no names
        ("Ay", "Ay"),                                                    # known only as an abbreviation
        ("Virtasen", "Virtanen"), ("Anna-Mari", "Anna-Mari"),            # names Voikko knows
        ("Barkholt", "Barkholt"), ("Inge-Brit Barkholt", "Inge-Brit Barkholt")]]  # a surname of a full name
    kept = [e.text for e in unsupported_single_names(persons, names)]
    assert kept == ["Virtasen", "Anna-Mari", "Barkholt", "Inge-Brit Barkholt"]


def test_short_names_of_joint_authorities_and_bodies_finnish_writes_in_lower_case(pipeline):
    text = ("Siun soten ja Essoten edustajat kokoontuivat Joensuussa. Aloite lähetettiin eduskunnalle ja "
            "sosiaali- ja terveysministeriölle. Valtioneuvoston asetus tuli voimaan.")
    assert {"Siun sote", "Essote", "eduskunta", "sosiaali- ja terveysministeriö",
            "Valtioneuvosto"} <= norms(pipeline, text, "ORG")


def test_a_unit_type_and_its_name_are_one_organisation_but_a_person_after_the_type_is_no_name(pipeline):
    text = ("Lapsia sijoitettiin Lapsi- ja nuorisokoti Vilpolaan ja ammattiopisto Kainuun opiskelijat olivat mukana. "
            "Paikalla olivat perhetyöntekijä, kuntayhtymä Helena Kurki ja projektisihteeri.")
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    found = {(e.type, e.norm) for e in doc.entities}
    assert ("ORG", "Lapsi- ja nuorisokoti Vilpola") in found
    assert ("PERSON", "Helena Kurki") in found
    assert not any(kind == "ORG" and "Helena" in norm for kind, norm in found)


def test_a_surname_in_nen_is_no_genitive_and_ja_joins_two_names_not_one(pipeline):
    text = ("Läsnä olivat johtaja Pekka Rautiainen ja Pohjois-Savon sairaanhoitopiirin edustaja. "
            "Hanketta rahoittivat Kelan ja Mielenterveysseuran avustukset. Länsi-Suomen lääninhallitus "
            "valvoi työtä Etelä-Karjalan sosiaali- ja terveyspiirin alueella.")
    orgs = norms(pipeline, text, "ORG")
    assert {"Pohjois-Savon sairaanhoitopiiri", "Kela", "Länsi-Suomen lääninhallitus",
            "Etelä-Karjalan sosiaali- ja terveyspiiri"} <= orgs
    assert not any("Rautiainen" in norm or norm.startswith("Kelan") for norm in orgs)


def test_budget_table_amounts_take_the_currency_of_their_column_header():
    from corpus_tool.entities.budget_tables import header_currency_amounts

    table = ("Menot\tArvio 2016 (€)\tToteutunut 2016 (€)\nPalkat\t212 000\t208 450\nVuokrat 18 000 17 250\n"
             "Yhteensä 230 000 225 700\n\nOsallistujia oli 2 300 ja kuntia 12.")
    assert [e.extra["value"] for e in header_currency_amounts(table)] == [212000, 208450, 18000, 17250,
                                                                         230000, 225700]
    thousands = "Talous (1 000 €)\tTA 2023\tTP 2023\nTuotot\t12 400\t12 950\nOsuus\t45 %\t44 %\n"
    assert [e.norm for e in header_currency_amounts(thousands)] == ["12400000 EUR", "12950000 EUR"]
    # a lone number after a unit in prose, years, percentages and counts are no amounts
    prose = "Kustannukset (€) jaetaan kunnille. Vuonna 2015 mukana oli 14 kuntaa ja 3 200 asiakasta."
    assert header_currency_amounts(prose) == []


def test_shares_and_counts_in_prose_right_after_a_budget_table_are_no_amounts():
    from corpus_tool.entities.budget_tables import header_currency_amounts

    table = ("Kustannuslaji Budjetti (€) Toteuma (€)\nHenkilöstökulut 1 020 000 984 600\nPäivärahat 8 000 7 450\n"
             "Yhteensä 1 028 000 992 050\nSTM:n valtionavustus kattoi 95 prosenttia kustannuksista ja kuntien "
             "omarahoitusosuus 5 prosenttia. Ryhmä kokoontui 12 kertaa.")
    assert [e.extra["value"] for e in header_currency_amounts(table)] == [1020000, 984600, 8000, 7450,
                                                                         1028000, 992050]


def test_the_year_of_a_budget_header_is_no_amount(pipeline):
    text = "Tulot ja menot 2019 Euroa\nValtionavustus 145 600\nKuntien osuus 48 500\n"
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    money = sorted(e.extra["value"] for e in doc.entities if e.type == "MONEY")
    assert money == [48500, 145600]


def test_a_gazetteer_name_the_ner_ran_into_splits_its_span(pipeline):
    from corpus_tool.components.entities import merge

    ner = [Entity("ORG", "Suomen Vanhustyön Säätiö Raha-automaattiyhdistys", 20, 68)]
    exact = [Entity("ORG", "Raha-automaattiyhdistys", 45, 68, source="rule:gazetteer")]
    assert [(e.text, e.start) for e in merge(ner, exact)] == [("Suomen Vanhustyön Säätiö", 20),
                                                              ("Raha-automaattiyhdistys", 45)]
    text = "Hanketta tukivat Kehitysvammaisten Palvelusäätiö Raha-automaattiyhdistys ja Kemin A-klinikka."
    assert {"Raha-automaattiyhdistys", "Kemin A-klinikka"} <= norms(pipeline, text, "ORG")


def test_a_unit_type_before_a_place_is_no_name(pipeline):
    text = "Asiakkaat ohjattiin palvelukeskus Oulussa sijaitsevaan toimipisteeseen ja Päiväkeskus Pihlajaan."
    orgs = norms(pipeline, text, "ORG")
    assert not any("Oulu" in norm for norm in orgs)


def test_municipalities_in_an_attendee_column_or_before_kaupungit_are_organisations(pipeline):
    text = ("Saapuvilla Aila Virtanen puheenjohtaja Iisalmi Pekka Huttunen jäsen Kainuu Timo Heikkinen jäsen Sotkamo\n"
            "Hanketta rahoittivat Kuopion, Siilinjärven ja Iisalmen kaupungit. Perheet asuivat Kuopiossa.")
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    found = {(e.type, e.norm) for e in doc.entities}
    assert {("ORG", "Iisalmi"), ("ORG", "Sotkamo"), ("ORG", "Kuopio"), ("ORG", "Siilinjärvi")} <= found
    # a region stays a place; a town in running text stays a place
    assert ("ORG", "Kainuu") not in found
    assert not any(e.type == "ORG" and e.text == "Kuopiossa" for e in doc.entities)


def test_committees_of_parliament_and_municipalities_are_one_organisation(pipeline):
    text = ("Järjestöt veivät vetoomuksensa eduskunnan sosiaali- ja terveysvaliokuntaan. "
            "Hanke esiteltiin Oulun kaupungin hyvinvointilautakunnalle ja kunnan perusturvalautakunnalle.")
    orgs = norms(pipeline, text, "ORG")
    assert {"eduskunnan sosiaali- ja terveysvaliokunta", "Oulun kaupungin hyvinvointilautakunta"} <= orgs
    # parliament is not a second organisation inside its committee's name
    assert "eduskunta" not in orgs
    # "the municipality's board" names no particular body
    assert not any(norm.startswith("kunnan") for norm in orgs)


def test_a_place_the_tagger_calls_a_common_noun_still_heads_a_public_body():
    from corpus_tool.document import Sentence, Token
    from corpus_tool.entities.names import NameLexicon
    from corpus_tool.entities.rules import RuleMatcher, load_rules

    def tagged(text, tags):
        tokens, at = [], 0
        for word, (lemma, upos, feats) in zip(text.split(), tags):
            at = text.index(word, at)
            tokens.append(Token(word, at, at + len(word), lemma, upos, feats))
            at += len(word)
        return AnalyzedDocument(id="t", text=text, sentences=[Sentence(0, len(text), tokens)])

    matcher = RuleMatcher(load_rules(), is_place=NameLexicon.default().place)
    # the tagger's error: a sentence-initial place name read as a common noun
    doc = tagged("Seinäjoen kaupunki esittää", [("seinäjoki", "NOUN", "Case=Gen|Number=Sing"),
                                                ("kaupunki", "NOUN", "Case=Nom|Number=Sing"), ("esittää", "VERB", None)])
    assert [(e.text, e.source) for e in matcher.find(doc)] == [("Seinäjoen kaupunki", "rule:org_place_head_noun")]
    # a common noun in the same place is no name ("the municipality's social services")
    doc = tagged("Kunnan sosiaalitoimi vastaa", [("kunta", "NOUN", "Case=Gen|Number=Sing"),
                                                 ("sosiaalitoimi", "NOUN", "Case=Nom|Number=Sing"), ("vastata", "VERB", None)])
    assert matcher.find(doc) == []


def test_registered_associations_and_unions_by_their_names(pipeline):
    text = ("Koulutus järjestetään yhdessä Lastensuojelun Keskusliitto ry:n ja Kehitysvammaliiton kanssa.\n"
            "Osallistujat\nPohjanmaa\nVaasan Ammattikorkeakoulu Oy")
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    orgs = {e.norm for e in doc.entities if e.type == "ORG"}
    assert {"Lastensuojelun Keskusliitto ry", "Kehitysvammaliitto"} <= orgs
    # a name does not run on over a line break
    assert not any("\n" in e.text for e in doc.entities if e.type == "ORG")


def test_ner_types_corrected_by_the_words():
    from corpus_tool.entities.names import NameLexicon, retyped
    names = NameLexicon.default()
    # a first name Voikko knows + name-shaped words: a person, whatever the NER said
    assert retyped(Entity("ORG", "Yvonne Lindqvist", 0, 16), names) == "PERSON"
    # an organisation's head word: an organisation
    assert retyped(Entity("PERSON", "Kuntayhtymä Selänne", 0, 19), names) == "ORG"
    assert retyped(Entity("PERSON", "Muistiyhdistys Aivoitus", 0, 23), names) == "ORG"
    # a "person" that is a place (and has no first name) is a place
    assert retyped(Entity("PERSON", "Itä-Suomi", 0, 9), names) == "GPE"
    assert retyped(Entity("PERSON", "Matti Turku", 0, 11), names) == "PERSON"
    # a first name before a place or a common word is left to the NER
    assert retyped(Entity("ORG", "Peter Tampere", 0, 13), names) == "ORG"
    assert retyped(Entity("ORG", "Pesäpuu ry", 0, 10), names) == "ORG"


def test_projects_and_their_phases_are_no_persons():
    from corpus_tool.entities.names import clean_names
    text = "Kaste-hankkeet ja Kaste II sekä Aino Virtanen"
    ner = [Entity("PERSON", "Kaste-hankkeet", 0, 14), Entity("PERSON", "Kaste II", 18, 26),
           Entity("PERSON", "Aino Virtanen", 32, 45)]
    assert [e.text for e in clean_names(ner, text, [])] == ["Aino Virtanen"]


def test_file_names_and_agenda_numbers_are_not_names():
    from corpus_tool.entities.names import clean_names
    text = "Liite: Ohjelma_kevat_2021.pdf\n2: Vammaispalvelut ja Kehitysvammaliitto"
    ner = [Entity("ORG", "Ohjelma_kevat_2021.pdf", 7, 29), Entity("ORG", "2: Vammaispalvelut", 30, 48)]
    # the file is no organisation; "2: Vammaispalvelut" loses its number and then is a common word
    assert clean_names(ner, text, [], NameLexicon.default()) == []


def _ner_spans(text: str, spans: list[str]) -> list[Entity]:
    """Organisations as the NER gave them: each span at its first occurrence in ``text``."""
    return [Entity("ORG", w, text.index(w), text.index(w) + len(w)) for w in spans]


def test_one_word_institutions_stay_organisations_but_common_words_go():
    from corpus_tool.entities.names import clean_names
    text = ("Asiasta neuvoteltiin oikeusministeriön kanssa. Eduskunnan päätös ja Perusturvakeskus. "
            "Pöytäkirja hyväksyttiin.")
    spans = ["oikeusministeriön", "Eduskunnan", "Perusturvakeskus", "Pöytäkirja"]
    ner = _ner_spans(text, spans)
    kept = [e.text for e in clean_names(ner, text, [], NameLexicon.default())]
    # ministries and parliament are written as common nouns, often in lower case; a
    # capitalised "Pöytäkirja" (minutes) at the start of a sentence is no organisation
    assert kept == ["oikeusministeriön", "Eduskunnan", "Perusturvakeskus"]


def test_a_surname_is_read_in_the_singular(pipeline):
    # "Saarista", "Niemistä", "Järvistä": the partitive of a -nen surname reads like the
    # plural elative of a noun ("from islands"); a person's name is singular
    text = "Kokoukseen kutsuttiin tulosaluejohtaja Anneli Saarista sekä Pekka Niemistä ja Liisa Järvistä."
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    persons = {e.text: e.norm for e in doc.entities if e.type == "PERSON"}
    assert persons == {"Anneli Saarista": "Anneli Saarinen", "Pekka Niemistä": "Pekka Nieminen",
                       "Liisa Järvistä": "Liisa Järvinen"}


def test_an_unknown_surname_in_a_local_case_gets_its_base_form(pipeline):
    text = "Lisätietoja antaa koordinaattori Hanne Hangasmäkelälle. Hangasmäkelä vastaa myös ilmoittautumisista."
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    persons = [(e.text, e.norm) for e in doc.entities if e.type == "PERSON"]
    assert ("Hanne Hangasmäkelälle", "Hanne Hangasmäkelä") in persons
    # the surname alone, once the text has named the person in full
    assert ("Hangasmäkelä", "Hangasmäkelä") in persons


def test_a_name_pattern_inside_a_longer_ner_name_adds_nothing():
    from corpus_tool.components.entities import merge
    ner = [Entity("ORG", "Vaasan kaupungin sosiaalitoimi", 0, 30)]
    rules = [Entity("ORG", "Vaasan kaupungin", 0, 16, source="rule:org_place_head"),
             Entity("DATE", "2013", 40, 44, source="rule:date_year")]
    assert [e.text for e in merge(ner, rules)] == ["Vaasan kaupungin sosiaalitoimi", "2013"]
    # an exact gazetteer name replaces the NER's span all the same
    gazetteer = [Entity("ORG", "Vaasan kaupungin", 0, 16, source="rule:gazetteer")]
    assert [e.text for e in merge(ner, gazetteer)] == ["Vaasan kaupungin"]


def person_roles_of(pipeline, text: str) -> dict:
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    return {e.norm: e.extra.get("role") for e in doc.entities if e.type == "PERSON"}


def test_attendee_table_names_and_roles(pipeline):
    text = ("Osallistujat: Jäsen: Varajäsen:\nErkki Penttinen Matti Paloneva\nHilkka Sundqvist Teemu Paavola\n"
            "Tuula Mulju siht.")
    roles = person_roles_of(pipeline, text)
    assert roles.get("Erkki Penttinen") == "jäsen" and roles.get("Matti Paloneva") == "varajäsen"
    assert roles.get("Tuula Mulju") == "sihteeri"


def test_a_member_table_gives_single_names_and_bracketed_members_their_roles(pipeline):
    text = ("Osallistujat: Henkilökohtainen varajäsen:\nKaarina Lehtola Matias Rinne\nSeppo Aaltonen\n"
            "Leila Kivelä (Sanna Ojanen, virkavapaa) Jouni Salmi\n\nKokouksessa käsiteltiin Olli Heinon esitys.")
    roles = person_roles_of(pipeline, text)
    assert roles.get("Kaarina Lehtola") == "jäsen" and roles.get("Matias Rinne") == "varajäsen"
    assert roles.get("Seppo Aaltonen") == "jäsen"
    assert roles.get("Leila Kivelä") == "jäsen" and roles.get("Jouni Salmi") == "varajäsen"
    # the table ends at the first line of prose
    assert roles.get("Olli Heino") is None


def test_roles_written_after_names_in_an_attendee_list(pipeline):
    text = ("Läsnä Raili Karjalainen puheenjohtaja Kajaanin kaupunki Eino Heikkinen jäsen Kuhmon kaupunki "
            "Outi Jääskeläinen suunnittelija, sihteeri Kainuun sosiaalialan osaamiskeskus\n\n"
            "Puheenjohtaja Raili Karjalainen avasi kokouksen. Kehittämispäällikkö Aino Keränen esitteli hankkeen.")
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    roles = {}
    for e in doc.entities:
        if e.type == "PERSON":
            roles.setdefault(e.norm, set()).add(e.extra.get("role"))
    assert roles["Raili Karjalainen"] == {"puheenjohtaja"}
    # the role after one name is no title of the next; a meeting role wins over a job title
    assert roles["Eino Heikkinen"] == {"jäsen"}
    assert roles["Outi Jääskeläinen"] == {"sihteeri"}
    assert roles["Aino Keränen"] == {"kehittämispäällikkö"}


def test_roles_given_with_toimia_in_minutes(pipeline):
    text = ("Kokouksen puheenjohtajana toimi Anneli Koskinen. Sihteerinä toimi suunnittelija Noora Heiskanen. "
            "Tilintarkastajana toimi KHT Pekka Rinne. Timo Rantanen toimi kokouksen varapuheenjohtajana. "
            "Asiantuntijana kuultiin Mikko Aaltosta.")
    roles = person_roles_of(pipeline, text)
    assert roles.get("Anneli Koskinen") == "puheenjohtaja"
    # the meeting role wins over a job title written before the name
    assert roles.get("Noora Heiskanen") == "sihteeri"
    assert roles.get("Pekka Rinne") == "tilintarkastaja"
    assert roles.get("Timo Rantanen") == "varapuheenjohtaja"


def test_a_first_name_and_a_surname_the_ner_split_are_one_person(pipeline):
    text = ("Hallitus 2021\nAntti Mustonen puheenjohtaja Kotka Kaisa Honkanen varapuheenjohtaja Kouvola "
            "Jenni Sirola jäsen Hamina\n")
    roles = person_roles_of(pipeline, text)
    assert roles.get("Kaisa Honkanen") == "varapuheenjohtaja"
    assert "Kaisa" not in roles and "Honkanen" not in roles


def test_a_plural_heading_word_starts_no_association_name(pipeline):
    text = ("Tilikauden tulos 4 900 € Yhteystiedot Kymenlaakson Perheverkko ry, Keskuskatu 12 B, 48100 Kotka.\n"
            "Toiminnasta vastaavat Pelastakaa Lapset ry ja Nuoret Kotkat ry.")
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    orgs = {e.norm for e in doc.entities if e.type == "ORG"}
    assert {"Kymenlaakson Perheverkko ry", "Pelastakaa Lapset ry", "Nuoret Kotkat ry"} <= orgs
    assert not any(o.startswith("Yhteystiedot") for o in orgs)


def test_table_column_headers_are_no_persons_but_names_of_common_words_stay():
    from corpus_tool.entities.names import clean_names

    names = NameLexicon.default()
    text = "Nimi Organisaatio\nTulolaji Toteutunut 2015\nKokouksen kutsui koolle Varpu Rajaniemi."
    ents = [Entity("PERSON", "Nimi Organisaatio", 0, 17), Entity("PERSON", "Tulolaji Toteutunut", 18, 37),
            Entity("PERSON", "Varpu Rajaniemi", 67, 82)]
    assert text[67:82] == "Varpu Rajaniemi"
    kept = [e.text for e in clean_names(ents, text, [], names) if e.type == "PERSON"]
    assert kept == ["Varpu Rajaniemi"]


def test_linking_by_alias_abbreviation_and_surname():
    mentions = [
        Mention(1, 1, "ORG", "Terveyden ja hyvinvoinnin laitos", 2012, " (THL) julkaisi"),
        Mention(2, 2, "ORG", "THL", 2015),
        Mention(3, 2, "ORG", "Kansallinen kehittämiskeskus", 2015, " (KKK) ja"),
        Mention(4, 3, "ORG", "KKK", 2019),
        Mention(5, 3, "PERSON", "Arto Rautajoki", 2019),
        Mention(6, 3, "PERSON", "Rautajoki", 2019),
        Mention(7, 4, "PERSON", "Rautajoki", 2020),        # another document: no full name to link to
        Mention(8, 3, "DATE", "2019", 2019),
    ]
    canonicals, linked = link(mentions, read_aliases())
    by_id = {m: canonicals[i] for m, i in linked.items()}
    assert by_id[1] is by_id[2] and by_id[1].name == "Terveyden ja hyvinvoinnin laitos"
    assert by_id[3] is by_id[4] and by_id[4].aliases == {"Kansallinen kehittämiskeskus", "KKK"}
    assert by_id[5] is by_id[6] and by_id[5].mentions == 2
    assert by_id[7] is not by_id[5] and 8 not in linked
    assert by_id[1].to_row()["first_year"] == 2012 and by_id[1].to_row()["last_year"] == 2015


def test_gold_file_matches_the_seed_texts(seeds):
    from corpus_tool.extract import read_document
    from corpus_tool.normalise import default_lexicon, normalise

    gold = read_gold(GOLD)
    assert len(gold) >= 3 and sum(map(len, gold.values())) >= 300
    lexicon = default_lexicon()
    for source, items in gold.items():
        text = normalise(read_document(seeds / source).pages, lexicon).text
        assert all(text[g["start"]:g["end"]] == g["text"] for g in items), source
        assert {g["type"] for g in items} <= {"PERSON", "ORG", "DATE", "MONEY"}


def test_scoring_counts_normalised_values():
    gold = {"a": [{"type": "DATE", "norm": "2013", "start": 0, "end": 4},
                  {"type": "DATE", "norm": "2013", "start": 9, "end": 13},
                  {"type": "ORG", "norm": "THL", "start": 20, "end": 25}]}
    predicted = {"a": [{"type": "DATE", "norm": "2013", "start": 0, "end": 4},
                       {"type": "ORG", "norm": "THL:n", "start": 20, "end": 25}]}
    report = score(gold, predicted)
    assert report["DATE"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "gold": 2, "predicted": 1, "correct": 1}
    assert report["ORG"]["f1"] == 0.0 and report["micro"]["correct"] == 1
    assert report["exact_spans_micro"]["correct"] == 2


def test_predicted_offsets_are_mapped_back_to_the_text_before_repair(seeds):
    # the OCR-damaged seed: gold offsets index the damaged text, predictions the repaired one
    from corpus_tool.analyze import build_pipeline
    from corpus_tool.entities.evaluate import predicted_entities
    from corpus_tool.extract import read_document
    from corpus_tool.ingest import Ingester
    from corpus_tool.normalise import default_lexicon, normalise

    path = next(seeds.glob("001_*.txt"))
    before = normalise(read_document(path).pages, default_lexicon()).text
    ingester = Ingester(None, lambda: build_pipeline(disable=["language", "themes"]))
    record = ingester.build_record(path, "")
    assert record.normalised_text != before                     # repair changed the text
    mapped = [e for e in predicted_entities(record) if e["type"] in ("ORG", "PERSON", "DATE")]
    assert len(mapped) > 20
    # the span before repair reads as the entity did, but for restored letters
    def fold(s):
        return "".join(ch for ch in s.lower() if ch.isalpha() and ch not in "aäoödée")
    assert sum(fold(before[e["start"]:e["end"]]) == fold(e["text"]) for e in mapped) >= 0.95 * len(mapped)


def test_a_gold_file_that_does_not_fit_its_report_is_one_line_error(tmp_path, seeds):
    from click.testing import CliRunner

    from corpus_tool.cli import main

    source = next(seeds.glob("003_*.txt")).name
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"source": "%s", "start": 0, "end": 5, "type": "ORG", "text": "Nothing", "norm": "x"}\n' % source)
    result = CliRunner().invoke(main, ["entities", "evaluate", "--gold", str(gold), "--reports", str(seeds)])
    assert result.exit_code == 2
    assert source in result.output and "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_surname_made_of_common_words_loses_its_ending_whatever_case_the_tagger_says(pipeline):
    # Voikko reads "Jokirantaa" and "Penninkankaan" only as inflected nouns (river bank,
    # heath); the tagger's Case=Nom on a word it has not seen is not trusted over that
    text = ("Kokoukseen kutsuttiin sosiaali- ja terveysjohtaja Harri Jokirantaa. "
            "Hän ilmoitti varahenkilökseen perusturvajohtaja Tanja Penninkankaan.")
    doc = pipeline([AnalyzedDocument(id="t", text=text)])[0]
    persons = {e.text: e.norm for e in doc.entities if e.type == "PERSON"}
    assert persons == {"Harri Jokirantaa": "Harri Jokiranta", "Tanja Penninkankaan": "Tanja Penninkangas"}


def test_a_heading_in_capitals_glued_after_a_name_is_cut_off():
    from corpus_tool.entities.names import clean_names
    # flattened PDF text: a table cell's name runs into the next heading in capitals, and the
    # NER takes them as one name
    text = ("VASTUUHENKILÖ: Liisa Virtanen TOIMINTA-AJATUS: Palvelut tuotetaan yhdessä. "
            "Julkaisija: Kuopion kaupunki SISÄLLYS JOHDANTO... 5 Kumppanina Peruspalvelukeskus AAVA.")
    spans = ["Liisa Virtanen TOIMINTA-AJATUS", "Kuopion kaupunki SISÄLLYS JOHDANTO...", "Peruspalvelukeskus AAVA"]
    ner = _ner_spans(text, spans)
    kept = [(e.type, e.text) for e in clean_names(ner, text, [], NameLexicon.default())]
    # what remains of an "organisation" that began with a first name is a person
    assert kept == [("PERSON", "Liisa Virtanen"), ("ORG", "Kuopion kaupunki"), ("ORG", "Peruspalvelukeskus AAVA")]


def test_a_heading_in_capitals_before_a_name_is_cut_off_but_acronyms_stay():
    from corpus_tool.entities.names import clean_names
    text = ("TOIMINNALLINEN KOKONAISUUDEN RAKENTUMINEN ALKAA Länsi-Pohjassa\n"
            "HANKEHAKU Keski-Suomen liitto avasi haun. HS Kainuun mukaan asia eteni.")
    spans = ["TOIMINNALLINEN KOKONAISUUDEN RAKENTUMINEN ALKAA Länsi-Pohjassa", "HANKEHAKU Keski-Suomen liitto",
             "HS Kainuun"]
    ner = _ner_spans(text, spans)
    kept = clean_names(ner, text, [], NameLexicon.default())
    assert [(e.type, e.text) for e in kept] == [("GPE", "Länsi-Pohjassa"), ("ORG", "Keski-Suomen liitto"),
                                                ("ORG", "HS Kainuun")]
    assert all(text[e.start:e.end] == e.text for e in kept)


def test_the_first_half_of_a_compound_completed_later_is_no_part_of_a_name():
    from corpus_tool.entities.names import clean_names

    # "Sijais- ja tukiperhetyö" (foster and support family work): "Sijais-" waits for "-perhetyö"
    text = "Raportin kirjoittaja Kaisi Peltoniemi Sijais- ja tukiperhetyö lapsen ja vanhemmuuden tukena"
    spans = [("PERSON", "Kaisi Peltoniemi Sijais-"), ("FAC", "Sijais-")]
    ner = [Entity(kind, w, text.index(w), text.index(w) + len(w)) for kind, w in spans]
    assert [(e.type, e.text) for e in clean_names(ner, text, [], NameLexicon.default())] == \
        [("PERSON", "Kaisi Peltoniemi")]
    # a hyphen inside a name is not a suspended compound
    text = "Yhteistyössä Pohjois-Suomen sosiaalialan osaamiskeskus ja kunnat"
    ner = [Entity("ORG", "Pohjois-Suomen sosiaalialan osaamiskeskus", 13, 54)]
    assert [e.text for e in clean_names(ner, text, [], NameLexicon.default())] == \
        ["Pohjois-Suomen sosiaalialan osaamiskeskus"]


def test_a_first_name_a_table_runs_into_is_no_part_of_an_organisation():
    from corpus_tool.entities.names import clean_names

    text = "Yhteyshenkilöt: Peruspalvelukeskus AAVA Susanna Leimio; kumppanina Perhekeskus Aino"
    spans = ["Peruspalvelukeskus AAVA Susanna", "Perhekeskus Aino"]
    ner = _ner_spans(text, spans)
    # "Aino" right after the head is the centre's own name; "Susanna" begins a person's name
    assert [e.text for e in clean_names(ner, text, [], NameLexicon.default())] == \
        ["Peruspalvelukeskus AAVA", "Perhekeskus Aino"]


def test_a_legal_form_ends_an_organisations_name():
    from corpus_tool.entities.names import clean_names

    # a NER trained on news runs an association's name on into its activity
    text = ("Kunnat ottivat käyttöön Pesäpuu ry:n SISUKAS-mallin ja Auta Lasta ry:n Veturointi-toiminnan. "
            "Rahoittaja oli Sosiaali- ja terveysjärjestöjen avustuskeskus STEA.")
    spans = ["Pesäpuu ry:n SISUKAS-mallin", "Auta Lasta ry:n Veturointi-toiminnan",
             "Sosiaali- ja terveysjärjestöjen avustuskeskus STEA"]
    ner = _ner_spans(text, spans)
    kept = clean_names(ner, text, [], NameLexicon.default())
    assert [e.text for e in kept] == ["Pesäpuu ry:n", "Auta Lasta ry:n",
                                      "Sosiaali- ja terveysjärjestöjen avustuskeskus STEA"]
    assert all(text[e.start:e.end] == e.text for e in kept)
