"""`caspian entities [--type] [--q] [--lang] [--limit] [--format]` and `caspian entities show ID`."""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from caspian.commands._common import EXIT_USAGE, fail

FORMATS = ("table", "csv", "json")
TYPES = ("PERSON", "ORG", "COUNTRY", "LOCATION", "FACILITY", "EVENT", "DOCUMENT")
LIST_COLUMNS = ("id", "canonical", "type", "wikidata", "articles", "mentions", "langs")


@dataclass(frozen=True)
class EntityFilter:
    type: str | None = None
    q: str | None = None
    lang: str | None = None
    limit: int | None = None


def query_entities(engine: Any, flt: EntityFilter) -> list[dict[str, Any]]:
    """Entities with how many articles and mentions they have, most-mentioned first.

    `q` matches the canonical name, the id or any mention's text, case-insensitively; `lang` keeps
    entities mentioned in articles of that language (and counts those articles only)."""
    from sqlalchemy import distinct, func, or_, select

    from caspian.store import schema

    ents, ments, arts = schema.entities, schema.mentions, schema.articles
    query = (
        select(
            ents.c.id,
            ents.c.canonical,
            ents.c.type,
            ents.c.wikidata,
            func.count(distinct(ments.c.article_id)).label("articles"),
            func.count(ments.c.id).label("mentions"),
        )
        .join(ments, ments.c.entity_id == ents.c.id)
        .join(arts, arts.c.id == ments.c.article_id)
        .group_by(ents.c.id, ents.c.canonical, ents.c.type, ents.c.wikidata)
        .order_by(func.count(ments.c.id).desc(), ents.c.canonical)
    )
    if flt.type:
        query = query.where(ents.c.type == flt.type.upper())
    if flt.lang:
        query = query.where(arts.c.lang == flt.lang)
    if flt.q:
        like = f"%{flt.q.lower()}%"
        matching = select(ments.c.entity_id).where(func.lower(ments.c.text).like(like))
        query = query.where(
            or_(func.lower(ents.c.canonical).like(like), func.lower(ents.c.id).like(like), ents.c.id.in_(matching))
        )
    if flt.limit:
        query = query.limit(flt.limit)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        if rows:
            langs = conn.execute(
                select(ments.c.entity_id, arts.c.lang)
                .join(arts, arts.c.id == ments.c.article_id)
                .where(ments.c.entity_id.in_([r["id"] for r in rows]))
                .distinct()
            ).all()
    seen: dict[str, set[str]] = defaultdict(set)
    for eid, lang in langs if rows else []:
        seen[eid].add(lang or "other")
    for row in rows:
        row["langs"] = ",".join(sorted(seen[row["id"]]))
    return rows


def entity_record(engine: Any, entity_id: str) -> dict[str, Any] | None:
    """One entity: aliases seen per language, roles seen with dates, article counts, its articles;
    and what the gazetteer knows of it."""
    from sqlalchemy import select

    from caspian.store import schema

    ents, ments, arts = schema.entities, schema.mentions, schema.articles
    with engine.connect() as conn:
        ent = conn.execute(select(ents).where(ents.c.id == entity_id)).mappings().first()
        if ent is None:
            return None
        rows = conn.execute(
            select(ments.c.text, ments.c.role, arts.c.id, arts.c.lang, arts.c.published, arts.c.title)
            .join(arts, arts.c.id == ments.c.article_id)
            .where(ments.c.entity_id == entity_id)
            .order_by(arts.c.published, arts.c.id, ments.c.start)
        ).all()
    aliases: dict[str, Counter] = defaultdict(Counter)
    roles: dict[str, dict[str, Any]] = {}
    articles: dict[str, dict[str, Any]] = {}
    for text, role, article_id, lang, published, title in rows:
        aliases[lang or "other"][text] += 1
        articles.setdefault(article_id, {"id": article_id, "lang": lang, "published": published, "title": title})
        if role:
            seen = roles.setdefault(role, {"role": role, "first": published, "last": published, "articles": set()})
            seen["articles"].add(article_id)
            if published and (not seen["first"] or published < seen["first"]):
                seen["first"] = published
            if published and (not seen["last"] or published > seen["last"]):
                seen["last"] = published
    by_lang = Counter(a["lang"] or "other" for a in articles.values())
    return {
        "id": ent["id"],
        "canonical": ent["canonical"],
        "type": ent["type"],
        "wikidata": ent["wikidata"],
        "articles": len(articles),
        "articles_by_lang": dict(sorted(by_lang.items())),
        "mentions": len(rows),
        "aliases": {lang: dict(c.most_common()) for lang, c in sorted(aliases.items())},
        "roles": [{**r, "articles": len(r["articles"])} for r in roles.values()],
        "article_list": list(articles.values()),
        "gazetteer": _gazetteer_view(entity_id),
    }


def _gazetteer_view(entity_id: str) -> dict[str, Any] | None:
    from caspian.entities.gazetteer import default_gazetteer

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

    from caspian.cli import out

    table = Table(title=f"{len(rows)} entities")
    for col in LIST_COLUMNS:
        table.add_column(col, justify="right" if col in ("articles", "mentions") else "left")
    for row in rows:
        table.add_row(*["" if row.get(c) is None else escape(str(row[c])) for c in LIST_COLUMNS])
    out.print(table)


def _print_record(rec: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from caspian.cli import out

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


def corpus_articles(dataset: str, data: str, words_per_article: int = 500) -> list[Any]:
    """Documents of about `words_per_article` words: a public NER test set's consecutive sentences
    joined (general news in the corpus's language, not our field's names)."""
    from caspian.document import Document
    from caspian.ner.corpora import read_corpus
    from caspian.ner.scoring import articles

    samples = read_corpus(dataset, data)
    lang = samples[0].lang if samples else ""
    return [Document(raw=t, text=t, lang=lang) for t in articles(samples, words_per_article)]


def bench_entities(
    n: int = 2000, backend: str = "accurate", dataset: str | None = None, data: str = "../shared/data"
) -> dict[str, Any]:
    """Articles/s of the entity stage alone, in batches as the executors give them
    (`Settings.batch_size`), on the sample corpus prepared once and repeated to `n` articles, or
    with `dataset` on ≈ 500-word texts made from a public NER test set (each text once, at most `n`).
    CPU seconds are reported beside wall seconds: on a shared machine they are the steadier number."""
    import copy

    from caspian.evaluation.bench import prepared_samples
    from caspian.pipeline import Pipeline
    from caspian.settings import Settings

    if dataset:
        docs = corpus_articles(dataset, data)[:n]
        n = len(docs)
    else:
        docs = prepared_samples(("clean", "metadata", "language", "segment"))
    t0 = time.perf_counter()
    settings = Settings(stages=("entities",), stage_options={"entities": {"backend": backend}})
    stage = Pipeline.from_settings(settings).stages[0]
    load = time.perf_counter() - t0
    found = words = 0
    wall, cpu = time.perf_counter(), time.process_time()
    batch_size = settings.batch_size  # the executors hand the pipeline batches of this size
    for start in range(0, n, batch_size):
        batch = [copy.copy(docs[i % len(docs)]) for i in range(start, min(n, start + batch_size))]
        for doc in stage.batch(batch):
            found += len(doc.entities)
            words += len(doc.text.split())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "backend": backend,
        "texts": dataset or "sample corpus",
        "articles": n,
        "distinct_articles": len(docs),
        "words_per_article": round(words / n, 1),
        "entities_per_article": round(found / n, 2),
        "load_seconds": round(load, 3),
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "articles_per_second": round(n / wall, 1) if wall else None,
        "articles_per_cpu_second": round(n / cpu, 1) if cpu else None,
        "words_per_cpu_second": round(words / cpu) if cpu else None,
        "processes": 1,
    }


def bench_stages(rounds: int = 5) -> dict[str, Any]:
    """CPU milliseconds per article of every stage of the default pipeline, on the sample corpus."""
    import copy

    import caspian.stages  # noqa: F401  (registers the built-in stages)
    from caspian.document import Document
    from caspian.evaluation.bench import sample_articles
    from caspian.pipeline import Pipeline
    from caspian.readers import read_source
    from caspian.readers.sources import Source

    pipeline = Pipeline.from_settings()
    raw = [
        item
        for path in sample_articles()
        for item in read_source(Source(str(path), path.stat().st_size, path.stat().st_mtime_ns))
        if isinstance(item, Document)
    ]
    cpu = dict.fromkeys(pipeline.names, 0.0)
    for doc in raw:  # warm up: models and lexicons load on first use
        pipeline.run_one(copy.deepcopy(doc))
    for _ in range(rounds):
        for original in raw:
            doc = copy.deepcopy(original)
            for stage in pipeline.stages:
                t0 = time.process_time()
                doc = stage(doc)
                cpu[stage.name] += time.process_time() - t0
    n = rounds * len(raw)
    total = sum(cpu.values())
    return {
        "articles": n,
        "ms_per_article": {name: round(1000 * sec / n, 2) for name, sec in cpu.items()},
        "total_ms_per_article": round(1000 * total / n, 2),
        "articles_per_cpu_second": round(n / total, 1) if total else None,
    }


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", EXIT_USAGE)


def register(app: typer.Typer, eval_app: typer.Typer, bench_app: typer.Typer) -> None:
    from caspian.nlp.ner import BACKEND_MODULES

    # so that `caspian eval ner --backend gazetteer` finds the backend without importing it up front
    BACKEND_MODULES.setdefault("gazetteer", "caspian.entities.recognizer")

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
        from caspian.cli import out
        from caspian.ner.corpora import CorpusError

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
        from caspian.cli import _db, _open_store, out

        _check_format(fmt)
        if etype and etype.upper() not in TYPES:
            raise fail(f"--type must be one of {', '.join(TYPES)}, not {etype!r}", EXIT_USAGE)
        store = _open_store(_db(db))
        try:
            rows = query_entities(store.engine, EntityFilter(etype, q, lang, limit))
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
        entity_id: Annotated[str, typer.Argument(help="An entity id, e.g. caspian:kazmunaygas.")],
        db: Annotated[str | None, typer.Option("--db", help="Database URL.")] = None,
        fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    ) -> None:
        """One entity: aliases seen per language, roles seen with dates, article counts."""
        from caspian.cli import _db, _open_store, out

        if fmt not in ("table", "json"):
            raise fail(f"--format must be table or json, not {fmt!r}", EXIT_USAGE)
        store = _open_store(_db(db or (ctx.obj or {}).get("db")))
        try:
            rec = entity_record(store.engine, entity_id)
        finally:
            store.close()
        if rec is None:
            raise fail(f"no entity {entity_id!r} in the knowledge base (see `caspian entities --q ...`)")
        if fmt == "json":
            out.print_json(json.dumps(rec, ensure_ascii=False, default=str))
        else:
            _print_record(rec)
