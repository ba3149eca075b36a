"""A demo knowledge base for the web tests: the bundled sample corpus through the whole default
pipeline (what `caspian demo` stores: entities, facts, events and topics found by our stages),
two story clusters, one article that tries to inject markup, and the keyword search index.
`annotate` (the gold entities, facts and events located in the clean text) stays for tests that
need exactly the gold."""

from __future__ import annotations

from caspian.document import Document, make_id
from caspian.pipeline import Pipeline
from caspian.search import Indexer
from caspian.settings import Settings
from caspian.store import Store
from tests.conftest import sample_documents, set_clusters

CORE_STAGES = ("clean", "metadata", "language", "segment")
CLUSTERS = {
    "story-tengiz-fgp": ("Tengiz Future Growth Project", ("ru03_tengiz_fgp", "tr06_tengiz_fgp")),
    "story-uranium": ("Kazatomprom uranium output", ("ru05_uranium", "en02_uranium", "tr03_uranium")),
}
XSS_TITLE = "<script>alert('title')</script> Pipeline news"
XSS_PARTICIPANTS = ("</script><script>alert(3)</script>", "Aktau <i>port</i>")
XSS_TEXT = (
    "Pipeline operators met in Aktau. <script>alert('xss')</script> The meeting ended.\n"
    "A second paragraph with <img src=x onerror=alert(1)> an image tag, and ' OR 1=1 -- in it."
)


def _find_all(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while needle and at >= 0:
        out.append(at)
        at = text.find(needle, at + len(needle))
    return out


def _sentence_at(doc: Document, offset: int) -> tuple[int, int]:
    for start, end in doc.sentences:
        if start <= offset < end:
            return start, end
    return (0, doc.sentences[0][1]) if doc.sentences else (0, len(doc.text))


def annotate(doc: Document, gold: dict) -> Document:
    """The gold entities, facts and events of an article, each at a span of its clean text."""
    entities = []
    for ent in gold.get("entities", []):
        starts = _find_all(doc.text, ent["text"])
        if starts:
            mentions = [{"start": s, "end": s + len(ent["text"]), "text": ent["text"]} for s in starts]
            entities.append({k: ent[k] for k in ("type", "canonical", "role")} | {"mentions": mentions})
    first = {e["canonical"]: e["mentions"][0]["start"] for e in entities}
    facts = []
    for fact in gold.get("facts", []):
        starts = _find_all(doc.text, fact["quote"])
        if starts:
            facts.append({**fact, "start": starts[0], "end": starts[0] + len(fact["quote"]), "confidence": 1.0})
    events = []
    for ev in gold.get("events", []):
        at = min((first[p] for p in ev.get("participants", []) if p in first), default=0)
        start, end = _sentence_at(doc, at)
        events.append({**ev, "start": start, "end": end})
    doc.entities, doc.facts, doc.events = entities, facts, events
    return doc


def xss_document(pipeline: Pipeline) -> Document:
    doc = pipeline.run_one(Document(raw=XSS_TEXT, path="xss.txt"))
    assert isinstance(doc, Document), doc
    doc.title, doc.source, doc.published, doc.id = XSS_TITLE, "<b>Evil</b> Source", "2024-02-02", make_id(XSS_TEXT)
    pos = doc.text.find("Aktau")
    doc.entities = [
        {
            "type": "LOCATION",
            "canonical": "Aktau <i>port</i>",
            "role": None,
            "mentions": [{"start": pos, "end": pos + 5, "text": "Aktau"}],
        }
    ]
    first = doc.sentences[0] if doc.sentences else [0, len(doc.text)]
    doc.events = [
        {"type": "MEETING", "participants": list(XSS_PARTICIPANTS), "place": "Aktau", "date": "2024-02-02"}
        | {"start": first[0], "end": first[1], "summary": "<b>bold</b> summary"}
    ]
    return doc


def build_demo(url: str) -> dict[str, str]:
    """Write the demo knowledge base into the empty database at `url` (SQLite or PostgreSQL); returns
    {sample name: article id} (and "xss")."""
    # The gazetteer recogniser: the faces are tested here, not the transformer (tests/ner, tests/stages).
    docs, ids = sample_documents()
    xss = xss_document(Pipeline.from_settings(Settings(stages=CORE_STAGES)))
    docs.append(xss)
    ids["xss"] = xss.id
    store = Store(url)
    try:
        store.write_batch(docs)
        set_clusters(store, ids, CLUSTERS)
        Indexer(store, embedder=None).add(docs)
    finally:
        store.close()
    return ids
