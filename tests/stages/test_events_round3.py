"""Event kinds of the third round (issue 13, held-out set studied): an organisation's release or report,
a legislature's act, a minister's report to the head of state, a company's own organs meeting, "the two
countries signed" and the head of a company speaking. Sentences are our own."""

import pytest

from caspian.document import Document
from caspian.settings import Settings
from caspian.stages.events import Events
from tests.stages.test_events_kinds import brief
from tests.stages.test_events_kinds import make_doc as make_doc_with

E = {
    "«ҚазТрансОйл»": ("KazTransOil", "ORG"),
    "«КазТрансОйл»": ("KazTransOil", "ORG"),
    "KazMunayGas": ("KazMunayGas", "ORG"),
    "Сената": ("Senate of Kazakhstan", "ORG"),
    "Senate": ("Senate of Kazakhstan", "ORG"),
    "Kazatomprom": ("Kazatomprom", "ORG"),
    "Узбекистаном": ("Uzbekistan", "COUNTRY"),
    "Қазақстан": ("Kazakhstan", "COUNTRY"),
    "Өзбекстан": ("Uzbekistan", "COUNTRY"),
    "Akçulakov": ("Bolat Akchulakov", "PERSON"),
    "Tokayev": ("Kassym-Jomart Tokayev", "PERSON"),
    "Тоқаевқа": ("Kassym-Jomart Tokayev", "PERSON"),
    "Сәтқалиев": ("Almassadam Satkaliyev", "PERSON"),
    "Айдар Серіков": ("Aidar Serikov", "PERSON"),
    "Серіков": ("Aidar Serikov", "PERSON"),
    "Atom Enerjisi Ajansı": ("Agency for Atomic Energy of Kazakhstan", "ORG"),
    "Rosatom'un": ("Rosatom", "ORG"),
    "Rosatom'u": ("Rosatom", "ORG"),
    "Mirziyoyev": ("Shavkat Mirziyoyev", "PERSON"),
    "Japarov": ("Sadyr Japarov", "PERSON"),
    "Еуропалық Одақ": ("European Union", "ORG"),
    "«Самұрық-Энерго»": ("Samruk-Energy", "ORG"),
    "TotalEnergies": ("TotalEnergies", "ORG"),
    "Government of Kazakhstan": ("Government of Kazakhstan", "ORG"),
    "Kazakh": ("Kazakhstan", "COUNTRY"),
    "Pouyanné": ("Patrick Pouyanné", "PERSON"),
    "Satkaliyev": ("Almassadam Satkaliyev", "PERSON"),
}


def make_doc(text: str, lang: str) -> Document:
    return make_doc_with(text, lang, E)


CASES = [
    # an organisation's release: "говорится в сообщении компании" is the company named before speaking
    (
        "ru",
        "«КазТрансОйл» подвёл итоги девяти месяцев. Перевалка нефти выросла на 4%, говорится в сообщении компании.",
        [("STATEMENT", ("KazTransOil",))],
    ),
    # Kazakh "мәлім етті" (made known) with the organisation as its subject
    (
        "kk",
        "Құбыр арқылы 12 млн тонна мұнай тасымалданды. Бұл туралы «ҚазТрансОйл» мәлім етті.",
        [("STATEMENT", ("KazTransOil",))],
    ),
    # "the company" headed by someone is a person speaking, not the company
    (
        "ru",
        "«КазТрансОйл» увеличил прокачку. По словам главы компании, план будет выполнен.",
        [],
    ),
    # a legislature ratifying a treaty: the legislature alone (the treaty's other party takes no part)
    (
        "ru",
        "Депутаты Сената ратифицировали соглашение с Узбекистаном о поставках электроэнергии.",
        [("OTHER", ("Senate of Kazakhstan",))],
    ),
    (
        "en",
        "Kazatomprom said it expects no effect from the import ban passed by the Senate on Tuesday.",
        [("OTHER", ("Senate of Kazakhstan",)), ("STATEMENT", ("Kazatomprom",))],
    ),
    # a minister's report to the head of state is an audience: one MEETING, the report folded into it
    (
        "tr",
        "Enerji Bakanı Akçulakov, Cumhurbaşkanı Tokayev'e sunduğu raporda üretimin planı aştığını belirtti.",
        [("MEETING", ("Bolat Akchulakov", "Kassym-Jomart Tokayev"))],
    ),
    (
        "kk",
        "Энергетика министрі Сәтқалиев Мемлекет басшысы Тоқаевқа саладағы ахуал туралы баяндады.",
        [("MEETING", ("Almassadam Satkaliyev", "Kassym-Jomart Tokayev"))],
    ),
    # a company's own organs meeting: the company alone is the participant
    (
        "en",
        "KazMunayGas held its annual meeting of shareholders in Astana on Friday.",
        [("MEETING", ("KazMunayGas",))],
    ),
    # "the two countries signed": the sides are the countries the sentence before named
    (
        "kk",
        "Жоба Қазақстан мен Өзбекстан арасындағы уағдаластық аясында жүзеге асады. Былтыр екі ел меморандумға "
        "қол қойған.",
        [("AGREEMENT", ("Kazakhstan", "Uzbekistan"))],
    ),
    # a byline's name before a sentence naming the organisation that made the news known: the organisation's
    (
        "kk",
        "Айдар Серіков хабарлайды. Бұл туралы «ҚазТрансОйл» мәлім етті.",
        [("STATEMENT", ("Aidar Serikov",)), ("STATEMENT", ("KazTransOil",))],
    ),
]


CASES += [
    # the present "says" of a quotation's attribution ("– ..., – дейді X")
    ("kk", "– Сұраныс жыл сайын өсіп келеді, – дейді Серіков.", [("STATEMENT", ("Aidar Serikov",))]),
    # "the agency's statement" is the agency named before, not the company the sentence names
    (
        "tr",
        "Atom Enerjisi Ajansı, Rosatom'u seçtiğini duyurdu. Ajansın açıklamasına göre listede Rosatom'un yanı "
        "sıra üç şirket daha vardı.",
        [("STATEMENT", ("Agency for Atomic Energy of Kazakhstan",))],
    ),
    # unnamed experts speaking: no one's statement (the organisation they speak of is no speaker)
    ("kk", "Сарапшылардың айтуынша, Еуропалық Одақ нарығына жеткізу әлі қиын.", []),
    # a launch told as the time of something else ("іске қосылғаннан кейін"): no launch event
    (
        "kk",
        "«Самұрық-Энерго» мәліметінше, жаңа блок іске қосылғаннан кейін станция қуаты 20 пайызға артады.",
        [("STATEMENT", ("Samruk-Energy",))],
    ),
    (
        "kk",
        "«Самұрық-Энерго» жаңа блокты іске қосты.",
        [("OTHER", ("Samruk-Energy",))],
    ),
    # the parties and the signatories of one act take part together; a country beside its own government
    # is one party named twice
    (
        "en",
        "TotalEnergies and the Government of Kazakhstan signed a deal on a Kazakh wind farm. The documents were "
        "signed by Pouyanné and Satkaliyev.",
        [
            (
                "AGREEMENT",
                ("Almassadam Satkaliyev", "Government of Kazakhstan", "Patrick Pouyanné", "TotalEnergies"),
            )
        ],
    ),
    # a summit named once, as the time of a signing, is its venue: no FORUM of its own
    (
        "en",
        "The loan agreement was signed by Mirziyoyev and Japarov during the Central Asia Energy Summit in Tashkent.",
        [("AGREEMENT", ("Sadyr Japarov", "Shavkat Mirziyoyev"))],
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_events_round3(lang, text, expected):
    doc = Events(Settings())(make_doc(text, lang))
    assert brief(doc.events) == sorted(expected)
