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

# --- the analyst's day (issue 15): watchlists, their matches and deliveries, feed polling state ---

# A saved query: words, an entity, a fact filter, languages (`query`), and where to deliver.
watchlists = Table(
    "watchlists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("query", JSON, nullable=False),
    Column("webhook", Text),  # URL a JSON body is POSTed to, signed with `secret`
    Column("secret", String(200)),
    Column("email", String(300)),  # address mailed through the SMTP server of the delivery settings
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Articles that matched a watchlist when they were stored (each once).
watch_matches = Table(
    "watch_matches",
    metadata,
    Column("watchlist_id", Integer, ForeignKey("watchlists.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("matched_at", DateTime(timezone=True), nullable=False),
    Column("why", Text),
    Index("ix_watch_matches_time", "watchlist_id", "matched_at"),
)

# What was sent where: a match is delivered to each channel at least once (retried until sent).
deliveries = Table(
    "deliveries",
    metadata,
    Column("watchlist_id", Integer, ForeignKey("watchlists.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("channel", String(20), primary_key=True),  # webhook or email
    Column("status", String(20), nullable=False),  # pending, sent, failed (retried on the next check)
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("sent_at", DateTime(timezone=True)),
)

# Feeds `caspian poll` reads: conditional GET state and when each was last fetched.
poll_feeds = Table(
    "poll_feeds",
    metadata,
    Column("url", String(1000), primary_key=True),
    Column("etag", String(300)),
    Column("last_modified", String(100)),
    Column("last_status", Integer),
    Column("last_polled", DateTime(timezone=True)),
)

# Feed entries already fetched (by entry id or link), so a page is fetched once.
poll_entries = Table(
    "poll_entries",
    metadata,
    Column("feed", String(1000), primary_key=True),
    Column("entry", String(1000), primary_key=True),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("spool", Text),  # the file it was saved to and ingested from
)
