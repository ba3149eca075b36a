"""The read model: typed query functions over the store, one module per kind of record.

- `kb.articles`: article listings, one article with provenance, texts, counts, language mix;
- `kb.entities`: entity listings, one entity in full, lookups by name, names for query expansion;
- `kb.facts`: facts with filters (their columns typed once: `FactRow`), paged, streamed, choices;
- `kb.events`: events with filters, and THE cooperation graph (`cooperation_graph`);
- `kb.stories`: story clusters across languages;
- `kb.common`: connections, paging (`Page`), date bounds, `QueryError`, the data version.

Every function takes a `Store` or an open `Connection` first; filters are small frozen
dataclasses; rows are TypedDicts (plain dicts, ready for JSON). The command line, the web pages,
the API, the exports and the evaluation read the knowledge base only through these modules.
"""

from caspian.kb import articles, common, entities, events, facts, stories
from caspian.kb.common import DB, Page, QueryError, connect

__all__ = ["DB", "Page", "QueryError", "articles", "common", "connect", "entities", "events", "facts", "stories"]
