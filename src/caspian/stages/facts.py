"""Facts: quantitative energy facts (commodity, metric, value, unit, period, modality, geo).

Each number with an energy unit, a currency, a percentage or a multiple is a candidate.
The cue lexicons in `lexicons/facts/{lang}.yaml` type it from the nearest context that
has a cue: its clause, its sentence, the sentence before, then the article (its headline
and the cues it repeats most). A candidate no context gives a commodity is no fact; so
is an ownership stake, a reporting basis ("100% basis") or a difference ("5.8 Mt more").
The quote is the clause around the number, so `quote == text[start:end]`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

from caspian.document import Document
from caspian.entities.gazetteer import default_gazetteer, gazetteer_data
from caspian.entities.text import fold
from caspian.languages import FALLBACK, SUPPORTED, lang_at
from caspian.lexicons import load_per_language
from caspian.nlp.numbers import masked_spans, number_lexicon
from caspian.nlp.tense import verb_signals, warm
from caspian.nlp.units import Quantity, find_quantities, has_multiplier_word, normalise
from caspian.settings import Settings
from caspian.stages.base import BaseStage

FACT_KINDS = {"mass", "uranium_mass", "volume", "oil_volume", "boe", "energy", "power", "money", "percent", "multiple"}
# kinds whose unit names the commodity: always (electricity) or when no cue word says otherwise
# (barrels of oil equivalent add oil and gas together: the mix is no one commodity, "other" as the dev and
# independent annotators file it)
UNIT_COMMODITY_FIRM = {"energy": "electricity", "power": "electricity", "uranium_mass": "uranium", "boe": "other"}
UNIT_COMMODITY = {"oil_volume": "oil", "volume": "gas"}
# what may stand between a unit and the commodity it governs ("tonnes of oil", "тонн сырой нефти")
_OF = re.compile(
    r"\s*(?:of\s+)?(?:(?:crude|natural|liquefied|сырой|природного|шикі|табиғи|ham|doğal)\s+)?", re.IGNORECASE
)
# kinds that measure a physical amount: no sum of money and no price is written in them
PHYSICAL_KINDS = {"mass", "uranium_mass", "volume", "oil_volume", "boe", "energy", "power"}
MONEY_METRICS = ("investment", "price")
# kinds that measure matter (a mass, a volume): no electricity figure is written in them
MATTER_KINDS = {"mass", "volume", "oil_volume", "boe"}
UNIT_METRIC = {"power": "capacity"}
# what else a power figure (MW, GW) may be: an output level, a load, a shortfall
POWER_METRICS = {"production", "consumption", "other"}
# kinds that need a metric cue in their own sentence: a bare share or sum says nothing
NEEDS_METRIC = {"percent", "multiple", "money"}
# flows whose "up to X a year" is a limit (an agreed or technical maximum), not a forecast
BOUNDED_FLOWS = {"export", "transit"}
MODALITY_ORDER = ("limit", "target", "forecast", "actual")
# geo: what a facility has (its figure is about the facility) and flows (about the country)
FACILITY_METRICS = {"capacity", "refining", "reserves", "production"}
FLOWS = {"export", "import", "transit"}
# what a project has (its capacity, its cost): about the project the article is about when the
# sentence names no facility ("Жобаның құны шамамен 4 млрд доллар" in a story on one plant)
PROJECT_METRICS = {"capacity", "investment"}
# achieved figures that take the article's running period when their own text names none
# (a capacity, a reserve or a stake is a state, not a figure of a period)
CARRIED_METRICS = {"production", "export", "import", "transit", "consumption", "refining"}
# states, not flows: dated only by their own clause
STATE_METRICS = {"capacity", "reserves"}
_CLAUSE_BREAK = re.compile(r"[,;:\"«»“”()]|\s[–—-]\s|\.\s")
_QUOTE_TRIM = " \t\n\"'«»“”.,;:()"
_WORD = re.compile(r"\w+")
_WORD_END = re.compile(r"\w*")
# Two mentions of one figure (headline and lead, lead and body) share most words.
SAME_FIGURE_OVERLAP = 0.4
# how far before or after a number a bound marker ("up to", "до", "kadar") still applies
BOUND_REACH = 25
# how far after a figure a country still names whose figure it is ("1,1 milyon ton Kazakistan petrolü")
AFTER_REACH = 30
# the producers' bloc whose agreed cuts and increases are quotas of their own
BLOC = "OPEC+"
# the bloc named as a qualifier of someone's quota or deal ("its OPEC+ target", "OPEC+ ülkeleri arasında
# varılan uzlaşı", "ОПЕК+ келісімі аясында"), not as the one that sets the figure
_ATTRIBUTIVE = re.compile(
    r"['’]?\w*\s*(?:quota|target|cap|deal|agreement|commitment|uzlaş|anlaşma|kota|квот|соглашени|сделк|"
    r"обязательств|келісім|квота|міндеттеме)",
    re.IGNORECASE,
)
# how far after "of the", "in" a stake's owned company may be named ("31% of the Caspian Pipeline Consortium")
OWNED_REACH = 12
# how far before a figure a month or year written across a dash or comma still dates it
LEAD_REACH = 15
# how far after a figure a percentage may be its change ("9,88 млн тонн — на 7,2% меньше")
PRIOR_REACH = 80
# how far after a unit its rate may still come ("10 млн тонн российской нефти в год")
PER_REACH_AFTER = 30

# the period patterns of a language file, in the order `_period` tries them
PERIOD_KEYS = (
    "this_year",
    "last_year",
    "next_year",
    "year",
    "until",
    "until_year",
    "month",
    "day",
    "quarter",
    "half",
    "months_to_date",
    "same_period",
    "compared_last_year",
)

Table = list[tuple[str, re.Pattern[str]]]


@dataclass(frozen=True, eq=False)  # hashed by identity: one per language, cached
class Cues:
    commodity: Table
    metric: Table
    modality: dict[str, re.Pattern[str]]
    context: dict[str, re.Pattern[str] | None]
    period: dict[str, Any]
    period_res: dict[str, list[re.Pattern[str]]]
    months: list[tuple[re.Pattern[str], int]]


def _compile(forms: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?<!\\w)(?:{f})" for f in forms), re.IGNORECASE)


def _compile_optional(forms: list[str] | None) -> re.Pattern[str] | None:
    return _compile(forms) if forms else None


@cache
def cues(lang: str) -> Cues:
    data = load_per_language("facts")[lang if lang in SUPPORTED else FALLBACK]
    period = data.get("period") or {}
    context = data.get("context") or {}
    after = {
        k: context.get(k)
        for k in (
            "basis_after",
            "comparative_after",
            "decline_after",
            "destination_after",
            "emission_after",
            "origin_after",
        )
    }
    return Cues(
        commodity=[(k, _compile(v)) for k, v in (data.get("commodity") or {}).items()],
        metric=[(k, _compile(v)) for k, v in (data.get("metric") or {}).items()],
        modality={k: _compile(v) for k, v in (data.get("modality") or {}).items() if v},
        context={
            k: _compile_optional(context.get(k))
            for k in (
                "change",
                "raise",
                "stake",
                "refinery",
                "facility_anaphor",
                "aside",
                "owned_after",
                "country_anaphor",
                "decline_before",
                "voluntary",
                "destination_before",
                "planned",
                "operating",
                "permission",
                "share",
                "ability",
                "level_suffix",
                "origin_before",
            )
        }
        | {
            "change_by": re.compile(rf"(?:{'|'.join(context['change_by'])})\s*$", re.IGNORECASE)
            if context.get("change_by")
            else None
        }
        | {k: re.compile(rf"\s*(?:{'|'.join(v)})", re.IGNORECASE) if v else None for k, v in after.items()}
        | {
            # a case ending of the figure's last word ("тоннадан", "kWh'ten"): matched at the word's end
            "from_suffix": re.compile(rf"(?:{'|'.join(context['from_suffix'])})$", re.IGNORECASE)
            if context.get("from_suffix")
            else None
        },
        period=period,
        period_res={k: [re.compile(f"(?<!\\w){f}", re.IGNORECASE) for f in period.get(k) or []] for k in PERIOD_KEYS},
        months=[(re.compile(f"^{k}", re.IGNORECASE), int(v)) for k, v in (period.get("months") or {}).items()],
    )


@cache
def _joint() -> dict[str, str]:
    return {str(k): str(v) for k, v in (load_per_language("facts")["common"].get("joint") or {}).items()}


@cache
def _geo() -> tuple[list[str], re.Pattern[str]]:
    geo = load_per_language("facts")["common"].get("geo") or {}
    names = list(geo)
    groups = (f"(?P<g{i}>{'|'.join(forms)})" for i, forms in enumerate(geo.values()))
    return names, re.compile(f"(?<!\\w)(?:{'|'.join(groups)})")


def geo_mentions(text: str) -> list[tuple[int, str]]:
    names, pattern = _geo()
    return [(m.start(), names[int((m.lastgroup or "g0")[1:])]) for m in pattern.finditer(text)]


@cache
def _demonyms() -> frozenset[str]:
    """Every country adjective of the gazetteer, folded (`Uzbek`, `Alman`, `Russian`)."""
    countries = default_gazetteer().of_type("COUNTRY")
    forms = {form for entry in countries for items in entry.demonyms.values() for form in items}
    forms |= {form for langs in gazetteer_data("demonyms").values() for items in langs.values() for form in items}
    return frozenset(fold(form) for form in forms)


def _countries_named(doc: Document, start: int, end: int) -> list[tuple[int, int, str]]:
    """The countries the entity stage found between two offsets of the text, as (start, end, name) relative
    to `start`: it resolves names the fact lexicon does not list and spellings it cannot foresee
    ("Avusturalya", "İndonezya", "Almanya"). Its adjectives are left out ("the Uzbek grid", "российской
    нефти", "Alman şirketi"): they name a buyer, an origin or an owner more often than the figure's place."""
    return [
        (m["start"] - start, m["end"] - start, str(e["canonical"]))
        for e in doc.entities or []
        if e.get("type") == "COUNTRY" and e.get("canonical")
        for m in e.get("mentions") or []
        if start <= m.get("start", -1)
        and m.get("end", end + 1) <= end
        and (surface := doc.text[m["start"] : m["end"]])[:1].isupper()
        and fold(re.split("['’]", surface)[0]) not in _demonyms()
    ]


def _flow_marked(lex: Cues, text: str, start: int, end: int, kinds: Iterable[str]) -> bool:
    """The place named at text[start:end] is marked as where a flow goes to or comes from (`kinds`:
    "destination", "origin"): a word before it ("to", "из") or a case ending after it ("Çin'e", "Ресейден")."""
    for kind in kinds:
        before, after = lex.context.get(f"{kind}_before"), lex.context.get(f"{kind}_after")
        if (before is not None and before.search(text[max(0, start - 12) : start])) or (
            after is not None and after.match(text, end)
        ):
            return True
    return False


def _sources(
    lex: Cues, sentence: str, metric: str, named: Iterable[tuple[int, int, str]] = ()
) -> list[tuple[int, str]]:
    """The places a figure may be about: for an export or a transit, not its destination ("to China", "в
    Китай", "Çin'e", "Қытайға": the figure is the sender's); for an import, not where it comes from
    ("Ресей Федерациясынан ... сатып алды", "из России", "Rusya'dan": the figure is the buyer's, whose
    name may stand as the destination). `named` adds the countries the entity stage found in the
    sentence where the lexicon names none."""
    names, pattern = _geo()
    places = [(m.start(), m.end(), names[int((m.lastgroup or "g0")[1:])]) for m in pattern.finditer(sentence)]
    places += [(a, b, name) for a, b, name in named if not any(a < e and s < b for s, e, _ in places)]
    marks = ("origin",) if metric == "import" else ("destination",)
    return [
        (at, name)
        for at, end, name in sorted(places)
        if not (metric in FLOWS and _flow_marked(lex, sentence, at, end, marks))
    ]


def _nearest_geo(found: list[tuple[int, str]], pos: int) -> str | None:
    return min(found, key=lambda item: abs(item[0] - pos))[1] if found else None


def _bloc(doc: Document, ctx: _Context, offset: int) -> str | None:
    """A quota the bloc itself sets ("OPEC+ members agreed to reduce output by 7.125 mb/d", "Страны ОПЕК+ ...
    обязаны компенсировать 4,779 млн б/с"): OPEC+ named before the figure in its clause, no country named
    right after it ("by 10,000 b/d for Kazakhstan" is Kazakhstan's)."""
    start, pos = offset + ctx.clause_start, offset + ctx.pos
    named = any(
        start <= m["start"] < pos and not _ATTRIBUTIVE.match(doc.text, m["end"])
        for e in doc.entities
        if e.get("canonical") == BLOC
        for m in e.get("mentions") or []
    )
    after = ctx.sentence[ctx.q.end : min(ctx.clause_end, ctx.q.end + AFTER_REACH)]
    return BLOC if named and not geo_mentions(after) else None


# a country's name, up to four words, and nothing else before a bracket ("Birleşik Arap Emirlikleri (")
_NAME_BEFORE_BRACKET = re.compile(r"(?:[\w'’.-]+\s*){1,4}")


# what links a figure to the country whose it is, written after it ("65,000 b/d for Russia")
_FOR = re.compile(r"\s*(?:for|для|үшін|için)\s+", re.IGNORECASE)


def _own_country(found: list[tuple[int, str]], ctx: _Context) -> str | None:
    """The country named last before a figure in its own clause, unless it is named right after another
    figure, whose it is ("by 10,000 b/d for Kazakhstan and by 65,000 b/d for Russia")."""
    own = [
        (at, name)
        for at, name in found
        if ctx.clause_start <= at < ctx.pos
        and not any(end <= at and _FOR.fullmatch(ctx.sentence[end:at]) for _, end in ctx.figures)
    ]
    return max(own)[1] if own else None


def _subject_country(
    lex: Cues, found: list[tuple[int, str]], ctx: _Context, main: str | None, flow: bool = False
) -> str | None:
    """The country a figure is about among those its sentence names, when its own clause names none before
    it (`_own_country`, tried first): one it stands in brackets after, one named right after it, the
    article's own country when "the country" refers to it, when the sentence names it (a partner, a buyer
    or a lender named nearer is not the subject) or when a flow's other places all follow it; else the
    nearest."""
    # "Katar (2,32 milyar dolar; 3,53 milyon ton), Malezya (...)": a figure in brackets right after a
    # country is that country's
    opening = ctx.sentence.rfind("(", 0, ctx.pos)
    if opening >= 0 and ")" not in ctx.sentence[opening : ctx.pos]:
        named = [(at, name) for at, name in found if at < opening]
        if named:
            at, name = max(named)
            if _NAME_BEFORE_BRACKET.fullmatch(ctx.sentence[at:opening]):
                return name
    # "1,1 milyon ton Kazakistan petrolü", "65,000 barrels per day for Russia": named right after it
    right_after = [(at, name) for at, name in found if ctx.q.end <= at < min(ctx.clause_end, ctx.q.end + AFTER_REACH)]
    if right_after:
        return min(right_after)[1]
    anaphor = lex.context.get("country_anaphor")
    if main and anaphor is not None and anaphor.search(ctx.sentence, ctx.clause_start, ctx.pos):
        # "Ülkenin kendi ihtiyaçları için 18 milyar metreküp", "the country's own needs": the article's country
        return main
    if any(name == main for _, name in found):
        return main
    if flow and main and found and all(at >= ctx.q.end for at, _ in found):
        # "300 bin ton petrol BTC, Almanya, Çin ... yönlerine kaydırıldı": the places a flow goes to or through,
        # named after it, are not its sender; the article's country is
        return main
    return _nearest_geo(found, ctx.pos)


@cache
def _per_markers() -> dict[str, re.Pattern[str]]:
    per = load_per_language("facts")["units"].get("per") or {}
    return {k: re.compile("|".join(f"(?<!\\w)(?:{f})(?!\\w)" for f in v), re.IGNORECASE) for k, v in per.items()}


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    label: str
    rank: int  # the label's place in its table: the earlier listed wins a tie


def _hits(table: Table, text: str, offset: int = 0) -> list[_Hit]:
    found = [
        (m.start(), m.end(), rank, label) for rank, (label, pattern) in enumerate(table) for m in pattern.finditer(text)
    ]
    out: list[_Hit] = []
    taken = bytearray(len(text) + 1)
    # the longer cue first, the earlier listed on a tie: "нефтепродукт" shadows "нефт" inside it, and
    # "қатты отын" (coal) the "отын" (fuel) it ends with
    for start, stop, rank, label in sorted(found, key=lambda f: (f[0] - f[1], f[2], f[0])):
        if any(taken[start:stop]):
            continue
        taken[start:stop] = b"\x01" * (stop - start)
        # a cue is a stem ("kapasite"): the hit runs to the end of its word ("kapasitesinin")
        end = _WORD_END.match(text, stop).end()  # type: ignore[union-attr]
        out.append(_Hit(offset + start, offset + end, label, rank))
    return sorted(out, key=lambda h: (h.start, h.rank))


@lru_cache(maxsize=1024)
def _cue_hits(lang: str, table: str, text: str, offset: int = 0) -> list[_Hit]:
    """`_hits` of one cue table ("commodity" or "metric"), cached: several figures share a sentence."""
    lex = cues(lang)
    return _hits(lex.commodity if table == "commodity" else lex.metric, text, offset)


def _gap(hit: _Hit, start: int, end: int) -> int:
    """Characters between a cue and the figure, on whichever side the cue is."""
    return max(start - hit.end, hit.start - end, 0)


def _nearest(found: list[_Hit], start: int, end: int | None = None) -> str | None:
    end = start if end is None else end
    return min(found, key=lambda h: (_gap(h, start, end), h.rank)).label if found else None


def _nearest_commodity(found: list[_Hit], start: int, end: int | None = None) -> str | None:
    """The nearest commodity, except that "oil and condensate" is oil (`joint` in common.yaml)."""
    best = _nearest(found, start, end)
    labels = {h.label for h in found}
    joint = _joint().get(best or "")
    return joint if joint in labels else best


def _dominant(found: list[_Hit]) -> str | None:
    counts = Counter(h.label for h in found)
    return counts.most_common(1)[0][0] if counts else None


@dataclass
class _Context:
    """One candidate's surroundings: its clause, sentence and the sentence before."""

    q: Quantity
    lang: str
    sentence: str
    clause_start: int
    clause_end: int
    previous: str
    # the period the article last named before this sentence (a report's period carries on)
    running: str | None = None
    # the published date, or the year the text implies when none is given
    published: str | None = None
    # the metric and commodity of the figure just before this one in the sentence, and where it ended
    prior: tuple[str, str, int] | None = None
    # the clauses of the sentence's other figures: the words there govern those figures, not this one
    others: tuple[tuple[int, int], ...] = ()
    # the metric and commodity of the last figure of the sentence before
    before: tuple[str, str] | None = None
    # where the sentence's other figures stand
    figures: tuple[tuple[int, int], ...] = ()
    # the line that introduces the list this sentence is an item of ("KPO акционерлері:"), or "", and
    # where it starts in the text
    lead: str = ""
    lead_at: int = -1

    def fulfils(self, lex: Cues) -> bool:
        """A share of a plan with nothing else measured in its sentence ("bu sonucun devlet planının yüzde
        101,2'sine karşılık geldiğini"): the share is of the figure the sentence before reported."""
        fulfilment = lex.modality.get("fulfilment")
        return (
            self.before is not None
            and self.q.unit is not None
            and self.q.unit.kind == "percent"
            and fulfilment is not None
            and bool(fulfilment.search(self.clause))
        )

    def changes(self, lex: Cues) -> bool:
        """A change in per cent with nothing measured in its sentence ("Это на 5,9% больше, чем годом
        ранее", "2024'ün aynı dönemine kıyasla yüzde 1,96 arttı"): the change of the figure just reported."""
        if self.before is None or self.q.unit is None or self.q.unit.kind != "percent":
            return False
        if _cue_hits(self.lang, "metric", self.sentence):
            return False
        compared = lex.period_res["compared_last_year"] + lex.period_res["same_period"]
        return any(p.search(self.sentence) for p in compared) or self.moved(lex)

    def moved(self, lex: Cues) -> bool:
        """A word of change governs the figure: a raise or a cut in its clause ("вырос на", "cut by"), or
        a decline or a comparison right after it ("на 1% меньше", "15% below")."""
        moved = [lex.context.get(k) for k in ("raise", "decline_before")]
        after = [lex.context.get(k) for k in ("decline_after", "comparative_after")]
        return any(p is not None and p.search(self.clause) for p in moved) or any(
            p is not None and p.match(self.sentence, self.q.end) for p in after
        )

    @property
    def own_sentence(self) -> str:
        """The sentence with the other figures' clauses blanked."""
        return _blanked(self.sentence, self.others, self.q.start)

    @property
    def clause(self) -> str:
        return self.sentence[self.clause_start : self.clause_end]

    @property
    def pos(self) -> int:
        return self.q.start

    def near_number(self) -> str:
        return self.sentence[max(0, self.q.start - BOUND_REACH) : self.q.end + BOUND_REACH]


class _Article:
    """What the whole article says, computed once and only when a fact needs it."""

    def __init__(self, doc: Document, lang: str) -> None:
        self.doc = doc
        self.lang = lang

    @cached_property
    def whole(self) -> str:
        return (self.doc.title or "") + "\n" + self.doc.text

    @cached_property
    def geo(self) -> str | None:
        """The country the article names most as a subject: a place named as where a flow comes from or
        goes to ("Ресей Федерациясынан ... сатып алды", "из России", "to China") is counted only when the
        article names no country otherwise."""
        names, pattern = _geo()
        lex = cues(self.lang)
        found, subjects = [], []
        for m in pattern.finditer(self.whole):
            name = names[int((m.lastgroup or "g0")[1:])]
            found.append(name)
            if not _flow_marked(lex, self.whole, m.start(), m.end(), ("destination", "origin")):
                subjects.append(name)
        counts = Counter(subjects or found)
        return counts.most_common(1)[0][0] if counts else None

    @cached_property
    def facility(self) -> str | None:
        """The facility the article is about: the one named most, at least twice, or the only one it names."""
        counts = [
            (len(e.get("mentions") or []), str(e["canonical"]))
            for e in self.doc.entities or []
            if e.get("type") == "FACILITY" and e.get("canonical")
        ]
        if not counts:
            return None
        n, name = max(counts)
        others = [c for c, _ in counts if c == n]
        return name.removesuffix(" Field") if (n >= 2 or len(counts) == 1) and len(others) == 1 else None

    @cached_property
    def commodity(self) -> str | None:
        return _dominant(_hits(cues(self.lang).commodity, self.whole))

    @cached_property
    def metric_hits(self) -> list[_Hit]:
        return _hits(cues(self.lang).metric, self.whole)

    @cached_property
    def metric(self) -> str | None:
        return _dominant([h for h in self.metric_hits if h.label != "other"])

    @cached_property
    def about_quotas(self) -> bool:
        # asked for every figure: one search with the quota cues, not the whole metric table
        return any(pattern.search(self.whole) for label, pattern in cues(self.lang).metric if label == "quota")

    @cached_property
    def title_figures(self) -> list[float]:
        title = self.doc.title or ""
        return [q.value for q in find_quantities(title, self.lang) if q.unit is not None]

    @cached_property
    def title_modality(self) -> str | None:
        return _cue_modality(cues(self.lang), self.doc.title or "", allow_actual=False)


class Facts(BaseStage):
    name = "facts"
    # also title and published (the article's cues, relative periods), and entities when an
    # earlier stage found them (the facility a figure is about)
    requires = ("text", "lang", "paragraph_langs", "sentences")
    assigns = ("facts",)

    def __init__(self, settings: Settings) -> None:
        self.options = self.options_from(settings)
        for lang in SUPPORTED:
            cues(lang)
            number_lexicon(lang)
        _geo()
        _joint()
        _per_markers()
        warm()

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        doc.facts = []
        if not text:
            return doc
        articles: dict[str, _Article] = {}
        sentences = doc.sentences or [[0, len(text)]]
        running: str | None = None
        published = doc.published or _implied_year(doc, sentences)
        # the last figure read, and the start of its sentence
        last: tuple[str, str] | None = None
        last_at = -1
        for i, (s, e) in enumerate(sentences):
            # a paragraph in a language without cues is read as FALLBACK, not as the article's language
            lang = lang_at(doc, s, unknown_paragraph="default")
            sentence = text[s:e]
            if (
                not any(ch.isdigit() for ch in sentence)
                and not number_lexicon(lang).pattern.search(sentence)
                and not has_multiplier_word(sentence)
            ):
                # a sentence with no figure names no report period: its month or year dates something else
                # ("Погода в ноябре и декабре была неблагоприятной", a meeting, an accident)
                continue
            previous = text[sentences[i - 1][0] : sentences[i - 1][1]] if i else ""
            lead, lead_at = _list_lead(text, sentences, i)
            article = articles.setdefault(lang, _Article(doc, lang))
            prior: tuple[str, str, int] | None = None
            before = last if last is not None and sentences[i - 1][0] == last_at else None
            found = [
                q
                for q in find_quantities(sentence, lang, masked_spans(sentence, lang))
                if q.unit is not None and q.unit.kind in FACT_KINDS
            ]
            clauses = [_clause(sentence, q.start, q.end) for q in found]
            for q, (cs, ce) in zip(found, clauses, strict=True):
                others = tuple(c for c in clauses if c != (cs, ce))
                figures = tuple((f.start, f.end) for f in found if f is not q)
                ctx = _Context(
                    q,
                    lang,
                    sentence,
                    cs,
                    ce,
                    previous,
                    running,
                    published,
                    prior,
                    others,
                    before,
                    figures,
                    lead=lead,
                    lead_at=lead_at,
                )
                fact = self._fact(doc, ctx, s, article)
                if fact is not None:
                    prior = (fact["metric"], fact["commodity"], q.end)
                    last, last_at = (fact["metric"], fact["commodity"]), s
                # two holders with equal stakes in one sentence ("Shell (29.25%), Eni (29.25%)") are two facts
                earlier = [f for f in doc.facts if f["start"] < s] if _is_stake(fact) else doc.facts
                if fact is not None and not _repeats(fact, earlier):
                    doc.facts.append(fact)
            running = _running(cues(lang), sentence, published, running)
        return doc

    def _fact(self, doc: Document, ctx: _Context, offset: int, article: _Article) -> dict[str, Any] | None:
        lex = cues(ctx.lang)
        q = ctx.q
        stake = _stake(lex, ctx)
        if not stake and _not_a_figure(lex, ctx):
            return None
        confidence = 0.9
        commodity, penalty = _commodity(lex, ctx, article)
        owned = _owned(lex, doc, ctx, offset) if stake else None
        if stake and (business := _business(doc, owned) or article.commodity):
            # a stake is in a business: what the owned asset produces when the gazetteer knows it (a stake in
            # KPO is in oil and gas together, `other`), else the commodity the article is about, not a word
            # near the share ("a 25% stake in the Ural Fuel ... Refinery" in a story on uranium)
            commodity, penalty = business, 0.2
        if commodity is None and stake:
            commodity, penalty = "other", 0.2
        if commodity is None:
            return None
        confidence -= penalty
        if stake:
            # an ownership stake ("Chevron — 50%", "Shell (29.25%)") is a fact of its own kind
            metric, penalty = "other", 0.1
        else:
            metric, penalty = _metric(lex, ctx, commodity, article)
        if metric is None:
            return None
        confidence -= penalty
        q.per = q.per or _per_near(ctx.clause, q.start - ctx.clause_start, q.end - ctx.clause_start)
        modality, metric = (_stake_modality(lex, ctx), metric) if stake else _modality(lex, ctx, metric, article)
        if metric == "quota" and q.per is None and q.unit is not None and q.unit.kind == "oil_volume":
            # an oil quota is a daily rate wherever the day goes unsaid ("1,5 milyon varilin hemen altında olan
            # kotasını", "потолка в 1,468 млн баррелей"): OPEC+ sets output per day
            q.per = "day"
        if q.number.is_range and q.number.low is not None and q.value > 0:
            # a range is filed under its lower bound ("22,75–22,8 тыс. тонн" → 22 750 t)
            q.value = q.number.low
        if _declines(lex, ctx, metric, modality) and q.value > 0:
            # "на 1% меньше", "15% below", "cut ... by 70 percent": a decline is negative
            q.value = -q.value
        normal = normalise(q, uranium=commodity == "uranium")
        if normal is None:
            return None
        value, unit = normal

        # a state (a capacity, a reserve, a stake) is dated only by its own clause: a year elsewhere in the
        # sentence is when something else happens ("the 240 MW plant will be built by 2027", "bought a 50%
        # stake in 2007"); the level a change starts from is not dated by the change's deadline either
        state = metric in STATE_METRICS or _is_stake_of(metric, unit) or _share(lex, ctx)
        starts = modality == "actual" and _from_level(lex, ctx)
        own = ctx.sentence[ctx.clause_start : q.end] if starts else ctx.clause
        # a load ("16 459 МВт" on 7 December) and a reserve (as of January 1) are figures of one day; a
        # plant's capacity in MW is not ("the 240 MW plant opened on 12 June" has no period)
        power = q.unit is not None and q.unit.kind == "power"
        moment = metric == "reserves" or (power and metric not in ("capacity", "quota"))
        period, relative = _period_full(lex, own, ctx.published, moment)
        if period is None:
            # "в феврале — 300 тыс., в марте — 450 тыс.": the month written just before, across the dash
            period, relative = _period_full(
                lex, ctx.sentence[max(0, q.start - LEAD_REACH) : q.start], ctx.published, moment
            )
        if period is None and not (state or starts):
            period, relative = _period_full(lex, ctx.sentence, ctx.published, moment)
        if period is None and (year := _running_year(ctx.running)) and (month := _named_month(lex, own)):
            # "Ақпанда бұл көрсеткіш 6,21 млн тонна" with no year written anywhere: a month of the report whose
            # period is known ("бірінші тоқсанда" of 2024) is that period's year's month
            period = f"{year}-{month:02d}"
        if relative and (span := _in_span(period, ctx.running)):
            # "за тот же период 2024 года", "2018 жылғы сәйкес кезеңмен салыстырғанда": the report's span
            period = span
        # a rate ("100 млн тонн в год", "11 bcm per year") is no span of time: its period is null
        # unless its own sentence names one (the dev conventions; the seeds wrote "per year")
        rate = q.per is not None and q.unit is not None and q.unit.kind not in ("percent", "money")
        if period is None and ctx.previous and not rate and not (state or starts):
            # "За квартал ... . По Тенгизу показатель составил 7,3 млн тонн": the period carries over,
            # but not a comparison's ("За тот же период 2022 года ... ." is no period of what follows)
            before, compared = _period_full(lex, ctx.previous, ctx.published, moment)
            period = None if compared else before
        if period is None and not rate and modality == "actual" and metric in CARRIED_METRICS and not state:
            # a report states its period once ("қаңтар-наурыз аралығында ...", "bu yılın ocak-şubat
            # döneminde ...") and every achieved flow after it is of that period until another is named
            period = ctx.running

        if modality == "forecast" and _estimate_of_the_past(lex, ctx, period):
            # "imports, which last year were estimated at 204 million tonnes", "в 2023 году оценивались
            # в ...": an estimate of a period already over is the best figure of what was, an actual
            modality = "actual"

        places = _sources(lex, ctx.sentence, metric, _countries_named(doc, offset, offset + len(ctx.sentence)))
        geo = (
            (stake and owned)
            or _facility(doc, ctx, offset, metric)
            or _region(doc, ctx, offset)
            or _antecedent(lex, doc, ctx, offset)
            or _producer(doc, ctx, offset, metric)
            # "Kazakhstan aims to lift total refining capacity from 18 to 39 million tons": the country its
            # own clause names before it, not the plant the article is about
            or _own_country(places, ctx)
            or (metric == "quota" and _bloc(doc, ctx, offset))
            or (metric in PROJECT_METRICS and article.facility)
            # reserves told with no place in a story about one field ("remaining recoverable reserves stood at
            # 253.2 million tons") are that field's
            or (metric == "reserves" and not geo_mentions(ctx.sentence) and article.facility)
            or _subject_country(lex, places, ctx, article.geo, metric in FLOWS)
            or article.geo
        )

        if q.repaired or q.number.implied:
            confidence -= 0.2
        if q.number.is_range:
            confidence -= 0.1
        start, end = _trim(doc.text, offset + ctx.clause_start, offset + ctx.clause_end)
        return {
            "commodity": commodity,
            "metric": metric,
            "value": value,
            "unit": unit,
            "period": period,
            "modality": modality,
            "geo": geo,
            "quote": doc.text[start:end],
            "start": start,
            "end": end,
            "confidence": round(max(confidence, 0.1), 2),
        }


def _share(lex: Cues, ctx: _Context) -> bool:
    """A percentage that is a standing share of a whole ("Hydropower accounts for 90% of the electricity",
    "на республику приходится примерно 40% мирового производства", "küresel arzın yüzde 43'ünü
    karşılıyor"): dated only by its own clause, not by the year its sentence or report names."""
    share = lex.context.get("share")
    if share is None or ctx.q.unit is None or ctx.q.unit.kind != "percent" or not share.search(ctx.clause):
        return False
    return not ctx.moved(lex)


def _implied_year(doc: Document, sentences: list[list[int]] | list[tuple[int, int]]) -> str | None:
    """With no published date, the year a report is about when the text only names the year it is
    compared with: "за тот же период 2024 года", "2018 жылғы сәйкес кезеңмен салыстырғанда",
    "2021'in aynı dönemine göre" make the report's own year the next one."""
    for s, e in sentences:
        sentence = doc.text[s:e]
        lex = cues(lang_at(doc, s, unknown_paragraph="default"))
        same = lex.period_res["same_period"]
        for p in lex.period_res["year"]:
            for m in p.finditer(sentence):
                window = sentence[max(0, m.start() - 40) : m.end() + 40]
                if any(sp.search(window) for sp in same):
                    return str(int(m.group("y")) + 1)
    return None


def _running(lex: Cues, sentence: str, published: str | None, running: str | None) -> str | None:
    """The report's period after `sentence`: the one it names, unless that is only a comparison's
    year ("против 2,1 млн тонн в 2024 году", "за тот же период 2024 года"), which leaves it as it was."""
    period, relative = _period_full(lex, sentence, published)
    if period is None or (relative and running is not None):
        return running
    return period


def _facility(doc: Document, ctx: _Context, offset: int, metric: str) -> str | None:
    """The field, pipeline or plant (from the entities) a figure is about: one named in its clause,
    or, for what a facility has (capacity, reserves, output), in its sentence. A flow across borders
    (export, import, transit) is about the country, not the pipe it runs through."""
    if metric in FLOWS:
        return None
    spans = [(offset + ctx.clause_start, offset + ctx.clause_end)]
    if metric in FACILITY_METRICS and not geo_mentions(ctx.sentence[ctx.clause_start : ctx.pos]):
        # a country named before the figure in its own clause ("Қазақстанда 59,8 млн тонна мұнай өндірілді, оның ішінде
        # Қашағанда ...") is what it is about, not a field named elsewhere in the sentence
        spans.append((offset, offset + len(ctx.sentence)))
    pos = offset + ctx.pos
    for start, end in spans:
        found = [
            (abs(m["start"] - pos), e["canonical"])
            for e in doc.entities
            if e.get("type") == "FACILITY" and e.get("canonical")
            for m in e.get("mentions") or []
            if start <= m["start"] < end
        ]
        if found:
            # a field is named without its suffix ("Tengiz", not "Tengiz Field")
            return str(min(found)[1]).removesuffix(" Field")
    return None


# what a company has or makes (its output, its plants' capacity): about the company when it is named as
# the figure's subject; bodies that report or regulate (a ministry, an agency, a bank) are no such subject
PRODUCER_METRICS = {"production", "capacity", "reserves", "refining"}
_NOT_A_PRODUCER = re.compile(
    r"\b(?:Ministry|Government|Agency|Committee|Bureau|Office|Bank|Fund|Service|Statistics|Parliament|Senate|"
    r"Mazhilis|Council|Administration|Akimat|President|Commission|Exchange|Association|Union|Institute|News|"
    r"Times|Reuters|Interfax|Bloomberg|Xinhua|TASS|OPEC)\b|\+"
)


def _producer(doc: Document, ctx: _Context, offset: int, metric: str) -> str | None:
    """The company a figure's clause names before it, nearer than any country ("Kazatomprom produced
    5,077 tonnes", "ЛУКОЙЛ ... добыча достигла", "TotalEnergies ... с 33 ТВт·ч"): its own figure."""
    if metric not in PRODUCER_METRICS:
        return None
    start, pos = offset + ctx.clause_start, offset + ctx.pos
    found = [
        (m["start"], str(e["canonical"]))
        for e in doc.entities
        if e.get("type") == "ORG" and e.get("canonical") and not _NOT_A_PRODUCER.search(str(e["canonical"]))
        for m in e.get("mentions") or []
        if start <= m["start"] < pos
    ]
    if not found:
        return None
    at, name = max(found)
    countries = [offset + ctx.clause_start + i for i, _ in geo_mentions(ctx.clause)]
    return None if any(at < c < pos for c in countries) else name


def _antecedent(lex: Cues, doc: Document, ctx: _Context, offset: int) -> str | None:
    """The facility a clause refers to by its kind alone ("выработка станции", "Tesisin kapasitesi",
    "болашақ станцияның қуаты", "the plant will"): the one named last before it in the article, or
    the only one the article names. The figure is about that facility, not the country around it."""
    anaphor = lex.context.get("facility_anaphor")
    if anaphor is None or not anaphor.search(ctx.clause):
        return None
    pos = offset + ctx.pos
    named = [
        (m["start"], str(e["canonical"]))
        for e in doc.entities
        if e.get("type") == "FACILITY" and e.get("canonical")
        for m in e.get("mentions") or []
    ]
    before = [item for item in named if item[0] < pos]
    if before:
        return max(before)[1].removesuffix(" Field")
    names = {name for _, name in named}
    return names.pop().removesuffix(" Field") if len(names) == 1 else None


def _region(doc: Document, ctx: _Context, offset: int) -> str | None:
    """A region of a country named in the figure's own clause is what the figure is about ("Павлодарская
    область: 33,9 млн тонн", "Қызылорда облысында электр тұтыну 16 пайызға өскен", "Surhanderya'da 600
    megavat"): a region's output or demand, not the country's. Only in the clause: a region named
    elsewhere in the sentence is where a project lies, not its subject."""
    start, end = offset + ctx.clause_start, offset + ctx.clause_end
    pos = offset + ctx.pos
    found = [
        (abs(m["start"] - pos), str(e["canonical"]))
        for e in doc.entities
        if e.get("type") == "LOCATION" and str(e.get("canonical", "")).endswith(" Region")
        for m in e.get("mentions") or []
        if start <= m["start"] < end
    ]
    return min(found)[1] if found else None


def _declines(lex: Cues, ctx: _Context, metric: str, modality: str) -> bool:
    """A change downwards: a decline word right after the figure ("на 1% меньше", "15% below", "yüzde 5
    azaldı", "3%-ке қысқарды", "1,5 млн тоннаға азаяды", "7 milyar metreküp azalacağı"), or a cut verb
    before "by"/"на" + the figure ("суточная добыча снизится на 900 тонн", "cut output by 150,000 b/d").
    An amount, not a percentage, only for a physical quantity outside quotas and decided cuts (the size of
    an agreed or planned cut stays positive, as the dev set and our sample write it: "экспортын тәулігіне
    500 мың баррельге азайтатынын") and not when the unit takes the case of a level reached ("7 milyar
    metreküpe geriledi", "245 MW'a geriledi": fell to)."""
    q = ctx.q
    if q.unit is None:
        return False
    if q.unit.kind != "percent":
        level = lex.context.get("level_suffix")
        if metric == "quota" or modality == "target" or q.unit.kind not in PHYSICAL_KINDS:
            return False
        word_end = q.end
        while word_end < len(ctx.sentence) and (ctx.sentence[word_end].isalpha() or ctx.sentence[word_end] in "'’"):
            word_end += 1
        if level is not None and level.search(ctx.sentence, q.start, word_end):
            return False
    after, before = lex.context.get("decline_after"), lex.context.get("decline_before")
    if after is not None and after.match(ctx.sentence, q.end):
        return True
    if before is None:
        return False
    window = ctx.sentence[max(0, q.start - 100) : q.start]
    by = lex.context.get("change_by")
    return bool(before.search(window)) and by is not None and bool(by.search(window))


def _stake(lex: Cues, ctx: _Context) -> bool:
    """An ownership stake: a percentage with a stake cue in its clause, or in its sentence or the line that
    introduces its list when the clause itself measures nothing ("владеют Chevron — 50%, ExxonMobil —
    25%"; "KPO акционерлері:" then "• Chevron – 18%;")."""
    q = ctx.q
    stake = lex.context["stake"]
    if q.unit is None or q.unit.kind != "percent" or stake is None:
        return False
    if stake.search(ctx.clause):
        return True
    said = stake.search(ctx.sentence) or (ctx.lead and stake.search(ctx.lead))
    return bool(said) and not _cue_hits(ctx.lang, "metric", ctx.clause)


# a list item's mark at the start of its line: a bullet, a dash, a number with a bracket or a dot
_ITEM = re.compile(r"\s*(?:[•·*▪‣◦]|[-–—](?=\s)|\d{1,2}[.)](?=\s))")


def _list_lead(text: str, sentences: list[list[int]] | list[tuple[int, int]], i: int) -> tuple[str, int]:
    """The line ending with a colon that opens the list sentence `i` is an item of, and where it starts,
    or ("", -1) when it is none: every sentence from there to `i` starts a line with a list mark."""
    j = i
    while j >= 0:
        s, e = sentences[j]
        if j < i and text[s:e].rstrip().endswith(":"):
            return text[s:e], s
        if not _ITEM.match(text, s) or (s > 0 and text[s - 1] != "\n"):
            return "", -1
        j -= 1
    return "", -1


def _business(doc: Document, owned: str | None) -> str | None:
    """What the company or asset a stake is in produces, from its gazetteer entry (`commodity`)."""
    if owned is None:
        return None
    for e in doc.entities or []:
        if str(e.get("canonical") or "").removesuffix(" Field") == owned and e.get("id"):
            entry = default_gazetteer().get(str(e["id"]))
            if entry is not None and entry.commodity:
                return entry.commodity
    return None


def _owned(lex: Cues, doc: Document, ctx: _Context, offset: int) -> str | None:
    """What a stake is in: the company or facility named last before the stake cue
    ("«Тенгизшевройл», которым владеют Chevron — 50%", "the KPO consortium, whose shareholders are")."""
    after = lex.context.get("owned_after")
    if after is not None and (m := after.match(ctx.sentence, ctx.q.end)):
        # "holds 31% of the consortium", "50% stake in Tengizchevroil", "20% акций в ТШО": named after it
        start = offset + m.end()
        named = [
            (mention["start"], str(e["canonical"]))
            for e in doc.entities
            if e.get("type") in ("ORG", "FACILITY") and e.get("canonical")
            for mention in e.get("mentions") or []
            if start <= mention["start"] <= start + OWNED_REACH
        ]
        if named:
            return min(named)[1].removesuffix(" Field")
    stake = lex.context["stake"]
    m = stake.search(ctx.sentence) if stake is not None else None
    start = offset
    if m is None and stake is not None and ctx.lead:
        # an item of a list of shareholders: what the line opening the list names before its stake word
        m, start = stake.search(ctx.lead), ctx.lead_at
    if m is None:
        return None
    cue = start + m.start()
    found = [
        (mention["start"], e["canonical"])
        for e in doc.entities
        if e.get("type") in ("ORG", "FACILITY") and e.get("canonical")
        for mention in e.get("mentions") or []
        if start <= mention["start"] < cue
    ]
    return str(max(found)[1]).removesuffix(" Field") if found else None


def _not_a_figure(lex: Cues, ctx: _Context) -> bool:
    """An ownership stake, a reporting basis or a difference looks like a figure but is none."""
    q = ctx.q
    kind = q.unit.kind if q.unit else None
    stake = lex.context["stake"]
    if kind == "percent" and stake is not None and stake.search(ctx.clause):
        return True
    emission = lex.context.get("emission_after")
    if kind == "mass" and emission is not None and emission.match(ctx.sentence, q.end):
        # "280,000 tons of harmful emissions", "5 436 тонна ластаушы зат": a pollutant, not a commodity
        return True
    # "на 10% больше" is a change, a figure; "на 5,8 млн тонн больше" a difference, none
    for key in ("basis_after",) if kind == "percent" else ("basis_after", "comparative_after"):
        pattern = lex.context[key]
        if pattern is not None and pattern.match(ctx.sentence, q.end):
            return True
    return False


def _commodity(lex: Cues, ctx: _Context, article: _Article) -> tuple[str | None, float]:
    """The commodity and a confidence penalty for how far away its cue was."""
    kind = ctx.q.unit.kind if ctx.q.unit else ""
    if kind in UNIT_COMMODITY_FIRM:
        after = ctx.sentence[ctx.q.end : ctx.q.end + 40]
        if kind == "power" and any(h.label == "hydrogen" for h in _cue_hits(ctx.lang, "commodity", after)):
            # "20 gigawatts of water electrolysis capacity" is a hydrogen plant's
            return "hydrogen", 0.0
        return UNIT_COMMODITY_FIRM[kind], 0.0
    right_after = [
        h
        for h in _cue_hits(ctx.lang, "commodity", ctx.clause, ctx.clause_start)
        if ctx.q.end <= h.start and _OF.fullmatch(ctx.sentence[ctx.q.end : h.start])
    ]
    if right_after and not (kind in MATTER_KINDS and right_after[0].label == "electricity"):
        # "15.49 million tonnes of petroleum products", "63,5 млн тонн нефти", "1,3 milyon ton petrol": the
        # word the unit governs names the commodity, whatever other word stands as near on the other side
        return min(right_after, key=lambda h: (h.start, h.rank)).label, 0.0
    for text, offset in ((ctx.clause, ctx.clause_start), (ctx.sentence, 0)):
        hits = _cue_hits(ctx.lang, "commodity", text, offset)
        if kind in MATTER_KINDS:
            # tonnes or cubic metres are never electricity: "65.9 million tons to power and heat producers"
            # is coal sent to power plants
            hits = [h for h in hits if h.label != "electricity"]
        if kind == "mass" and any(h.label not in ("gas", "electricity") for h in hits):
            # gas is told in cubic metres: "oil reserves are put at 1.2 billion tons and its gas reserves at
            # 1.35 trillion cubic meters" has its tonnes of oil, whichever word stands nearer
            hits = [h for h in hits if h.label != "gas"]
        found = _nearest_commodity(hits, ctx.pos, ctx.q.end)
        if found:
            return found, 0.0
    if kind in UNIT_COMMODITY:
        return UNIT_COMMODITY[kind], 0.0
    if ctx.prior is not None and _after_prior(ctx) and not _stake(lex, ctx):
        # "8,6 млн тонна өндірілді, бұл жоспардың 106,2%-ы": the share is of the figure just before
        return ctx.prior[1], 0.1
    if ctx.before is not None and (ctx.fulfils(lex) or ctx.changes(lex)):
        return ctx.before[1], 0.15
    found = _nearest_commodity(_cue_hits(ctx.lang, "commodity", ctx.previous, -len(ctx.previous)), 0)
    if found:
        return found, 0.15
    metric_here = bool(_cue_hits(ctx.lang, "metric", ctx.clause))
    if article.commodity and (kind not in ("percent", "multiple") or metric_here):
        # "raise this share to 15%": the article's subject, when the clause says what is measured
        return article.commodity, 0.25
    return None, 0.0


def _after_prior(ctx: _Context) -> bool:
    """A percentage or a multiple close after another figure of its sentence (its change or share)."""
    kind = ctx.q.unit.kind if ctx.q.unit else ""
    return kind in ("percent", "multiple") and ctx.prior is not None and ctx.q.start - ctx.prior[2] <= PRIOR_REACH


def _metric(lex: Cues, ctx: _Context, commodity: str, article: _Article) -> tuple[str | None, float]:
    q = ctx.q
    kind = q.unit.kind if q.unit else ""
    quota_change = commodity == "oil" and _quota_change(lex, ctx, article)

    def hits(text: str, offset: int = 0) -> list[_Hit]:
        found = _cue_hits(ctx.lang, "metric", text, offset)
        if kind in PHYSICAL_KINDS:
            # tonnes, cubic metres or kilowatt-hours are never a sum invested or a price: "ішкі нарыққа қосымша
            # 2,6 млрд текше метр газ жіберу" beside a word of funding is gas sent, not money
            found = [h for h in found if h.label not in MONEY_METRICS]
        return found

    metric = _nearest(hits(ctx.clause, ctx.clause_start), ctx.pos, q.end)
    ability, allowed = lex.context.get("ability"), lex.context.get("permission")
    if (
        kind in PHYSICAL_KINDS
        and ability is not None
        and ability.search(ctx.clause)
        and not (allowed is not None and allowed.search(ctx.sentence))
    ):
        # "CPC sistemi günde 1,5 milyon varile kadar petrol taşıyabiliyor": what a line can carry is its capacity
        metric = "capacity"
    if kind in UNIT_METRIC:
        # a GW figure is a capacity, unless its clause says it is an output ("генерациясы 16,7 гигаватт",
        # "выработка упала до 320 МВт"), a load or a shortfall ("қуат тапшылығы 0,9 гигаватт")
        said = {h.label for h in _cue_hits(ctx.lang, "metric", ctx.clause, ctx.clause_start)}
        if metric is None:
            # a clause of the figure alone ("... достигло исторического максимума – 16 459 МВт"): the
            # sentence's own word of demand or output, when it names no capacity
            hits = _cue_hits(ctx.lang, "metric", ctx.sentence)
            if "capacity" not in {h.label for h in hits}:
                near = _nearest(hits, ctx.pos, q.end)
                metric = near if near in ("production", "consumption") else None
        # a shortfall ("қуат тапшылығы 0,9 гигаватт", "дефицит мощности") is `other` though it names power
        shortfall = metric == "other"
        return (metric if metric in POWER_METRICS and ("capacity" not in said or shortfall) else UNIT_METRIC[kind]), 0.0
    if metric is None and quota_change:
        metric = "quota"
    if metric is None:
        metric = _nearest(hits(_without_asides(lex, ctx)), ctx.pos, q.end)
    if metric == "production" and quota_change:
        # "OPEC+ ... to cut production by 82 kb/d": an agreed change of output is a quota
        metric = "quota"
    penalty = 0.0
    if metric is None and kind not in NEEDS_METRIC:
        usual = article.metric if kind not in PHYSICAL_KINDS or article.metric not in MONEY_METRICS else None
        metric = _nearest(hits(ctx.previous, -len(ctx.previous)), 0) or usual
        penalty = 0.15
    if metric is None and q.per_unit is not None and kind == "money":
        metric = "price"
    metric = metric or UNIT_METRIC.get(kind)
    if metric is None and ctx.before is not None and (ctx.fulfils(lex) or ctx.changes(lex)):
        metric = ctx.before[0]
    if metric is None and _after_prior(ctx):
        # "3,4 млн тонн (+8,9%)", "9,88 млн тонн — на 7,2% меньше": the change of the figure just before
        metric = ctx.prior[0] if ctx.prior and ctx.prior[0] != "other" else None
    if metric is None:
        if kind in NEEDS_METRIC:
            return None, 0.0
        return "other", 0.2
    if kind == "money" and q.per_unit is not None and metric != "price":
        # a sum per unit is a price, whatever volume words stand near ("590,000 tenge per megawatt per month",
        # "$58 per barrel"): a tariff, a cap or a market price
        metric = "price"
    if kind == "money" and q.per_unit is None and metric in ("production", "reserves", "capacity", "refining"):
        # a sum is no volume: "жобалар (36,8 млрд доллар)" beside output words is what they cost
        metric = "investment"
    # a refinery's capacity stays a capacity (the dev conventions): `refining` is what was processed
    if metric == "refining" and (_planned(lex, ctx.previous + " " + ctx.sentence) or _from_level(lex, ctx)):
        # a refinery expanded "с 6 до 12 млн тонн", "from 6 to 12 million tonnes a year": its size grows,
        # what it processed is told with a verb of processing in a period
        metric = "capacity"
    return metric, penalty


def _without_asides(lex: Cues, ctx: _Context) -> str:
    """The sentence with its "including ..." asides blanked, unless the figure is in one: "Generation,
    including electricity sent abroad, reached 86.9 billion kWh" is generation, whatever was sent."""
    aside = lex.context.get("aside")
    if aside is None:
        return ctx.sentence
    return _blanked(ctx.sentence, [m.span() for m in aside.finditer(ctx.sentence)], ctx.q.start)


def _blanked(text: str, spans: Iterable[tuple[int, int]], keep: int) -> str:
    """`text` with the spans blanked but the one holding offset `keep` (same length: offsets hold)."""
    for start, end in spans:
        if not start <= keep < end:
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _quota_change(lex: Cues, ctx: _Context, article: _Article) -> bool:
    """A decided change of output in an article about quotas: any cut, or a raise beside a quota cue."""
    if not article.about_quotas:
        return False
    cut, rise = lex.context["change"], lex.context["raise"]
    if cut is not None and cut.search(ctx.clause):
        return True
    # a raise a country is allowed ("both may raise production ... by 10,000 b/d for Kazakhstan")
    allowed = lex.context.get("permission")
    if rise is None:
        return False
    if allowed is not None and allowed.search(ctx.sentence) and rise.search(ctx.sentence):
        return True
    return bool(rise.search(ctx.clause)) and any(
        h.label == "quota" for h in _cue_hits(ctx.lang, "metric", ctx.sentence)
    )


@lru_cache(maxsize=4096)
def _cue_modality(lex: Cues, text: str, allow_actual: bool = True) -> str | None:
    found = {label for label, pattern in lex.modality.items() if label in MODALITY_ORDER and pattern.search(text)}
    order = MODALITY_ORDER if allow_actual else MODALITY_ORDER[:-1]
    return next((m for m in order if m in found), None)


def _modality(lex: Cues, ctx: _Context, metric: str, article: _Article) -> tuple[str, str]:
    """The modality, and the metric again (a production figure under a limit is a quota)."""
    q = ctx.q
    changed = _quota_change(lex, ctx, article)
    voluntary = lex.context.get("voluntary")
    own = voluntary is not None and bool(voluntary.search(ctx.previous + " " + ctx.sentence))
    if metric == "quota":
        # a quota level, an agreed cut and an allowed increase are limits; a country's voluntary
        # cut ("ерікті түрде 82 мың баррельге азайтады") is its own target
        strong = "limit" in lex.modality and lex.modality["limit"].search(ctx.clause)
        return ("target" if changed and own and not strong else "limit"), metric
    if changed and own:
        # "Russia will voluntarily cut exports by 500 kb/d" beside OPEC+ quotas: a decided change
        return "target", metric
    bound = lex.modality.get("bound")
    if (
        metric in BOUNDED_FLOWS
        and q.per is not None
        and bound is not None
        and bound.search(ctx.near_number())
        and not _raised_to(lex, ctx)
    ):
        # "up to 10 Mt a year" of a transit is its allowed maximum; "довести экспорт до 100 млрд
        # кубометров в год" (a plan) and "65 milyar metreküpe kadar yükselmesi bekleniyor" are not
        return "limit", metric
    modality = _governing_modality(lex, ctx)
    if modality is None and any(_same_value(q.value, v) for v in article.title_figures):
        modality = article.title_modality
    if modality is None and metric == "investment":
        # a project's cost with no verb of spending ("құны 239 млрд теңге болатын ЖЭО", "(36,8 млрд доллар)",
        # "toplam değeri 12,3 milyar dolar olan projeler") is its budget, a target (the eval conventions:
        # project budgets are target); money spent is told with a past verb ("вложено", "has invested")
        modality = "target"
    modality = modality or "actual"
    if modality == "limit" and metric in ("production", "other"):
        metric = "quota"
    uncertain = lex.modality.get("uncertain")
    estimate = lex.modality.get("estimate")
    said = estimate is not None and bool(estimate.search(ctx.clause))
    if metric == "investment" and (modality == "forecast" or said):
        # what a project "will cost", "is estimated at", "оценивается в", "деп есептелген", "бағаланады"
        # is its budget, a target (the dev conventions); only a sum spent ("has invested") is actual
        modality = "target"
    predicted = lex.modality.get("prediction")
    if (
        modality == "forecast"
        and metric == "reserves"
        and said
        and not _future_verb(ctx)
        and not (predicted and predicted.search(ctx.sentence))
    ):
        # a reserve "estimated at", "оценивались в", "tahmin ediyor" is the present state of a deposit
        # (the eval conventions: reserves are actual); one a verb puts ahead ("will reach") or a prediction
        # ("болады деп болжануда", "по прогнозу") stays a forecast
        modality = "actual"
    if modality == "actual" and metric == "capacity" and _planned(lex, ctx.sentence):
        # the capacity of a plant to be built, a project, an expansion ("строительство трёх ВЭС общей
        # мощностью 1,5 ГВт", "the 1.5 GW Kungrad wind farm project", "43 gigavat kapasiteli projeler"):
        # a planned capacity is a target (the eval conventions); one in operation or built ("added
        # 260,000 b/d of capacity", "введена в строй") stays actual
        modality = "target"
    if modality != "actual" and metric != "quota" and _from_level(lex, ctx):
        # "с 5,5 до 9 млн тонн", "from 33 TWh to over 100 TWh by 2030", "42 млн тоннадан 50 млн тоннаға
        # дейін": the level a change starts from is the present one; the plan or the forecast is its end
        modality = "actual"
    if modality == "forecast" and metric == "capacity" and not (uncertain and uncertain.search(ctx.clause)):
        # a capacity that "will reach" X is a plant's design, a plan; "may reach" X is a forecast
        modality = "target"
    return modality, metric


def _planned(lex: Cues, sentence: str) -> bool:
    """The sentence speaks of building, planning or expanding and of nothing in operation."""
    planned, operating = lex.context.get("planned"), lex.context.get("operating")
    return bool(planned and planned.search(sentence)) and not (operating and operating.search(sentence))


# a later figure in the sentence: the end of a change "from X to Y"
_LATER_FIGURE = re.compile(r"\d|\w+(?:ty|сот|мың|тыс)\w*", re.IGNORECASE)
# the rest of a figure's last word after the unit ("125-тен", "kWh'ten")
_WORD_TAIL = re.compile(r"(?:['’-]?\w+)?")
# how far after a change's starting level its end may be written
CHANGE_REACH = 60


def _from_level(lex: Cues, ctx: _Context) -> bool:
    """The figure is where a change starts: "с"/"from" just before it (ru, en: `change_open` of the number
    lexicon), or its last word in the ablative (kk "тоннадан", tr "kWh'ten": `from_suffix` in the facts
    lexicon), with the change's end written after it in the sentence."""
    q = ctx.q
    later = _LATER_FIGURE.search(ctx.sentence, q.end, q.end + CHANGE_REACH) is not None
    if not later:
        return False
    opener = number_lexicon(ctx.lang).change_open
    if opener is not None and opener.search(ctx.sentence[max(0, q.start - 12) : q.start]):
        return True
    suffix = lex.context.get("from_suffix")
    if suffix is None:
        return False
    tail = _WORD_TAIL.match(ctx.sentence, q.end)
    word = ctx.sentence[q.start : tail.end() if tail else q.end].split()[-1]
    return suffix.search(word) is not None


def _estimate_of_the_past(lex: Cues, ctx: _Context, period: str | None) -> bool:
    """The figure is an estimate ("estimated at", "оценивается в", "tahmin ediliyor"), no verb puts it
    ahead, no prediction word stands in its sentence, and its period ended before the article's year."""
    estimate, predicted = lex.modality.get("estimate"), lex.modality.get("prediction")
    if estimate is None or not estimate.search(ctx.clause) or _future_verb(ctx):
        return False
    if predicted is not None and predicted.search(ctx.sentence):
        return False
    year = _published_year(ctx.published)
    m = re.match(r"(\d{4})", period or "")
    return bool(year and m and int(m.group(1)) < year)


def _future_verb(ctx: _Context) -> bool:
    return any(t == "future" for _, _, t in verb_signals(ctx.clause, ctx.lang))


def _raised_to(lex: Cues, ctx: _Context) -> bool:
    """A flow brought or expected to rise "to" a level: the bound word is the level's "to", no limit."""
    rise = lex.context.get("raise")
    return _cue_modality(lex, ctx.clause, allow_actual=False) == "forecast" or bool(
        rise is not None and rise.search(ctx.clause)
    )


def _stake_modality(lex: Cues, ctx: _Context) -> str:
    """A stake held is actual; one a company "will hold" ("будет принадлежать по 20%", "would own 34%")
    in a venture still to be formed is a target."""
    stake = lex.context["stake"]
    for text, offset in ((ctx.clause, ctx.clause_start), (ctx.sentence, 0)):
        verbs = [(s, e, TENSE_MODALITY[t], 0) for s, e, t in verb_signals(text, ctx.lang)]
        found = _nearest_signal(verbs, ctx.q.start - offset, ctx.q.end - offset)
        if found is None:
            found = _cue_modality(lex, text, allow_actual=False)
        if found is not None:
            return "actual" if found == "actual" else "target"
        if stake is not None and stake.search(text):
            # "Cameco, which owns 40%": a present stake verb of its own, whatever the sentence plans
            return "actual"
    return "actual"


# what a verb's tense says of the figure it governs
TENSE_MODALITY = {"past": "actual", "future": "forecast"}


def _nearest_signal(found: list[tuple[int, int, str, int]], start: int, end: int) -> str | None:
    if not found:
        return None
    best = min(found, key=lambda h: (max(start - h[1], h[0] - end, 0), h[3]))
    return best[2]


def _governing_modality(lex: Cues, ctx: _Context) -> str | None:
    """The modality from the words that govern the figure. In its clause: a plan fulfilled
    ("план выполнен на 101%", "жоспар 100% орындалды") is achieved; a limit, target or forecast cue
    decides; else the tense of the nearest verb ("за 11 месяцев получили 7,3 млн тонн" is achieved,
    whatever plan the sentence mentions; "страна добудет 85 млн тонн" is expected). Then the same
    in its sentence."""
    percent = ctx.q.unit is not None and ctx.q.unit.kind == "percent"
    for text, offset in ((ctx.clause, ctx.clause_start), (ctx.sentence, 0)):
        fulfilled = lex.modality.get("fulfilment")
        if fulfilled is not None and fulfilled.search(text):
            return "actual"
        exceeded = lex.modality.get("exceeded")
        if percent and exceeded is not None and exceeded.search(text):
            # "11.6% more than it had planned", "болжамдағыдан 28%-ға артық": a result beyond the plan
            return "actual"
        cue = _cue_modality(lex, text, allow_actual=False)
        uncertain = lex.modality.get("uncertain")
        if cue == "target" and uncertain is not None and uncertain.search(text):
            # "the gap could grow to five to six billion kWh by 2026", "до 2030 года может достичь": a deadline
            # with a "could" is what may happen, a forecast, not a plan
            cue = "forecast"
        if cue == "limit" and offset == 0 and _cue_modality(lex, ctx.own_sentence, allow_actual=False) != "limit":
            # "put March output at 1.475 mb/d, against a quota of 1.437 mb/d": the quota is the other figure's
            cue = None
        if cue in ("target", "forecast") and _past_before_later_plan(lex, ctx, text, offset, cue):
            # "Kazakhstan produced 90 million tonnes in 2023 and plans to keep output above that level": the
            # past verb before the figure governs it; the plan after it governs what follows
            return "actual"
        if cue is not None:
            return cue
        verbs = [(s, e, TENSE_MODALITY[t], 0) for s, e, t in verb_signals(text, ctx.lang)]
        found = _nearest_signal(verbs, ctx.q.start - offset, ctx.q.end - offset)
        if found is not None:
            return found
        if _cue_modality(lex, text) == "actual":
            return "actual"
    return None


def _past_before_later_plan(lex: Cues, ctx: _Context, text: str, offset: int, cue: str) -> bool:
    """A past verb stands before the figure in `text`, nearer than any verb after it, and every word of
    the plan or forecast stands after the figure. English and Russian only: there the verb comes before
    its object; Kazakh and Turkish put it at the clause's end, past participles before the figure
    qualify other nouns."""
    if ctx.lang not in ("en", "ru"):
        return False
    start = ctx.q.start - offset
    pattern = lex.modality.get(cue)
    if pattern is None or any(m.start() < start for m in pattern.finditer(text)):
        return False
    verbs = verb_signals(text, ctx.lang)
    before = [(s, t) for s, e, t in verbs if e <= start]
    return bool(before) and max(before)[1] == "past"


def _is_stake_of(metric: str, unit: str) -> bool:
    """An ownership stake as the fact stage files it: metric other, unit %."""
    return metric == "other" and unit == "%"


def _is_stake(fact: dict[str, Any] | None) -> bool:
    return fact is not None and fact["metric"] == "other" and fact["unit"] == "%"


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-12)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _repeats(fact: dict[str, Any], facts: list[dict[str, Any]]) -> bool:
    """The same figure said twice (headline and body, lead and body) is one fact."""
    key = ("commodity", "metric", "unit")
    words = _words(fact["quote"])
    for other in facts:
        if any(other[k] != fact[k] for k in key) or not _same_value(other["value"], fact["value"]):
            continue
        theirs = _words(other["quote"])
        if len(words & theirs) / max(len(words | theirs), 1) >= SAME_FIGURE_OVERLAP:
            return True
        # restated in other words ("grow 2.3% this year to 60.5 bcm" ... "The 2024 plan is set at 60.5 bcm"):
        # the same kind, value, modality, period and place. Without a period (two plants' equal capacities)
        # or as two holders' equal stakes, equal figures are two facts.
        same = all(other.get(k) == fact.get(k) for k in ("modality", "period", "geo"))
        if same and fact.get("period") is not None and not _is_stake(fact):
            return True
        if same and _is_stake(fact):
            # an equal stake in the same asset told again in a later sentence ("its 50%-owned affiliate" ...
            # "TCO's partners are Chevron (50%), ..."); `facts` holds only earlier sentences' for a stake
            return True
    return False


# the comma of an English date ("as of January 1, 2024"): no clause break
_DATE_COMMA = (re.compile(r"[A-Z][a-z]+\s+\d{1,2}$"), re.compile(r"\s*(?:19|20)\d\d(?!\d)"))


def _no_break(sentence: str, m: re.Match[str]) -> bool:
    """A decimal comma, a thousands separator or a date's comma is no clause break."""
    if m.group(0) in (",", ".") and m.end() < len(sentence) and sentence[m.end() : m.end() + 1].isdigit():
        return True
    day, year = _DATE_COMMA
    return (
        m.group(0) == ","
        and bool(day.search(sentence, max(0, m.start() - 14), m.start()))
        and bool(year.match(sentence, m.end()))
    )


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    cs = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, start):
        if _no_break(sentence, m):
            continue
        cs = m.end()
    ce = len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence, end):
        if _no_break(sentence, m):
            continue
        ce = m.start() + (1 if m.group(0).startswith(".") else 0)
        break
    return cs, ce


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _QUOTE_TRIM:
        start += 1
    while end > start and text[end - 1] in _QUOTE_TRIM:
        end -= 1
    return start, end


def _per_near(clause: str, start: int, end: int) -> str | None:
    """A rate written apart from the unit: "жылына 1,5 млн тонна", "1.5 Mt of oil a year"."""
    for window in (clause[max(0, start - 40) : start], clause[end : end + PER_REACH_AFTER]):
        for per, pattern in _per_markers().items():
            if pattern.search(window):
                return per
    return None


def _published_year(published: str | None) -> int | None:
    m = re.match(r"((?:19|20)\d\d)", published or "")
    return int(m.group(1)) if m else None


def _running_year(running: str | None) -> int | None:
    """The year of the report's running period, also of a deadline ("until 2026-06": "в январе сокращение
    составит 100 тыс. б/с" in a schedule that runs to June 2026 is January 2026)."""
    m = re.search(r"(?<!\d)((?:19|20)\d\d)", running or "")
    return int(m.group(1)) if m else None


def _month(lex: Cues, word: str) -> int | None:
    return next((n for pattern, n in lex.months if pattern.search(word)), None)


def _ordinal(lex: Cues, word: str) -> int | None:
    if word.isdigit():
        return int(word)
    for key, value in (lex.period.get("ordinals") or {}).items():
        if word.casefold().startswith(str(key).casefold()):
            return int(value)
    return None


@cache
def _comparison(lex: Cues) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Words that make a year the base of a comparison: before it (ending right at the year) and after it."""
    before, after = lex.period.get("comparison_before"), lex.period.get("comparison_after")
    return (
        re.compile(rf"(?<!\w)(?:{'|'.join(before)})\s*$", re.IGNORECASE) if before else None,
        re.compile(rf"(?:{'|'.join(after)})", re.IGNORECASE) if after else None,
    )


def _period(lex: Cues, text: str, published: str | None) -> str | None:
    return _period_full(lex, text, published)[0]


@lru_cache(maxsize=4096)
def _period_full(lex: Cues, text: str, published: str | None, days: bool = False) -> tuple[str | None, bool]:
    """The period `text` names, and whether its year is only the one after a comparison base
    ("2018 жылғы сәйкес кезеңмен салыстырғанда" → 2019: the same span as the report's, a year on)."""
    period = _period_text(lex, text, published, days)
    if period is None or not re.fullmatch(r"\d{4}", period):
        return period, False
    same = lex.period_res["same_period"]
    if any(p.search(text) for p in same):
        return period, True
    before, after = _comparison(lex)
    years = [m for p in lex.period_res["year"] for m in p.finditer(text)]
    compared = bool(years) and all(
        (before is not None and before.search(text, max(0, m.start() - 40), m.start()))
        or (after is not None and after.match(text, m.end()))
        for m in years
    )
    return period, compared


def _in_span(period: str | None, running: str | None) -> str | None:
    """The report's span of months ("2025-01..2025-09") in the year `period` names: "за тот же период
    2024 года" → 2024-01..2024-09."""
    if period is None or running is None or ".." not in running or not re.fullmatch(r"\d{4}", period):
        return None
    a, b = running.split("..")
    if a[:4] != b[:4] or len(a) != 7:
        return None
    return f"{period}{a[4:]}..{period}{b[4:]}"


@lru_cache(maxsize=4096)
def _period_text(lex: Cues, text: str, published: str | None, days: bool = False) -> str | None:
    """The period `text` names; a single day ("7 декабря 2022 года") only where `days` says a figure of
    one moment may be meant (a load in MW, a reserve as of a date): elsewhere a day is when something was
    said or signed ("13 Ağustos'ta sunduğu raporda")."""
    pub = _published_year(published)
    year: int | None = None
    relative = False
    if any(p.search(text) for p in lex.period_res["compared_last_year"]):
        # "на 5,5% ниже, чем в сентябре прошлого года": last year is the base, the figure is this year's
        relative, year = True, pub
    for key, shift in () if relative else (("this_year", 0), ("last_year", -1), ("next_year", 1)):
        if any(p.search(text) for p in lex.period_res[key]):
            relative = True
            year = pub + shift if pub else None
            break
    if not relative:
        before, after = _comparison(lex)
        compared: int | None = None
        for p in lex.period_res["year"]:
            for m in p.finditer(text):
                # the year a figure is compared with ("than in 2022", "чем годом 2021", "2018 жылғы
                # сәйкес кезеңмен салыстырғанда", "2021'in aynı dönemine göre") is not its period
                if (before is not None and before.search(text, max(0, m.start() - 40), m.start())) or (
                    after is not None and after.match(text, m.end())
                ):
                    compared = compared or int(m.group("y"))
                    continue
                year = int(m.group("y"))
                break
            if year is not None:
                break
        if year is None and compared is not None:
            # compared with a year and no other year written: most comparisons are year on year
            year = compared + 1
    span = _month_span(lex, text)
    if span and (year or pub):
        # "с января по март 2022 года", "қаңтар-наурыз", "January-March": 2022-01..2022-03
        y = year or pub
        return f"{y}-{span[0]:02d}..{y}-{span[1]:02d}"
    for p in lex.period_res["until"]:
        m = p.search(text)
        if m and (month := _month(lex, m.group("m"))):
            if year is None:
                return None
            return f"until {year}-{month:02d}"
    for p in lex.period_res["until_year"]:
        if m := p.search(text):
            # a deadline ("by 2030", "2030 жылға қарай") is the year the figure is for
            return m.group("y")
    day = _named_day(lex, text) if days else None
    if day and (year or day[2] or pub):
        # "as of January 1, 2024", "7 декабря": a figure of one day (a stock on a date, a peak load)
        return f"{year or day[2] or pub}-{day[0]:02d}-{day[1]:02d}"
    month = _named_month(lex, text)
    if month and (year or pub):
        # "in March" without a year is this year's March
        return f"{year or pub}-{month:02d}"
    # "үш айда", "за 11 месяцев", "first quarter" without a year: the published year's
    y = year or pub
    if y is None:
        return None
    # quarters, halves and months to date as a span of months: 2024-01..2024-03
    for key, months in (("quarter", 3), ("half", 6)):
        for p in lex.period_res[key]:
            m = p.search(text)
            if m and (n := _ordinal(lex, m.group(1))) and n * months <= 12:
                return f"{y}-{(n - 1) * months + 1:02d}..{y}-{n * months:02d}"
    for p in lex.period_res["months_to_date"]:
        m = p.search(text)
        if m and (n := _ordinal(lex, m.group("n")) or _word_number(m.group("n"))) and 1 <= n <= 12:
            return f"{y}-01..{y}-{n:02d}" if n > 1 else f"{y}-01"
    return str(year) if year is not None else None


# a lookahead, so that the matches overlap: in "Boru Hattı ile ocak-eylül 2023" the pair "Hattı ile ocak"
# must not use up "ocak"
_MONTH_SPAN = re.compile(r"(?=(?<!\w)(\w+)\s*(?:–|—|-|по|to|through|ile|аралығ\w*\s+)\s*(\w+))", re.IGNORECASE)


_SPAN_HINT = re.compile(r"[–—-]|(?<!\w)(?:по|to|through|ile|аралығ)(?!\w)", re.IGNORECASE)


def _month_span(lex: Cues, text: str) -> tuple[int, int] | None:
    """Two month names joined by a dash or "по"/"to": the months from the first to the second."""
    if not _SPAN_HINT.search(text):
        return None
    for m in _MONTH_SPAN.finditer(text):
        a, b = _month(lex, m.group(1)), _month(lex, m.group(2))
        if a and b and a < b:
            return a, b
    return None


def _named_month(lex: Cues, text: str) -> int | None:
    for p in lex.period_res["month"]:
        for m in p.finditer(text):
            if month := _month(lex, m.group("m")):
                return month
    return None


def _named_day(lex: Cues, text: str) -> tuple[int, int, int | None] | None:
    """The month and day of a date written with both ("January 1", "7 декабря", "1 Ocak"), and its year
    when the pattern reads one ("1 Ocak 2024 itibarıyla", where no year pattern of its own stands)."""
    for p in lex.period_res["day"]:
        for m in p.finditer(text):
            if (month := _month(lex, m.group("m"))) and 1 <= (day := int(m.group("d"))) <= 31:
                written = m.groupdict().get("y")
                return month, day, int(written) if written else None
    return None


def _word_number(word: str) -> int | None:
    for lang in SUPPORTED:
        value = number_lexicon(lang).words.get(word.casefold())
        if value is not None and value == int(value):
            return int(value)
    return None
