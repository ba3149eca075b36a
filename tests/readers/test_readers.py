import json

from caspian.document import Document, Failure
from caspian.readers import read_source
from caspian.readers.formats import sniff
from caspian.readers.sources import MissingSource, Source, expand


def _read(path):
    return list(read_source(Source(str(path), path.stat().st_size, path.stat().st_mtime_ns)))


HTML = """<!doctype html><html lang="en"><head><title>Kashagan output rises | Energy Daily</title>
<meta name="author" content="Aigerim Sapar"><meta property="article:published_time" content="2024-03-12T10:15:00+05:00">
<meta property="og:site_name" content="Energy Daily"></head><body><nav>Home | News | Contacts</nav>
<article><h1>Kashagan output rises</h1>
<p>ASTANA, Kazakhstan, March 12. Oil output at the Kashagan field rose to 400 thousand barrels per day in February,
the North Caspian Operating Company said on Tuesday.</p>
<p>The consortium plans to raise capacity further by 2026, according to the Ministry of Energy of Kazakhstan,
which expects national production of about 90 million tonnes this year.</p></article>
<footer>Copyright 2024 Energy Daily</footer></body></html>"""


def test_html_body_and_metadata(tmp_path):
    path = tmp_path / "kashagan.html"
    path.write_text(HTML, encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, Document)
    assert "400 thousand barrels per day" in doc.raw
    assert "Copyright" not in doc.raw and "Contacts" not in doc.raw
    given = doc.meta["given"]
    assert given["author"] == "Aigerim Sapar"
    assert given["published"].startswith("2024-03-12")
    assert given["source"] == "Energy Daily"


def test_html_without_article_is_a_failure(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><body><div><p>", encoding="utf-8")
    [item] = _read(path)
    assert isinstance(item, Failure) and item.origin == str(path)


def test_jsonl_keeps_good_lines_and_names_the_broken_one(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": "Первая статья о нефти.", "title": "Нефть", "url": "https://a.kz/1", "lang": "ru"}),
        '{"text": "broken',
        json.dumps({"body": "Second article on gas.", "published": "2024-05-01", "source": "Trend"}),
        json.dumps({"title": "no text at all"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    docs = [i for i in items if isinstance(i, Document)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert [d.item for d in docs] == [1, 3]
    assert docs[0].url == "https://a.kz/1" and docs[0].meta["given"]["lang"] == "ru"
    assert docs[1].meta["given"] == {"published": "2024-05-01", "source": "Trend"}
    assert [f.origin for f in fails] == [f"{path}#2", f"{path}#4"]
    assert "invalid JSON on line 2" in fails[0].reason


def test_json_array_of_articles(tmp_path):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps({"articles": [{"text": "One."}, {"content": "Two."}]}), encoding="utf-8")
    assert [d.raw for d in _read(path)] == ["One.", "Two."]


RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Energy Wire</title>
<item><title>CPC exports grow</title><link>https://wire.example/cpc</link>
<pubDate>Tue, 12 Mar 2024 10:15:00 +0500</pubDate>
<description>&lt;p&gt;CPC shipped 63 million tonnes of oil in 2023.&lt;/p&gt;&lt;p&gt;The consortium expects more.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://wire.example/empty</link><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Energy</title>
<entry><title>Uranium output</title><link href="https://atom.example/u"/><updated>2024-02-01T09:00:00Z</updated>
<content type="html">&lt;p&gt;Kazatomprom produced 21 thousand tonnes of uranium.&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_feeds(tmp_path):
    rss, atom = tmp_path / "wire.rss", tmp_path / "atom.xml"
    rss.write_text(RSS, encoding="utf-8")
    atom.write_text(ATOM, encoding="utf-8")
    first, empty = _read(rss)
    assert first.raw == "CPC shipped 63 million tonnes of oil in 2023.\nThe consortium expects more."
    assert first.url == "https://wire.example/cpc" and first.meta["given"]["title"] == "CPC exports grow"
    assert isinstance(empty, Failure) and empty.origin == f"{rss}#2"
    [entry] = _read(atom)
    assert "21 thousand tonnes" in entry.raw and entry.meta["given"]["source"] == "Atom Energy"


def test_zero_byte_feed_and_oversized_file(tmp_path):
    feed = tmp_path / "empty.rss"
    feed.write_bytes(b"")
    [fail] = _read(feed)
    assert isinstance(fail, Failure) and "empty" in fail.reason
    big = tmp_path / "huge.txt"
    big.write_bytes(b"a" * 200)
    items = list(read_source(Source(str(big), big.stat().st_size, 0), max_bytes=100))
    assert isinstance(items[0], Failure) and "too large" in items[0].reason


def test_sources_expand_folders_globs_and_report_missing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("h")
    (tmp_path / "b.txt").write_text("b")
    found = list(expand([str(tmp_path / "a"), str(tmp_path / "*.txt"), str(tmp_path / "b.txt"), "nope/*.txt"]))
    paths = [s.path for s in found if isinstance(s, Source)]
    assert paths == [str(tmp_path / "a" / "x.txt"), str(tmp_path / "b.txt")]
    assert isinstance(found[-1], MissingSource)


def test_sniff_formats():
    assert sniff(b'{"text": "a"}\n{"text": "b"}') == "jsonl"
    assert sniff(b"[{}]") == "json"
    assert sniff(b"<?xml version='1.0'?><rss>") == "feed"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff("Просто текст".encode()) == "txt"
