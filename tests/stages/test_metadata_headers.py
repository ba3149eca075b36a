"""Header and footer lines of pieces, dates without a year, sources named below the story, and stray
sentences glued to a paragraph (issue 13: kinds seen on eval/independent2, sentences written here)."""

import pytest

from caspian.stages.metadata import year_of_recent_date
from tests.conftest import process_text

RU = (
    "Добыча газа на месторождении выросла\n"
    "{header}\n"
    "Компания сообщила, что добыча газа на месторождении в первом квартале выросла на шесть процентов.\n"
    "Рост связан с вводом новой установки подготовки газа, говорится в сообщении оператора.\n"
    "{footer}"
)
EN = (
    "Grid operator adds a new substation\n"
    "{header}\n"
    "The national grid operator said on Tuesday that a new substation in the north had been energised.\n"
    "The substation will carry power from two wind farms to the regional network, the operator said.\n"
    "{footer}"
)


@pytest.mark.parametrize(
    ("template", "header", "author", "published"),
    [
        (RU, "12.03.2025 | 09:15 | Просмотров: 2 104", None, "2025-03-12"),
        (EN, "By Dana Omarova | 4 March 2024 | 2,310 views", "Dana Omarova", "2024-03-04"),
    ],
)
def test_a_header_line_of_date_time_and_views_gives_the_date_and_author(pipeline, template, header, author, published):
    doc = process_text(pipeline, template.format(header=header, footer=""))
    assert header in doc.removed and header not in doc.text
    assert doc.author == author
    assert doc.published is not None and doc.published.startswith(published)


@pytest.mark.parametrize("header", ["Энергетика | 11:20 | 5 410", "Қоғам | 2 мин оқу", "Ekonomi | 4 dk okuma"])
def test_a_header_line_of_rubric_time_counter_or_reading_time_is_noise(pipeline, header):
    doc = process_text(pipeline, RU.format(header=header, footer=""))
    assert header in doc.removed and header not in doc.text


def test_a_day_and_month_line_takes_its_year_from_a_recent_dated_event(pipeline):
    body = RU.replace(
        "в первом квартале выросла", "28 марта 2025 года выросла"
    )  # an event five days before the date line
    doc = process_text(pipeline, body.format(header="18:20, 3 апреля", footer=""))
    assert "18:20, 3 апреля" in doc.removed
    assert doc.published == "2025-04-03"


def test_the_year_stays_unknown_unless_one_year_fits():
    assert year_of_recent_date("Встреча прошла 28 марта 2025 года.", "--04-03") == "2025-04-03"
    assert year_of_recent_date("Итоги 28 декабря 2023 года подвели в Астане.", "--01-03") == "2024-01-03"
    # two years fit: no guess
    assert year_of_recent_date("28 марта 2025 года и 30 марта 2024 года.", "--04-03") is None
    # the only dated event is long before: no guess
    assert year_of_recent_date("Соглашение подписали 5 января 2025 года.", "--04-03") is None


@pytest.mark.parametrize(
    ("footer", "source"),
    [("Источник: Telegram-канал Энергия Степи", "Энергия Степи"), ("Energyprom.kz", "Energyprom.kz")],
)
def test_a_source_below_the_story(pipeline, footer, source):
    doc = process_text(pipeline, RU.format(header="", footer=footer))
    assert doc.source == source
    assert footer in doc.removed


def test_a_stray_sentence_of_another_story_glued_to_the_last_paragraph_is_noise(pipeline):
    text = RU.format(header="", footer="").rstrip() + "Завтра в столице ожидается снег и гололёд."
    doc = process_text(pipeline, text)
    assert "Завтра в столице ожидается снег и гололёд." in doc.removed
    assert doc.text.endswith("говорится в сообщении оператора.")


def test_a_glued_sentence_of_the_story_itself_stays(pipeline):
    text = RU.format(header="", footer="").rstrip() + "Новая установка подготовки газа заработала в марте."
    doc = process_text(pipeline, text)
    assert doc.text.endswith("сообщении оператора. Новая установка подготовки газа заработала в марте.")


def test_a_read_more_line_glued_to_the_last_paragraph_is_noise(pipeline):
    text = (
        "Kazakistan petrol ihracatını artırdı\n"
        "Kazakistan Enerji Bakanlığı, ham petrol ihracatının ilk yarıda yüzde dört arttığını açıkladı.\n"
        "Bakanlık, artışın yeni boru hattı kapasitesinden kaynaklandığını belirtti.Haberin devamı için tıklayınız"
    )
    doc = process_text(pipeline, text)
    assert "Haberin devamı için tıklayınız" in doc.removed
    assert doc.text.endswith("kaynaklandığını belirtti.")


@pytest.mark.parametrize(
    "footer", ["Ранее: Токаев открыл новую ветровую станцию", "Ұқсас жаңалықтар: Токаев жаңа станцияны ашты"]
)
def test_a_related_story_after_a_label_is_noise_and_its_names_are_entities(pipeline, footer):
    doc = process_text(pipeline, RU.format(header="", footer=footer))
    assert footer in doc.removed and "Токаев" not in doc.text
    tokayev = [e for e in doc.entities if e["canonical"] == "Kassym-Jomart Tokayev"]
    assert tokayev and tokayev[0]["in_removed"] == footer
