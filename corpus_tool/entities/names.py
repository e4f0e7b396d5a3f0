"""Names in base form, and the roles written beside person names.

In a Finnish name only the last word inflects (``Vaasan kaupungin`` -> ``Vaasan
kaupunki``, ``Arto Rautajoen`` -> ``Arto Rautajoki``), so the base form is the span's
text with its last token replaced by that token's lemma, cased like the token.
Abbreviations inflect after a colon (``THL:n`` -> ``THL``, ``ry:n`` -> ``ry``) or,
in running text, glued to the capitals (``BOTNIAn`` -> ``BOTNIA``).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from corpus_tool.document import Entity, Token

DEFAULT_ROLES = Path(__file__).resolve().parent.parent / "data" / "person_roles.txt"
TABLE_HEADER_WORDS = Path(__file__).resolve().parent.parent / "data" / "table_header_words.txt"


def _header_words(path: Path = TABLE_HEADER_WORDS) -> frozenset[str]:
    lines = (line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


_HEADER_WORDS = _header_words()
_CAPS_WITH_ENDING = re.compile(r"^([A-ZÅÄÖ]{2,})([a-zäö]{1,5})$")


def cased_like(lemma: str, form: str) -> str:
    stem = form.split(":")[0]
    if stem.isupper() and len(stem) > 1:
        return lemma.upper()
    if form[:1].isupper() and lemma[:1].islower():
        return lemma[:1].upper() + lemma[1:]
    return lemma


NAME_CLASSES = ("sukunimi", "etunimi", "paikannimi", "nimi")
# Base forms that end in these name an institution even when Voikko knows the word only as a
# common noun: a one-word organisation such as ``Eduskunnan``, ``oikeusministeriö``,
# ``Verohallinto`` or ``Perusturvakeskus`` is kept, unlike a capitalised ``Pöytäkirja``.
INSTITUTION_HEADS = ("ministeriö", "virasto", "hallinto", "kunta", "neuvosto", "laitos", "jaosto",
                     "liitto", "yhdistys", "säätiö", "yhtymä", "tuomioistuin", "akatemia", "yliopisto",
                     "korkeakoulu", "opisto", "sairaanhoitopiiri", "sairaala", "klinikka", "tulli", "poliisi",
                     "keskus", "hallitus", "kaupunki", "yksikkö", "toimisto", "verkosto", "koti", "kirjasto", "seura")
# Heads after which a capitalised word is the body's own name: "Peruspalvelukuntayhtymä
# Kallio", "Tuki- ja osaamiskeskus Eskoo", "yliopistoverkosto Sosnet".
APPOSITION_HEADS = ("yhtymä", "keskus", "liitto", "yhdistys", "säätiö", "verkosto", "sairaanhoitopiiri",
                    "laitos", "yliopisto", "korkeakoulu", "opisto")


class NameLexicon:
    """Voikko's view of single words in names: inflected or not, name or common word."""

    def __init__(self, voikko=None):
        self.voikko = voikko

    @classmethod
    def default(cls) -> "NameLexicon":
        try:
            from corpus_tool.components.lemma_lexicon import VoikkoLexicon

            return cls(VoikkoLexicon())
        except Exception:        # no Voikko: names keep the NER's and lemmatizer's view
            return cls(None)

    def analyses(self, form: str) -> list[dict]:
        return self.voikko.raw(form) if self.voikko else []

    def inflected_base(self, form: str) -> str | None:
        """The base form when every analysis says the word is inflected (a name's
        analysis first): ``Luotoa`` -> ``Luoto``."""
        found = self.analyses(form)
        if not found or any(a.get("SIJAMUOTO") in (None, "nimento") for a in found):
            return None
        names = [a for a in found if a.get("CLASS") in NAME_CLASSES]
        base = (names or found)[0].get("BASEFORM") or ""
        return cased_like(base, form) if base else None

    def common_word(self, form: str) -> bool:
        """A word Voikko knows, but only as a common word (``Pöytäkirja``, ``Seuraava``)."""
        return self.voikko.common_word(form) if self.voikko else False

    def place(self, form: str) -> bool:
        return any(a.get("CLASS") == "paikannimi" for a in self.analyses(form))

    def singular_surname(self, form: str, lemma: str | None) -> str | None:
        """The base form of a word Voikko knows as an inflected surname, read in the
        singular: a person's name is singular, so ``Saarista`` is ``Saarinen`` (partitive),
        not ``Saari`` (plural elative, "from islands"), whatever the tagger and lemmatizer
        made of it.  None where Voikko knows no such reading or the word is a nominative."""
        readings = [a for a in self.analyses(form)
                    if a.get("CLASS") in NAME_CLASSES and a.get("NUMBER") == "singular" and a.get("BASEFORM")]
        if not readings or any(a.get("SIJAMUOTO") == "nimento" for a in readings):
            return None
        # a surname reading first (Voikko files some surnames, "Nieminen", as places only)
        readings.sort(key=lambda a: a.get("CLASS") != "sukunimi")
        bases = [a["BASEFORM"] for a in readings]
        if lemma in bases and readings[bases.index(lemma)].get("CLASS") == readings[0].get("CLASS"):
            return lemma
        return bases[0]

    def institution(self, form: str) -> bool:
        """A common noun that names an institution (see :data:`INSTITUTION_HEADS`)."""
        return any((a.get("BASEFORM") or "").lower().endswith(INSTITUTION_HEADS) for a in self.analyses(form))


def last_word_base(token: Token, nominative: bool = False, names: NameLexicon | None = None,
                   person: bool = False) -> str:
    """The base form of a name's last word; ``nominative``: the context says it is one
    already (a list of names), so an unknown name's guessed lemma is not trusted;
    ``person``: the word is a surname, which is singular."""
    form = token.text
    if ":" in form[1:]:                         # THL:n, ry:n, EU:ssa
        return form.split(":")[0]
    caps = _CAPS_WITH_ENDING.match(form)
    if caps and (token.lemma or "").lower() != form.lower():
        return caps.group(1)                    # BOTNIAn -> BOTNIA
    if nominative:
        return form
    surname = names.singular_surname(form, token.lemma) if person and names is not None else None
    if surname:
        return surname
    if "Case=Nom" in (token.feats or ""):
        # the tagger's case (Case is right for ~72 % of words, MODEL_CARD.md), unless every
        # analysis Voikko has says inflected (``Jokirantaa`` -> ``Jokiranta``) or a local-case
        # ending says so and the lemmatizer agrees
        inflected = names.inflected_base(form) if names is not None else None
        if inflected:
            return inflected
        local = _without_local_case(form)
        return local if local != form and token.lemma == local else form
    if (not token.lemma or token.lemma == form) and names is not None:
        # the lemmatizer kept an inflected name as it was
        return names.inflected_base(form) or (_without_local_case(form) if not names.analyses(form) else form)
    return cased_like(token.lemma, form) if token.lemma else form


# Endings of the local cases, which no Finnish name in the nominative has after a vowel stem
# of four letters or more (``Hangasluomalle`` -> ``Hangasluoma``, ``Hölttäselle`` ->
# ``Hölttänen``); for names Voikko does not know.
_LOCAL_CASE = re.compile(r"^(?P<stem>[A-ZÅÄÖ][\w-]{2,}[aeiouyäö])(?:lle|lta|ltä|lla|llä|ssa|ssä|sta|stä)$")


def _without_local_case(form: str) -> str:
    found = _LOCAL_CASE.match(form)
    if not found:
        return form
    stem = found.group("stem")
    return stem[:-2] + "nen" if stem.endswith("se") else stem    # -nen names inflect on -se-


_LIST_WORD = re.compile(r"[^\W\d_]")


def in_list_line(entity: Entity, text: str) -> bool:
    """Whether the entity stands on a line of capitalised words only (attendee lists)."""
    start = text.rfind("\n", 0, entity.start) + 1
    end = text.find("\n", entity.end)
    words = text[start:end if end >= 0 else len(text)].split()
    letters = [w for w in words if _LIST_WORD.search(w)]
    return bool(letters) and all(w.lstrip("-–•*(/\"'")[:1].isupper() for w in letters)


def base_form(entity: Entity, text: str, tokens: list[Token], starts: list[int],
              names: NameLexicon | None = None) -> str:
    """The entity's text with its last token in base form; the text itself when no
    token ends the span."""
    i = bisect_left(starts, entity.end) - 1
    if i < 0:
        return entity.text
    last = tokens[i]
    if last.end != entity.end or last.start < entity.start:
        # the span ends inside a token ("Luotoa" of "Luotoa/aikuissosiaalityö"): its last word alone
        head, _, word = entity.text.rpartition(" ")
        base = names.inflected_base(word) if names is not None and word[:1].isupper() else None
        return f"{head} {base}".strip() if base else entity.text
    head = _SPLIT_HYPHEN.sub("-", text[entity.start:last.start])
    return head + last_word_base(last, in_list_line(entity, text), names, person=entity.type == "PERSON")


# "Etelä- Pohjanmaan liitto": a compound name broken after its hyphen (PDF line ends)
_SPLIT_HYPHEN = re.compile(r"(?<=[^\W\d_])-\s+(?=[A-ZÅÄÖ])")


_LEADING_JUNK = re.compile(r"^(?:\d+\s*§|\d+[.):]|[-–•*/:)(,\s])+\s*")
_NAME_PARTICLES = {"von", "van", "de", "af", "da", "di", "la", "le", "der", "den", "ja", "och"}


_COORDINATION = re.compile(r"\s+(?:ja|sekä|tai|och)\s+(?=[A-ZÅÄÖ])|\s*/\s*(?=[A-ZÅÄÖ])")
# Where a name span from a table or list ends: a bullet, a label's colon ("VASTUUHENKILÖ:
# Miia Luokkanen"), numbers standing alone before a capital, a unit or the end ("2 3
# MORFEUS", "Ylitornio 7,9%", "Ivalo 625 km Kainuu"; "SOS 2000 ry" stays one name).
_BULLET = re.compile(r"\s*[•◦▪]\s*|:\s+|(?:^|\s+)(?:\d[\d,.:%]*(?:\s+|$))+(?:(?:%|km|€)(?:\s+|$)|(?=[A-ZÅÄÖ])|$)"
                     r"|(?<=\S)\s+\d[\d,.]*\s*%\s*")


def clean_names(entities: list[Entity], text: str, tokens: list[Token],
                names: NameLexicon | None = None) -> list[Entity]:
    """Name spans as the NER gives them, tidied: split at line breaks (two names on two
    lines are two names) and between coordinated organisations (``KELAn ja SOSTE``),
    stripped of agenda numbers and bullets, persons cut at a slash; what is then no name
    (a URL, a file name, a project ``-hanke`` or its phase ``Kaste II``, a person with
    lower-case words, one capitalised common word such as ``Pöytäkirja`` unless it names an
    institution, ``Eduskunnan``, a heading in capitals, a "person" of common words or of a
    place and a common word) is dropped, the type is corrected by the words
    (:func:`retyped`), a person loses the words a table or heading glued to it
    (:func:`_person_words`), and a one-word "person" that is a place becomes a GPE."""
    out = []
    for entity in entities:
        if entity.type == "FAC" and names is not None:
            entity.type = retyped(entity, names)        # "Kuntaliiton" is an organisation, not a building
        if entity.type not in ("PERSON", "ORG", "GPE", "LOC"):
            if _without_suspended_part(entity.text, entity.start, text):    # not a lone "Sijais-"
                out.append(entity)
            continue
        parts, offset = [], entity.start
        for line in entity.text.split("\n"):
            pieces = [piece for item in _BULLET.split(line) if item    # list items are separate names
                      for piece in (_COORDINATION.split(item) if entity.type == "ORG" else [item])]
            cursor = 0
            for piece in pieces:
                at = line.index(piece, cursor)
                parts.append((offset + at, piece))
                cursor = at + len(piece)
            offset += len(line) + 1
        for start, part in parts:
            piece = _trimmed(entity, _without_suspended_part(part, start, text), start)
            if piece is None or not _is_name(piece, names):
                continue
            if names is not None:
                piece = _without_capitals_head(_without_capitals_tail(piece, names), names)
                piece.type = retyped(piece, names)
                # a heading is judged as the NER found it, a single word as what remains of it
                if " " in piece.text and _capitals_heading(piece, names):
                    continue
                if piece.type == "PERSON":
                    piece = _person_words(piece, names)
                elif piece.type == "ORG":
                    piece = _organisation_words(piece, names)
                if piece is None or (" " not in piece.text and _capitals_heading(piece, names)):
                    continue
            if names is not None and " " not in piece.text and "-" not in piece.text and not piece.text.isupper():
                if names.common_word(piece.text) and not (piece.type == "ORG" and names.institution(piece.text)):
                    continue
                if piece.type == "PERSON" and names.place(piece.text):
                    piece.type = "GPE"
            out.append(piece)
    out = _pair_names_in_lists(out, text)
    return _join_split_person(out, text, names) if names is not None else out


def _join_split_person(entities: list[Entity], text: str, names: NameLexicon) -> list[Entity]:
    """A first name and the one-word person right after it are one person: the NER split
    ``Kotka Kaisa Honkanen`` (a town column before the name) into ``Kotka Kaisa`` and
    ``Honkanen``, and the town was cut off the first."""
    out: list[Entity] = []
    for entity in entities:
        last = out[-1] if out else None
        if (last is not None and last.type == entity.type == "PERSON" and " " not in last.text
                and " " not in entity.text and text[last.end:entity.start] == " "
                and _only_first_name(last.text, names) and not _first_name(entity.text, names)):
            out[-1] = Entity("PERSON", text[last.start:entity.end], last.start, entity.end, None, last.source,
                             dict(last.extra))
            continue
        out.append(entity)
    return out


# Academic degrees written after a name in Finnish reports ("Hanne Kalmari PsL").
DEGREES = {"PsL", "PsT", "PsM", "FT", "FL", "FM", "FK", "YTT", "YTL", "YTM", "YTK", "VTT", "VTL", "VTM", "VTK",
           "KM", "KT", "KL", "TtM", "TtT", "TtL", "THM", "TM", "LL", "LT", "DI", "TkT", "KTM", "KTT", "HTM",
           "HTT", "OTK", "OTM", "MBA", "AMK", "YAMK", "sosionomi"}


def _capitals_heading(entity: Entity, names: NameLexicon) -> bool:
    """Words in capitals of which one is a common word: a heading (``PERHEIDEN
    PALVELUT``, ``ARVIOINTI``), not a name; acronyms (``THL STM``, ``KELA``) are not
    common words, and one word must be longer than an acronym usually is."""
    if not entity.text.isupper():
        return False
    words = [w for w in entity.text.split() if any(ch.isalpha() for ch in w)]
    if len(words) < 2 and (" " in entity.text or len(entity.text) <= 5):
        return False
    return bool(words) and any(w.isalpha() and names.common_word(w.lower()) for w in words)


def _without_capitals_tail(entity: Entity, names: NameLexicon) -> Entity:
    """A name without the heading in capitals that flattened text glued after it
    (``Miia Luokkanen TOIMINTA-AJATUS``, ``Helsinki SISÄLLYS JOHDANTO...``): trailing words
    in capitals that Voikko knows as common words, after a word that is not in capitals.
    A body's own name after its head stays (``Peruspalvelukeskus AAVA``)."""
    words = entity.text.split(" ")
    begin = len(words)            # where the trailing run of capitals begins
    while begin > 1 and _capitals_common_word(words[begin - 1], names):
        begin -= 1
    before = words[begin - 1]
    if begin == len(words) or before.isupper() or before.lower().endswith(APPOSITION_HEADS):
        return entity
    return _narrowed(entity, " ".join(words[:begin]), entity.start)


def _without_capitals_head(entity: Entity, names: NameLexicon) -> Entity:
    """A name without the heading in capitals that flattened text put before it
    (``TOIMINNALLINEN KOKONAISUUDEN RAKENTUMINEN ALKAA Länsi-Pohjassa``, ``HANKEHAKU Keski-Suomen
    liitto``): leading words in capitals that Voikko knows as common words, before a word that
    is not in capitals.  Acronyms stay (``HS Kainuun``, ``SONet BOTNIA``); an "organisation"
    that was a heading and a place is the place."""
    words = entity.text.split(" ")
    end = 0                        # where the leading run of capitals ends
    while end < len(words) - 1 and _capitals_common_word(words[end], names):
        end += 1
    if end == 0 or words[end].isupper() or not words[end][:1].isupper():
        return entity
    rest = " ".join(words[end:])
    narrowed = _narrowed(entity, rest, entity.start + len(" ".join(words[:end])) + 1)
    if entity.type == "ORG" and " " not in rest and names.place(rest):
        narrowed.type = "GPE"           # what the heading left is a place (``Länsi-Pohjassa``)
    return narrowed


def _capitals_common_word(word: str, names: NameLexicon) -> bool:
    core = word.strip(".,:;…")
    return len(core) >= 4 and core.isupper() and core.replace("-", "").isalpha() and names.common_word(core)


def _person_words(entity: Entity, names: NameLexicon) -> Entity | None:
    """A person's span without what a table or heading glued to it: a common word after
    the name (``Arja Meltaus Seudullinen``), a word before a first name (``Torniosta Kaisu
    Vinkki``).  None when, with no first name, a word cannot be part of a name (a verb,
    an adverb, a plural: ``Pelastakaa Lapset``, ``Kuvaus Hyvin``) or the first word is a
    place (``Länsi-Pohjan Harava``)."""
    words = entity.text.split(" ")
    if len(words) < 2:
        return entity
    first = [_first_name(w, names) for w in words]
    if not any(first):
        # "Varpu Rajaniemi" are common nouns too: only a verb, an adverb, a plural or a
        # table's column header ("Nimi Organisaatio") rules a word out
        if any(_no_name_word(w, names) or _table_header_word(w, names) for w in words) or names.place(words[0]):
            return None
        return entity
    begin, end = first.index(True), len(words)
    while end - begin > 2 and (words[end - 1].rstrip(".,") in DEGREES or
                               (names.common_word(words[end - 1]) and not _first_name(words[end - 1], names))):
        end -= 1
    if (begin, end) == (0, len(words)):
        return entity
    return _narrowed(entity, " ".join(words[begin:end]), entity.start + sum(len(w) + 1 for w in words[:begin]))


def _organisation_words(entity: Entity, names: NameLexicon) -> Entity | None:
    """An organisation's span without capitalised common words a heading or table glued
    after it (``Lapin liitto Arki``, ``Seinäjoki Kehittämispäällikkö``; an institution's
    head stays: ``Sosiaalipedagogiikan Säätiö``, and so does a body's own name in capitals
    after its head: ``Peruspalvelukeskus AAVA``), nor a first name after it unless it follows
    the head (``Peruspalvelukeskus AAVA Susanna``; ``Perhekeskus Aino`` stays).  None when
    every word is a common word and none names an institution (``Toimintaympäristö Taustaa
    Kehittämiskohde``).  A legal form ends the name: what follows it is the organisation's
    activity (``Pesäpuu ry:n SISUKAS-mallia`` -> ``Pesäpuu ry:n``)."""
    words = entity.text.split(" ")
    if len(words) < 2:
        return entity
    legal = next((i + 1 for i, w in enumerate(words[1:], 1) if _LEGAL_FORM.match(w)), None)
    end = legal or len(words)
    while (end > 1 and words[end - 1][:1].isupper() and words[end - 1].isalpha()
           and names.common_word(words[end - 1]) and not names.institution(words[end - 1])
           and not (words[end - 1].isupper() and words[end - 2].lower().endswith(APPOSITION_HEADS))):
        end -= 1
    if end > 1 and _only_first_name(words[end - 1], names) and not words[end - 2].lower().endswith(APPOSITION_HEADS):
        end -= 1        # a person's first name the table runs on into (``Peruspalvelukeskus AAVA Susanna``)
    kept = words[:end]
    alphabetic = [w for w in kept if w.replace("-", "").isalpha()]
    if alphabetic and not legal and all(names.common_word(w.strip("-")) and not names.institution(w.strip("-"))
                                        for w in alphabetic if w not in ("ja", "sekä")):
        return None
    if end == len(words):
        return entity
    return _narrowed(entity, " ".join(kept), entity.start)


_NAME_CAPABLE = NAME_CLASSES + ("nimisana", "laatusana", "nimisana_laatusana", "lyhenne")
# Finnish and Swedish legal forms, in any case (``ry:n``, ``Oy:lle``).
_LEGAL_FORM = re.compile(r"^(?:ry|r\.y\.|rf|r\.f\.|oy|oyj|ab|abp|ky|tmi|osk)(?::[a-zäö]+)?$", re.IGNORECASE)


def _table_header_word(word: str, names: NameLexicon) -> bool:
    """A word that heads table columns (``data/table_header_words.txt``), in any case form."""
    core = word.strip(".,:;()").lower()
    return core in _HEADER_WORDS or any(a.get("BASEFORM", "").lower() in _HEADER_WORDS
                                        for a in names.analyses(word.strip(".,:;()")))


def _no_name_word(word: str, names: NameLexicon) -> bool:
    found = names.analyses(word)
    return bool(found) and all(a.get("CLASS") not in _NAME_CAPABLE or a.get("NUMBER") == "plural" for a in found)


def _pair_names_in_lists(entities: list[Entity], text: str) -> list[Entity]:
    """In an attendee table, ``Jutta Paavola Maria-Liisa Nurmi`` is two people: persons
    next to each other on a list line are joined, then cut into first-name + surname pairs."""
    out: list[Entity] = []
    for entity in entities:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == entity.type == "PERSON" and text[prev.end:entity.start] == " "
                and in_list_line(entity, text)):
            out[-1] = Entity("PERSON", text[prev.start:entity.end], prev.start, entity.end, None, prev.source,
                             dict(prev.extra))
        else:
            out.append(entity)
    paired = []
    for entity in out:
        words = entity.text.split(" ")
        if entity.type == "PERSON" and len(words) in (4, 6) and in_list_line(entity, text):
            cursor = entity.start
            for i in range(0, len(words), 2):
                name = " ".join(words[i:i + 2])
                start = text.index(name, cursor)
                paired.append(Entity("PERSON", name, start, start + len(name), None, entity.source,
                                     dict(entity.extra)))
                cursor = start + len(name)
        else:
            paired.append(entity)
    return paired


# The head of an organisation's name as the last part of a word, in any case
# (``Muistiyhdistys``, ``Kuntaliiton``, ``Kuntayhtymä``).
_HEAD_WORD = re.compile(r"(?i)(kuntayhtym|yhdisty|liit?to|säätiö|seura|osuuskun[nt])[a-zäö]*$")
_PERSON_WORD = re.compile(r"^[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?$")


def retyped(entity: Entity, names: NameLexicon) -> str:
    """The NER's type, corrected where the words say otherwise: a "person", "facility" or
    place with the head of an organisation's name (``Kuntayhtymä Kaksineuvoinen``,
    ``Kuntaliiton``) is an ORG; a "person" whose last word is a place and that has no first
    name (``Länsi-Suomi``) is a GPE; an "organisation" of two or three name-shaped words that
    begins with a first name Voikko knows and has no common word or place after it
    (``Yvonne Holming`` in an attendee table) is a PERSON."""
    words = entity.text.split()
    if entity.type in ("PERSON", "FAC", "GPE", "LOC") and any(_HEAD_WORD.search(w) for w in words):
        return "ORG"
    if entity.type == "PERSON" and names.place(words[-1]) and not any(_first_name(w, names) for w in words):
        return "GPE"
    if entity.type == "ORG" and 2 <= len(words) <= 3 and all(_PERSON_WORD.match(w) for w in words):
        if _first_name(words[0], names) and \
                not any(names.common_word(w) or names.place(w) for w in words[1:]):
            return "PERSON"
    return entity.type


def unsupported_single_names(entities: list[Entity], names: NameLexicon) -> list[Entity]:
    """Persons the words do not support, left out: one word that Voikko does not know at all
    (``Lanun``, ``Sosiaali``, OCR's ``Mieliry``) or knows only as an abbreviation (``Ay``),
    unless the text names a person in full with that surname; a hyphenated word with a lower-case part (``LP-työ``,
    ``Veturointi-toimija``; ``Anna-Mari`` and ``Tuomela-Jaskari`` are names)."""
    if names.voikko is None:            # without Voikko nothing can be judged
        return entities
    surnames = _full_name_surnames(entities)

    def unsupported(e: Entity) -> bool:
        if e.type != "PERSON" or " " in e.text:
            return False
        if any(part[:1].islower() for part in e.text.split("-")[1:]):
            return True
        if "-" in e.text or (e.norm or e.text) in surnames:
            return False
        found = names.analyses(e.text)
        # unknown, or known only as an abbreviation (``yleisavustus (Ay)``)
        return not found or all(a.get("CLASS") == "lyhenne" for a in found)

    return [e for e in entities if not unsupported(e)]


def join_appositive_names(entities: list[Entity], tokens: list[Token], text: str,
                          names: NameLexicon | None = None) -> list[Entity]:
    """An organisation whose last word is a head noun in the nominative (``kuntayhtymä``,
    ``osaamiskeskus``) followed, on the same line, by one capitalised word is one
    organisation with that word as its name: ``Peruspalvelukuntayhtymä Kallion`` is not an
    ORG and a PERSON.  The word must not be a first name (``Vaasan kaupunki Matti
    Virtanen`` in an attendee table is two entities), a word no name can be (a plural,
    ``Lasten``), a gazetteer's name (``Palvelusäätiö Raha-automaattiyhdistys`` is two), nor
    begin a longer name; a gazetteer name is complete as it is."""
    by_end = {t.end: i for i, t in enumerate(tokens)}
    starting = {e.start: e for e in entities}
    out, absorbed = [], set()
    for entity in entities:
        if id(entity) in absorbed:
            continue
        i = by_end.get(entity.end)
        if entity.type == "ORG" and entity.source != "rule:gazetteer" and i is not None and i + 1 < len(tokens):
            head, name = tokens[i], tokens[i + 1]
            following = starting.get(name.start)
            if (text[head.end:name.start] == " " and (head.lemma or "").lower().endswith(APPOSITION_HEADS)
                    and "Case=Nom" in (head.feats or "") and name.text[:1].isupper() and name.text[1:2].islower()
                    and (following is None or (following.end == name.end and following.type in ("PERSON", "ORG", "GPE")
                                               and following.source != "rule:gazetteer"))
                    and not (i + 2 < len(tokens) and tokens[i + 2].text[:1].isupper()
                             and text[name.end:tokens[i + 2].start] == " ")
                    and not (names is not None and (_first_name(name.text, names) or _no_name_word(name.text, names)))):
                if following is not None:
                    absorbed.add(id(following))
                entity = Entity("ORG", text[entity.start:name.end], entity.start, name.end, None,
                                entity.source, dict(entity.extra))
        out.append(entity)
    return out


def _first_name(word: str, names: NameLexicon) -> bool:
    return any(a.get("CLASS") == "etunimi" for a in names.analyses(word.split("-")[0]))


def _only_first_name(word: str, names: NameLexicon) -> bool:
    """A capitalised word Voikko knows only as a first name (``Susanna``; not ``Tuuli``, a wind)."""
    found = names.analyses(word)
    return word[:1].isupper() and word[1:].islower() and bool(found) and \
        all(a.get("CLASS") == "etunimi" for a in found)


# what follows the first half of a compound whose second half comes later: "Sijais- ja tukiperhetyö"
_SUSPENDED = re.compile(r"-\s*(?:,|ja\b|tai\b|sekä\b)")


def _without_suspended_part(part: str, offset: int, text: str) -> str:
    """A name without a last word that is the first half of a compound the sentence
    completes later (``Kaisi Peltoniemi Sijais-`` in ``Sijais- ja tukiperhetyö``): such a
    word is never part of a name."""
    body = part.rstrip()
    end = offset + len(body)
    at = end - 1 if body.endswith("-") else end
    if not _SUSPENDED.match(text, at) or not body[:at - offset].rstrip("-")[-1:].isalpha():
        return part
    return " ".join(body[:at - offset].split(" ")[:-1])


def _trimmed(entity: Entity, part: str, offset: int) -> Entity | None:
    junk = _LEADING_JUNK.match(part)
    start = offset + (junk.end() if junk else 0)
    body = part[junk.end() if junk else 0:]
    if entity.type == "PERSON" and "/" in body:
        body = body.split("/")[0]
    body = body.rstrip(" ,;:-–/(•◦▪")
    return _narrowed(entity, body, start) if body else None


def _narrowed(entity: Entity, body: str, start: int) -> Entity:
    """The entity with only ``body`` of its text, which begins at ``start``."""
    return Entity(entity.type, body, start, start + len(body), entity.norm, entity.source, dict(entity.extra))


_ROMAN_NUMERAL = re.compile(r"^[IVX]+$")
_FILE_NAME = re.compile(r"\w_\w|\.(?:pdf|docx?|xlsx?|pptx?|html?)$", re.I)


def _is_name(entity: Entity, names: NameLexicon | None = None) -> bool:
    text = entity.text
    if "http" in text or "www." in text or not any(ch.isalpha() for ch in text) or _FILE_NAME.search(text):
        return False
    words = text.split()
    if not words[0][:1].isupper() and not words[0][:1].isdigit():
        # "eduskunnan sosiaali- ja terveysvaliokunta", "oikeusministeriön"
        return entity.type == "ORG" and (len(words) > 1 or (names is not None and names.institution(text)))
    if re.search(r"(?i)hank(e|kee|kei)[a-zäö]*$", words[-1]):
        return False                                         # projects are not organisations or people
    if entity.type == "PERSON":
        if any(_ROMAN_NUMERAL.match(w) for w in words[1:]):
            return False                                     # "Kaste II", "SOS II": a project's phase
        return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)
    return True


@dataclass
class RoleTable:
    """Titles and roles (``kehitysjohtaja``, ``varajäsen``, ``siht.``) from a data file."""
    words: set[str] = field(default_factory=set)
    suffixes: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> "RoleTable":
        words, suffixes, section = set(), [], "words"
        for line in Path(path or DEFAULT_ROLES).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line == "[suffixes]":
                section = "suffixes"
            elif section == "suffixes":
                suffixes.append(line.lower())
            else:
                words.add(line.lower())
        return cls(words, tuple(suffixes))

    def role(self, token: Token) -> str | None:
        """The role a token names, in base form, or None."""
        for candidate in (token.text.lower(), (token.lemma or "").lower()):
            if candidate in self.words:
                return _expand(candidate)
        lemma = (token.lemma or token.text).lower()
        if token.upos in ("NOUN", "ADJ", None) and lemma.isalpha() and lemma.endswith(self.suffixes) \
                and token.text[:1].isalpha():
            return lemma
        return None


_ABBREVIATIONS = {"pj.": "puheenjohtaja", "pj": "puheenjohtaja", "vpj.": "varapuheenjohtaja", "siht.": "sihteeri"}


def _expand(role: str) -> str:
    return _ABBREVIATIONS.get(role, role)


# a table header naming members and deputies ("Jäsen: Varajäsen:", "Osallistujat:
# Henkilökohtainen varajäsen:")
_MEMBER_HEADER = re.compile(r"(?im)^(?=.*\b(?:jäsen(?:et)?|osallistujat|läsnä)\b).{0,40}\bvarajäsen(?:et)?\b.{0,5}$")


def _table_line(line: str) -> bool:
    """A line of an attendee table: empty, or names only (words in brackets aside)."""
    words = re.sub(r"\([^)]*\)", " ", line).split()
    letters = [w for w in words if _LIST_WORD.search(w)]
    return all(w.lstrip("-–•*(/\"'")[:1].isupper() for w in letters) and len(letters) <= 8


# Roles in the meeting or the body, which an attendee list gives beside a job title
# (``Anneli Hautala hallintosihteeri, pöytäkirjanpitäjä``): the meeting role is the role.
MEETING_ROLES = {"puheenjohtaja", "varapuheenjohtaja", "jäsen", "varajäsen", "sihteeri", "esittelijä",
                 "pöytäkirjanpitäjä", "pöytäkirjantarkastaja", "asiantuntija", "tilintarkastaja",
                 "varatilintarkastaja"}


def _roles_after(person: Entity, text: str, tokens: list[Token], starts: list[int],
                 roles: RoleTable) -> tuple[str | None, list[int]]:
    """Roles written right after a name on its line, as attendee lists and tables do
    (``Kirsti Aaltonen puheenjohtaja Turun kaupunki``, ``Seija Tervo sihteeri,
    toiminnanjohtaja``): lower-case role words in the nominative, separated by commas.
    Returns the role (a meeting role if one is given) and the indices of its tokens."""
    j = bisect_left(starts, person.end)
    found, used = [], []
    while j < len(tokens) and "\n" not in text[person.end:tokens[j].start]:
        token, form = tokens[j], tokens[j].text.lower()
        role = roles.role(token) if token.text[:1].islower() else None
        # the nominative only: the word is the role itself, a listed role or ends like one
        if role is None or not (form == role or form in roles.words or form.endswith(roles.suffixes)):
            break
        found.append(role)
        used.append(j)
        if j + 2 < len(tokens) and tokens[j + 1].text == "," and "\n" not in text[token.end:tokens[j + 2].start]:
            j += 2
        else:
            break
    if not found:
        return None, []
    return next((r for r in found if r in MEETING_ROLES), found[0]), used


def person_roles(persons: list[Entity], text: str, tokens: list[Token], roles: RoleTable) -> None:
    """Set ``role`` on person entities, and take a leading title out of the span.

    * A title just before the name (``Kehitysjohtaja Arto Rautajoki``) or an
      abbreviation just after it (``Tuula Mulju siht.``).
    * Roles right after the name, as attendee lists write them (``Kirsti Aaltonen
      puheenjohtaja Turun kaupunki``); a meeting role there wins over a title before the
      name, and a role word that follows one person is no title of the next.
    * Attendee tables under a ``Jäsen: Varajäsen:`` header: of two names on a line the
      first is a member (``jäsen``), the second a deputy (``varajäsen``).
    """
    starts = [t.start for t in tokens]
    written_after = {id(p): _roles_after(p, text, tokens, starts, roles) for p in persons}
    taken = {j for _, used in written_after.values() for j in used}
    for person in persons:
        i = bisect_left(starts, person.start)
        # a title the NER took into the name
        while i < len(tokens) and tokens[i].start < person.end and tokens[i].end < person.end:
            role = roles.role(tokens[i])
            if role is None or tokens[i].text[:1].isupper() and not _is_common_noun(tokens[i]):
                break
            person.extra["role"] = role
            nxt = tokens[i + 1]
            person.start, person.text = nxt.start, text[nxt.start:person.end]
            i += 1
        if "role" not in person.extra and i > 0 and tokens[i - 1].end <= person.start and i - 1 not in taken:
            before = tokens[i - 1]
            if text[before.end:person.start].strip() in ("", ","):
                role = roles.role(before)
                if role:
                    person.extra["role"] = role
        acted = _role_acted(person, text, tokens, starts, roles)
        if acted and ("role" not in person.extra or acted in MEETING_ROLES):
            person.extra["role"] = acted
        role_after = written_after[id(person)][0]
        if role_after and ("role" not in person.extra or role_after in MEETING_ROLES):
            person.extra["role"] = role_after
        j = bisect_left(starts, person.end)
        if "role" not in person.extra and j < len(tokens) and "\n" not in text[person.end:tokens[j].start]:
            after = tokens[j].text.lower()
            if text[tokens[j].end:tokens[j].end + 1] == "." and not after.endswith("."):
                after += "."                          # "siht" "." tokenised apart
            if after in _ABBREVIATIONS:
                person.extra["role"] = _expand(after)
            elif after == "," and j + 1 < len(tokens) and "\n" not in text[person.end:tokens[j + 1].end]:
                role = roles.role(tokens[j + 1])   # "Marjatta Heikkilä, puheenjohtaja, Rovaniemen kaupunki"
                if role and tokens[j + 1].text[:1].islower():
                    person.extra["role"] = role
    header = _MEMBER_HEADER.search(text)
    if header:
        by_line: dict[int, list[Entity]] = {}
        for person in persons:
            if person.start > header.end() and "role" not in person.extra:
                by_line.setdefault(text.count("\n", 0, person.start), []).append(person)
        lines = text.split("\n")
        table_end = text.count("\n", 0, header.end()) + 1        # the first line that is no table row
        while table_end < len(lines) and _table_line(lines[table_end]):
            table_end += 1
        for number, line_persons in sorted(by_line.items()):
            if len(line_persons) == 2 or number < table_end:
                # a member first, the deputy last; a name alone is a member without a deputy,
                # one in brackets a member on leave (``Elise Lepistö (Katri Nikkola, virkavapaa)``)
                for person in line_persons:
                    person.extra["role"] = "jäsen"
                if len(line_persons) >= 2:
                    line_persons[-1].extra["role"] = "varajäsen"


def _essive_role(token: Token, roles: RoleTable) -> str | None:
    return roles.role(token) if "Case=Ess" in (token.feats or "") else None


def _role_acted(person: Entity, text: str, tokens: list[Token], starts: list[int], roles: RoleTable) -> str | None:
    """A role given with the verb *toimia* in the essive, as minutes write it:
    ``Puheenjohtajana toimi Anneli Koskinen``, ``Tilintarkastajana toimi KHT Pekka Rinne``
    (a qualification or title between: ``Sihteerinä toimi suunnittelija Noora Heiskanen``) and
    ``Anneli Koskinen toimi kokouksen puheenjohtajana``."""
    i = bisect_left(starts, person.start) - 1
    def between(token: Token) -> bool:          # a qualification, or a title in the nominative
        return token.text in DEGREES or token.text in ("KHT", "JHT", "JHTT") or (
            token.text[:1].islower() and bool(roles.role(token)) and "Case=Ess" not in (token.feats or ""))

    while i >= 0 and between(tokens[i]):
        i -= 1
    if i >= 1 and (tokens[i].lemma or "").lower() == "toimia":
        role = _essive_role(tokens[i - 1], roles)
        if role:
            return role
    j = bisect_left(starts, person.end)
    if j < len(tokens) and (tokens[j].lemma or "").lower() == "toimia":
        for k in (j + 1, j + 2):           # "toimi puheenjohtajana", "toimi kokouksen puheenjohtajana"
            if k < len(tokens) and "\n" not in text[person.end:tokens[k].start]:
                role = _essive_role(tokens[k], roles)
                if role:
                    return role
    return None


def _is_common_noun(token: Token) -> bool:
    return token.upos == "NOUN" or (token.lemma or "")[:1].islower()


def _full_name_surnames(entities: list[Entity]) -> set[str]:
    """The surnames of the persons named in full (first name and surname)."""
    return {e.norm.split()[-1] for e in entities if e.type == "PERSON" and e.norm and len(e.norm.split()) >= 2}


def surname_mentions(entities: list[Entity], tokens: list[Token]) -> list[Entity]:
    """A surname alone (``Rautajoki toi esille``, ``Rautajoen mukaan``) where the same text
    names the person in full: a PERSON mention of that surname, unless another entity
    covers the token.  A proper noun may be inflected (its lemma is the surname); a word the
    tagger read as a common noun (``Rautajoki``: rauta + joki) must be the surname as written."""
    surnames = _full_name_surnames(entities)
    taken = [(e.start, e.end) for e in entities]
    found = []
    for token in tokens:
        if token.upos == "PROPN":
            base = token.text if token.text in surnames else token.lemma if token.lemma in surnames else None
        elif token.upos == "NOUN" and token.text in surnames:
            base = token.text
        else:
            continue
        if base and not any(start < token.end and token.start < end for start, end in taken):
            found.append(Entity("PERSON", token.text, token.start, token.end, norm=base, source="rule:surname"))
    return found
