import numpy as np
import pytest

from caspian.ner.e5file import E5FormatError, dequantise_q4, read_e5_file


def test_header_matches_multilingual_e5_small(e5_file):
    cfg = e5_file.config
    assert (cfg.hidden, cfg.layers, cfg.heads, cfg.ff, cfg.max_positions) == (384, 12, 12, 1536, 512)
    assert cfg.vocab_rows == 250_037
    assert len(e5_file.vocab.pieces) == 250_002
    assert (e5_file.vocab.bos, e5_file.vocab.pad, e5_file.vocab.eos, e5_file.vocab.unk) == (0, 1, 2, 3)
    assert e5_file.vocab.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert e5_file.tensor_shape("emb.word") == (250_037, 384)
    assert e5_file.tensor_shape("l0.fo.w") == (384, 1536)
    assert e5_file.tensor_shape("l11.fi.w") == (1536, 384)


def _block(scale: float, nibbles: list[int]) -> np.ndarray:
    """One Q4_0 block from 32 four-bit values: byte j = value j (low) | value j+16 (high)."""
    qs = [nibbles[j] | (nibbles[j + 16] << 4) for j in range(16)]
    return np.frombuffer(np.float16(scale).tobytes() + bytes(qs), np.uint8)


@pytest.mark.parametrize(
    ("scale", "nibbles", "expected"),
    [
        (1.0, [8] * 32, [0.0] * 32),
        (0.5, list(range(16)) * 2, [(q - 8) * 0.5 for q in range(16)] * 2),
        (2.0, [0] * 16 + [15] * 16, [-16.0] * 16 + [14.0] * 16),
    ],
)
def test_dequantise_low_nibble_first_then_high(scale, nibbles, expected):
    assert dequantise_q4(_block(scale, nibbles)).tolist() == expected


def test_row_slice_equals_full_matrix_rows(e5_file):
    full = e5_file.tensor("l3.q.w")
    assert np.array_equal(e5_file.tensor("emb.word", slice(5, 7)).shape, (2, 384))
    assert full.shape == (384, 384)
    assert np.isfinite(full).all() and full.std() > 0


def test_not_an_e5_file_is_refused(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(E5FormatError, match="not an E5S1 file"):
        read_e5_file(bad)
    with pytest.raises(FileNotFoundError, match="not found"):
        read_e5_file(tmp_path / "missing.bin")
