"""Fine-tune the e5 token classifier on CPU within a time budget.

The schedule is driven by the clock, not by a step count: warm-up over the first 5 % of the
budget, then a linear decay to zero at the deadline, so a run of any length ends cooled down.
A checkpoint is written every `checkpoint_minutes` and at the end (`save_trained`, the file that
`caspian.ner.model.load_trained` reads).
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import torch
from torch import nn

from caspian.ner.classifier import TokenClassifier
from caspian.ner.features import IGNORE, collate
from caspian.ner.model import FORMAT
from caspian.ner.tokenizer import E5Tokenizer
from caspian.ner.training.corpora import Sample
from caspian.ner.training.encoding import encode_samples, length_batches


@dataclass
class TrainConfig:
    minutes: float = 45.0
    batch_size: int = 16
    max_pieces: int = 96
    lr_encoder: float = 1e-4
    lr_head: float = 1e-3
    warmup: float = 0.05
    seed: int = 13
    checkpoint_minutes: float = 10.0
    max_steps: int | None = None  # stop early (tests)
    meta: dict = field(default_factory=dict)


@dataclass
class TrainReport:
    steps: int
    sentences: int
    seconds: float
    last_loss: float


def save_trained(model: TokenClassifier, path: Path, meta: dict) -> None:
    """The parameters fine-tuning changed, in fp16, with the labels and how to rebuild the encoder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {name: t.to(torch.float16).contiguous() for name, t in model.trained_state().items()}
    folder = getattr(model.encoder, "folder", None)
    encoder = {"kind": "hf", "path": folder} if folder else {"kind": "e5"}
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save({"format": FORMAT, "encoder": encoder, "labels": model.labels, "meta": meta, "state": state}, tmp)
    tmp.replace(path)


def lr_factor(elapsed: float, budget: float, warmup: float) -> float:
    progress = min(1.0, elapsed / budget) if budget > 0 else 1.0
    if progress < warmup:
        return max(progress / warmup, 0.01)
    return max(0.0, (1.0 - progress) / (1.0 - warmup))


def _optimizer(model: TokenClassifier, cfg: TrainConfig) -> torch.optim.Optimizer:
    head = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith("head.")]
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head.")]
    groups = [{"params": body, "lr": cfg.lr_encoder}, {"params": head, "lr": cfg.lr_head}]
    return torch.optim.AdamW(groups, weight_decay=0.01)


def train(
    model: TokenClassifier,
    tokenizer: E5Tokenizer,
    samples: list[Sample],
    cfg: TrainConfig,
    out_path: Path,
    log: Callable[[str], None] = print,
) -> TrainReport:
    tag_index = {t: i for i, t in enumerate(model.tags)}
    features = [
        f for f in encode_samples(tokenizer, samples, tag_index, cfg.max_pieces) if any(t != IGNORE for t in f.tags)
    ]
    log(f"{len(features)} training sentences, {sum(len(f.ids) for f in features)} pieces")
    optimizer = _optimizer(model, cfg)
    base_lrs = [g["lr"] for g in optimizer.param_groups]
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
    rng = random.Random(cfg.seed)
    torch.manual_seed(cfg.seed)
    budget = cfg.minutes * 60
    start = last_log = last_ckpt = time.monotonic()
    steps = seen = epoch = 0
    loss_avg, recent = 0.0, deque(maxlen=20)  # mean loss of the last 20 steps
    model.train()
    done = False
    while not done:
        epoch += 1
        for batch in length_batches([len(f.ids) for f in features], cfg.batch_size, rng):
            elapsed = time.monotonic() - start
            if elapsed >= budget or (cfg.max_steps is not None and steps >= cfg.max_steps):
                done = True
                break
            factor = lr_factor(elapsed, budget, cfg.warmup)
            for group, base in zip(optimizer.param_groups, base_lrs, strict=True):
                group["lr"] = base * factor
            ids, mask, tags = collate(
                [features[i].ids for i in batch], tokenizer.pad, [features[i].tags for i in batch]
            )
            logits = model(ids, mask)
            loss = loss_fn(logits.view(-1, logits.shape[-1]), tags.view(-1))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            steps += 1
            seen += len(batch)
            recent.append(loss.item())
            loss_avg = sum(recent) / len(recent)
            now = time.monotonic()
            if now - last_log >= 30:
                rate = seen / (now - start)
                log(
                    f"epoch {epoch} step {steps} sentences {seen} ({rate:.1f}/s) loss {loss_avg:.4f} "
                    f"lr x{factor:.2f} elapsed {(now - start) / 60:.1f} min"
                )
                last_log = now
            if now - last_ckpt >= cfg.checkpoint_minutes * 60:
                _save(model, out_path, cfg, steps, seen, now - start)
                log(f"checkpoint written: {out_path}")
                last_ckpt = now
    seconds = time.monotonic() - start
    _save(model, out_path, cfg, steps, seen, seconds)
    model.eval()
    log(f"done: {steps} steps, {seen} sentences in {seconds / 60:.1f} min; weights in {out_path}")
    return TrainReport(steps, seen, seconds, loss_avg)


def _save(model: TokenClassifier, path: Path, cfg: TrainConfig, steps: int, seen: int, seconds: float) -> None:
    meta = dict(cfg.meta)
    meta.update(
        steps=steps,
        sentences_seen=seen,
        train_minutes=round(seconds / 60, 1),
        batch_size=cfg.batch_size,
        max_pieces=cfg.max_pieces,
        lr_encoder=cfg.lr_encoder,
        lr_head=cfg.lr_head,
        saved=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    save_trained(model, path, meta)
