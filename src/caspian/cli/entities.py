"""`caspian entities [--type] [--q] [--lang] [--limit] [--format]` and `caspian entities show ID`."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any

import typer

from caspian.bench.entities import bench_entities, bench_stages
from caspian.cli.console import fail, out
from caspian.cli.context import open_store
from caspian.cli.exits import EXIT_USAGE
from caspian.entities.gazetteer import default_gazetteer
from caspian.kb import entities as kb_entities
from caspian.ner.training.corpora import CorpusError

FORMATS = ("table", "csv", "json")
TYPES = ("PERSON", "ORG", "COUNTRY", "LOCATION", "FACILITY", "EVENT", "DOCUMENT")
LIST_COLUMNS = ("id", "canonical", "type", "wikidata", "articles", "mentions", "langs")


def query_entities(db: Any, flt: kb_entities.EntityFilter, limit: int | None = None) -> list[dict[str, Any]]:
    """Entities with how many articles and mentions they have, most-mentioned first.

    `q` matches the canonical name, the id or any mention's text, case-insensitively; `lang` keeps
    entities mentioned in articles of that language (and counts those articles only)."""
    return [dict(r) for r in kb_entities.entity_summaries(db, flt, limit)]


def entity_record(db: Any, entity_id: str) -> dict[str, Any] | None:
    """One entity: aliases seen per language, roles seen with dates, article counts, its articles;
    and what the gazetteer knows of it."""
    record = kb_entities.entity_record(db, entity_id)
    if record is None:
        return None
    return {**record, "gazetteer": _gazetteer_view(entity_id)}


def _gazetteer_view(entity_id: str) -> dict[str, Any] | None:

    entry = default_gazetteer().get(entity_id)
    if entry is None:
        return None
    return {
        "aliases": entry.aliases,
        "abbreviations": entry.abbreviations,
        "former_names": entry.former_names,
        "roles": [{"title": r.title, "of": r.of, "from": r.start, "to": r.end} for r in entry.roles],
    }


def render_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(LIST_COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _print_list(rows: list[dict[str, Any]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(rows)} entities")
    for col in LIST_COLUMNS:
        table.add_column(col, justify="right" if col in ("articles", "mentions") else "left")
    for row in rows:
        table.add_row(*["" if row.get(c) is None else escape(str(row[c])) for c in LIST_COLUMNS])
    out.print(table)


def _print_record(rec: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    out.print(
        f"[bold]{escape(rec['canonical'])}[/bold]  {rec['type']}  {rec['id']}  wikidata: {rec['wikidata'] or '-'}"
    )
    langs = ", ".join(f"{lang} {n}" for lang, n in rec["articles_by_lang"].items())
    out.print(f"{rec['articles']} articles ({langs}), {rec['mentions']} mentions")
    aliases = Table(title="aliases seen")
    aliases.add_column("lang")
    aliases.add_column("forms (mentions)")
    for lang, forms in rec["aliases"].items():
        aliases.add_row(lang, escape(", ".join(f"{f} ({n})" for f, n in forms.items())))
    out.print(aliases)
    if rec["roles"]:
        roles = Table(title="roles seen")
        for col in ("role", "first", "last", "articles"):
            roles.add_column(col)
        for r in rec["roles"]:
            roles.add_row(escape(r["role"]), str(r["first"] or "-"), str(r["last"] or "-"), str(r["articles"]))
        out.print(roles)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", EXIT_USAGE)


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:
    @bench_app.command("entities")
    def bench_entities_cmd(
        n: Annotated[int, typer.Option("--n", min=1, help="Articles to run through the entity stage.")] = 2000,
        backend: Annotated[
            str, typer.Option(help="Recogniser backend (the entity stage's default: accurate).")
        ] = "accurate",
        dataset: Annotated[
            str | None,
            typer.Option(help="Run on ≈ 500-word texts of a public NER test set instead (e.g. gungor-test)."),
        ] = None,
        data: Annotated[str, typer.Option(help="The shared data folder (holds ner/...), for --dataset.")] = (
            "../shared/data"
        ),
        stages: Annotated[bool, typer.Option("--stages", help="Time every stage of the default pipeline.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON, for scripts.")] = False,
    ) -> None:
        """Articles/s of the entity stage alone, one process (the earlier stages run once, untimed);
        `--stages`: CPU time of every stage of the default pipeline instead."""

        try:
            result = bench_stages() if stages else bench_entities(n, backend, dataset, data)
        except CorpusError as exc:
            raise fail(str(exc), EXIT_USAGE) from exc
        except (FileNotFoundError, KeyError) as exc:
            raise fail(str(exc)) from exc
        if as_json:
            out.print_json(json.dumps(result))
            return
        for key, value in result.items():
            out.print(f"{key:24s} {value}")

    entities_app = typer.Typer(help="Entities in the knowledge base; `show ID` for one of them.")
    app.add_typer(entities_app, name="entities")

    @entities_app.callback(invoke_without_command=True)
    def entities_cmd(
        ctx: typer.Context,
        etype: Annotated[str | None, typer.Option("--type", help=f"One of {', '.join(TYPES)}.")] = None,
        q: Annotated[str | None, typer.Option("--q", help="Text in the name, the id or a mention.")] = None,
        lang: Annotated[
            str | None, typer.Option(help="Mentioned in articles of this language: ru, kk, tr, en ...")
        ] = None,
        db: Annotated[
            str | None, typer.Option("--db", help="Database URL (default: $CASPIAN_DB or sqlite:///caspian.db).")
        ] = None,
        limit: Annotated[int | None, typer.Option(min=1, help="At most N entities.")] = None,
        fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    ) -> None:
        """List entities, most mentioned first."""
        ctx.obj = {"db": db}
        if ctx.invoked_subcommand is not None:
            return

        _check_format(fmt)
        if etype and etype.upper() not in TYPES:
            raise fail(f"--type must be one of {', '.join(TYPES)}, not {etype!r}", EXIT_USAGE)
        store = open_store(db)
        try:
            rows = query_entities(store, kb_entities.EntityFilter(type=etype, q=q, lang=lang), limit)
        finally:
            store.close()
        if fmt == "json":
            out.print_json(json.dumps(rows, ensure_ascii=False))
        elif fmt == "csv":
            typer.echo(render_csv(rows), nl=False)
        else:
            _print_list(rows)

    @entities_app.command("show")
    def show_cmd(
        ctx: typer.Context,
        entity_id: Annotated[
            str, typer.Argument(help="An entity id (caspian:kazmunaygas) or any name it goes by (KMG, Хасенов).")
        ],
        db: Annotated[str | None, typer.Option("--db", help="Database URL.")] = None,
        fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    ) -> None:
        """One entity: aliases seen per language, roles seen with dates, article counts."""

        if fmt not in ("table", "json"):
            raise fail(f"--format must be table or json, not {fmt!r}", EXIT_USAGE)
        store = open_store(db or (ctx.obj or {}).get("db"))
        try:
            rec = entity_record(store, kb_entities.resolve_entity(store, entity_id) or entity_id)
        finally:
            store.close()
        if rec is None:
            raise fail(f"no entity {entity_id!r} in the knowledge base (see `caspian entities --q ...`)")
        if fmt == "json":
            out.print_json(json.dumps(rec, ensure_ascii=False, default=str))
        else:
            _print_record(rec)
