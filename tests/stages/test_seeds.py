"""The seeds of ../shared/seeds read as their gold files say (issue: core, "Done when")."""

import pytest

from caspian.evaluation.gold import _noise_line
from tests.conftest import read_one, seed_cases


@pytest.fixture(scope="module")
def seeds(pipeline):
    out = {}
    for path, gold in seed_cases():
        doc = pipeline.run_one(read_one(path))
        out[path.stem] = (doc, gold, path.read_text(encoding="utf-8"))
    return out


def test_languages(seeds):
    assert {name[:3]: doc.lang for name, (doc, _, _) in seeds.items()} == {"000": "ru", "003": "en", "004": "tr"}


def test_every_gold_noise_line_is_removed_and_not_in_text(seeds):
    for _name, (doc, gold, raw) in seeds.items():
        raw_lines = {line.strip() for line in raw.splitlines()}
        text_lines = doc.text.split("\n")
        for entry in gold["noise"]:
            line = _noise_line(entry, raw_lines)
            assert line in doc.removed, (doc.path, line, doc.removed)
            assert not any(t == line or t.startswith(line + " ") for t in text_lines), (doc.path, line)


def test_metadata_of_the_english_seed(seeds):
    doc = seeds["003_745bf46580cf1511"][0]
    assert doc.title == "Kazakhstan's Energy Minister views co-op visions with Russian and Iranian peers (PHOTO)"
    assert doc.author == "Madina Usmanova"
    assert doc.published == "2024-06-21T20:28:00+04:00"
    assert doc.source == "Trend"
    assert doc.dateline == "Astana"
    # the dateline is kept aside with the noise (its place is `dateline`), the body starts after it
    assert doc.text.startswith("The Minister of Energy")
    assert any(line.startswith("ASTANA, Kazakhstan, June 21") for line in doc.removed)


def test_metadata_of_the_russian_seed(seeds):
    doc = seeds["000_4e176f6dcf7fd766"][0]
    assert (doc.source, doc.author, doc.title, doc.published) == ("DKNews.kz", "Арман Коржумбаев", None, None)
    # Section subheadings are body, not noise.
    assert "Стратегическое партнерство" in doc.text.split("\n")


def test_turkish_seed_glued_sentences_are_split(seeds):
    doc = seeds["004_1367e6173a31101e"][0]
    sentences = [doc.text[s:e] for s, e in doc.sentences]
    first = next(i for i, s in enumerate(sentences) if s.endswith("hedeflediklerini bildirdi."))
    assert sentences[first + 1].startswith("Mamin, Kazakistan'ın başkenti")
    assert "bildirdi.Mamin" not in doc.text
    assert not doc.text.startswith("NUR")
    assert (doc.source, doc.author, doc.title, doc.published) == (None, None, None, None)


def test_offsets_are_valid(seeds):
    for doc, _, _ in seeds.values():
        previous = 0
        for start, end in doc.sentences:
            assert previous <= start < end <= len(doc.text)
            assert doc.text[start:end] == doc.text[start:end].strip()
            previous = end
        spans = doc.paragraph_langs
        assert spans[0]["start"] == 0 and spans[-1]["end"] == len(doc.text)
