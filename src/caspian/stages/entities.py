"""Entities: people with roles, organisations, places, facilities, events and documents, each
resolved to one canonical record (PRODUCT.md `entities`).

The recogniser is chosen by name (`Settings.stage_options["entities"]["backend"]`, default
`gazetteer`); the gazetteer backend also names what it finds, another backend's spans are named by
the resolver. The gazetteer and the rules load once per process.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from caspian.document import Document
from caspian.entities.annotator import Found
from caspian.entities.gazetteer import Entry, Gazetteer, default_gazetteer, gazetteer_data
from caspian.entities.matcher import Matcher
from caspian.entities.resolve import Resolver, unknown_id
from caspian.entities.text import fold, latin_name, strip_name_ending, transliterate
from caspian.languages import lang_at
from caspian.lexicons import load
from caspian.ner.base import Recognizer, Span, get_recognizer
from caspian.ner.gazetteer import GazetteerRecognizer
from caspian.settings import Settings
from caspian.stages.base import BaseStage

log = logging.getLogger(__name__)
DEFAULT_BACKEND = "accurate"
FALLBACK_BACKEND = "gazetteer"
_YEAR = re.compile(r"^(\d{4})")
_WORD = re.compile(r"[^\W\d_]+")


def _year(doc: Document) -> int | None:
    m = _YEAR.match(doc.published or "")
    return int(m.group(1)) if m else None


_TURKISH_SUFFIX = re.compile(r"['’][^\W\d_]+")  # Barkindo'nun, Bayraktar'la


def _name_words(text: str, lang: str) -> list[str]:
    if lang == "tr":
        text = _TURKISH_SUFFIX.sub("", text)
    return [fold(strip_name_ending(w, lang)) for w in _WORD.findall(text)]


@cache
def _not_names() -> dict[str, frozenset[str]]:
    data = load("ner/not_names")
    return {lang: frozenset(" ".join(_name_words(w, lang)) for w in words) for lang, words in data.items()}


def _gaps(text: str, lang: str, found: list[Found], spans: list[Span]) -> list[Span]:
    """A model's spans where the gazetteer found nothing, without the ones that are not new names:
    no letter or a lowercase start (`government`), a common noun alone (`Үкімет`, `Bakanlık`:
    lexicons/ner/not_names.yaml), or a person's surname alone when the article already names that
    person in full (the resolver links `Горбань` to `Николай Горбань` itself).
    """
    common = _not_names().get(lang, frozenset())
    people = {w for f in found if f.type == "PERSON" for w in _name_words(text[f.start : f.end], lang)}
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        surface = text[span.start : span.end]
        if any(f.start < span.end and span.start < f.end for f in found):
            continue
        if not _WORD.search(surface) or (not surface[:1].isupper() and not surface[:1].isdigit()):
            continue
        if " ".join(_name_words(surface, lang)) in common:
            continue
        if span.label == "PERSON":
            words = _name_words(surface, lang)
            if len(words) == 1 and words[0] in people:
                continue
            if len(words) > 1:
                people.update(words)
        out.append(span)
    return out


# Removed lines whose names are annotated like the text's (eval README: dateline place and agency, a
# related story's headline after `Read also:`, a photo credit, a source line), read with the gazetteer
# alone. Bylines are not: a byline's name is the author. Nor is a bare headline below the story
# (`other_headline`): the seeds' gold leaves its names out.
_REMOVED_KINDS = frozenset({"dateline", "sign_off", "read_more", "source_line", "photo_credit", "date_line"})
# Types a country adjective may stand inside (`Kazakh government`, `Russian Railways`): the country
# counts on its own there; inside a person's, a place's or a facility's name it does not.
_ADJECTIVE_HOSTS = frozenset({"ORG", "EVENT", "DOCUMENT"})
# Latin letters that a Cyrillic one is often typed for in a Latin name (`Еgemen.kz`).
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХаеорсух", "ABEKMHOPCTXaeopcyx")


@cache
def _demonym_matcher() -> Matcher:
    """Country adjectives (`lexicons/gazetteer/demonyms.yaml`) as the aliases of their country."""
    gazetteer = default_gazetteer()
    entries: dict[str, Entry] = {}
    for cid, forms in gazetteer_data("demonyms").items():
        country = gazetteer.get(cid)
        if country is not None:
            entries[cid] = Entry(cid, country.canonical, "COUNTRY", aliases={k: list(v) for k, v in forms.items()})
    return Matcher(Gazetteer(entries))


def _demonyms(text: str, lang: str, found: list[Found]) -> list[Found]:
    """Adjectival country mentions (`российская компания`, `ресейлік мұнай`, `Türk şirketleri`) that
    no gazetteer match holds, except inside an organisation's, event's or document's name."""
    out: list[Found] = []
    for m in _demonym_matcher().find(text, lang=lang):
        hosts = [f for f in found if f.start < m.end and m.start < f.end]
        if all(f.type in _ADJECTIVE_HOSTS for f in hosts):
            entry = _demonym_matcher().gazetteer.entries[m.entry_id]
            out.append(Found(m.start, m.end, "COUNTRY", m.entry_id, entry.canonical, source="demonym"))
    return out


# Bodies that count only where they act, not inside a person's title (eval README: "A ministry is
# tagged only when it is named as an actor"): `Қырғызстан Министрлер кабинетінің төрағасы Ақылбек Жапаров`.
_TITLE_BODIES = ("caspian:ministry-", "caspian:government-", "caspian:cabinet-")


# The words between a body and the name it is the title of: none where the title comes first
# (`председатель Кабинета министров Кыргызстана Акылбек`, `Chairman of the Cabinet of Ministers of
# Kyrgyzstan Akylbek`), one or two possessive title words in Kazakh and Turkish (`кабинетінің
# төрағасы Ақылбек`, `Bakanlar Kurulu Başkanı Akılbek`). `заседании правительства министр энергетики
# Болат` is no title of the government: the words between are no possessive.
_TITLE_GAP = {
    "kk": re.compile(r"^(?:\s+[^\W\d_]+(?:сы|сі|ы|і)){1,2}\s+$"),
    "tr": re.compile(r"^(?:\s+[^\W\d_]+(?:sı|si|su|sü|ı|i|u|ü)){1,2}\s+$"),
}


def _without_title_bodies(
    text: str, lang: str, entities: list[dict[str, Any]], found: list[Found]
) -> list[dict[str, Any]]:
    people = sorted(f.start for f in found if f.type == "PERSON")
    possessive = _TITLE_GAP.get(lang)

    def in_title(m: dict[str, Any]) -> bool:
        after = [p for p in people if p >= m["end"]]
        if not after or after[0] - m["end"] > 60:
            return False
        gap = text[m["end"] : after[0]]
        return gap == " " or bool(possessive and possessive.match(gap))

    return [
        e
        for e in entities
        if not e["id"].startswith(_TITLE_BODIES) or not e["mentions"] or not all(in_title(m) for m in e["mentions"])
    ]


# An unknown name a model calls an organisation but that ends in the word for a gathering is an event
# (`International Investment Energy Forum`, `Ulusal Enerji Zirvesi`, `Энергетический конгресс`).
_EVENT_HEADS = re.compile(
    r"(?i)(?:forum|summit|conference|congress|expo|exhibition|week|forumu|zirvesi|konferansı|kongresi|"
    r"форум\w*|саммит\w*|конференци\w*|конгресс\w*|съезд\w*|курултай\w*|құрылтай\w*)$"
)


# A company's legal form is no part of its name (`Mistral Energy Ltd.` is Mistral Energy, as the
# gazetteer names known companies): dropped from an unknown organisation's canonical name.
_LEGAL_FORM = re.compile(r"(?:,?\s+(?:Ltd|LLP|LLC|JSC|PJSC|Inc|Corp|GmbH|PLC|AG|SA|S\.A|B\.V|BV|A\.Ş|AŞ|Co)\.?)+$")


def _events_by_head(doc: Document) -> None:
    for e in doc.entities:
        if e["type"] == "ORG" and e["id"].startswith("caspian:org-"):
            bare = _LEGAL_FORM.sub("", e["canonical"]).strip()
            if len(bare) >= 3 and bare != e["canonical"] and not any(x["canonical"] == bare for x in doc.entities):
                e["canonical"], e["id"] = bare, unknown_id("ORG", bare)
        unknown_org = e["type"] == "ORG" and e["id"].startswith("caspian:org-") and e["mentions"]
        if unknown_org and _EVENT_HEADS.search(e["mentions"][0]["text"].rstrip(" .,'’")):
            e["type"] = "EVENT"
            e["id"] = "caspian:event-" + e["id"].removeprefix("caspian:org-")


# A place only named as an end of a route (`участка Бейнеу — Бозой`, `Туймазы – Омбы – Новосибирск-2`)
# names a pipeline or a line, not the place (eval README: places inside a pipeline's name do not count).
_CAP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІÇĞİÖŞÜ"
_ROUTE_BEFORE = re.compile(rf"(?<![\w-])[{_CAP}][\w\-]*\s+[—–]\s+$")
_ROUTE_AFTER = re.compile(rf"^\s+[—–]\s+[{_CAP}]")


def _without_route_places(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def in_route(m: dict[str, Any]) -> bool:
        before, after = text[max(0, m["start"] - 40) : m["start"]], text[m["end"] : m["end"] + 40]
        return bool(_ROUTE_BEFORE.search(before) or _ROUTE_AFTER.match(after))

    return [
        e for e in entities if e["type"] != "LOCATION" or not e["mentions"] or not all(map(in_route, e["mentions"]))
    ]


_GOVERNMENT = "caspian:government-kazakhstan"
# The government entry of each country a bare `правительство`, `hükümet`, `cabinet` may mean.
_GOVERNMENTS = {
    "caspian:kazakhstan": _GOVERNMENT,
    "caspian:tajikistan": "caspian:government-tajikistan",
    "caspian:uzbekistan": "caspian:government-uzbekistan",
    "caspian:kyrgyzstan": "caspian:cabinet-kyrgyzstan",
    "caspian:turkmenistan": "caspian:government-turkmenistan",
    "caspian:azerbaijan": "caspian:government-azerbaijan",
    "caspian:russia": "caspian:government-russia",
}


_MINISTRY = "caspian:ministry-of-energy-kazakhstan"
_MINISTRIES = {
    "caspian:kazakhstan": _MINISTRY,
    "caspian:kyrgyzstan": "caspian:ministry-of-energy-kyrgyzstan",
    "caspian:tajikistan": "caspian:ministry-of-energy-tajikistan",
    "caspian:uzbekistan": "caspian:ministry-of-energy-uzbekistan",
    "caspian:azerbaijan": "caspian:ministry-of-energy-azerbaijan",
    "caspian:russia": "caspian:ministry-of-energy-russia",
}


def _home_government(doc: Document) -> None:
    _home_body(doc, _GOVERNMENT, _GOVERNMENTS)
    _home_body(doc, _MINISTRY, _MINISTRIES)


def _home_body(doc: Document, default_id: str, bodies: dict[str, str]) -> None:
    """A bare word for the government (`члены правительства`, `the Government`) or the energy ministry
    (`the Ministry of Energy`) is the body of the country the article is about: the country named most
    often, Kazakhstan on a tie. The gazetteer gives every bare word to Kazakhstan's body; a story on
    Tajikistan's dam means Tajikistan's government, one on Kyrgyzstan's power deficit its ministry."""
    gov = next((e for e in doc.entities if e["id"] == default_id), None)
    if gov is None or not gov["mentions"]:
        return
    country_names = {fold(w) for w in ("Kazakh", "Казах", "Қазақ", "Kazak", "РК", "ҚР")}
    if any(any(w in fold(m["text"]) for w in country_names) for m in gov["mentions"]):
        return
    counts = {e["id"]: len(e["mentions"]) for e in doc.entities if e["type"] == "COUNTRY" and e["id"] in bodies}
    if not counts:
        return
    home = max(counts, key=lambda c: (counts[c], c == "caspian:kazakhstan"))
    target = default_gazetteer().get(bodies[home])
    if target is None or target.id == default_id or any(e["id"] == target.id for e in doc.entities):
        return
    gov.update(id=target.id, canonical=target.canonical, wikidata=target.wikidata)


@cache
def _org_names() -> dict[str, Entry]:
    """Every written form of every organisation of the gazetteer, folded."""
    return {fold(form): e for e in default_gazetteer().of_type("ORG") for _, form in e.forms()}


@cache
def _outlets() -> dict[str, str]:
    """Every form of an outlet of `lexicons/sources.yaml`, folded, to its name there."""
    data = load("sources")
    out = {form.casefold(): name for name, forms in data.items() for form in forms or []}
    out.update({name.casefold(): name for name in data})
    return out


# Regions and districts named after a place: `Бухарской области`, `Кызылординская и Мангистауская
# области`, `Аягозском районе`, `Марыйском велаяте`, `Жамбыл ауданы`, `İli ilçesi`, `Mary province`.
# The name is the place's (a Russian adjective's stem looked up among the gazetteer's places, else
# transliterated) and the kind the head noun's: `Bukhara Region`, `Ayagoz District`, `Krasnodar Krai`.
# (a hyphened adjective may capitalise its second part: `Иссык-Кульской`, `Западно-Казахстанской`)
_RU_ADJ = r"[А-ЯЁ][а-яё]*(?:-[А-ЯЁа-яё][а-яё]*)*?(?:ск|цк)(?:ая|ой|ую|ие|их|ими|им|ом|ий|ого|ому|ое|ые|ым|ых)"
_REGION_PATTERNS = {
    "ru": re.compile(
        rf"(?P<names>{_RU_ADJ}(?:(?:\s*,\s*|\s+и\s+){_RU_ADJ})*)\s+"
        r"(?P<head>област(?:ь|и|ью|ей|ям|ях|ями)|район(?:а|у|ом|е|ы|ов|ах)?\b|этрап(?:а|у|ом|е|ы)?\b|велаят(?:а|у|ом|е|ы)?\b|кра(?:й|я|ю|ем|е)\b)"
    ),
    # a list of names, each of one or two words (`Атырау, Павлодар және Солтүстік Қазақстан облыстарында`)
    "kk": re.compile(
        r"(?P<names>[А-ЯӘҒҚҢӨҰҮҺІЁ][\w\-]+(?:\s+[А-ЯӘҒҚҢӨҰҮҺІЁ][\w\-]+)?"
        r"(?:(?:\s*,\s*|\s+(?:және|мен|пен|бен)\s+)[А-ЯӘҒҚҢӨҰҮҺІЁ][\w\-]+(?:\s+[А-ЯӘҒҚҢӨҰҮҺІЁ][\w\-]+)?)*)"
        r"\s+(?P<head>облыс\w*|аудан\w*|велаят\w*)"
    ),
    "tr": re.compile(r"(?P<names>[A-ZÇĞİÖŞÜ][\w\-]+)\s+(?P<head>ilçe\w*|vilayet\w*|velayet\w*|eyalet\w*)"),
    # `Mary province`, `the Zhambyl, Turkestan and Kyzylorda regions`, `North Kazakhstan Region`
    "en": re.compile(
        r"(?P<names>[A-Z][\w\-]+(?: [A-Z][\w\-]+)?(?:(?:, and |, | and )[A-Z][\w\-]+(?: [A-Z][\w\-]+)?)*)"
        r"\s+(?P<head>[Pp]rovinces?|[Rr]egions?|[Oo]blasts?|[Dd]istricts?|[Vv]elayats?)\b"
    ),
}
# The list's items: split at commas and conjunctions (one item may be two words).
_REGION_ITEM_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:және|мен|пен|бен|и|and)\s+")
# A region's head word at the end of a gazetteer name, to index regions by their own name
# (`Солтүстік Қазақстан облысы` -> `солтүстік қазақстан`).
_REGION_HEAD = re.compile(
    r"\s+(?:облысы|область|ауданы|район|велаяты|велаят|ili|bölgesi|eyaleti|vilayeti|ilçesi|"
    r"region|oblast|province|district|velayat)$",
    re.IGNORECASE,
)
_REGION_KIND = (
    ("район", "District"),
    ("этрап", "District"),
    ("аудан", "District"),
    ("ilçe", "District"),
    ("district", "District"),
    ("кра", "Krai"),
)


def _region_kind(head: str) -> str:
    """`ауданы`, `районе`, `ilçesi` -> District; `крае` -> Krai; any other head -> Region (head folded)."""
    return next((k for stem, k in _REGION_KIND if head.startswith(stem)), "Region")


_RU_ADJ_ENDING = re.compile(r"(?:ая|ой|ую|ие|их|ими|им|ом|ий|ого|ому|ое|ые|ым|ых)$")


@cache
def _region_stems() -> dict[tuple[str, str], Entry]:
    """Regions and districts of the gazetteer by (their name without the head word, any language,
    folded; the head's kind): (`атырау`, Region) -> Atyrau Region, (`солтүстік қазақстан`, Region) ->
    North Kazakhstan Region, (`zhambyl`, District) -> Zhambyl District."""
    out: dict[tuple[str, str], Entry] = {}
    for e in default_gazetteer().of_type("LOCATION"):
        for _, form in e.forms():
            m = _REGION_HEAD.search(form)
            if m:
                head = m.group(0).strip().casefold()
                kind = _region_kind(head)
                out.setdefault((fold(form[: m.start()]), kind), e)
    return out


@cache
def _places() -> tuple[dict[str, Entry], dict[str, Entry]]:
    """One-word places by any folded alias, and every place by its folded English names."""
    words: dict[str, Entry] = {}
    english: dict[str, Entry] = {}
    for e in default_gazetteer().of_type("LOCATION"):
        for lang, form in e.forms():
            if " " not in form and not re.search(r"(?i)sea|lake|river|asia|region|district", e.canonical):
                words.setdefault(fold(form), e)
            if lang in ("en", "*"):
                english.setdefault(fold(form), e)
    return words, english


def _place_name(word: str, lang: str) -> tuple[str, Entry | None]:
    """`Бухарской` -> Bukhara, `Кызылординская` -> Kyzylorda, `Аягозском` -> Ayagoz (transliterated)."""
    words, _ = _places()
    if lang != "ru":
        entry = words.get(fold(word))
        return (entry.canonical if entry else latin_name(word, lang, "LOCATION")), entry
    base = re.sub(r"(?:ск|цк)$", "", _RU_ADJ_ENDING.sub("", fold(word)))
    for cand in (base, base.removesuffix("ин"), base.removesuffix("й"), base.removesuffix("ов")):
        for alias in (cand, cand + "а", cand + "я", cand + "ы", cand + "ь"):
            if alias in words:
                return words[alias].canonical, words[alias]
    return transliterate(base[:1].upper() + base[1:]), None


def _regions(text: str, lang: str, found: list[Found]) -> tuple[list[Found], list[Found]]:
    """The regions and districts, and the city matches they replace (`Mary` of `Mary province`).

    Each item of a list (`Атырау, Павлодар және Солтүстік Қазақстан облыстарында`) is one region: a
    region the gazetteer knows by its own name (`_region_stems`), else a place's name and the head's
    kind (`Ayagoz District`). An unknown word opening a sentence is no name (`Қазір облыстағы`,
    `Now in the region`); nor is an unknown word before an English `region` (`Caspian region`)."""
    pattern = _REGION_PATTERNS.get(lang)
    if pattern is None:
        return [], []
    _, english = _places()
    stems = _region_stems()
    out: list[Found] = []
    cities: list[Found] = []
    for m in pattern.finditer(text):
        head = m.group("head").casefold()
        kind = _region_kind(head)
        names, base = m.group("names"), m.start("names")
        items = [(base + a, base + b) for a, b in _item_spans(names)]
        for n, (start, end) in enumerate(items):
            item = text[start:end]
            inside = [f for f in found if f.start < end and start < f.end and f.type != "COUNTRY"]
            if item.islower() or any(f.type != "LOCATION" or f.end > end or f.start < start for f in inside):
                continue
            stop = m.end() if n == len(items) - 1 else end
            region = stems.get((fold(_ru_nominative(item, kind) if lang == "ru" else item), kind))
            if region is not None:
                # a country inside the region's name is no mention of the country (`Солтүстік Қазақстан`)
                cities += [f for f in found if f.start < end and start < f.end]
                out.append(Found(start, stop, "LOCATION", region.id, region.canonical))
                continue
            if " " in item:
                # two words the gazetteer does not know as a region: the last one names it, as before
                start += item.rindex(" ") + 1
                item = text[start:end]
                inside = [f for f in inside if f.start >= start]
            name, entry = _place_name(item, lang)
            if entry is None and lang == "en" and kind == "Region":
                continue  # an unknown capitalised word before `region` may be anything (`Caspian region`)
            if entry is None and _opens_sentence(text, start):
                continue
            cities += inside
            canonical = f"{name} {kind}"
            known = english.get(fold(canonical))
            out.append(
                Found(start, stop, "LOCATION", known.id if known else None, known.canonical if known else canonical)
            )
    return out, cities


def _ru_nominative(adjective: str, kind: str) -> str:
    """`Кашкадарьинской` (области) -> `Кашкадарьинская`, `Аягозском` (районе) -> `Аягозский`: the form a
    region's Russian name takes in the gazetteer (`Кашкадарьинская область`)."""
    return _RU_ADJ_ENDING.sub("ий" if kind in ("District", "Krai") else "ая", adjective)


def _item_spans(names: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for sep in _REGION_ITEM_SEP.finditer(names):
        spans.append((at, sep.start()))
        at = sep.end()
    spans.append((at, len(names)))
    return [(a, b) for a, b in spans if b > a]


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" «\"'(")
    return not before or before.endswith((".", "!", "?", "\n", ":"))


def _default_recognizer(options: dict) -> Recognizer:
    """The accurate recogniser, or the gazetteer alone (with a warning saying why) where the
    transformer cannot load: torch not installed, or the weights missing."""
    try:
        return get_recognizer(DEFAULT_BACKEND, **options)
    except (ImportError, FileNotFoundError) as exc:
        log.warning("entities: the %s NER cannot load (%s); using %s", DEFAULT_BACKEND, exc, FALLBACK_BACKEND)
        return get_recognizer(FALLBACK_BACKEND)


class Entities(BaseStage):
    name = "entities"
    requires = ("text", "lang")  # and published, when metadata found it (roles change over the years)
    assigns = ("entities",)

    @dataclass(frozen=True)
    class Options:
        backend: str | None = None  # a recogniser's name; None: DEFAULT_BACKEND, else FALLBACK_BACKEND
        recognizer: dict[str, Any] = field(default_factory=dict)  # keyword options for the recogniser

    def __init__(self, settings: Settings) -> None:
        self.options: Entities.Options = self.options_from(settings)
        options = dict(self.options.recognizer)
        backend = self.options.backend
        if backend is None:
            self.recognizer = _default_recognizer(options)
        else:
            self.recognizer = get_recognizer(str(backend), **options)
        # The gazetteer and its rules also serve to name another backend's spans.
        self.gazetteer_backend = (
            self.recognizer if isinstance(self.recognizer, GazetteerRecognizer) else GazetteerRecognizer()
        )
        self.resolver: Resolver = self.gazetteer_backend.resolver

    def __call__(self, doc: Document) -> Document:
        return self.batch([doc])[0]

    def batch(self, docs: list[Document]) -> list[Document]:
        """The gazetteer and its rules (roles, forums, documents) read each document first; the
        model then reads all the documents of one language in one call (a transformer batches
        their windows, and skips those where the gazetteer left it nothing) and adds the names
        the gazetteer does not cover; the resolver names them, document by document."""
        # the article's language, else by its script (ru or en)
        langs = {i: lang_at(doc, default=None) for i, doc in enumerate(docs) if doc.text}
        found: dict[int, list[Found]] = {
            i: self.gazetteer_backend.annotate(docs[i].text, lang, _year(docs[i])) for i, lang in langs.items()
        }
        for i, lang in langs.items():
            found[i] = sorted(found[i] + _demonyms(docs[i].text, lang, found[i]), key=lambda f: f.start)
            regions, cities = _regions(docs[i].text, lang, found[i])
            found[i] = sorted([f for f in found[i] if f not in cities] + regions, key=lambda f: f.start)
        spans = self._model_spans(docs, langs, found)
        for i, doc in enumerate(docs):
            if not doc.text:
                doc.entities = []
                continue
            lang, mentions = langs[i], found[i]
            if i in spans:
                new = self.resolver.from_spans(doc.text, lang, _gaps(doc.text, lang, mentions, spans[i]), mentions)
                mentions = sorted(mentions + new, key=lambda f: f.start)
            doc.entities = _without_title_bodies(
                doc.text, lang, self.resolver.resolve(doc.text, lang, mentions, _year(doc)), mentions
            )
            doc.entities += self._dateline_entities(doc, lang)
            self._source_entity(doc, lang)
            _home_government(doc)
            _events_by_head(doc)
            doc.entities = _without_route_places(doc.text, doc.entities)
        return docs

    def _source_entity(self, doc: Document, lang: str) -> None:
        """The outlet metadata found as the article's source is an ORG (eval README: outlets named as a
        source count): its gazetteer entry, else its name in `lexicons/sources.yaml`. A model's
        unknown entity for the same words gives way to it."""
        if not doc.source:
            return
        written = doc.source.translate(_HOMOGLYPHS) if re.search(r"[A-Za-z]", doc.source) else doc.source
        entry = _org_names().get(fold(written))
        if entry is None:  # `NNN-KTA`: a known agency's name inside the form the text uses
            found = [f for f in self.gazetteer_backend.annotate(written, lang) if f.type == "ORG" and f.entity_id]
            entry = self.resolver.gazetteer.get(found[0].entity_id) if found else None
        surface = fold(doc.source)
        if entry is None and any(fold(e["canonical"]) == surface for e in doc.entities):
            return  # a model's name for the outlet as the text writes it (`Kazpravda.kz`) stands
        # an entity's name is in Latin letters without Turkish marks, as English news writes it (`Enerji Gunlugu`)
        canonical = entry.canonical if entry else transliterate(_outlets().get(written.casefold(), doc.source))
        eid = entry.id if entry else f"caspian:outlet-{re.sub(r'[^a-z0-9]+', '-', canonical.casefold()).strip('-')}"
        if any(e["id"] == eid for e in doc.entities):
            return
        doc.entities = [
            e
            for e in doc.entities
            if e.get("wikidata")
            or not e["id"].startswith(("caspian:org-", "caspian:location-", "caspian:person-"))
            or not e["mentions"]
            or any(fold(m["text"]) != surface for m in e["mentions"])
        ]
        at = re.search(re.escape(doc.source), doc.text, re.IGNORECASE)
        mentions = [{"start": at.start(), "end": at.end(), "text": at.group(0)}] if at else []
        record = {"id": eid, "wikidata": entry.wikidata if entry else None, "canonical": canonical, "type": "ORG"}
        line = next((r for r in doc.removed if doc.source.casefold() in r.casefold()), None)
        if not mentions and line is None:
            return
        extra = {} if mentions else {"in_removed": line}
        doc.entities.append({**record, "role": None, "mentions": mentions, **extra})

    def _dateline_entities(self, doc: Document, lang: str) -> list[dict[str, Any]]:
        """The place and agency of the dateline the cleaner set aside (`АСТАНА, 5 сентября. /ТАСС/.`),
        by the gazetteer: entities with no mention in `text` (so no event takes them as a place)."""
        have = {(e["type"], e["canonical"]) for e in doc.entities}
        out: list[dict[str, Any]] = []
        lines = [
            (line, "in_removed")
            for line, kind in zip(doc.removed, doc.meta.get("removed_kinds", []), strict=False)
            if kind in _REMOVED_KINDS
        ]
        if doc.title:
            # eval README: an entity's first occurrence may be in the headline, which `text` leaves out
            lines.append((doc.title, "in_title"))
        for line, where in lines:
            found = self.gazetteer_backend.annotate(line, lang, _year(doc))
            regions, cities = _regions(line, lang, found)
            found = [f for f in found if f not in cities] + regions
            found = sorted(found + _demonyms(line, lang, found), key=lambda f: f.start)
            for entity in self.resolver.resolve(line, lang, found, _year(doc)):
                if (entity["type"], entity["canonical"]) not in have:
                    have.add((entity["type"], entity["canonical"]))
                    out.append({**entity, "mentions": [], where: line})
        return out

    def _model_spans(
        self, docs: list[Document], langs: dict[int, str], found: dict[int, list[Found]]
    ) -> dict[int, list[Span]]:
        by_lang: dict[str, list[int]] = {}
        for i, lang in langs.items():
            by_lang.setdefault(lang, []).append(i)
        out: dict[int, list[Span]] = {}
        # The gazetteer has run here already: its mentions are `covered`, so a recogniser that
        # completes its models with the gazetteer gives the models' spans alone (the gazetteer
        # backend nothing) and may skip what the gazetteer covers; any other gives all it finds.
        for lang, indices in by_lang.items():
            texts = [docs[i].text for i in indices]
            covered = [[Span(f.start, f.end, f.type) for f in found[i]] for i in indices]
            out.update(zip(indices, self.recognizer.recognize_batch(texts, lang, covered), strict=True))
        return out
