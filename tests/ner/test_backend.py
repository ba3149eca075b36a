"""The `e5` recogniser: windows over long texts, the missing-weights message, and the shipped model."""

import pytest

# The transformer (torch), spaCy or natasha: the whole module is slow, and `-m "not slow"` does not even
# collect it (tests/conftest.py), since importing it loads them.
pytestmark = pytest.mark.slow

torch = pytest.importorskip("torch")

from caspian.ner.base import get_recognizer  # noqa: E402
from caspian.ner.e5 import windows  # noqa: E402
from caspian.ner.model import DEFAULT_WEIGHTS, MissingWeights, load_trained  # noqa: E402
from caspian.ner.tokenizer import WordPieces  # noqa: E402


def _words(text):
    out, pos = [], 0
    for w in text.split(" "):
        out.append((pos, pos + len(w), w))
        pos += len(w) + 1
    return out


def _pieces(n_per_word):
    ids, word_of = [0], [-1]
    for w, n in enumerate(n_per_word):
        ids += [100 + w] * n
        word_of += [w] * n
    return WordPieces([*ids, 2], [*word_of, -1])


def test_windows_cut_after_a_sentence_end_and_cover_every_word():
    words = _words("a b c . d e f g h")
    cut = windows(0, words, _pieces([2] * 9), max_pieces=10, bos=0, eos=2)
    assert [[w[2] for w in win.words] for win in cut] == [["a", "b", "c", "."], ["d", "e", "f", "g", "h"]]
    first = cut[0]
    assert first.ids[0] == 0 and first.ids[-1] == 2 and len(first.ids) == 2 + 8
    assert first.first_piece == [1, 3, 5, 7]


def test_a_word_longer_than_a_window_is_cut_not_lost():
    cut = windows(0, _words("x y"), _pieces([30, 1]), max_pieces=8, bos=0, eos=2)
    assert [len(w.ids) for w in cut] == [10, 3]


def test_missing_weights_say_what_to_do(tmp_path):
    with pytest.raises(MissingWeights, match="caspian train ner"):
        load_trained(tmp_path / "none.pt")
    with pytest.raises(FileNotFoundError, match="gazetteer"):
        get_recognizer("e5", weights=str(tmp_path / "none.pt"))


needs_weights = pytest.mark.skipif(not DEFAULT_WEIGHTS.is_file(), reason="the trained e5 weights are not shipped yet")

CASES = [
    (
        "ru",
        "Министр энергетики Алмасадам Саткалиев посетил Атырау.",
        ("Алмасадам Саткалиев", "PERSON"),
        ("Атырау", "LOCATION"),
    ),
    ("kk", "Энергетика министрі Алмасадам Сәтқалиев Атырау облысына барды.", ("Алмасадам Сәтқалиев", "PERSON"), None),
    ("tr", "Enerji Bakanı Kanat Bozumbayev Ankara'da konuştu.", ("Kanat Bozumbayev", "PERSON"), None),
    (
        "en",
        "Energy Minister Kanat Bozumbayev met Chevron executives in London.",
        ("Kanat Bozumbayev", "PERSON"),
        ("London", "LOCATION"),
    ),
]


@needs_weights
@pytest.mark.parametrize(("lang", "text", "person", "place"), CASES, ids=[c[0] for c in CASES])
def test_shipped_model_finds_people_and_places(lang, text, person, place):
    recognizer = get_recognizer("e5")
    found = {(text[s.start : s.end], s.label) for s in recognizer.recognize(text, lang)}
    assert person in found
    if place:
        assert place in found


def test_best_path_never_opens_a_span_with_an_inside_tag():
    import numpy as np

    from caspian.ner.e5 import best_path, iob2_constraints

    tags = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"]
    allowed, may_start = iob2_constraints(tags)
    # Word by word, the best tags would be O, I-ORG, I-ORG: an organisation without a start.
    probs = np.array(
        [
            [0.9, 0.02, 0.02, 0.04, 0.02],
            [0.3, 0.02, 0.02, 0.26, 0.4],
            [0.3, 0.02, 0.02, 0.06, 0.6],
        ]
    )
    assert [tags[i] for i in best_path(probs, allowed, may_start)] == ["O", "B-ORG", "I-ORG"]
    # I-PER after B-ORG is invalid: the cheaper valid reading wins.
    probs = np.array([[0.05, 0.05, 0.05, 0.8, 0.05], [0.05, 0.05, 0.5, 0.05, 0.35]])
    assert [tags[i] for i in best_path(probs, allowed, may_start)] == ["B-ORG", "I-ORG"]
    assert [tags[i] for i in best_path(probs[:1], allowed, may_start)] == ["B-ORG"]
