"""`caspian watch add|list|remove|check|sent`, `caspian poll`, `caspian digest`: the analyst's day."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from caspian.bench.watch import bench_watch
from caspian.cli.console import err, fail, out, print_result
from caspian.cli.context import build_settings, ner_backend, open_store
from caspian.cli.exits import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from caspian.cli.ingest import delivery_settings
from caspian.cli.options import DbOption, NerOption
from caspian.kb import watch as kb_watch
from caspian.search import index_on_store
from caspian.watch import digest as watch_digest
from caspian.watch.deliver import deliver_pending
from caspian.watch.match import WatchHook
from caspian.watch.poll import PollError, load_sources, poll

DURATION = {"s": 1, "m": 60, "h": 3600}


def _every(text: str) -> float:
    seconds = watch_digest.duration(text, DURATION)
    if seconds is None:
        raise fail(f"--every must look like 30s, 15m or 1h, not {text.strip().lower()!r}", EXIT_USAGE)
    return seconds


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:
    watch_app = typer.Typer(
        help="Watchlists: saved queries whose new matches are recorded and delivered.", no_args_is_help=True
    )
    app.add_typer(watch_app, name="watch")

    @watch_app.command("add")
    def watch_add(
        name: Annotated[str, typer.Argument(help="A name to refer to the watchlist by.")],
        words: Annotated[
            str | None, typer.Option(help="Words every match has (any language the search reaches).")
        ] = None,
        entity: Annotated[str | None, typer.Option(help="An entity, by any of its names.")] = None,
        commodity: Annotated[str | None, typer.Option(help="A fact of this commodity.")] = None,
        metric: Annotated[str | None, typer.Option(help="A fact of this metric.")] = None,
        geo: Annotated[str | None, typer.Option(help="A fact about this country or place.")] = None,
        lang: Annotated[list[str] | None, typer.Option(help="Only articles in these languages (repeatable).")] = None,
        webhook: Annotated[str | None, typer.Option(help="POST each new match here as JSON.")] = None,
        secret: Annotated[str | None, typer.Option(help="Sign webhook bodies with HMAC-SHA256 of this secret.")] = None,
        email: Annotated[str | None, typer.Option(help="Mail each new match here (SMTP from $CASPIAN_SMTP).")] = None,
        db: DbOption = None,
    ) -> None:
        """Add a watchlist; `caspian watch check` matches what is stored already."""
        try:
            query = kb_watch.WatchQuery(words, entity, commodity, metric, geo, tuple(lang or ()))
            with open_store(db) as store:
                wid = kb_watch.add_watchlist(store, name, query, webhook, secret, email)
        except kb_watch.WatchError as exc:
            raise fail(str(exc), EXIT_USAGE) from exc
        out.print(f"watchlist {wid} {name!r} added", highlight=False)

    @watch_app.command("list")
    def watch_list(db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        """Watchlists with their queries, channels and number of matches."""
        with open_store(db) as store:
            found = kb_watch.list_watchlists(store)
        if as_json:
            typer.echo(
                json.dumps([{k: v for k, v in w.items() if k != "secret"} for w in found], ensure_ascii=False, indent=2)
            )
            return
        from rich.table import Table

        table = Table(title=f"{len(found)} watchlists")
        for col in ("id", "name", "query", "delivers to", "matches"):
            table.add_column(col)
        for w in found:
            to = ", ".join(x for x in (w["webhook"], w["email"]) if x) or "(Atom feed only)"
            table.add_row(str(w["id"]), w["name"], json.dumps(w["query"], ensure_ascii=False), to, str(w["matches"]))
        out.print(table)

    @watch_app.command("remove")
    def watch_remove(ref: Annotated[str, typer.Argument(help="Id or name.")], db: DbOption = None) -> None:
        """Remove a watchlist with its matches and delivery records."""
        with open_store(db) as store:
            if not kb_watch.remove_watchlist(store, ref):
                raise fail(f"no watchlist {ref!r}", EXIT_USAGE)
        out.print(f"watchlist {ref!r} removed", highlight=False)

    @watch_app.command("check")
    def watch_check(
        db: DbOption = None, deliver: Annotated[bool, typer.Option(help="Send pending deliveries.")] = True
    ) -> None:
        """Match everything stored against every watchlist; record new matches and deliver them."""
        with open_store(db) as store:
            new = WatchHook(store).check_all()
            sent = deliver_pending(store, delivery_settings()) if deliver else {"sent": 0, "failed": 0}
            names = {w["id"]: w["name"] for w in kb_watch.list_watchlists(store)}
        for wid, ids in new.items():
            out.print(f"{names.get(wid, wid)}: {len(ids)} new matches", highlight=False)
        out.print(f"deliveries: {sent['sent']} sent, {sent['failed']} failed", highlight=False)
        raise typer.Exit(EXIT_SOME_FAILED if sent["failed"] else EXIT_OK)

    @watch_app.command("sent")
    def watch_sent(
        ref: Annotated[str | None, typer.Argument(help="Id or name (default: all).")] = None, db: DbOption = None
    ) -> None:
        """What was delivered where, with attempts and the last error."""
        with open_store(db) as store:
            log = kb_watch.delivery_log(store, ref)
        typer.echo(json.dumps(log, ensure_ascii=False, indent=2, default=str))

    @app.command("poll")
    def poll_cmd(
        sources: Annotated[Path, typer.Argument(help="Sources file (YAML): feeds, folders, politeness.")],
        every: Annotated[str | None, typer.Option(help="Poll again every 15m (30s, 1h ...) until interrupted.")] = None,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be fetched; fetch nothing.")] = False,
        spool: Annotated[
            Path | None, typer.Option(help="Folder for fetched entries (default: poll-spool/ beside the database).")
        ] = None,
        index: Annotated[bool, typer.Option("--index/--no-index", help="Index and cluster what is stored.")] = True,
        ner: NerOption = None,
        db: DbOption = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Fetch new entries of RSS/Atom feeds (conditional GET, per-host politeness) and folders, ingest
        them, record watchlist matches and deliver them."""
        try:
            config = load_sources(sources)
        except PollError as exc:
            raise fail(str(exc), EXIT_USAGE) from exc
        pause = _every(every) if every else None
        settings = build_settings(1, 64, None, None, None, ner, None)
        while True:
            with open_store(db) as store:
                folder = spool or _default_spool(store.url)
                with index_on_store(
                    store, index and not dry_run, warn=lambda m: err.print(m), note=lambda m: err.print(m)
                ) as on_index:
                    hook = WatchHook(store, index=on_index)
                    report = poll(config, store, folder, settings, on_stored=hook, dry_run=dry_run)
                sent = deliver_pending(store, delivery_settings()) if not dry_run else {"sent": 0, "failed": 0}
            summary = {
                **report.__dict__,
                "deliveries": sent,
                "new_matches": {str(k): len(v) for k, v in hook.new.items()},
            }
            if as_json:
                typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
            elif dry_run:
                for line in report.plan:
                    out.print(line, highlight=False)
            else:
                stored_n = report.ingest.get("stored", 0)
                out.print(
                    f"{report.feeds} feeds ({report.not_modified} not modified), {report.entries_new} new entries, "
                    f"{report.pages_fetched} pages fetched, {stored_n} stored; "
                    f"deliveries {sent['sent']} sent, {sent['failed']} failed",
                    highlight=False,
                )
            for problem in report.errors:
                err.print(f"[yellow]warning:[/yellow] {problem}", highlight=False)
            if pause is None:
                raise typer.Exit(EXIT_SOME_FAILED if report.errors or sent["failed"] else EXIT_OK)
            time.sleep(pause)

    @bench_app.command("watch")
    def bench_watch_cmd(
        n: Annotated[int, typer.Option("--n", min=1, help="Synthetic articles to ingest.")] = 2000,
        watchlists: Annotated[int, typer.Option(min=1, help="Saved queries matched against them.")] = 50,
        workers: Annotated[int, typer.Option(min=1)] = 2,
        ner: NerOption = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """What watchlists and the digest add to ingest time (as a share of it)."""
        print_result(
            "caspian bench watch", bench_watch(n, watchlists, workers, ner_backend(ner) if ner else None), as_json
        )

    @app.command("digest")
    def digest_cmd(
        since: Annotated[str, typer.Option(help="What arrived in the last 1d (12h, 2w ...).")] = "1d",
        fmt: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
        db: DbOption = None,
    ) -> None:
        """Top stories across languages, new and revised figures, new events, entities rising."""
        if fmt not in ("md", "html", "json"):
            raise fail(f"--format must be md, html or json, not {fmt!r}", EXIT_USAGE)
        try:
            window = watch_digest.parse_since(since)
        except ValueError as exc:
            raise fail(str(exc), EXIT_USAGE) from exc
        with open_store(db) as store:
            found = watch_digest.build_digest(store, window)
        base = delivery_settings().base_url
        if fmt == "json":
            typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        elif fmt == "html":
            typer.echo(watch_digest.digest_html(found, base))
        else:
            typer.echo(watch_digest.digest_markdown(found, base), nl=False)


def _default_spool(url: str) -> Path:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///")).parent / "poll-spool"
    return Path("poll-spool")
