import pytest

from caspian.settings import Settings
from caspian.stages.language import DetectLanguage, normalise_code
from tests.conftest import process_text

SENTENCES = {
    "ru": "Министерство энергетики сообщило, что добыча нефти в стране в прошлом году выросла на два процента.",
    "kk": "Энергетика министрлігі елдегі мұнай өндіру көлемі өткен жылы екі пайызға өскенін хабарлады.",
    "tr": "Enerji Bakanlığı, ülkedeki petrol üretiminin geçen yıl yüzde iki arttığını açıkladı.",
    "en": "The energy ministry said that oil production in the country grew by two percent last year.",
    "uk": "Міністерство енергетики повідомило, що видобуток нафти в країні минулого року зріс на два відсотки.",
    "az": "Energetika Nazirliyi ölkədə neft hasilatının ötən il iki faiz artdığını bildirib.",
    "de": "Das Energieministerium teilte mit, dass die Ölförderung im Land im vergangenen Jahr um zwei Prozent stieg.",
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_article_language(pipeline, lang):
    doc = process_text(pipeline, SENTENCES[lang])
    assert doc.lang == lang


def test_mixed_article_has_paragraph_languages(pipeline):
    text = "\n".join([SENTENCES["ru"], SENTENCES["ru"], SENTENCES["kk"], SENTENCES["en"]])
    doc = process_text(pipeline, text)
    assert doc.lang == "ru"
    assert [p["lang"] for p in doc.paragraph_langs] == ["ru", "kk", "en"]
    first = doc.paragraph_langs[0]
    assert doc.text[first["start"] : first["end"]] == SENTENCES["ru"] + "\n" + SENTENCES["ru"]


def test_restricted_set_and_other():
    stage = DetectLanguage(Settings(languages=("ru", "en")))
    assert stage.detect(SENTENCES["tr"])[0] in ("en", "other")
    assert stage.detect("12345 67 — 89")[0] == "other"


def test_given_language_wins(pipeline):
    assert process_text(pipeline, SENTENCES["en"], given={"lang": "rus"}).lang == "ru"


@pytest.mark.parametrize(
    ("value", "code"), [("ru", "ru"), ("RU-ru", "ru"), ("kaz", "kk"), ("tr_TR", "tr"), ("", None), ("english", None)]
)
def test_normalise_code(value, code):
    assert normalise_code(value) == code


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_long_paragraphs_take_the_fast_mode_and_still_tell_close_languages_apart(lang):
    """A paragraph of LONG_TEXT characters or more is read by lingua's low-accuracy mode; it must
    still tell Russian from Ukrainian and Kazakh, Turkish from Azerbaijani."""
    from caspian.stages.language import LONG_TEXT

    stage = DetectLanguage(Settings())
    paragraph = SENTENCES[lang] + " " + SENTENCES[lang]
    assert len(paragraph) >= LONG_TEXT
    assert stage.detect(paragraph)[0] == lang
    assert stage.fast_detector is not stage.detector
