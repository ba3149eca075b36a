"""A Hugging Face model folder as the encoder: a tiny random BERT that the test builds and saves."""

import pytest

# The transformer (torch), spaCy or natasha: the whole module is slow, and `-m "not slow"` does not even
# collect it (tests/conftest.py), since importing it loads them.
pytestmark = pytest.mark.slow

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from caspian.ner.hf import hf_classifier  # noqa: E402
from caspian.ner.model import load_trained  # noqa: E402
from caspian.ner.training.train import save_trained  # noqa: E402


def test_hidden_states_equal_the_transformers_model(tiny_bert):
    model, tok = hf_classifier(tiny_bert, ["PER", "LOC"])
    reference = transformers.AutoModel.from_pretrained(tiny_bert).eval()
    pieces = tok.encode_batch([["Astana", "oil", "field"]])[0]
    ids = torch.tensor([pieces.ids])
    with torch.inference_mode():
        ours = model.encoder.eval()(ids, torch.ones_like(ids))
        theirs = reference(input_ids=ids).last_hidden_state
    assert torch.allclose(ours, theirs, atol=1e-5)
    assert pieces.ids[0] == tok.bos and pieces.ids[-1] == tok.eos
    assert pieces.word_of == [-1, 0, 1, 2, -1]


def test_unknown_words_still_align(tiny_bert):
    _, tok = hf_classifier(tiny_bert, ["LOC"])
    pieces = tok.encode_batch([["Zhanaozen", "oil"], []])
    assert pieces[0].word_of == [-1, 0, 1, -1]
    assert pieces[1].ids == [tok.bos, tok.eos]


def test_trained_weights_round_trip_through_the_folder(tiny_bert, tmp_path):
    model, _ = hf_classifier(tiny_bert, ["PER", "LOC"])
    assert not model.encoder.model.get_input_embeddings().weight.requires_grad
    with torch.no_grad():
        model.head.weight.fill_(0.25)
    save_trained(model, tmp_path / "w.pt", {"note": "test"})
    loaded = load_trained(tmp_path / "w.pt")
    ids = torch.tensor([[2, 4, 5, 3]])
    with torch.inference_mode():
        expected = model.eval()(ids, torch.ones_like(ids))
        got = loaded.model(ids, torch.ones_like(ids))
    assert torch.allclose(expected, got, atol=1e-2)  # saved in fp16
    assert loaded.meta == {"note": "test"}


def test_not_a_model_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"config\.json"):
        hf_classifier(tmp_path, ["PER"])
