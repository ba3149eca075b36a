from __future__ import annotations

from pathlib import Path

import pytest

from caspian.document import Document, make_id
from caspian.search.entities import entity_aliases, gazetteer_entries, merge
from caspian.search.query import parse
from caspian.store import Store

# (gazetteer file text, entity, forms it must have, forms it must not, entity id)
GAZETTEER_SHAPES = [
    (
        "entries:\n- {id: 'caspian:kmg', canonical: KazMunayGas, type: ORG,"
        " aliases: {en: [KazMunayGas], ru: [КазМунайГаз], kk: [ҚазМұнайГаз]}, abbreviations: [KMG]}\n",
        "KazMunayGas",
        {"КазМунайГаз", "ҚазМұнайГаз", "KMG"},
        set(),
        "caspian:kmg",
    ),
    (
        "- {id: 'caspian:totalenergies', canonical: TotalEnergies, aliases: [TotalEnergies, Total], ambiguous: [Total]}\n",
        "TotalEnergies",
        {"TotalEnergies"},
        {"Total"},
        "caspian:totalenergies",
    ),
    (
        "entries:\n- {canonical: Tengiz, aliases: [Тенгиз, Теңіз]}\n- {canonical: Togo, aliases: [Togo, Того]}\n",
        "Togo",
        {"Togo"},
        {"Того"},
        None,
    ),
]


@pytest.mark.parametrize(("text", "name", "present", "absent", "entity_id"), GAZETTEER_SHAPES)
def test_gazetteer_files_of_any_shape(tmp_path: Path, text, name, present, absent, entity_id) -> None:
    (tmp_path / "orgs.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("name_particles: [bin, ibn, al]\n", encoding="utf-8")
    (tmp_path / "inflection.yaml").write_text("sentence_initial_stopwords: [Того, Мали]\n", encoding="utf-8")
    entries, ids = gazetteer_entries(tmp_path)
    assert present <= set(entries[name])
    assert not absent & set(entries[name])
    assert ids.get(name) == ({entity_id} if entity_id else None)
    assert "name_particles" not in entries


def test_a_broken_gazetteer_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("entries: [ {canonical: ", encoding="utf-8")
    (tmp_path / "good.yaml").write_text("entries: [{canonical: Atyrau, aliases: {ru: [Атырау]}}]\n", encoding="utf-8")
    assert gazetteer_entries(tmp_path)[0] == {"Atyrau": ["Atyrau", "Атырау"]}


def test_entries_naming_the_same_entity_merge() -> None:
    merged = merge([{"Kashagan": ["Kashagan", "Кашаган"]}, {"Kashagan Field": ["Kashagan", "Қашаған"]}])
    assert list(merged) == ["Kashagan"]
    assert set(merged["Kashagan"]) == {"Kashagan", "Кашаган", "Kashagan Field", "Қашаған"}


# (query, forms its first group must match)
EXPANSIONS = [
    ("KMG", {"казмунайгаз", "kazmunaygas"}),
    ("ҚазМұнайГаздың", {"kmg", "kazmunaygas"}),
    ("Kazakistan'ın", {"казахстан", "kazakhstan"}),
    ("Каспийского трубопроводного консорциума", {"ктк", "cpc"}),
]


@pytest.mark.parametrize(("query", "forms"), EXPANSIONS)
def test_a_name_expands_to_all_its_forms(query: str, forms: set[str]) -> None:
    group = parse(query, entity_aliases()).groups[0]
    assert group.alias
    assert forms <= group.words | {w for p in group.phrases for w in p}


def test_store_entities_join_the_aliases(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'caspian.db'}")
    text = "Компания Жаңаөзен Мұнай Газ объявила о бурении."
    doc = Document(raw=text, id=make_id(text), text=text, lang="ru", path="x.txt")
    doc.entities = [
        {
            "id": "caspian:zhanaozen-munay-gaz",
            "canonical": "Zhanaozen Munay Gaz",
            "type": "ORG",
            "mentions": [{"start": 9, "end": 27, "text": "Жаңаөзен Мұнай Газ"}],
        }
    ]
    store.write_batch([doc])
    aliases = entity_aliases(store)
    assert aliases.lookup("Zhanaozen Munay Gaz") == "Zhanaozen Munay Gaz"
    assert aliases.lookup("Жаңаөзен Мұнай Газ") == "Zhanaozen Munay Gaz"
    assert aliases.entity_ids["Zhanaozen Munay Gaz"] == {"caspian:zhanaozen-munay-gaz"}
    assert entity_aliases(None).lookup("Жаңаөзен Мұнай Газ") is None


# (text, language, entities named)
NAMES_IN = [
    ("КазМунайГаз и ТПАО подписали соглашение в Анкаре.", "ru", {"KazMunayGas", "TPAO", "Ankara"}),
    ("ҚазМұнайГаздың Қашағандағы үлесі", "kk", {"KazMunayGas", "Kashagan"}),
    (
        "Kazakistan'ın petrolü Bakü-Tiflis-Ceyhan hattıyla taşınıyor.",
        "tr",
        {"Kazakhstan", "Baku–Tbilisi–Ceyhan pipeline"},
    ),
    ("Oil flows through the Caspian Pipeline Consortium.", "en", {"Caspian Pipeline Consortium"}),
]


@pytest.mark.parametrize(("text", "lang", "names"), NAMES_IN)
def test_entities_named_in_a_text(text: str, lang: str, names: set[str]) -> None:
    assert names <= entity_aliases().names_in(text, lang)
