"""Events: meetings, agreements, forums and statements, with participants, place and date.

Built on what earlier stages found: sentences (`segment`) and canonical entities with their
mentions (`entities`). A sentence with a trigger of `lexicons/events/{lang}.yaml` and the right
entities becomes a candidate; candidates about the same thing are merged, so a meeting told
over three sentences is one event, and each speaker gets one STATEMENT per article. A named
forum (an entity of type EVENT) is a FORUM event. No library covers event extraction in
Kazakh or Turkish, so this is ours: triggers are data, the assembly below is small.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from caspian.document import Document
from caspian.languages import FALLBACK, lang_at
from caspian.lexicons import load, load_per_language
from caspian.nlp.dates import find_dates
from caspian.settings import Settings
from caspian.stages.base import BaseStage

# Of type OTHER, like launches: POWER_ON, a plant's first power (no one need be named), INCIDENT,
# attacks, fires, accidents, outages, CEREMONY, an opening or a ground-breaking (the people at it take
# part), and EMERGENCY, a state of emergency declared (an event of its own, never merged with a launch).
# LEGISLATION, a legislature ratifying a treaty or passing a bill (type OTHER, the legislature takes part),
# and AUDIENCE, a minister reporting to the head of state or government (a MEETING of the two).
# STATEMENT first: the speaker of a sentence is known when its other events are read.
TRIGGER_TYPES = (
    "STATEMENT",
    "AGREEMENT",
    "MEETING",
    "AUDIENCE",
    "OTHER",
    "POWER_ON",
    "INCIDENT",
    "CEREMONY",
    "EMERGENCY",
    "LEGISLATION",
)
# The canonical names of legislatures: the ones that ratify and pass laws.
LEGISLATURE = re.compile(r"\b(?:Senate|Mazhilis|Majilis|Parliament|Congress|Duma|Assembly|House|Majlis|Oliy)\b")
ACTORS = ("PERSON", "ORG")
# Who takes part in an agreement when no person is named: the parties themselves.
PARTIES = ("PERSON", "ORG", "COUNTRY")
PLACES = ("LOCATION",)


@cache
def triggers(lang: str) -> dict[str, re.Pattern[str]]:
    data = load_per_language("events").get(lang) or load_per_language("events")[FALLBACK]
    return {kind: _alternation(data[kind]) for kind in TRIGGER_TYPES if data.get(kind)}


def _alternation(forms: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Forms matched as whole words; the word-start test is made once, not per form (5-10x faster)."""
    return re.compile("(?<!\\w)(?:" + "|".join(f"(?:{f})" for f in forms) + ")(?!\\w)", flags)


@cache
def _patterns(lang: str, key: str) -> re.Pattern[str] | None:
    """One alternation of a lexicon list (`lexicons/events/{lang}.yaml`), matched at word starts."""
    forms = (load_per_language("events").get(lang) or {}).get(key) or []
    return _alternation(forms) if forms else None


@cache
def outlet_forms() -> frozenset[str]:
    """News outlets (`lexicons/sources.yaml`): they report events, they do not take part in them."""
    return frozenset(
        form.casefold().strip('()«»"') for name, forms in load("sources").items() for form in [name, *forms]
    )


@cache
def forum_words() -> re.Pattern[str]:
    """Words that make a named EVENT a forum (a referendum or a war is not one)."""
    forms = [f for data in load_per_language("events").values() for f in data.get("FORUM_WORDS") or []]
    return re.compile("(?<!\\w)(?:" + "|".join(f"(?:{f})" for f in forms) + ")", re.IGNORECASE)


@cache
def forum_names(lang: str) -> re.Pattern[str] | None:
    """A forum's name in running text (`FORUM_NAMES`, case-sensitive: names are capitalised)."""
    forms = (load_per_language("events").get(lang) or {}).get("FORUM_NAMES") or []
    return _alternation(forms, 0) if forms else None


def is_outlet(entity: dict[str, Any], source: str | None) -> bool:
    names = {str(entity.get("canonical", "")).casefold()} | {
        str(m.get("text", "")).casefold().strip('()«»"') for m in entity.get("mentions", [])
    }
    return bool(names & outlet_forms()) or (source is not None and source.casefold() in names)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    entity: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.entity["canonical"])

    @property
    def type(self) -> str:
        return str(self.entity["type"])


@dataclass(slots=True)
class Candidate:
    type: str
    participants: list[str]
    sentences: list[int]
    trigger: tuple[int, int]
    places: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # a FORUM's names
    org_only: bool = False  # participants are organisations (an OPEC+ meeting), not people
    incident: bool = False  # an attack, fire, accident or outage (type OTHER)
    keep: bool = False  # an event even when no one is named (a fire, a plant that gave its first power)
    joins: bool = False  # "X also attended the talks": continues the meeting told before
    sourced: bool = False  # an organisation given as a figure's source ("ҚМГ мәліметінше"), not speaking
    emergency: bool = False  # a state of emergency declared (type OTHER): merged only with another one
    ceremony: bool = False  # only a ceremony named ("at the ceremony"), no launch: maybe a signing's
    session: bool = False  # a MEETING that is a session of one body (a cabinet meeting), not talks
    body: bool = False  # a MEETING of one organisation's own organs (its shareholders, its board)


@dataclass(slots=True)
class Context:
    """What a sentence's candidate is read with: the sentence and what came before it."""

    sentence: str = ""
    lang: str = "en"
    start: int = 0  # the sentence's offset in the text
    people_before: list[dict[str, Any]] = field(default_factory=list)
    orgs_before: list[dict[str, Any]] = field(default_factory=list)
    last_near: bool = False  # the last person named is in this sentence or the one before
    last_statement: str | None = None  # the speaker of a statement one or two sentences before
    speaker: str | None = None  # the speaker of this sentence's statement ("X began flowing, the minister said")
    previous: list[Mention] = field(default_factory=list)  # the entity mentions of the sentence before


def _mentions_by_sentence(doc: Document) -> tuple[list[list[Mention]], list[bool], list[tuple[int, int]]]:
    """Entity mentions per sentence, news outlets left out; whether each sentence names an outlet; and
    where the outlets are named."""
    spans = doc.sentences or [[0, len(doc.text)]]
    out: list[list[Mention]] = [[] for _ in spans]
    reported = [False] * len(spans)
    outlets_at: list[tuple[int, int]] = []
    outlets = {id(e) for e in doc.entities if is_outlet(e, doc.source)}
    mentions = sorted(
        (Mention(m["start"], m["end"], e) for e in doc.entities for m in e.get("mentions", [])),
        key=lambda m: m.start,
    )
    i = 0
    for m in mentions:
        while i < len(spans) and spans[i][1] <= m.start:
            i += 1
        if i < len(spans) and spans[i][0] <= m.start:
            if id(m.entity) in outlets:
                reported[i] = True
                outlets_at.append((m.start, m.end))
            else:
                out[i].append(m)
    return out, reported, outlets_at


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


@cache
def role_nouns(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """`министра` -> the person named earlier whose role starts with `Minister` (`lexicons/events`)."""
    data = load_per_language("events").get(lang) or {}
    nouns = data.get("ROLE_NOUNS") or {}
    return [(re.compile(f"(?<!\\w)(?:{form})", re.IGNORECASE), role) for form, role in nouns.items()]


def _by_role(sentence: str, lang: str, people: list[dict[str, Any]]) -> str | None:
    """The speaker a sentence names by role only ("по словам министра"): the latest person with that role."""
    for pattern, role in role_nouns(lang):
        if pattern.search(sentence):
            for entity in reversed(people):
                if str(entity.get("role") or "").startswith(role):
                    return str(entity["canonical"])
            return None
    return None


@cache
def org_nouns(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """`the ministry` -> the organisation named earlier whose canonical name holds `Ministry`."""
    nouns = (load_per_language("events").get(lang) or {}).get("ORG_NOUNS") or {}
    return [(re.compile(f"(?<!\\w)(?:{form})(?!\\w)", re.IGNORECASE), part.casefold()) for form, part in nouns.items()]


def _by_org_noun(
    sentence: str,
    lang: str,
    orgs: list[dict[str, Any]],
    taken: list[tuple[int, int]],
    generic: bool = True,
    trigger: tuple[int, int] | None = None,
) -> str | None:
    """The organisation a sentence names by a common noun only ("the ministry said"): the latest one of that kind.
    A bare "company" (part "") stands for the latest organisation of any kind, but only where the sentence
    names none ("сообщила компания Chevron" is Chevron) and not as the body a person heads ("по словам
    главы компании", "компания басшысы": that is a person speaking)."""
    head = _patterns(lang, "HEAD_OF")
    for pattern, part in org_nouns(lang):
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # the noun is inside a name ("Ministry of Energy")
            if not part and (
                not generic
                or taken
                or (head and head.search(sentence[max(0, m.start() - 20) : m.end() + 20]))
                or (trigger is not None and min(abs(m.start() - trigger[1]), abs(trigger[0] - m.end())) > 25)
            ):
                continue
            for entity in reversed(orgs):
                if part in str(entity.get("canonical", "")).casefold():
                    return str(entity["canonical"])
    return None


def _in_time_clause(sentence: str, end: int, lang: str) -> bool:
    """A launch verb heading a clause of time ("іске қосылғаннан кейін", "after it is launched"): the
    launch dates something else and is no event told by the article. `AFTER_TRIGGER` lists the words
    that close such a clause right after the verb (the Kazakh postpositions; other languages put the
    word before the verb and have no list yet)."""
    after = _patterns(lang, "AFTER_TRIGGER")
    return after is not None and after.match(sentence[end : end + 12].lstrip()) is not None


def _unnamed_speaker(sentence: str, start: int, lang: str) -> bool:
    """A speech form whose speaker is a common noun of people ("сарапшылардың айтуынша", "uzmanlara göre",
    "analysts said", "эксперты отметили"): nobody named speaks. `UNNAMED` lists the nouns; they must stand
    just before the speech form (a named speaker elsewhere in the sentence is not touched; "по словам
    экспертов", the noun after the form, is not read yet)."""
    unnamed = _patterns(lang, "UNNAMED")
    if unnamed is None:
        return False
    before = sentence[max(0, start - 25) : start]
    return unnamed.search(before) is not None


def _pronoun_led(sentence: str, lang: str, trigger: tuple[int, int]) -> bool:
    """A speech verb whose subject is a pronoun ("..., it added", "Оның айтуынша"): the last speaker goes on."""
    pronouns = _patterns(lang, "PRONOUNS")
    if pronouns is None:
        return False
    before = sentence[max(0, trigger[0] - 12) : trigger[0]].split()
    # the pronoun after the verb too: "подчеркнул он", "said he"
    after = sentence[trigger[1] : trigger[1] + 8].split()
    return bool(
        pronouns.search(sentence[trigger[0] : trigger[1]])
        or (before and pronouns.fullmatch(before[-1].strip(",")))
        or (after and pronouns.fullmatch(after[0].strip(",.")))
    )


_QUOTES = {"«": "»", "“": "”", '"': '"', "„": "“"}


_QUOTED = re.compile("|".join(f"{re.escape(a)}[^{re.escape(b)}]*{re.escape(b)}" for a, b in _QUOTES.items()))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans between quotation marks: a speaker's own words (paired left to right, no nesting)."""
    return [m.span() for m in _QUOTED.finditer(text)]


# Verb-final languages: the speaker, the subject, opens the sentence ("Смайылов Горбанмен кездескеннен
# кейін ... мәлімдеді"); the people between it and the verb are objects.
SUBJECT_FIRST = ("kk", "tr")


def _speaker(
    mentions: list[Mention], trigger: tuple[int, int], last: str | None, lang: str = "en", opening: int = -10
) -> str | None:
    """The person nearest the speech verb (the first one before it in a verb-final language); an
    organisation if no person (the nearest: a company is often named inside another's description, except
    the one that opens a verb-final sentence, its subject: "Энергетика министрлігі ... ОПЕК+ алдындағы
    міндеттемелерін ... мәлімдеген"); else the last speaker. `opening` is where the sentence starts."""
    for kinds in (("PERSON",), ("ORG",)):
        found = [m for m in mentions if m.type in kinds]
        if found:
            if lang in SUBJECT_FIRST and kinds == ("PERSON",) and found[0].start < trigger[0]:
                return found[0].name
            if lang in SUBJECT_FIRST and found[0].start - opening <= 1 and found[0].start < trigger[0]:
                return found[0].name
            return min(found, key=lambda m: min(abs(m.start - trigger[0]), abs(m.end - trigger[1]))).name
    return last


class Events(BaseStage):
    name = "events"
    # also source, dateline and published (outlets, places and dates), and facts when an earlier
    # stage found them (what an event is about)
    requires = ("text", "lang", "paragraph_langs", "sentences", "entities")
    assigns = ("events",)

    @dataclass(frozen=True)
    class Options:
        # what a participant says at a meeting is part of it, no STATEMENT of its own
        fold_statements: bool = True

    def __init__(self, settings: Settings) -> None:
        self.options = self.options_from(settings)

    def __call__(self, doc: Document) -> Document:
        if not doc.text:
            return doc
        spans = doc.sentences or [[0, len(doc.text)]]
        by_sentence, reported, outlets = _mentions_by_sentence(doc)
        candidates: list[Candidate] = []
        last_speaker: str | None = None
        seen_people: list[dict[str, Any]] = []
        seen_orgs: list[dict[str, Any]] = []
        last_at = -10
        statement: tuple[str | None, int] = (None, -10)  # the last statement's speaker and sentence
        quotes = quoted_spans(doc.text)
        for i, (start, end) in enumerate(spans):
            sentence = doc.text[start:end]
            mentions = by_sentence[i]
            # a paragraph in a language without triggers is read in the article's language
            lang = lang_at(doc, start)
            # A trigger word inside a name ("4th Meeting of SCO Energy Ministers") triggers nothing,
            # nor one inside a phrase that names something else ("basın toplantısı", a press conference).
            names = [(x.start - start, x.end - start) for x in mentions if x.type in ("EVENT", "DOCUMENT")]
            mask = _patterns(lang, "MASK")
            if mask is not None:
                names += [(x.start(), x.end()) for x in mask.finditer(sentence)]
            # A person speaking of an accident ("after the accident, X said"): it is told elsewhere, or is no news.
            spoken = any(x.type == "PERSON" for x in mentions)
            for kind, pattern in triggers(lang).items():
                if kind == "INCIDENT" and spoken:
                    continue
                # an attack a speaker tells of in a quotation is part of what they said
                inside = [(a - start, b - start) for a, b in quotes if a < end and start < b]
                skip = names + inside if kind == "INCIDENT" else names
                if kind == "EMERGENCY":  # "the Ministry of Emergency Situations" declares nothing
                    skip = skip + [(x.start - start, x.end - start) for x in mentions if x.type == "ORG"]
                m = next(
                    (t for t in pattern.finditer(sentence) if not any(a < t.end() and t.start() < b for a, b in skip)),
                    None,
                )
                if not m:
                    continue
                if kind == "OTHER" and _in_time_clause(sentence, m.end(), lang):
                    continue  # "технология іске қосылғаннан кейін өндіру артады": a launch told as a time, no news
                if kind == "STATEMENT" and _unnamed_speaker(sentence, m.start(), lang):
                    continue  # "Отандық сарапшылардың айтуынша", "according to analysts": no one named speaks
                trigger = (start + m.start(), start + m.end())
                if kind == "STATEMENT" and any(
                    0 <= trigger[0] - b <= 12 or 0 <= a - trigger[1] <= 3 for a, b in outlets
                ):
                    continue  # "TASS ajansı duyurdu", "Trend reports": the outlet speaks, no one's statement
                # "Trend said ...": an outlet speaking is no one's statement, not the last person's either
                context = Context(
                    sentence,
                    lang,
                    start,
                    seen_people,
                    seen_orgs,
                    i - last_at <= 1 and not reported[i],
                    statement[0] if i - statement[1] <= 2 and not reported[i] else None,
                    statement[0] if statement[1] == i else None,
                    by_sentence[i - 1] if i else [],
                )
                candidate = self._candidate(kind, mentions, trigger, i, last_speaker, context)
                if candidate and kind == "STATEMENT":
                    statement = (candidate.participants[0], i)
                    spoken = True  # an accident a speaker reports on ("доложило о ликвидации последствий")
                    if candidate.participants[0] in {str(x.get("canonical")) for x in seen_people}:
                        last_speaker, last_at = candidate.participants[0], i  # "..., he stressed" goes on
                if candidate:
                    candidate.places = [x.name for x in mentions if x.type in PLACES]
                    candidates.append(candidate)
            people = [x for x in mentions if x.type == "PERSON"]
            attend = _patterns(lang, "ATTEND")
            made = {c.type for c in candidates if c.sentences == [i]}
            if people and attend and attend.search(sentence) and not made & {"MEETING", "OTHER"}:
                # "X attended together with Y": the people at a launch or a ceremony told just before
                join = Candidate("OTHER", _unique([x.name for x in people]), [i], (start, start), joins=True)
                candidates.append(join)
            if people:
                last_speaker, last_at = people[-1].name, i
            seen_people.extend(x.entity for x in people)
            seen_orgs.extend(x.entity for x in mentions if x.type == "ORG")
        events = merge(candidates) + self._forums(doc, by_sentence)
        if any(c.type in ("AGREEMENT", "FORUM") for c in events):
            # "speaking at the ceremony": where an agreement is signed or a forum opens, a ceremony with
            # no launch told in it is that signing or that opening, no event of its own
            events = [c for c in events if not c.ceremony]
        seen = {str(x.get("canonical")) for x in seen_people}
        # An organisation given only as the source of figures speaks when no one else does (a company's
        # report); beside a person's statement it is sourcing ("according to KazTransOil, ...").
        if any(c.type == "STATEMENT" and not c.sourced and c.participants[0] in seen for c in events):
            events = [c for c in events if not c.sourced]
        if self.options.fold_statements:
            # quoted words, not a name in quotation marks («КазМунайГаз»)
            said = [(x, y) for x, y in quotes if len(doc.text[x:y].split()) >= 4]
            quoting = {i for i, (a, b) in enumerate(spans) if any(x < b and a < y for x, y in said)}
            events = _fold_statements(events, quoting)
        # An event's date is the first one its sentences give: read only as far as needed (the costly part).
        dates: dict[int, list[str]] = {}
        for c in events:
            for i in c.sentences:
                if i not in dates:
                    dates[i] = [d.iso()[:10] for d in find_dates(doc.text[spans[i][0] : spans[i][1]])]
                if dates[i]:
                    c.dates = dates[i]
                    break
        # An event that names no place of its own happened where the article's first placed one did.
        where = next((c.places[0] for c in events if c.places), None) or doc.dateline
        doc.events = [self._record(doc, c, where) for c in events]
        return doc

    def _candidate(
        self,
        kind: str,
        mentions: list[Mention],
        trigger: tuple[int, int],
        i: int,
        last: str | None,
        context: Context | None = None,
    ) -> Candidate | None:
        ctx = context or Context()
        # "Cameco, which owns 40% of a venture with Kazatomprom, said"; "X and Y concluded the agreement,
        # when Z was visiting": the names of a subordinate clause the trigger is not in take no part
        clause = _patterns(ctx.lang, "RELATIVE")
        if clause is not None:
            inner = [(m.start() + ctx.start, m.end() + ctx.start) for m in clause.finditer(ctx.sentence)]
            inner = [(a, b) for a, b in inner if not a <= trigger[0] < b]
            mentions = [m for m in mentions if not any(a <= m.start < b for a, b in inner)] or mentions
        if kind == "STATEMENT":
            speaker = None
            plural = _patterns(ctx.lang, "PLURAL_VERB")
            word = ctx.sentence[trigger[0] - ctx.start : trigger[1] - ctx.start]
            if plural and plural.fullmatch(word) and len({m.name for m in mentions if m.type == "PERSON"}) == 1:
                # "Как сообщили президенту": a plural verb has no single person for its subject
                mentions = [m for m in mentions if m.type != "PERSON"]
                if not any(m.type == "ORG" for m in mentions):
                    return None
            if not any(m.type == "PERSON" for m in mentions):
                # "He stressed ...": a sentence naming no one continues the person of the sentence before;
                # "the ministry said": the ministry named before; "..., it added": the last speaker.
                local = (trigger[0] - ctx.start, trigger[1] - ctx.start)
                taken = [(m.start - ctx.start, m.end - ctx.start) for m in mentions]
                pronoun = _pronoun_led(ctx.sentence, ctx.lang, local)
                if ctx.last_statement and pronoun:
                    speaker = ctx.last_statement
                speaker = (
                    speaker
                    or _by_role(ctx.sentence, ctx.lang, ctx.people_before)
                    # "он отметил, что ... базы компании": a pronoun's speaker is a person, not "the company"
                    or _by_org_noun(ctx.sentence, ctx.lang, ctx.orgs_before, taken, not pronoun, local)
                    # the last person named goes on only in a sentence naming no organisation ("Бұл туралы
                    # CNPC мәлім етті" after a byline is CNPC's word)
                    or (last if ctx.last_near and not any(m.type == "ORG" for m in mentions) else None)
                )
                if speaker is None and not any(m.type == "ORG" for m in mentions):
                    return None
            press = _patterns(ctx.lang, "PRESS_SERVICE")
            if press and press.search(ctx.sentence):
                # "the Akorda press service said": the organisation speaks, not the person it serves; a
                # press service telling of a meeting or a reception reports that event, says nothing itself
                meeting = triggers(ctx.lang).get("MEETING")
                orgs = [m for m in mentions if m.type == "ORG"]
                if not orgs or (meeting and meeting.search(ctx.sentence)):
                    return None
                return Candidate(kind, [_speaker(orgs, trigger, None) or ""], [i], trigger)
            sourcing = _patterns(ctx.lang, "SOURCING")
            sourced = bool(sourcing and sourcing.fullmatch(word))
            speaker = speaker or _speaker(mentions, trigger, last, ctx.lang, ctx.start)
            if not speaker:
                return None
            person = any(m.type == "PERSON" and m.name == speaker for m in mentions)
            return Candidate(kind, [speaker], [i], trigger, sourced=sourced and not person)
        people = _unique([m.name for m in mentions if m.type == "PERSON"])
        orgs = _unique([m.name for m in mentions if m.type == "ORG"])
        if kind == "INCIDENT":
            # an attack, a fire, an outage: the companies it struck, else no one named (still an event)
            if not orgs:
                taken = [(m.start - ctx.start, m.end - ctx.start) for m in mentions]
                owner = _by_org_noun(ctx.sentence, ctx.lang, ctx.orgs_before, taken)
                orgs = [owner] if owner else []
            return Candidate("OTHER", orgs, [i], trigger, incident=True, keep=True)
        if kind == "MEETING":
            attend = _patterns(ctx.lang, "ATTEND")
            joins = bool(attend and attend.search(ctx.sentence))
            names = people or _unique([m.name for m in mentions if m.type in ACTORS])
            session_words = _patterns(ctx.lang, "SESSION")
            # the trigger with the word before it ("cabinet meeting")
            around = ctx.sentence[max(0, trigger[0] - ctx.start - 12) : trigger[1] - ctx.start]
            session = bool(session_words and session_words.search(around))
            # "after a shareholders' meeting", "собрание акционеров", "акционерлер жиналысы": a company's own
            # organs meet; the company alone is the meeting's participant
            one_body = _patterns(ctx.lang, "ONE_BODY")
            body = bool(one_body and one_body.search(ctx.sentence))
            if names and not people:
                return Candidate(kind, names, [i], trigger, org_only=True, joins=joins, session=session, body=body)
            return Candidate(kind, names, [i], trigger, joins=joins, session=session)
        if kind == "OTHER":
            # a launch or a start of production: the companies that did it, else the people (not the one
            # who tells of it), else the countries it joins ("Russian gas began flowing via Kazakhstan to Uzbekistan")
            countries = _unique([m.name for m in mentions if m.type == "COUNTRY"])
            names = orgs or [p for p in people if p != ctx.speaker] or (countries if len(countries) > 1 else [])
            return Candidate(kind, names, [i], trigger) if names else None
        if kind == "AUDIENCE":
            # "the minister reported to the President", "Cumhurbaşkanı'na sunduğu raporda": the one who reports
            # and the one reported to meet (an audience); the report itself is folded into it
            return Candidate("MEETING", people, [i], trigger) if len(people) > 1 else None
        if kind == "LEGISLATION":
            # "депутаты Мажилиса ратифицировали соглашение", "a bill passed by the US Senate": the legislature
            # acts alone; the other names of the sentence (the treaty's parties, the bill's subject) take no part
            bodies = [o for o in orgs if LEGISLATURE.search(o)] or orgs
            return Candidate("OTHER", bodies, [i], trigger) if bodies else None
        if kind == "POWER_ON":
            # a plant gave its first power: the companies named with it, else no one (still an event)
            return Candidate("OTHER", orgs, [i], trigger, keep=True)
        if kind == "CEREMONY":
            # an opening or a ground-breaking: the people at it (the one who speaks there too) and the
            # companies, else the countries it joins, else no one named (still an event)
            countries = _unique([m.name for m in mentions if m.type == "COUNTRY"])
            names = people + orgs or (countries if len(countries) > 1 else [])
            return Candidate("OTHER", names, [i], trigger, keep=True, ceremony=True)
        if kind == "EMERGENCY":
            # a state of emergency: who declared it (a president's decree), else no one named
            return Candidate("OTHER", people or orgs, [i], trigger, keep=True, emergency=True)
        # "the minister recalled the memorandum signed in the presence of X and Y": the teller signed nothing
        people = [p for p in people if p != ctx.speaker] if len(people) > 1 else people
        names = people or _unique([m.name for m in mentions if m.type in PARTIES])
        if names and not people:
            # one country alone signs nothing: a government approving its own plan is no agreement
            lone_country = len(names) == 1 and not orgs
            return Candidate(kind, names, [i], trigger, org_only=not lone_country)
        both = _patterns(ctx.lang, "BOTH_SIDES")
        if not names and kind == "AGREEMENT" and both is not None and both.search(ctx.sentence):
            # "the two countries signed a memorandum" ("екі ел ... қол қойған"): the sides are the countries
            # the sentence before named ("Қазақстан мен Ресей арасындағы уағдаластық"), two at least
            sides = _unique([m.name for m in ctx.previous if m.type == "COUNTRY"])
            if len(sides) > 1:
                return Candidate(kind, sides, [i], trigger, org_only=True)
        # No one named: a continuation ("the sides discussed ...") that `merge` joins to the event before.
        return Candidate(kind, names, [i], trigger)

    def _forums(self, doc: Document, by_sentence: list[list[Mention]]) -> list[Candidate]:
        """Each named forum is a FORUM event; the people of the article are its participants."""
        people = _unique([m.name for ms in by_sentence for m in ms if m.type == "PERSON"])
        # a forum named once as the venue of something else is that event's place wherever it is named
        venues = {
            m.name
            for ms in by_sentence
            for m in ms
            if m.type == "EVENT" and _venue(doc, m.start, m.end, len(m.entity.get("mentions") or []) <= 1)
        }
        forums: list[Candidate] = []
        for i, mentions in enumerate(by_sentence):
            named = [m for m in mentions if m.type == "EVENT" and _is_forum(m) and m.name not in venues]
            # Forums named together in one sentence are one gathering (an exhibition within an energy week).
            new = [m for m in named if all(m.name not in f.names for f in forums)]
            if not new:
                continue
            if forums:
                # Its people are the article's people: forums of one article are one gathering.
                forums[0].names |= {m.name for m in named}
                continue
            places = [x.name for x in mentions if x.type in PLACES]
            forum = Candidate("FORUM", [new[0].name, *people], [i], (new[0].start, new[0].end), places)
            forum.names = {m.name for m in named}
            forums.append(forum)
        return forums or self._forum_in_text(doc, by_sentence, people)

    def _forum_in_text(self, doc: Document, by_sentence: list[list[Mention]], people: list[str]) -> list[Candidate]:
        """A forum the recogniser left unnamed ("the 16th KAZENERGY Eurasian Forum"): a capitalised
        name ending in a forum word; the first one is the article's gathering. Not a name inside an
        organisation's ("Gas Exporting Countries Forum")."""
        spans = doc.sentences or [[0, len(doc.text)]]
        for i, (start, end) in enumerate(spans):
            pattern = forum_names(lang_at(doc, start))
            if pattern is None:
                continue
            orgs = [(m.start, m.end) for m in by_sentence[i] if m.type in ("ORG", "EVENT")]
            for m in pattern.finditer(doc.text, start, end):
                a, b = m.span()
                word = m.start("word")
                first = m.group(0).split()[0] == doc.text[start:end].split()[0]
                once = doc.text.count(m.group("word")) <= 1
                if first or any(x <= word < y for x, y in orgs) or _venue(doc, a, b, once):
                    continue  # inside an organisation's name, or only the sentence's first word is capitalised
                places = [x.name for x in by_sentence[i] if x.type in PLACES]
                forum = Candidate("FORUM", [m.group(0), *people], [i], (a, b), places)
                forum.names = {m.group(0)}
                return [forum]
        return []

    def _record(self, doc: Document, c: Candidate, where: str | None) -> dict[str, Any]:
        spans = doc.sentences or [[0, len(doc.text)]]
        first = spans[c.sentences[0]]
        forum = c.participants[0] if c.type == "FORUM" else None
        participants = c.participants[1:] if forum else c.participants
        place = c.places[0] if c.places else where
        date, date_from = (c.dates[0], "text") if c.dates else (None, None)
        if date is None and doc.published and doc.dateline:
            # A datelined report tells the day's news: its events happen on the publication day.
            date, date_from = doc.published[:10], "published"
        # what the event is about: the facts stated in its sentences (the facts stage runs first)
        inside = [
            f for f in doc.facts if any(spans[i][0] <= int(f.get("start", -1)) < spans[i][1] for i in c.sentences)
        ]
        about = _unique([" ".join(x for x in (f.get("commodity"), f.get("metric")) if x) for f in inside])
        record: dict[str, Any] = {
            "type": c.type,
            "participants": participants,
            "place": place,
            "date": date,
            "start": first[0],
            "end": first[1],
            "spans": [list(spans[i]) for i in c.sentences],
            "trigger": list(c.trigger),
            "summary": summary(c.type, participants, place, date, forum, about),
            "topic_words": about,
            "facts": [[f["start"], f["end"]] for f in inside],
            "confidence": 0.8 if len(c.sentences) > 1 or c.type == "FORUM" else 0.6,
        }
        if forum:
            record["name"] = forum
        if date_from:
            record["date_from"] = date_from
        record["key"] = event_key(c.type, participants, date)
        return record


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """One event, many sentences: merge candidates of a type that share participants.

    A meeting or agreement sentence with a single participant continues the one before it
    ("...discussed the pipeline"); statements merge by speaker; the incidents of an article are
    one incident (the attack, then the damage it did); "X also attended" joins the meeting before.
    """
    out: list[Candidate] = []
    for c in candidates:
        target = None
        for e in reversed(out):
            if e.type != c.type or e.incident != c.incident or e.emergency != c.emergency:
                continue
            if c.incident:
                target = next(x for x in out if x.incident)
                break
            shared = set(e.participants) & set(c.participants)
            if not c.participants:
                # a continuation joins only the event told in the sentence just before
                target = e if c.sentences[0] - e.sentences[-1] <= 1 else None
                break
            near = c.sentences[0] - e.sentences[-1] <= 2
            # parties ("TotalEnergies and Kazakhstan signed") and signatories (two people) of one act
            parties_and_people = near and e.org_only != c.org_only
            few = near and min(len(c.participants), len(e.participants)) < 2
            joins = c.joins and c.sentences[0] - e.sentences[-1] <= 3
            if (c.type == "STATEMENT" and shared) or (
                c.type != "STATEMENT" and (shared or few or parties_and_people or joins)
            ):
                target = e
                break
        if target is None:
            # people attending with no launch or ceremony told before them join nothing
            if (c.participants or c.keep) and not (c.joins and c.type == "OTHER"):
                out.append(c)
            continue
        if target.type == "AGREEMENT" and target.org_only != c.org_only and c.participants:
            # the parties and the signatories of one act take part together ("TotalEnergies and the
            # Government signed ...; the documents were signed by Pouyanné and Satkaliyev"): the eval sets
            # list both
            target.participants = _unique(target.participants + c.participants)
        else:
            target.participants = _unique(target.participants + c.participants)
        target.sentences = sorted(set(target.sentences + c.sentences))
        target.places = _unique(target.places + c.places)
        target.dates = _unique(target.dates + c.dates)
        target.org_only = target.org_only and c.org_only
        target.sourced = target.sourced and c.sourced
        target.ceremony = target.ceremony and c.ceremony
        target.session = target.session and c.session
        target.body = target.body or c.body
    for e in out:
        if e.type == "AGREEMENT":
            # a country named beside its own government is one party named twice ("the Government of
            # Kazakhstan" and "Kazakh"): the government stands for it
            governed = {n.removeprefix("Government of ") for n in e.participants if n.startswith("Government of ")}
            if governed and len(e.participants) > len(governed) + 1:
                e.participants = [n for n in e.participants if n not in governed]
        if e.type == "AGREEMENT" and e.org_only and _one_side(e.participants):
            # a government approving its own programme decides alone: a decision (OTHER), no agreement
            e.type, e.participants = "OTHER", [max(e.participants, key=len)]
    return [e for e in out if not _lone(e)]


# How far after the first sentence of a meeting what a participant says is told as part of it (a report
# of an audience tells what each side said over the next sentences: "Хасенов рассказал и о том, ...").
FOLD_WINDOW = 6


def _fold_statements(events: list[Candidate], quoting: set[int]) -> list[Candidate]:
    """What a participant says at a meeting is part of that meeting (the eval sets' convention), not a
    statement of its own: a STATEMENT whose speaker takes part in a MEETING (talks, an audience; not a
    session of one body, where a minister's report is news of its own) and whose sentences all fall
    within it (from its first sentence to `FOLD_WINDOW` after) is dropped, unless it quotes the speaker's
    own words (sentences in `quoting`): a quotation is news of its own, "X told of the projects" is what
    the meeting was about. Not at a forum or a ceremony: there the eval sets keep a speech or an
    interview as a statement as often as not."""
    gatherings = [e for e in events if e.type == "MEETING" and not e.session]

    def folded(s: Candidate) -> bool:
        speaker = s.participants[0] if s.participants else None
        if quoting.intersection(s.sentences):
            return False
        return any(
            speaker in g.participants
            and all(g.sentences[0] <= i <= max(g.sentences[-1], g.sentences[0] + FOLD_WINDOW) for i in s.sentences)
            for g in gatherings
        )

    return [e for e in events if e.type != "STATEMENT" or not folded(e)]


def _one_side(names: list[str]) -> bool:
    """One party alone: a country and its government ("Kazakhstan", "Government of Kazakhstan")."""
    governments = [n for n in names if n.startswith("Government of ")]
    rest = [n for n in names if n not in governments]
    return len(governments) == 1 and all(governments[0].endswith(" " + n) for n in rest)


def _venue(doc: Document, start: int, end: int, once: bool = False) -> bool:
    """A forum named as the venue of something else ("signed on the sidelines of COP28", "форумының
    аясында"): the place of that event, not an event of its own. The phrase stands just before the name
    (en, ru) or just after it (kk, tr)."""
    lang = lang_at(doc, start)
    pattern = _patterns(lang, "SIDELINES")
    if pattern is None:
        return False
    window = doc.text[max(0, start - 40) : min(len(doc.text), end + 20)]
    if pattern.search(window) is not None:
        return True
    # "signed during the summit", "Zirvesi sırasında imzalandı": a gathering named once, as the time of a
    # signing told in its sentence, is where the agreement was signed; one during which someone spoke, or
    # one the article tells of elsewhere too ("The meeting took place in Astana"), stays a forum
    during, signed = _patterns(lang, "DURING"), triggers(lang).get("AGREEMENT")
    if not once or during is None or signed is None or during.search(window) is None:
        return False
    sentence = next(((a, b) for a, b in doc.sentences or [] if a <= start < b), (0, len(doc.text)))
    return signed.search(doc.text[sentence[0] : sentence[1]]) is not None


def _is_forum(m: Mention) -> bool:
    forms = [m.name, *(str(x.get("text", "")) for x in m.entity.get("mentions", []))]
    return any(forum_words().search(f) for f in forms)


# Bodies that meet as one (an OPEC+ meeting, an SCO council): their canonical (English) names.
MULTILATERAL = re.compile(r"\b(?:OPEC|Organi[sz]ation|Union|Council|Commonwealth|Cooperation|Community|Forum)\b")


def _lone(e: Candidate) -> bool:
    """A meeting or an agreement needs two sides; one named person alone is a mention of one, not an event,
    and so is one company alone ("negotiating with SOCAR": the other side unnamed)."""
    if e.type not in ("MEETING", "AGREEMENT") or len(e.participants) > 1:
        return False
    if e.type == "MEETING" and e.body and e.org_only:
        return False  # a company's shareholders or board met
    return not e.org_only or (e.type == "MEETING" and not MULTILATERAL.search(e.participants[0]))


def event_key(kind: str, participants: list[str], date: str | None) -> str:
    """The same event reported by two articles (in any language) gets the same key."""
    basis = "|".join([kind, *sorted(p.casefold() for p in participants), date or ""])
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


_VERBS = {
    "MEETING": "met",
    "AGREEMENT": "signed or approved an agreement",
    "STATEMENT": "made a statement",
    "FORUM": "took part in",
}


def summary(
    kind: str,
    participants: list[str],
    place: str | None,
    date: str | None,
    forum: str | None,
    about: list[str] | None = None,
) -> str:
    """A short English summary made from the structured fields (a template, no translation)."""
    who = _join(participants) or "Participants"
    if kind == "FORUM":
        text = f"{forum} was held" if not participants else f"{who} took part in {forum}"
    elif kind == "MEETING" and len(participants) == 1:
        text = f"{who} held a meeting"
    else:
        text = f"{who} {_VERBS.get(kind, 'took part in an event')}"
    if about:
        text += " on " + _join([a.replace("_", " ") for a in about[:3]])
    if place:
        text += f" in {place}"
    if date:
        text += f" on {date}"
    return text + "."


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
