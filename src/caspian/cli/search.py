"""`caspian search`, `caspian index`, `caspian eval retrieval`, `caspian eval stories`, `caspian bench search`."""

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from caspian.bench.search import bench_search
from caspian.cli.console import fail, out, print_result, progress_bar
from caspian.cli.context import db_url, open_store
from caspian.cli.exits import EXIT_ERROR, EXIT_USAGE
from caspian.cli.options import DbOption, JsonOption
from caspian.evaluation.retrieval import evaluate_tatoeba
from caspian.evaluation.stories import evaluate_stories, stories_file
from caspian.evaluation.topical import evaluate_topical, queries_file
from caspian.search import (
    MODES,
    SORTS,
    Searcher,
    SearchError,
    arrange,
    build,
    embedders,
    list_stories,
    pool_size,
    split_langs,
)

DEFAULT_DATA = "../shared/data"


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:

    @eval_app.command("retrieval")
    def eval_retrieval(
        dataset: Annotated[str, typer.Option(help="Dataset: tatoeba.")] = "tatoeba",
        data: Annotated[Path, typer.Option(help="Folder of public datasets.")] = Path(DEFAULT_DATA),
        langs: Annotated[str, typer.Option(help="Comma-separated ISO 639-3 codes.")] = "kaz,rus,tur,uzb,aze,tat",
        limit: Annotated[int | None, typer.Option(help="First N pairs per language (default: all).")] = None,
        embedder: Annotated[str, typer.Option(help="Embedder backend.")] = "e5-small",
        as_json: JsonOption = False,
    ) -> None:
        """Cross-lingual retrieval accuracy of the embedder (Tatoeba, both directions)."""

        if dataset != "tatoeba":
            raise fail(f"--dataset must be tatoeba, not {dataset!r}", EXIT_USAGE)
        if embedder not in embedders:
            raise fail(f"unknown --embedder {embedder!r}; known: {', '.join(embedders.names())}", EXIT_USAGE)
        codes = tuple(c.strip() for c in langs.split(",") if c.strip())
        try:
            result = evaluate_tatoeba(data, langs=codes, limit=limit, embedder=embedder)
        except FileNotFoundError as exc:
            raise fail(f"--data {data}: {exc}", EXIT_USAGE) from exc
        if as_json:
            out.print_json(json.dumps(result, ensure_ascii=False))
            return
        _print_retrieval(result)

    _register_search(app, DbOption, JsonOption)
    _register_stories(eval_app, JsonOption)
    _register_bench(bench_app, JsonOption)


def _print_retrieval(result: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"Tatoeba retrieval accuracy, % ({result['embedder']}, {result['data']})")
    for col in ("language", "pairs", "source → English", "English → source"):
        table.add_column(col)
    for lang, r in result["langs"].items():
        table.add_row(lang, str(r["pairs"]), f"{r['src_to_eng']:.1f}", f"{r['eng_to_src']:.1f}")
    out.print(table)
    out.print(f"{result['sentences']} sentences embedded in {result['seconds']} s ({result['sentences_per_second']}/s)")


FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]
MARK = ("\x02", "\x03")  # highlight markers, turned into terminal style for the table


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        raise fail(f"--format must be table or json, not {fmt!r}", EXIT_USAGE)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _embedder_option(name: str, allow_auto: bool = False) -> str | None:

    if name == "none":
        return None
    if allow_auto and name == "auto":
        return name
    if name not in embedders:
        known = ", ".join([*embedders.names(), "none"] + (["auto"] if allow_auto else []))
        raise fail(f"unknown --embedder {name!r}; known: {known}", EXIT_USAGE)
    return name


def _register_search(app: typer.Typer, DbOption: Any, JsonOption: Any) -> None:
    @app.command("search")
    def search_cmd(
        query: Annotated[str, typer.Argument(help="Words in any of our languages and scripts.")],
        lang: Annotated[
            list[str] | None, typer.Option(help="Only these languages: repeat it or separate by commas (ru,kk).")
        ] = None,
        since: Annotated[str | None, typer.Option(help="Published on or after: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
        until: Annotated[str | None, typer.Option(help="Published on or before: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
        entity: Annotated[
            str | None, typer.Option(help="Only articles naming this entity (any name or script, or its id).")
        ] = None,
        commodity: Annotated[str | None, typer.Option(help="Only articles on this commodity (oil, gas, ...).")] = None,
        mode: Annotated[str, typer.Option(help="hybrid, keyword or semantic.")] = "hybrid",
        limit: Annotated[int, typer.Option(help="Most hits to show.")] = 10,
        offset: Annotated[int, typer.Option(help="Hits to skip: the next page is --offset LIMIT.")] = 0,
        sort: Annotated[str, typer.Option(help="relevance, or date (the newest of the most relevant first).")] = (
            "relevance"
        ),
        db: DbOption = None,
        fmt: FormatOption = "table",
    ) -> None:
        """Ranked articles across languages, with highlighted snippets."""

        _check_format(fmt)
        if mode not in MODES:
            raise fail(f"--mode must be one of {', '.join(MODES)}, not {mode!r}", EXIT_USAGE)
        if limit < 1:
            raise fail(f"--limit must be at least 1, not {limit}", EXIT_USAGE)
        if offset < 0:
            raise fail(f"--offset must be 0 or more, not {offset}", EXIT_USAGE)
        if sort not in SORTS:
            raise fail(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}", EXIT_USAGE)
        url = db_url(db)
        with open_store(url) as store:
            try:
                searcher = Searcher(store)
                options = {"lang": split_langs(lang), "since": since, "until": until, "entity": entity}
                marks = MARK if fmt == "table" else ("<mark>", "</mark>")
                pool = pool_size(limit, offset, sort)
                ranked = searcher.search(query, limit=pool, mode=mode, highlight=marks, commodity=commodity, **options)
                hits = arrange(ranked, sort, offset, limit)
            except SearchError as exc:
                usage = any(w in str(exc) for w in ("must be", "unknown", "no words"))
                raise fail(str(exc), EXIT_USAGE if usage else EXIT_ERROR) from exc
        if fmt == "json":
            _print_json(hits)
            return
        _print_hits(query, hits)

    @app.command("index")
    def index_cmd(
        db: DbOption = None,
        rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the indexes and stories, build again.")] = False,
        embedder: Annotated[str, typer.Option(help="Embedder for the vectors (none: keyword index only).")] = (
            "e5-small"
        ),
        stories: Annotated[bool, typer.Option("--stories/--no-stories", help="Also find duplicates and stories.")] = (
            True
        ),
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")] = False,
        as_json: JsonOption = False,
    ) -> None:
        """Build or bring up to date the search indexes (FTS5 + vectors) and stories of everything stored."""

        name = _embedder_option(embedder)
        url = db_url(db)
        progress, update = progress_bar(quiet or as_json, "indexing")
        with open_store(url) as store:
            try:
                if progress:
                    progress.start()
                report = build(store, embedder=name, rebuild=rebuild, stories=stories, progress=update)
            except SearchError as exc:
                raise fail(str(exc)) from exc
            finally:
                if progress:
                    progress.stop()
        data = report.as_dict()
        if as_json:
            out.print_json(json.dumps(data))
        elif not quiet:
            out.print(
                f"[bold]{data['indexed']}[/bold] of {data['articles']} articles indexed ({data['changed']} new or "
                f"changed), {data['vectors']} vectors ({data['embedder'] or 'none'}), {data['stories']} stories "
                f"({data['assigned']} articles assigned) in {data['seconds']} s -> {url}"
            )

    @app.command("stories")
    def stories_cmd(
        since: Annotated[str | None, typer.Option(help="Stories with an article on or after YYYY-MM-DD.")] = None,
        until: Annotated[str | None, typer.Option(help="Stories with an article on or before YYYY-MM-DD.")] = None,
        min_size: Annotated[int, typer.Option(help="Only stories of at least this many articles.")] = 1,
        limit: Annotated[int, typer.Option(help="Most stories to show.")] = 20,
        db: DbOption = None,
        fmt: FormatOption = "table",
    ) -> None:
        """Stories: the stored articles grouped across languages (latest first), each with its articles."""

        _check_format(fmt)
        with open_store(db) as store:
            found = list_stories(store, since=since, until=until, min_size=min_size, limit=limit)
        if fmt == "json":
            _print_json(found)
            return
        _print_stories(found)


def _print_hits(query: str, hits: list[dict[str, Any]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not hits:
        out.print(f"no articles found for {query!r}", markup=False, highlight=False)
        return
    table = Table(title=f"search: {escape(query)}", show_lines=True)
    for col in ("#", "score", "lang", "published", "title / snippet", "source"):
        table.add_column(col)
    for rank, hit in enumerate(hits, start=1):
        snippet = escape(hit["snippet"]).replace(MARK[0], "[bold yellow]").replace(MARK[1], "[/bold yellow]")
        table.add_row(
            str(rank),
            f"{hit['score']:.4f}",
            hit["lang"] or "-",
            (hit["published"] or "-")[:10],
            f"[bold]{escape(hit['title'] or '(no title)')}[/bold]\n{snippet}",
            escape(hit["source"] or "-"),
        )
    out.print(table)


def _print_stories(found: list[dict[str, Any]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not found:
        out.print("no stories (build them with `caspian index`)")
        return
    table = Table(title="stories", show_lines=True)
    for col in ("story", "days", "langs", "articles"):
        table.add_column(col)
    for story in found:
        lines = [f"{a['lang'] or '-'}  {escape(a['title'] or '(no title)')}" for a in story["articles"]]
        days = " .. ".join(sorted({story["first_day"] or "-", story["last_day"] or "-"}))
        table.add_row(escape(story["label"] or story["id"]), days, ", ".join(story["langs"]), "\n".join(lines))
    out.print(table)


def _register_stories(eval_app: typer.Typer, JsonOption: Any) -> None:
    @eval_app.command("stories")
    def eval_stories(
        data: Annotated[Path | None, typer.Option(help="Story set (default: the bundled one).")] = None,
        embedder: Annotated[str, typer.Option(help="Embedder backend.")] = "e5-small",
        batch: Annotated[int, typer.Option(help="Articles arriving together.")] = 8,
        threshold: Annotated[float | None, typer.Option(help="Story link threshold (default: the lexicon's).")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Cross-lingual story clustering on our story set: pairwise and B-cubed precision / recall."""

        name = _embedder_option(embedder)
        if data is not None and not data.is_file():
            raise fail(f"--data {data}: no such file", EXIT_USAGE)
        if batch < 1:
            raise fail(f"--batch must be at least 1, not {batch}", EXIT_USAGE)
        result = evaluate_stories(data, embedder=name, batch=batch, threshold=threshold)
        if as_json:
            out.print_json(json.dumps(result, ensure_ascii=False))
            return
        _print_stories_eval(result)

    @eval_app.command("topical")
    def eval_topical(
        data: Annotated[
            Path | None, typer.Option(help="Story set (default: the bundled independent set, which has queries).")
        ] = None,
        queries: Annotated[Path | None, typer.Option(help="Queries (default: NAME_queries.yaml beside it).")] = None,
        embedder: Annotated[str, typer.Option(help="Embedder backend (none: keyword only).")] = "e5-small",
        mode: Annotated[str, typer.Option(help="hybrid, keyword or semantic.")] = "hybrid",
        as_json: JsonOption = False,
    ) -> None:
        """Topical search across languages: recall@10, other-language@5 and MRR of a story set's queries."""
        name = _embedder_option(embedder)
        stories = data or stories_file().with_name("independent.yaml")
        wanted = queries or queries_file(stories)
        for option, path in (("--data", stories), ("--queries", wanted)):
            if not path.is_file():
                raise fail(f"{option} {path}: no such file", EXIT_USAGE)
        if mode not in MODES:
            raise fail(f"--mode must be one of {', '.join(MODES)}, not {mode!r}", EXIT_USAGE)
        try:
            result = evaluate_topical(stories, wanted, embedder=name, mode=mode)
        except ValueError as exc:
            raise fail(str(exc), EXIT_USAGE) from exc
        if as_json:
            out.print_json(json.dumps(result, ensure_ascii=False))
            return
        _print_topical(result)


def _print_topical(r: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title=f"topical search: {r['queries']} queries over {r['articles']} articles ({r['mode']})")
    for col in ("query", "lang", "relevant", "recall@10", "first hit", "top 5 languages"):
        table.add_column(col)
    for q in r["per_query"]:
        table.add_row(
            q["query"],
            q["lang"] or "-",
            str(q["relevant"]),
            f"{q['recall']:.2f}",
            str(q["first_relevant"] or "-"),
            " ".join(q["langs_top5"]),
        )
    out.print(table)
    out.print(
        f"recall@10 {r['recall_at_10']:.3f}  other-language@5 {r['other_language_at_5']:.3f}  MRR {r['mrr']:.3f}  "
        + "  ".join(f"{k} {v:.3f}" for k, v in r["recall_by_lang"].items())
    )


def _print_stories_eval(r: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(
        title=f"story clustering ({r['items']} articles, {r['gold_stories']} stories, "
        f"{r['distractors']} distractors; {r['embedder']})",
        show_header=False,
    )
    table.add_row("pairwise precision / recall", f"{r['pairwise']['precision']:.3f} / {r['pairwise']['recall']:.3f}")
    b = r["bcubed"]
    table.add_row("B-cubed precision / recall / F1", f"{b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.3f}")
    table.add_row("predicted stories", str(r["predicted_clusters"]))
    table.add_row("links: first / exact / near / story", " / ".join(str(r["links"][k]) for k in r["links"]))
    table.add_row("threshold", str(r["threshold"]))
    table.add_row("seconds", str(r["seconds"]))
    out.print(table)
    for line in r["errors"]:
        out.print(f"  {line}", markup=False, highlight=False)


def _register_bench(bench_app: typer.Typer, JsonOption: Any) -> None:
    @bench_app.command("search")
    def bench_search_cmd(
        n: Annotated[int, typer.Option("--n", help="Synthetic articles to index.")] = 1000,
        embedder: Annotated[
            str, typer.Option(help="auto (e5-small up to 2,000 articles, else the hashing stand-in), a name, or none.")
        ] = "auto",
        queries: Annotated[int, typer.Option(help="Queries per mode.")] = 100,
        db: Annotated[
            str | None,
            typer.Option(
                "--db", help="An empty database to run in (postgresql+psycopg://...); default: a temporary SQLite file."
            ),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Index N synthetic articles; report build time, index size, peak RSS, query latency p50/p95."""

        name = _embedder_option(embedder, allow_auto=True)
        if n < 1 or queries < 1:
            raise fail("--n and --queries must be at least 1", EXIT_USAGE)
        try:
            result = bench_search(n=n, embedder=name, queries=queries, log=None if as_json else out.print, db=db)
        except ValueError as exc:
            raise fail(str(exc), EXIT_USAGE) from exc
        print_result("caspian bench search", result, as_json)
