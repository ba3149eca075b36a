"""The gazetteer's data: size, ids, types, and every language present for the entries that matter."""

import re

import pytest

from caspian.entities.gazetteer import default_gazetteer, load_gazetteer
from caspian.entities.types import ENTITY_TYPES
from caspian.lexicons import LexiconError

GAZ = default_gazetteer()


def test_at_least_500_entries_of_every_type():
    assert len(GAZ) >= 500
    assert {e.type for e in GAZ.entries.values()} == set(ENTITY_TYPES)


def test_ids_are_slugs_and_countries_are_all_there():
    assert all(re.fullmatch(r"caspian:[a-z0-9-]+", eid) for eid in GAZ.entries)
    # the 249 ISO countries and one former state (the Soviet Union, places.yaml)
    assert len(GAZ.of_type("COUNTRY")) == 250


@pytest.mark.parametrize(
    ("entity_id", "lang", "alias"),
    [
        ("caspian:kazakhstan", "kk", "Қазақстан"),
        ("caspian:turkey", "ru", "Турция"),
        ("caspian:azerbaijan", "tr", "Azerbaycan"),
        ("caspian:kazmunaygas", "kk", "ҚазМұнайГаз"),
        ("caspian:astana", "en", "Nur-Sultan"),
        ("caspian:tengizchevroil", "ru", "Тенгизшевройл"),
        ("caspian:askhat-khassenov", "ru", "Асхат Хасенов"),
    ],
)
def test_aliases_per_language(entity_id, lang, alias):
    assert alias in GAZ.entries[entity_id].aliases[lang]


def test_people_have_roles_with_years_and_roles_point_at_entries():
    for person in GAZ.of_type("PERSON"):
        assert person.roles, person.id
        for role in person.roles:
            assert role.start is not None, person.id
            assert role.of is None or not role.of.startswith("caspian:") or role.of in GAZ.entries, (person.id, role)


def test_energy_ministers_of_kazakhstan_since_2014_cover_every_year():
    years = set()
    for person in GAZ.of_type("PERSON"):
        for r in person.roles:
            if r.title == "Minister of Energy" and r.of == "caspian:kazakhstan":
                years |= set(range(r.start, (r.end or 2025) + 1))
    assert set(range(2014, 2026)) <= years


def test_a_bad_entry_is_named(tmp_path):
    (tmp_path / "bad.yaml").write_text("entries:\n- {id: 'caspian:x', canonical: X, type: CITY}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.yaml.*CITY"):
        load_gazetteer(tmp_path)


def test_countries_file_is_what_the_generator_makes():
    pytest.importorskip("pycountry")
    pytest.importorskip("babel")
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import pycountry
    import yaml

    extras = yaml.safe_load(module.EXTRAS.read_text(encoding="utf-8"))
    built = {e["id"]: e for e in (module.build_entry(c, extras) for c in pycountry.countries)}
    committed = {e["id"]: e for e in yaml.safe_load(module.OUT.read_text(encoding="utf-8"))["entries"]}
    assert built == committed
