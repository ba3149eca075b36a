"""Readers for the public NER corpora in `shared/data/ner/`, all turned into one shape.

A `Sample` is a text (a sentence, or a sentence cut out of a document) with its gold spans as
character offsets and its words (given by the corpus where it is tokenised, found by `split_words`
otherwise). Label mappings and paths live in `lexicons/ner/corpora.yaml`.
"""

from __future__ import annotations

import glob
import gzip
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from caspian.lexicons import read_yaml
from caspian.ner.words import split_words


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    label: str


@dataclass
class Sample:
    text: str
    lang: str
    spans: list[GoldSpan]
    words: list[tuple[int, int]] = field(default_factory=list)

    def word_tags(self) -> list[str]:
        """IOB2 tags of `words` from the gold spans (a word takes the span it lies inside)."""
        tags = ["O"] * len(self.words)
        for span in self.spans:
            inside = [i for i, (s, e) in enumerate(self.words) if s >= span.start and e <= span.end]
            for n, i in enumerate(inside):
                tags[i] = ("B-" if n == 0 else "I-") + span.label
        return tags


@dataclass(frozen=True)
class CorpusSpec:
    name: str
    lang: str
    format: str
    path: str
    licence: str
    train: bool
    mapping: dict[str, str]


@cache
def _config() -> dict:
    source = resources.files("caspian.lexicons").joinpath("ner/corpora.yaml")
    return read_yaml(source.read_text(encoding="utf-8"))


def model_labels() -> list[str]:
    return list(_config()["labels"])


def corpus_specs() -> dict[str, CorpusSpec]:
    return {
        name: CorpusSpec(
            name, c["lang"], c["format"], c["path"], c["licence"], bool(c.get("train")), dict(c.get("map", {}))
        )
        for name, c in _config()["corpora"].items()
    }


def training_corpora() -> list[str]:
    return [name for name, spec in corpus_specs().items() if spec.train]


class CorpusError(ValueError):
    pass


def read_corpus(name: str, data_dir: str | Path) -> list[Sample]:
    specs = corpus_specs()
    if name not in specs:
        raise CorpusError(f"unknown dataset {name!r}; known: {', '.join(specs)}")
    spec = specs[name]
    path = Path(data_dir) / spec.path
    if not path.exists():
        raise CorpusError(f"{name}: {path} not found (is --data the shared data folder?)")
    reader = _READERS[spec.format]
    return list(reader(path, spec))


# ---------------------------------------------------------------- token-per-line formats


def _open_text(path: Path, encoding: str = "utf-8"):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding=encoding, newline="")
    return open(path, encoding=encoding, newline="")


def _token_blocks(path: Path, columns) -> Iterator[list[tuple[str, str]]]:
    """Blank-line separated sentences of (token, tag); `columns(line)` picks them from a line."""
    block: list[tuple[str, str]] = []
    with _open_text(path) as handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            if line.startswith("-DOCSTART-") or line.startswith("# "):
                continue
            if not line.strip():
                if block:
                    yield block
                block = []
                continue
            picked = columns(line)
            if picked:
                block.append(picked)
    if block:
        yield block


def _iob1_to_iob2(tags: list[str]) -> list[str]:
    out, prev = [], "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def _map_tag(tag: str, mapping: dict[str, str]) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    mapped = mapping.get(label)
    return f"{prefix}-{mapped}" if mapped and prefix in ("B", "I") else "O"


def sample_from_tokens(tokens: list[str], tags: list[str], lang: str) -> Sample:
    """Join tokens with spaces; the IOB2 tags (already mapped) become character spans."""
    words, pos = [], 0
    for token in tokens:
        words.append((pos, pos + len(token)))
        pos += len(token) + 1
    spans, open_span = [], None
    for (start, end), tag in zip(words, [*tags], strict=True):
        if tag.startswith("I-") and open_span and open_span[2] == tag[2:]:
            open_span[1] = end
            continue
        if open_span:
            spans.append(GoldSpan(*open_span))
            open_span = None
        if tag != "O":  # B-X, or an I-X that starts a span
            open_span = [start, end, tag[2:]]
    if open_span:
        spans.append(GoldSpan(*open_span))
    return Sample(" ".join(tokens), lang, spans, words)


def _from_blocks(blocks, spec: CorpusSpec, iob1: bool = False) -> Iterator[Sample]:
    for block in blocks:
        tokens = [t for t, _ in block]
        tags = [t for _, t in block]
        if iob1:
            tags = _iob1_to_iob2(tags)
        tags = _fix_iob2([_map_tag(t, spec.mapping) for t in tags])
        yield sample_from_tokens(tokens, tags, spec.lang)


def _fix_iob2(tags: list[str]) -> list[str]:
    # After mapping, an I- may follow a tag that became O (or another type): it starts a span.
    out, prev = [], "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def _read_conll_space(path: Path, spec: CorpusSpec) -> Iterator[Sample]:
    return _from_blocks(_token_blocks(path, lambda line: tuple(line.rsplit(" ", 1))), spec)


def _read_conll_tab(path: Path, spec: CorpusSpec) -> Iterator[Sample]:
    return _from_blocks(_token_blocks(path, lambda line: tuple(line.split("\t")[:2])), spec)


def _read_conll_last_iob1(path: Path, spec: CorpusSpec) -> Iterator[Sample]:
    def columns(line: str):
        cols = line.split()
        return (cols[0], cols[-1]) if cols else None

    return _from_blocks(_token_blocks(path, columns), spec, iob1=True)


def _read_conll03(path: Path, spec: CorpusSpec) -> Iterator[Sample]:
    def columns(line: str):
        cols = line.split()
        return (cols[0], cols[3]) if len(cols) >= 4 else None

    return _from_blocks(_token_blocks(path, columns), spec, iob1=True)


def _read_uner(path: Path, spec: CorpusSpec) -> Iterator[Sample]:
    def columns(line: str):
        if line.startswith("#"):
            return None
        cols = line.split("\t")
        tag = cols[2]
        if tag in ("B-O", "I-O") or tag.endswith("-OTH"):  # draft train file only
            tag = "O"
        return (cols[1], tag)

    return _from_blocks(_token_blocks(path, columns), spec)


def _read_bracketed(path: Path, spec: CorpusSpec) -> Iterator[Sample]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        for line in handle:
            tokens, tags, current, first = [], [], None, False
            for word in line.split():
                if word in ("[PER", "[LOC", "[ORG"):
                    current, first = word[1:], True
                elif word == "]" and current:
                    current = None
                else:
                    tokens.append(word)
                    tags.append(("B-" if first else "I-") + current if current else "O")
                    first = False
            if tokens:
                tags = _fix_iob2([_map_tag(t, spec.mapping) for t in tags])
                yield sample_from_tokens(tokens, tags, spec.lang)


# ---------------------------------------------------------------- document formats


def _outermost(spans: list[GoldSpan]) -> list[GoldSpan]:
    """Nested or overlapping gold spans flattened: keep the longest, drop any that overlaps it."""
    kept: list[GoldSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _cut_sentences(
    text: str, sentences: list[tuple[int, int]], spans: list[GoldSpan], words: list[tuple[int, int]], lang: str
) -> Iterator[Sample]:
    """One sample per sentence [start, end) of a document; spans crossing a sentence are dropped."""
    spans = _outermost(spans)
    for start, end in sentences:
        inside = [GoldSpan(s.start - start, s.end - start, s.label) for s in spans if s.start >= start and s.end <= end]
        sentence_words = [(s - start, e - start) for s, e in words if s >= start and e <= end]
        yield Sample(text[start:end], lang, inside, sentence_words)


def _read_factrueval(path: Path, spec: CorpusSpec) -> Iterator[Sample]:
    for tokens_path in sorted(glob.glob(str(path / "*.tokens"))):
        stem = tokens_path[: -len(".tokens")]
        with open(stem + ".txt", encoding="utf-8", newline="") as handle:
            text = handle.read()
        words, sentences, current = [], [], []
        with open(tokens_path, encoding="utf-8") as handle:
            for line in handle:
                fields = line.split()
                if not fields:
                    if current:
                        sentences.append((current[0][0], current[-1][1]))
                    current = []
                    continue
                start, length = int(fields[1]), int(fields[2])
                words.append((start, start + length))
                current.append(words[-1])
        if current:
            sentences.append((current[0][0], current[-1][1]))
        yield from _cut_sentences(text, sentences, _factrueval_spans(stem, spec.mapping), words, spec.lang)


def _factrueval_spans(stem: str, mapping: dict[str, str]) -> list[GoldSpan]:
    extents = {}
    with open(stem + ".spans", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split("#")[0].split()
            if fields:
                extents[fields[0]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
    spans = []
    with open(stem + ".objects", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split("#")[0].split()
            if len(fields) < 3 or fields[1] not in mapping:
                continue
            parts = [extents[s] for s in fields[2:] if s in extents]
            if parts:
                spans.append(GoldSpan(min(p[0] for p in parts), max(p[1] for p in parts), mapping[fields[1]]))
    return spans


def _read_nerel(path: Path, spec: CorpusSpec) -> Iterator[Sample]:
    from razdel import sentenize

    for txt_path in sorted(glob.glob(str(path / "*.txt"))):
        with open(txt_path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        spans = []
        ann_path = txt_path[:-4] + ".ann"
        if os.path.exists(ann_path):
            with open(ann_path, encoding="utf-8", newline="") as handle:
                spans = list(_nerel_spans(handle, spec.mapping))
        sentences = [(s.start, s.stop) for s in sentenize(text)]
        yield from _cut_sentences(text, sentences, spans, split_words(text), spec.lang)


def _nerel_spans(lines, mapping: dict[str, str]) -> Iterator[GoldSpan]:
    for line in lines:
        if not line.startswith("T"):
            continue
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) < 2:
            continue
        label, _, offsets = parts[1].partition(" ")
        if label not in mapping or ";" in offsets:  # discontinuous entities are skipped
            continue
        start, end = map(int, offsets.split())
        yield GoldSpan(start, end, mapping[label])


_READERS = {
    "conll_space": _read_conll_space,
    "conll_tab": _read_conll_tab,
    "conll_last_iob1": _read_conll_last_iob1,
    "conll03": _read_conll03,
    "uner": _read_uner,
    "bracketed": _read_bracketed,
    "factrueval": _read_factrueval,
    "nerel": _read_nerel,
}
