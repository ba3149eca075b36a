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

TRIGGER_TYPES = ("AGREEMENT", "MEETING", "STATEMENT", "OTHER")
ACTORS = ("PERSON", "ORG")
# Who takes part in an agreement when no person is named: the parties themselves.
PARTIES = ("PERSON", "ORG", "COUNTRY")
PLACES = ("LOCATION",)


@cache
def triggers(lang: str) -> dict[str, re.Pattern[str]]:
    data = load_per_language("events").get(lang) or load_per_language("events")[FALLBACK]
    return {
        kind: re.compile("|".join(f"(?<!\\w)(?:{form})(?!\\w)" for form in data[kind]), re.IGNORECASE)
        for kind in TRIGGER_TYPES
        if data.get(kind)
    }


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
    return re.compile("|".join(f"(?<!\\w)(?:{f})" for f in forms), re.IGNORECASE)


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


def _mentions_by_sentence(doc: Document) -> tuple[list[list[Mention]], list[bool]]:
    """Entity mentions per sentence, news outlets left out; and whether each sentence names an outlet."""
    spans = doc.sentences or [[0, len(doc.text)]]
    out: list[list[Mention]] = [[] for _ in spans]
    reported = [False] * len(spans)
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
            else:
                out[i].append(m)
    return out, reported


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


def _speaker(mentions: list[Mention], trigger: tuple[int, int], last: str | None) -> str | None:
    """The person nearest the speech verb; an organisation if no person; else the last speaker."""
    for kinds in (("PERSON",), ("ORG",)):
        found = [m for m in mentions if m.type in kinds]
        if found:
            return min(found, key=lambda m: min(abs(m.start - trigger[0]), abs(m.end - trigger[1]))).name
    return last


class Events(BaseStage):
    name = "events"
    # also source, dateline and published (outlets, places and dates), and facts when an earlier
    # stage found them (what an event is about)
    requires = ("text", "lang", "paragraph_langs", "sentences", "entities")
    assigns = ("events",)

    def __init__(self, settings: Settings) -> None:
        self.options = self.options_from(settings)

    def __call__(self, doc: Document) -> Document:
        if not doc.text:
            return doc
        spans = doc.sentences or [[0, len(doc.text)]]
        by_sentence, reported = _mentions_by_sentence(doc)
        candidates: list[Candidate] = []
        last_speaker: str | None = None
        seen_people: list[dict[str, Any]] = []
        last_at = -10
        for i, (start, end) in enumerate(spans):
            sentence = doc.text[start:end]
            mentions = by_sentence[i]
            # a paragraph in a language without triggers is read in the article's language
            lang = lang_at(doc, start)
            # A trigger word inside a name ("4th Meeting of SCO Energy Ministers") triggers nothing.
            names = [(x.start - start, x.end - start) for x in mentions if x.type in ("EVENT", "DOCUMENT")]
            for kind, pattern in triggers(lang).items():
                m = next(
                    (t for t in pattern.finditer(sentence) if not any(a < t.end() and t.start() < b for a, b in names)),
                    None,
                )
                if not m:
                    continue
                trigger = (start + m.start(), start + m.end())
                # "Trend said ...": an outlet speaking is no one's statement, not the last person's either
                context = (sentence, lang, seen_people, i - last_at <= 1 and not reported[i])
                candidate = self._candidate(kind, mentions, trigger, i, last_speaker, context)
                if (
                    candidate
                    and kind == "STATEMENT"
                    and candidate.participants[0] in {str(x.get("canonical")) for x in seen_people}
                ):
                    last_speaker, last_at = candidate.participants[0], i  # "..., he stressed" goes on
                if candidate:
                    candidate.places = [x.name for x in mentions if x.type in PLACES]
                    candidate.dates = [d.iso()[:10] for d in find_dates(sentence)]
                    candidates.append(candidate)
            people = [x for x in mentions if x.type == "PERSON"]
            if people:
                last_speaker, last_at = people[-1].name, i
            seen_people.extend(x.entity for x in people)
        events = merge(candidates) + self._forums(doc, by_sentence)
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
        context: tuple[str, str, list[dict[str, Any]], bool] = ("", "en", [], False),
    ) -> Candidate | None:
        sentence, lang, people_before, last_near = context
        if kind == "STATEMENT":
            speaker = None
            if not any(m.type == "PERSON" for m in mentions):
                # "He stressed ...": a sentence naming no one continues the person of the sentence before.
                speaker = _by_role(sentence, lang, people_before) or (last if last_near else None)
                if speaker is None and not any(m.type == "ORG" for m in mentions):
                    return None
            speaker = speaker or _speaker(mentions, trigger, last)
            return Candidate(kind, [speaker], [i], trigger) if speaker else None
        people = _unique([m.name for m in mentions if m.type == "PERSON"])
        if kind == "MEETING":
            names = people or _unique([m.name for m in mentions if m.type in ACTORS])
            if names and not people:
                return Candidate(kind, names, [i], trigger, org_only=True)
        elif kind == "OTHER":
            # a launch or a start of production: the companies that did it, else the people
            names = _unique([m.name for m in mentions if m.type == "ORG"]) or people
            if not names:
                return None
        else:
            names = people or _unique([m.name for m in mentions if m.type in PARTIES])
            if names and not people:
                return Candidate(kind, names, [i], trigger, org_only=True)
        # No one named: a continuation ("the sides discussed ...") that `merge` joins to the event before.
        return Candidate(kind, names, [i], trigger)

    def _forums(self, doc: Document, by_sentence: list[list[Mention]]) -> list[Candidate]:
        """Each named forum is a FORUM event; the people of the article are its participants."""
        people = _unique([m.name for ms in by_sentence for m in ms if m.type == "PERSON"])
        forums: list[Candidate] = []
        for i, mentions in enumerate(by_sentence):
            named = [m for m in mentions if m.type == "EVENT" and _is_forum(m)]
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
        return forums

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
    ("...discussed the pipeline"); statements merge by speaker.
    """
    out: list[Candidate] = []
    for c in candidates:
        target = None
        for e in reversed(out):
            if e.type != c.type:
                continue
            shared = set(e.participants) & set(c.participants)
            if not c.participants:
                # a continuation joins only the event told in the sentence just before
                target = e if c.sentences[0] - e.sentences[-1] <= 1 else None
                break
            near = c.sentences[0] - e.sentences[-1] <= 2
            # parties ("TotalEnergies and Kazakhstan signed") and signatories (two people) of one act
            parties_and_people = near and e.org_only != c.org_only
            few = near and min(len(c.participants), len(e.participants)) < 2
            if (c.type == "STATEMENT" and shared) or (c.type != "STATEMENT" and (shared or few or parties_and_people)):
                target = e
                break
        if target is None:
            if c.participants:
                out.append(c)
            continue
        target.participants = _unique(target.participants + c.participants)
        target.sentences = sorted(set(target.sentences + c.sentences))
        target.places = _unique(target.places + c.places)
        target.dates = _unique(target.dates + c.dates)
        target.org_only = target.org_only and c.org_only
    return [e for e in out if not _lone_meeting(e)]


def _is_forum(m: Mention) -> bool:
    forms = [m.name, *(str(x.get("text", "")) for x in m.entity.get("mentions", []))]
    return any(forum_words().search(f) for f in forms)


def _lone_meeting(e: Candidate) -> bool:
    """A meeting needs two sides; one named person alone is a mention of a meeting, not an event."""
    return e.type == "MEETING" and len(e.participants) < 2 and not e.org_only


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
