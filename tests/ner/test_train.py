"""The training loop on tiny data: it learns, checkpoints, and the backend then tags with it."""

import pytest

# The transformer (torch), spaCy or natasha: the whole module is slow, and `-m "not slow"` does not even
# collect it (tests/conftest.py), since importing it loads them.
pytestmark = pytest.mark.slow

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from caspian.ner.e5 import E5Recognizer  # noqa: E402
from caspian.ner.hf import hf_classifier  # noqa: E402
from caspian.ner.model import load_trained  # noqa: E402
from caspian.ner.training.corpora import sample_from_tokens  # noqa: E402
from caspian.ner.training.train import TrainConfig, lr_factor, train  # noqa: E402

SENTENCES = [
    (["the", "minister", "visited", "Astana", "."], ["O", "O", "O", "B-LOC", "O"]),
    (["KazMunayGas", "said", "in", "Astana", "."], ["B-ORG", "O", "O", "B-LOC", "O"]),
    (["the", "field", "Tengiz", "oil"], ["O", "O", "B-LOC", "O"]),
    (["KazMunayGas", "visited", "the", "field", "."], ["B-ORG", "O", "O", "O", "O"]),
    (["oil", "in", "Tengiz", "said", "the", "minister", "."], ["O", "O", "B-LOC", "O", "O", "O", "O"]),
]


def test_tiny_model_learns_and_the_backend_uses_its_weights(tiny_bert, tmp_path):
    model, tokenizer = hf_classifier(tiny_bert, ["ORG", "LOC"])
    samples = [sample_from_tokens(words, tags, "en") for words, tags in SENTENCES] * 4
    cfg = TrainConfig(minutes=5, batch_size=4, lr_encoder=3e-3, lr_head=3e-2, warmup=0.0, max_steps=150)
    out = tmp_path / "weights.pt"
    report = train(model, tokenizer, samples, cfg, out, log=lambda _: None)
    assert report.steps == 150 and report.sentences == 600
    assert report.last_loss < 0.3
    assert load_trained(out).meta["steps"] == 150

    recognizer = E5Recognizer(weights=out)
    spans = recognizer.recognize("KazMunayGas said in Astana .", "en")
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 11, "ORG"), (20, 26, "LOCATION")]
    assert all(0 < s.score <= 1 and s.source == "e5" for s in spans)


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [(0.0, 0.01), (5.0, 1.0), (52.5, 0.5), (100.0, 0.0), (150.0, 0.0)],
)
def test_learning_rate_warms_up_then_decays_to_zero_at_the_budget(elapsed, expected):
    assert lr_factor(elapsed, 100.0, 0.05) == pytest.approx(expected)
