"""The pipeline runs stages over a batch: a stage's `batch` when it has one, and a failing
document is named while the others go on."""

from caspian.document import Document, Failure
from caspian.pipeline import Pipeline
from caspian.settings import Settings
from tests.conftest import SAMPLE, read_one


class _Upper:
    name = "upper"

    def __init__(self) -> None:
        self.batches: list[int] = []

    def __call__(self, doc: Document) -> Document:
        if "boom" in doc.text:
            raise ValueError("cannot read this one")
        doc.text = doc.text.upper()
        return doc

    def batch(self, docs: list[Document]) -> list[Document]:
        self.batches.append(len(docs))
        return [self(doc) for doc in docs]


def _docs(*texts: str) -> list[Document]:
    return [Document(raw=t, text=t, path=f"doc{i}.txt") for i, t in enumerate(texts)]


def test_a_stage_with_batch_gets_the_whole_batch_once():
    stage = _Upper()
    out = Pipeline([stage]).process(_docs("a", "b", "c"))
    assert stage.batches == [3]
    assert [d.text for d in out] == ["A", "B", "C"] and all(d.id for d in out)


def test_a_failing_batch_falls_back_to_one_document_at_a_time():
    stage = _Upper()
    out = Pipeline([stage]).process(_docs("a", "boom", "c"))
    assert [type(d) for d in out] == [Document, Failure, Document]
    assert out[1].origin == "doc1.txt" and "cannot read this one" in out[1].reason and out[1].stage == "upper"
    assert out[0].text == "A" and out[2].text == "C"


def test_entities_in_a_batch_are_those_found_one_by_one():
    settings = Settings(stages=("clean", "metadata", "language", "segment", "entities"))
    paths = sorted(SAMPLE.glob("*.txt"))[:8]
    one_by_one = [Pipeline.from_settings(settings).run_one(read_one(p)) for p in paths]
    batched = Pipeline.from_settings(settings).process([read_one(p) for p in paths])
    assert [d.entities for d in batched] == [d.entities for d in one_by_one]
    assert sum(len(d.entities) for d in batched) > 40
