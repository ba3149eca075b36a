"""Events by kind of construction, per language: (lang, text, entities by surface form, expected events).

Incidents (type OTHER), organisations speaking through a noun or a press service, receptions and
attendance, masked triggers, lone approvals and forums named only in the text.
"""

import pytest

from caspian.document import Document
from caspian.pipeline import Pipeline
from caspian.settings import Settings
from caspian.stages.events import Events, quoted_spans

E = {
    "CPC": ("Caspian Pipeline Consortium", "ORG"),
    "КТК-ның": ("Caspian Pipeline Consortium", "ORG"),
    "«Тенгизшевройл»": ("Tengizchevroil", "ORG"),
    "Тенгизе": ("Tengiz Field", "FACILITY"),
    "Теңіз": ("Tengiz Field", "FACILITY"),
    "Novorossiysk": ("Novorossiysk", "LOCATION"),
    "Kazakhstan": ("Kazakhstan", "COUNTRY"),
    "Kazakistan": ("Kazakhstan", "COUNTRY"),
    "Kazakistan'da": ("Kazakhstan", "COUNTRY"),
    "Uzbekistan": ("Uzbekistan", "COUNTRY"),
    "Ministry of Energy": ("Ministry of Energy of Kazakhstan", "ORG"),
    "OPEC+": ("OPEC+", "ORG"),
    "ҚМГ": ("KazMunayGas", "ORG"),
    "ҚазМұнайГаз": ("KazMunayGas", "ORG"),
    "«Казатомпром»": ("Kazatomprom", "ORG"),
    "KazMunayGaz'ın": ("KazMunayGas", "ORG"),
    "KazMunayGas'ın": ("KazMunayGas", "ORG"),
    "Akorda": ("Akorda", "ORG"),
    "Tokayev": ("Kassym-Jomart Tokayev", "PERSON"),
    "Токаева": ("Kassym-Jomart Tokayev", "PERSON"),
    "Хасенов": ("Askhat Khassenov", "PERSON"),
    "Khassenov'u": ("Askhat Khassenov", "PERSON"),
    "Bayraktar": ("Alparslan Bayraktar", "PERSON"),
    "Kropp": ("Wolfgang Kropp", "PERSON"),
    "Sklyar": ("Roman Sklyar", "PERSON"),
    "Miller": ("Alexey Miller", "PERSON"),
    "Akçulakov": ("Bolat Akchulakov", "PERSON"),
    "Karabalin": ("Uzakbay Karabalin", "PERSON"),
    "Akkenzhenov": ("Yerlan Akkenzhenov", "PERSON"),
    "Бектенов": ("Olzhas Bektenov", "PERSON"),
    "Смайылов": ("Alikhan Smailov", "PERSON"),
    "Горбанмен": ("Nikolay Gorban", "PERSON"),
    "Astana'da": ("Astana", "LOCATION"),
    "Cameco": ("Cameco", "ORG"),
    "Kazatomprom": ("Kazatomprom", "ORG"),
    "«ҚазТрансОйл»": ("KazTransOil", "ORG"),
    "Сәтқалиев": ("Almassadam Satkaliyev", "PERSON"),
    "SOCAR": ("SOCAR", "ORG"),
    "Svevind": ("Svevind Energy Group", "ORG"),
    "Charles Michel": ("Charles Michel", "PERSON"),
    "European Council": ("European Council", "ORG"),
    "hükümetince": ("Government of Kazakhstan", "ORG"),
    "Chevron": ("Chevron Corporation", "ORG"),
    "TASS": ("TASS", "ORG"),
    "кабмина": ("Government of Kazakhstan", "ORG"),
    "Gümrük Genel Müdürlüğü": ("General Administration of Customs of China", "ORG"),
    "Токаев": ("Kassym-Jomart Tokayev", "PERSON"),
    "Хасенова": ("Askhat Khassenov", "PERSON"),
    "КазТрансОйл": ("KazTransOil", "ORG"),
    "Mirziyoyev": ("Shavkat Mirziyoyev", "PERSON"),
    "Мирзиёевпен": ("Shavkat Mirziyoyev", "PERSON"),
    "Тоқаев": ("Kassym-Jomart Tokayev", "PERSON"),
    "KazMunayGas": ("KazMunayGas", "ORG"),
    "COP29 summit": ("COP29", "EVENT"),
    "COP29 саммиті": ("COP29", "EVENT"),
}


def make_doc(text: str, lang: str, surfaces: dict[str, tuple[str, str]] = E) -> Document:
    """A document as the earlier stages leave it: sentences, and entities found by their surface forms
    (`surfaces`: surface -> (canonical, type))."""
    doc = Pipeline.from_settings(Settings(stages=("clean", "metadata", "language", "segment"))).run_one(
        Document(raw=text)
    )
    assert isinstance(doc, Document)
    doc.lang = lang
    entities: dict[str, dict] = {}
    for surface, (canonical, etype) in sorted(surfaces.items(), key=lambda kv: -len(kv[0])):
        start = 0
        while (start := doc.text.find(surface, start)) >= 0:
            end = start + len(surface)
            taken = any(m["start"] < end and start < m["end"] for e in entities.values() for m in e["mentions"])
            if not taken and not (end < len(doc.text) and doc.text[end].isalpha()):
                entity = entities.setdefault(canonical, {"canonical": canonical, "type": etype, "mentions": []})
                entity["mentions"].append({"start": start, "end": end, "text": surface})
            start = end
    doc.entities = list(entities.values())
    return doc


def brief(events: list[dict]) -> list[tuple]:
    return sorted((e["type"], tuple(sorted(e["participants"]))) for e in events)


CASES = [
    # --- incidents: type OTHER, the companies struck, else no one named; one per article
    (
        "en",
        "On November 29 unmanned boats attacked CPC facilities near Novorossiysk. "
        "The strike left a mooring severely damaged.",
        [("OTHER", ("Caspian Pipeline Consortium",))],
    ),
    (
        "ru",
        "Авария произошла 18 января: на Тенгизе загорелся трансформатор. «Тенгизшевройл» остановил добычу нефти.",
        [("OTHER", ("Tengizchevroil",))],
    ),
    (
        "kk",
        "Еске салсақ, қаңтарда Теңіз кен орнындағы электр станциясында екі мәрте өрт шыққан. "
        "Екі жағдайда да ешкім зардап шеккен жоқ.",
        [("OTHER", ())],
    ),
    (
        "tr",
        "Novorossiysk'teki terminalin yakınında iki tanker dron saldırısına maruz kalmıştı.",
        [("OTHER", ())],
    ),
    (
        "kk",
        "Биыл наурызда Новороссийск маңындағы портта КТК-ның екі жағалау құрылғысы істен шыққан.",
        [("OTHER", ("Caspian Pipeline Consortium",))],
    ),
    # a person speaking of an attack: what they said, not an incident told by the article
    (
        "tr",
        'Akkenzhenov, "Petrol tesislerine saldırılar fiyatları etkiledi" dedi.',
        [("STATEMENT", ("Yerlan Akkenzhenov",))],
    ),
    # "production cuts" are no outage
    ("tr", "OPEC+ kesintileri mayısta başlayacak.", []),
    # --- launches and first power
    (
        "en",
        "Russian gas began flowing via Kazakhstan to Uzbekistan in October, the minister said.",
        [("OTHER", ("Kazakhstan", "Uzbekistan"))],
    ),
    ("ru", "В июле ветровая электростанция «Абай-1» дала первый ток.", [("OTHER", ())]),
    ("kk", "Бектенов жаңа қуаттарды іске қосу басты міндет екенін айтты.", [("STATEMENT", ("Olzhas Bektenov",))]),
    # --- statements: an organisation named by a noun, by "according to", continued by a pronoun
    (
        "en",
        "Data from the Ministry of Energy put March output at 1.475 million barrels per day. "
        "The ministry said several projects would undergo repairs in the summer. "
        "Kazakhstan will fulfil its OPEC+ commitments, it added.",
        [("STATEMENT", ("Ministry of Energy of Kazakhstan",))],
    ),
    ("kk", "ҚМГ мәліметінше, тоқсанда 3,4 млн тонна мұнай экспортталды.", [("STATEMENT", ("KazMunayGas",))]),
    ("ru", "Такие данные приводит компания «Казатомпром».", [("STATEMENT", ("Kazatomprom",))]),
    (
        "tr",
        "KazMunayGaz'ın açıklamasına göre petrol başka rotalara yönlendirildi.",
        [("STATEMENT", ("KazMunayGas",))],
    ),
    # verb-final: the subject opens the sentence; the one met is an object (what he says of the talks is
    # part of the meeting: `test_the_speaker_of_a_verb_final_sentence_is_its_subject` reads the speaker)
    (
        "kk",
        "Смайылов Горбанмен кездескеннен кейін құбырдың қуаты қалпына келтірілгенін мәлімдеді.",
        [("MEETING", ("Alikhan Smailov", "Nikolay Gorban"))],
    ),
    # a press service reporting a reception: the reception, no statement of the president
    (
        "en",
        "On Nov. 7 Tokayev received Kropp to talk about the project, the Akorda press service said.",
        [("MEETING", ("Kassym-Jomart Tokayev", "Wolfgang Kropp"))],
    ),
    # --- meetings: a reception, a host, attendance, a press conference is none
    (
        "ru",
        "На приёме у Президента Касым-Жомарта Токаева побывал Хасенов.",
        [("MEETING", ("Askhat Khassenov", "Kassym-Jomart Tokayev"))],
    ),
    (
        "tr",
        "Enerji Bakanı Bayraktar bakanlıkta KazMunayGas'ın CEO'su Khassenov'u ağırladı.",
        [("MEETING", ("Alparslan Bayraktar", "Askhat Khassenov"))],
    ),
    (
        "tr",
        "Başbakan Yardımcısı Sklyar, Gazprom Başkanı Miller ile bir araya geldi. "
        "Görüşmeye Enerji Bakanı Akçulakov ve Büyükelçi Tokayev de katıldı.",
        [("MEETING", ("Alexey Miller", "Bolat Akchulakov", "Kassym-Jomart Tokayev", "Roman Sklyar"))],
    ),
    (
        "tr",
        "Astana'da basın toplantısında konuşan Karabalin ile Akkenzhenov verileri paylaştı.",
        [],
    ),
    # --- agreements: one person approving alone signs nothing
    ("kk", "Бектенов бюджет жобасын бекітті.", []),
    # no speaker inside a relative clause; no party inside a "when" clause
    (
        "en",
        "Cameco, which owns 40% of a joint venture with Kazatomprom, said it would assess the implications.",
        [("STATEMENT", ("Cameco",))],
    ),
    (
        "en",
        "Svevind and Kazakhstan concluded the investment agreement last October, when European Council "
        "President Charles Michel was visiting the country.",
        [("AGREEMENT", ("Kazakhstan", "Svevind Energy Group"))],
    ),
    # an organisation given as a figure's source beside a person's statement is sourcing, not a statement
    (
        "kk",
        "Сәтқалиев Германияға жеткізілімді арттыруға дайын екенін айтты. "
        "«ҚазТрансОйл» мәліметінше, биыл 1,2 млн тонна мұнай тасымалданады.",
        [("STATEMENT", ("Almassadam Satkaliyev",))],
    ),
    # a plural speech verb has no single person for its subject
    ("ru", "Как сообщили Хасенов, показатели выросли.", []),
    # one company alone holds no meeting ("negotiating with SOCAR": the other side unnamed)
    ("tr", "SOCAR ile müzakere eden Kazak yetkililer petrolü taşımayı planlıyor.", []),
    ("en", "The OPEC+ meeting decided a stepwise output increase.", [("MEETING", ("OPEC+",))]),
    # a government approving its own programme: a decision (OTHER), no agreement
    (
        "tr",
        "Kazakistan hükümetince ay sonunda onaylanan gazlaştırma programı kapsamında harcama yapılacak.",
        [("OTHER", ("Government of Kazakhstan",))],
    ),
    # an accident a speaker reports on is told elsewhere; a line to be commissioned is no launch
    (
        "ru",
        "Руководство Chevron доложило о ликвидации последствий аварии.",
        [("STATEMENT", ("Chevron Corporation",))],
    ),
    ("tr", "Bu hat devreye alındığında SOCAR sevkiyatı artıracak.", []),
    # a report cited as a source beside a person's statement; the accident it tells of is told elsewhere
    (
        "ru",
        "Хасенов рассказал о росте добычи. "
        "Согласно сообщению кабмина, руководство Chevron доложило о ликвидации последствий аварии.",
        [("STATEMENT", ("Askhat Khassenov",))],
    ),
    # an outlet announcing figures from a source: the outlet speaks, no one's statement
    ("tr", "Bilgiyi, Çin Gümrük Genel Müdürlüğü verilerine dayanarak pazar günü TASS ajansı duyurdu.", []),
    # --- ceremonies (type OTHER): the people at an opening or a launch take part, the speaker too
    (
        "ru",
        "Токаев выступил на церемонии запуска новой насосной станции КазТрансОйл.",
        [("OTHER", ("Kassym-Jomart Tokayev", "KazTransOil"))],
    ),
    # people attending a launch told just before join it
    (
        "en",
        "Kazakhstan and Uzbekistan launched construction of a new power line on Monday. "
        "Tokayev attended together with Mirziyoyev.",
        [("OTHER", ("Kassym-Jomart Tokayev", "Kazakhstan", "Shavkat Mirziyoyev", "Uzbekistan"))],
    ),
    ("tr", "Hattın açılışı 2019 yılında büyük bir törenle yapıldı.", [("OTHER", ())]),
    (
        "kk",
        "Тоқаев Мирзиёевпен бірге зауыттың ашылу рәсіміне қатысты.",
        [("OTHER", ("Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"))],
    ),
    # where an agreement is signed, the ceremony is the signing's: no event of its own
    (
        "en",
        "KazMunayGas and SOCAR signed an agreement at the opening ceremony of the new terminal.",
        [("AGREEMENT", ("KazMunayGas", "SOCAR"))],
    ),
    # --- a state of emergency (type OTHER): who declared it; apart from the accident that led to it
    ("kk", "Қалада төтенше жағдай режимі жарияланды.", [("OTHER", ())]),
    (
        "en",
        "President Tokayev signed a decree declaring a state of emergency in the region.",
        [("OTHER", ("Kassym-Jomart Tokayev",))],
    ),
    ("ru", "На подстанции произошла авария. В городе введён режим ЧС.", [("OTHER", ()), ("OTHER", ())]),
    # --- a forum named as the venue of something else is its place, no event of its own
    (
        "en",
        "Tokayev and Mirziyoyev signed a memorandum on the sidelines of the COP29 summit.",
        [("AGREEMENT", ("Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"))],
    ),
    (
        "en",
        "Tokayev and Mirziyoyev took part in the COP29 summit.",
        [("FORUM", ("Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"))],
    ),
    (
        "kk",
        "Тоқаев пен Мирзиёевпен COP29 саммиті аясында келісімге қол қойды.",
        [("AGREEMENT", ("Kassym-Jomart Tokayev", "Shavkat Mirziyoyev"))],
    ),
    # --- what a participant tells of the talks is part of the meeting; a quotation is a statement of its own
    (
        "ru",
        "Токаев принял председателя правления Хасенова. Хасенов рассказал о ходе проектов.",
        [("MEETING", ("Askhat Khassenov", "Kassym-Jomart Tokayev"))],
    ),
    (
        "ru",
        "Токаев принял председателя правления Хасенова. «Мы завершим проект в срок и без задержек», – заявил Хасенов.",
        [("MEETING", ("Askhat Khassenov", "Kassym-Jomart Tokayev")), ("STATEMENT", ("Askhat Khassenov",))],
    ),
    # --- an organisation's figures ("по данным X"): its statement when no person speaks, else sourcing
    ("ru", "По данным КазТрансОйл, прокачка нефти за год выросла.", [("STATEMENT", ("KazTransOil",))]),
    (
        "ru",
        "Хасенов рассказал о росте добычи. По данным КазТрансОйл, прокачка нефти за год выросла.",
        [("STATEMENT", ("Askhat Khassenov",))],
    ),
    # --- a forum the recogniser left unnamed
    (
        "tr",
        "Astana'daki 16. Avrasya KAZENERGY Uluslararası Forumu sırasında Akkenzhenov yatırımları değerlendirdi.",
        [("FORUM", ("Yerlan Akkenzhenov",)), ("STATEMENT", ("Yerlan Akkenzhenov",))],
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_events_by_kind(lang, text, expected):
    doc = make_doc(text, lang)
    Events(Settings())(doc)
    assert brief(doc.events) == sorted(expected)


def test_the_speaker_of_a_verb_final_sentence_is_its_subject():
    """Without folding what a participant says into the meeting, the statement is the subject's."""
    doc = make_doc("Смайылов Горбанмен кездескеннен кейін құбырдың қуаты қалпына келтірілгенін мәлімдеді.", "kk")
    Events(Settings(stage_options={"events": {"fold_statements": False}}))(doc)
    assert ("STATEMENT", ("Alikhan Smailov",)) in brief(doc.events)


def test_incidents_of_one_article_are_one_event_with_every_span():
    doc = make_doc(CASES[0][1], "en")
    Events(Settings())(doc)
    (incident,) = doc.events
    assert len(incident["spans"]) == 2 and incident["summary"].endswith(".")


def test_quoted_spans_pair_each_kind_of_quotation_mark():
    text = 'He said «one» and “two” and "three".'
    assert [text[a:b] for a, b in quoted_spans(text)] == ["«one»", "“two”", '"three"']
