from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pytest

from caspian.document import Document, make_id
from caspian.search import Indexer
from caspian.search.embedders import E5Small
from caspian.store import Store

# (name, lang, published, source, title, text)
ARTICLES = [
    (
        "ru_gas",
        "ru",
        "2024-07-10",
        "Interfax-Kazakhstan",
        "Добыча газа в Казахстане выросла на 5%",
        "Добыча газа в Казахстане за январь–июнь 2024 года составила 30 млрд кубометров, "
        "сообщило министерство энергетики.\n"
        "Основной прирост обеспечили месторождения Кашаган и Карачаганак. В ведомстве ожидают, "
        "что по итогам года объём добычи превысит 60 млрд кубометров.",
    ),
    (
        "ru_kmg",
        "ru",
        "2024-03-12T10:15:00+05:00",
        "Kursiv",
        "КазМунайГаз и ТПАО договорились о совместной разведке",
        "Национальная компания КазМунайГаз и турецкая ТПАО подписали соглашение о совместной "
        "геологоразведке на шельфе Каспийского моря.\n"
        "Стороны обсудили поставки казахстанской нефти в Турцию через порт Джейхан.",
    ),
    (
        "ru_cpc",
        "ru",
        "2024-02-01",
        "Kapital.kz",
        "Объём экспорта нефти через КТК снизился",
        "Объём прокачки нефти по системе Каспийского трубопроводного консорциума в январе снизился "
        "из-за штормов в Новороссийске.\n"
        "Ещё в декабре отгрузки шли по графику, сообщили в компании.",
    ),
    (
        "kk_kashagan",
        "kk",
        "2024-05-02",
        "Egemen Qazaqstan",
        "Қашаған кен орнында өндіріс артты",
        "Қашаған кен орнындағы мұнай өндірісі тәулігіне 400 мың баррельге жетті.\n"
        "ҚазМұнайГаздың мәліметінше, келесі кезеңде өндіріс 450 мың баррельге дейін өседі.",
    ),
    (
        "tr_gas",
        "tr",
        "2023-11-20",
        "Anadolu Ajansı",
        "Kazakistan'ın doğal gaz üretimi arttı",
        "Kazakistan'ın doğal gaz üretimi geçen yıl 53 milyar metreküpe ulaştı.\n"
        "IĞDIR ve İstanbul'da düzenlenen toplantılarda Türkiye ile enerji iş birliği ele alındı. "
        "KMG'nin yetkilileri de görüşmelere katıldı.",
    ),
    (
        "en_kashagan",
        "en",
        "2024-06-01",
        "Reuters",
        "Kashagan oil production reaches a record",
        "Oil production at the Kashagan field reached 400,000 barrels per day, the operator said.\n"
        "The field is one of the largest offshore discoveries of recent decades. Istanbul traders "
        "expect more crude to flow west.",
    ),
    (
        "en_tengiz",
        "en",
        "2022-09-15",
        "Upstream",
        "Tengiz expansion is delayed again",
        "Chevron said the Future Growth Project at the Tengiz field would start later than planned.\n"
        "Costs have risen to 48.5 billion dollars.",
    ),
    (
        "en_solar",
        "en",
        None,
        "The Astana Times",
        "A solar farm opens near Almaty",
        "A 100-megawatt solar power plant began operating in the Almaty region.\n"
        "The plant, delayed by a year, will supply electricity to about 40,000 homes.",
    ),
]


def make_docs() -> dict[str, Document]:
    docs = {}
    for name, lang, published, source, title, text in ARTICLES:
        docs[name] = Document(
            raw=text,
            path=f"{name}.txt",
            id=make_id(text),
            lang=lang,
            published=published,
            source=source,
            title=title,
            text=text,
        )
    return docs


@pytest.fixture(scope="session")
def docs() -> dict[str, Document]:
    return make_docs()


# Both stores: the PostgreSQL cases start a server (a subprocess), hence slow like the other PostgreSQL tests.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]

# What a test process built, by (what, backend): a module's knowledge base is built once per backend
# and process, also when a PostgreSQL case compares its hits with SQLite's.
_BUILT: dict[tuple[str, str], Any] = {}


def empty_url(request: pytest.FixtureRequest, backend: str, what: str) -> str:
    """A new empty knowledge base: an SQLite file, or a database of its own on the run's PostgreSQL server."""
    if backend == "sqlite":
        return f"sqlite:///{request.getfixturevalue('tmp_path_factory').mktemp(what) / 'caspian.db'}"
    from tests.pg import fresh_database

    server = request.getfixturevalue("postgres_url")
    return fresh_database(server, "search_" + hashlib.sha1(what.encode()).hexdigest()[:12])


def built(request: pytest.FixtureRequest, backend: str, what: str, make: Callable[[str], Any]) -> Any:
    """`make(url)` on an empty knowledge base of `backend`, once per test process."""
    if (what, backend) not in _BUILT:
        _BUILT[what, backend] = make(empty_url(request, backend, what))
    return _BUILT[what, backend]


@pytest.fixture(scope="session", autouse=True)
def embed_each_passage_once() -> Iterator[None]:
    """The knowledge bases here are built on both stores from the same articles: e5 embeds each
    passage once per test process (the same vectors; only the time is saved)."""
    original = E5Small.embed_passages
    memo: dict[str, np.ndarray] = {}

    def embed_passages(self: E5Small, texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in memo]
        if todo:
            memo.update(zip(todo, original(self, todo), strict=True))
        return np.vstack([memo[t] for t in texts]) if texts else original(self, texts)

    E5Small.embed_passages = embed_passages  # type: ignore[method-assign]
    yield
    E5Small.embed_passages = original  # type: ignore[method-assign]


def index_docs(url: str, docs: list[Document], embedder: str | None = "e5-small") -> Store:
    store = Store(url)
    store.write_batch(docs)
    with Indexer(store, embedder=embedder) as indexer:
        indexer.add(docs)
    return store


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def indexed(request: pytest.FixtureRequest, backend: str, docs: dict[str, Document]) -> tuple[Store, dict[str, str]]:
    """A store with the articles above, keyword and vector indexes built; and {name: id}. On each backend."""
    store = built(request, backend, "indexed", lambda url: index_docs(url, list(docs.values())))
    return store, {name: d.id for name, d in docs.items()}
