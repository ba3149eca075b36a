"""Tables of the knowledge base (SQLAlchemy Core): SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("description", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("path", Text, nullable=False),
    Column("item", Integer),
    Column("url", Text),
    Column("lang", String(8)),
    Column("source", String(200)),
    Column("title", Text),
    Column("author", String(300)),
    Column("published", String(40)),
    Column("dateline", String(100)),
    Column("text", Text, nullable=False),
    Column("sentences", JSON, nullable=False),
    Column("paragraph_langs", JSON, nullable=False),
    Column("topics", JSON, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("cluster_id", String(64)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_lang", "lang"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_cluster", "cluster_id"),
)

removed_lines = Table(
    "removed_lines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("line", Text, nullable=False),
    Column("kind", String(40)),
    Index("ix_removed_article", "article_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("canonical", String(300), nullable=False),
    Column("type", String(20), nullable=False),
    Column("wikidata", String(20)),
    Column("aliases", JSON, nullable=False),
    Index("ix_entities_type", "type"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("role", String(300)),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity", "entity_id"),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("commodity", String(40)),
    Column("metric", String(40)),
    Column("value", Float),
    Column("unit", String(20)),
    Column("period", String(60)),
    Column("modality", String(20)),
    Column("geo", String(200)),
    Column("quote", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("confidence", Float),
    Column("data", JSON, nullable=False),
    Index("ix_facts_article", "article_id"),
    Index("ix_facts_kind", "commodity", "metric"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(20), nullable=False),
    Column("participants", JSON, nullable=False),
    Column("place", String(200)),
    Column("date", String(40)),
    Column("start", Integer),
    Column("end", Integer),
    Column("summary", Text),
    Column("data", JSON, nullable=False),
    Index("ix_events_article", "article_id"),
    Index("ix_events_type", "type"),
)

clusters = Table(
    "clusters",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("label", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("data", JSON, nullable=False),
)

# Inputs fully stored, so a re-run skips them (key: path|size|mtime).
sources = Table(
    "sources",
    metadata,
    Column("key", String(1000), primary_key=True),
    Column("path", Text, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("completed_at", DateTime(timezone=True), nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("origin", String(1000), primary_key=True),
    Column("stage", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("count", Integer, nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
)
