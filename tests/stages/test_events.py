"""Events from sentences and entities, in each language: (text, entities by surface form, expected events)."""

import pytest

from caspian.document import Document
from caspian.pipeline import Pipeline
from caspian.settings import Settings
from caspian.stages.events import Events, event_key, summary

ENT = {
    "Khassenov": ("Askhat Khassenov", "PERSON"),
    "Хасенов": ("Askhat Khassenov", "PERSON"),
    "Хасенова": ("Askhat Khassenov", "PERSON"),
    "Bayraktar": ("Alparslan Bayraktar", "PERSON"),
    "Байрактаром": ("Alparslan Bayraktar", "PERSON"),
    "Байрактар": ("Alparslan Bayraktar", "PERSON"),
    "Satkaliyev": ("Almassadam Satkaliyev", "PERSON"),
    "Sätqaliev": ("Almassadam Satkaliyev", "PERSON"),
    "Сәтқалиев": ("Almassadam Satkaliyev", "PERSON"),
    "Сәтқалиевпен": ("Almassadam Satkaliyev", "PERSON"),
    "Descalzi": ("Claudio Descalzi", "PERSON"),
    "Дескальци": ("Claudio Descalzi", "PERSON"),
    "KazMunayGas": ("KazMunayGas", "ORG"),
    "KMG": ("KazMunayGas", "ORG"),
    "SOCAR": ("SOCAR", "ORG"),
    "Анкаре": ("Ankara", "LOCATION"),
    "Ankara'da": ("Ankara", "LOCATION"),
    "Astana": ("Astana", "LOCATION"),
    "Baku Energy Week": ("Baku Energy Week", "EVENT"),
    "4th Meeting of SCO Energy Ministers": ("4th Meeting of SCO Energy Ministers", "EVENT"),
    "referendum": ("2024 Kazakh nuclear power plant referendum", "EVENT"),
    "Trend": ("Trend News Agency", "ORG"),
    "TotalEnergies": ("TotalEnergies", "ORG"),
    "Kazakhstan": ("Kazakhstan", "COUNTRY"),
    "Pouyanné": ("Patrick Pouyanné", "PERSON"),
    "Смаилов": ("Alikhan Smailov", "PERSON"),
    "Саткалиев": ("Almassadam Satkaliyev", "PERSON"),
}
ROLES = {"Almassadam Satkaliyev": "Minister of Energy of Kazakhstan", "Alikhan Smailov": "Prime Minister of Kazakhstan"}


def make_doc(text: str, lang: str, **fields) -> Document:
    """A document as the earlier stages leave it: sentences and entities with mentions."""
    pipeline = Pipeline.from_settings(Settings(stages=("clean", "metadata", "language", "segment")))
    doc = pipeline.run_one(Document(raw=text))
    assert isinstance(doc, Document)
    doc.lang = lang
    for key, value in fields.items():
        setattr(doc, key, value)
    entities: dict[str, dict] = {}
    for surface, (canonical, etype) in sorted(ENT.items(), key=lambda kv: -len(kv[0])):
        start = 0
        while (start := doc.text.find(surface, start)) >= 0:
            end = start + len(surface)
            taken = any(m["start"] < end and start < m["end"] for e in entities.values() for m in e["mentions"])
            if not taken and not (end < len(doc.text) and doc.text[end].isalpha()):
                entities.setdefault(
                    canonical, {"canonical": canonical, "type": etype, "role": ROLES.get(canonical), "mentions": []}
                )
                entities[canonical]["mentions"].append({"start": start, "end": end, "text": surface})
            start = end
    doc.entities = list(entities.values())
    return doc


def brief(events: list[dict]) -> list[tuple]:
    return sorted((e["type"], tuple(sorted(e["participants"])), e["place"]) for e in events)


CASES = [
    (
        "ru",
        "Председатель правления КМГ Асхат Хасенов встретился с министром энергетики Турции Алпарсланом "
        "Байрактаром в Анкаре. Стороны обсудили совместную геологоразведку. «Мы готовы перейти к практическим "
        "проектам», – заявил Хасенов.",
        [
            ("MEETING", ("Alparslan Bayraktar", "Askhat Khassenov"), "Ankara"),
            ("STATEMENT", ("Askhat Khassenov",), "Ankara"),
        ],
    ),
    (
        "tr",
        "Enerji Bakanı Alparslan Bayraktar, KMG Başkanı Askhat Khassenov ile Ankara'da görüştü. Görüşmede arama "
        "projeleri ele alındı. Bayraktar, iki ülkenin enerji işbirliğinin güçlendiğini bildirdi.",
        # what a participant reports of the talks (no quotation) is part of the meeting
        [("MEETING", ("Alparslan Bayraktar", "Askhat Khassenov"), "Ankara")],
    ),
    (
        "kk",
        "Энергетика министрі Алмасадам Сәтқалиев Eni компаниясының басшысы Клаудио Дескальци мырзамен кездесті. "
        "Тараптар Қашаған кен орнын кеңейту жобасын талқылады. Министр жобаның маңызды екенін атап өтті, деді Сәтқалиев.",
        [("MEETING", ("Almassadam Satkaliyev", "Claudio Descalzi"), None)],
    ),
    (
        "en",
        "ASTANA. KazMunayGas and SOCAR signed an agreement on oil shipments via the pipeline on Tuesday. "
        "Energy Minister Almassadam Satkaliyev met Claudio Descalzi during Baku Energy Week. "
        "Satkaliyev said the talks were productive.",
        [
            ("AGREEMENT", ("KazMunayGas", "SOCAR"), "Astana"),
            ("FORUM", ("Almassadam Satkaliyev", "Claudio Descalzi"), "Astana"),
            ("MEETING", ("Almassadam Satkaliyev", "Claudio Descalzi"), "Astana"),
        ],
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_events_per_language(lang, text, expected):
    doc = make_doc(text, lang)
    if lang == "en":
        doc.dateline = "Astana"
    Events(Settings())(doc)
    assert brief(doc.events) == sorted(expected)
    for e in doc.events:
        assert 0 <= e["start"] < e["end"] <= len(doc.text)
        assert e["summary"].endswith(".") and e["key"]


def test_a_meeting_over_several_sentences_is_one_event_with_all_its_spans():
    doc = make_doc(CASES[0][1], "ru")
    Events(Settings())(doc)
    meeting = next(e for e in doc.events if e["type"] == "MEETING")
    assert len(meeting["spans"]) == 2
    assert doc.text[slice(*meeting["spans"][0])].startswith("Председатель правления")


def test_no_event_without_the_entities_it_needs():
    doc = make_doc("Стороны обсудили совместную геологоразведку и подписали протокол о намерениях.", "ru")
    doc.entities = []
    Events(Settings())(doc)
    assert doc.events == []


def test_date_from_the_text_else_the_publication_day_of_a_datelined_report():
    doc = make_doc("Satkaliyev met Descalzi in Astana on 21 June 2024.", "en")
    Events(Settings())(doc)
    assert doc.events[0]["date"] == "2024-06-21" and doc.events[0]["date_from"] == "text"
    doc = make_doc("Satkaliyev met Descalzi in Astana.", "en", published="2024-06-20T10:00:00+05:00", dateline="Astana")
    Events(Settings())(doc)
    assert doc.events[0]["date"] == "2024-06-20" and doc.events[0]["date_from"] == "published"
    doc = make_doc("Satkaliyev met Descalzi in Astana.", "en", published="2024-06-20")
    Events(Settings())(doc)
    assert doc.events[0]["date"] is None


def test_the_same_event_in_two_languages_gets_one_key():
    ru = make_doc(CASES[0][1], "ru")
    tr = make_doc(CASES[1][1], "tr")
    Events(Settings())(ru)
    Events(Settings())(tr)
    key = {e["type"]: e["key"] for e in ru.events}
    assert key["MEETING"] == next(e["key"] for e in tr.events if e["type"] == "MEETING")
    assert event_key("MEETING", ["A", "B"], None) != event_key("MEETING", ["A", "B"], "2024-01-01")


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (
            ("MEETING", ["Askhat Khassenov", "Alparslan Bayraktar"], "Ankara", None, None),
            "Askhat Khassenov and Alparslan Bayraktar met in Ankara.",
        ),
        (
            ("FORUM", ["A", "B", "C"], "Astana", "2024-06-21", "SCO Energy Ministers Meeting"),
            "A, B and C took part in SCO Energy Ministers Meeting in Astana on 2024-06-21.",
        ),
        (("STATEMENT", ["Askar Mamin"], None, None, None), "Askar Mamin made a statement."),
        (
            ("STATEMENT", ["Askar Mamin"], "Astana", None, None, ["oil production", "oil_products export"]),
            "Askar Mamin made a statement on oil production and oil products export in Astana.",
        ),
    ],
)
def test_summary_is_made_from_the_fields(args, text):
    assert summary(*args) == text


def test_news_outlets_neither_speak_nor_take_part():
    doc = make_doc("Satkaliyev met Descalzi in Astana on Monday, Trend reports. Trend said the talks went well.", "en")
    Events(Settings())(doc)
    assert brief(doc.events) == [("MEETING", ("Almassadam Satkaliyev", "Claudio Descalzi"), "Astana")]


def test_a_speaker_named_by_role_and_by_pronoun_is_the_person_named_before():
    text = (
        "Премьер-министр Смаилов провел заседание правительства, на котором выступил министр энергетики Саткалиев. "
        "По словам министра, добыча нефти выросла. При этом, подчеркнул он, страна выполнит обязательства."
    )
    doc = make_doc(text, "ru")
    Events(Settings())(doc)
    statements = [e for e in doc.events if e["type"] == "STATEMENT"]
    assert [e["participants"] for e in statements] == [["Almassadam Satkaliyev"]]
    assert len(statements[0]["spans"]) == 2


def test_a_trigger_word_inside_a_forum_name_is_no_meeting_and_a_referendum_is_no_forum():
    doc = make_doc("Satkaliyev opened the 4th Meeting of SCO Energy Ministers in Astana.", "en")
    Events(Settings())(doc)
    assert [e["type"] for e in doc.events] == ["FORUM"]
    assert doc.events[0]["name"] == "4th Meeting of SCO Energy Ministers"
    doc = make_doc("After the referendum Satkaliyev said the plant would be built.", "en")
    Events(Settings())(doc)
    assert [e["type"] for e in doc.events] == ["STATEMENT"]


def test_parties_and_signatories_of_one_agreement_are_one_event():
    text = (
        "TotalEnergies signed agreements with Kazakhstan on a wind project. "
        "The documents were signed in Astana by Pouyanné and Satkaliyev."
    )
    doc = make_doc(text, "en")
    Events(Settings())(doc)
    agreements = [e for e in doc.events if e["type"] == "AGREEMENT"]
    assert len(agreements) == 1
    # one event with both sentences; the parties and the signatories take part together (the dev,
    # independent and sample gold all list both: sample en04, ind 133)
    assert len(agreements[0]["spans"]) == 2
    assert set(agreements[0]["participants"]) == {
        "TotalEnergies",
        "Kazakhstan",
        "Patrick Pouyanné",
        "Almassadam Satkaliyev",
    }
    assert agreements[0]["place"] == "Astana"


def test_an_event_is_about_the_facts_stated_in_its_sentences():
    doc = make_doc("Satkaliyev said Kazakhstan will produce 96 million tonnes of oil this year.", "en")
    doc.facts = [{"commodity": "oil", "metric": "production", "start": 40, "end": 62}]
    Events(Settings())(doc)
    assert doc.events[0]["topic_words"] == ["oil production"] and doc.events[0]["facts"] == [[40, 62]]
