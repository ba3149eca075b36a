"""Each corpus format read from a small file the test writes, laid out as in shared/data/ner/."""

import gzip

import pytest

from caspian.ner.training.corpora import CorpusError, corpus_specs, read_corpus, training_corpora
from caspian.ner.words import split_words


def _write_gz(path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding=encoding, newline="") as handle:
        handle.write(text)


def _spans(sample):
    return [(sample.text[s.start : s.end], s.label) for s in sample.spans]


CASES = [
    (
        "kaznerd-test",
        "ner/kk-kaznerd/IOB2_test.txt.gz",
        "« O\nАтырау B-GPE\n» O\nоблысында O\nТеңізшевройл B-ORGANISATION\nжұмыс O\n. O\n\nНұрлан B-PERSON\nНоғаев I-PERSON\n",
        [[("Атырау", "LOC"), ("Теңізшевройл", "ORG")], [("Нұрлан Ноғаев", "PER")]],
    ),
    (
        "turkish-wiki-test",
        "ner/tr-turkish-wiki-ner/test.conll.gz",
        "Kanat\tB-PERSON\nBozumbayev\tI-PERSON\nAstana'da\tB-GPE\n5\tB-DATE\nTemmuz\tI-DATE\n.\tO\n",
        [[("Kanat Bozumbayev", "PER"), ("Astana'da", "LOC")]],
    ),
    (
        "gungor-test",  # IOB1 with I- only: a run of one type is one entity
        "ner/tr-tur2003-news-gungor/gungor.ner.test.14.only_consistent.gz",
        "Fedaral fedaral+Noun I-LOC\nAlmanya almanya+Noun+Prop I-LOC\nve ve+Conj O\nBOTAŞ botaş+Noun I-ORG\n",
        [[("Fedaral Almanya", "LOC"), ("BOTAŞ", "ORG")]],
    ),
    (
        "conll2003-testb",
        "ner/en-conll2003/eng.testb.gz",
        "-DOCSTART- -X- -X- O\n\nJAPAN NNP I-NP I-LOC\nGET VB I-VP O\nChina NNP I-NP I-LOC\nRussia NNP I-NP B-LOC\nEU NNP I-NP I-MISC\n",
        [[("JAPAN", "LOC"), ("China", "LOC"), ("Russia", "LOC")]],
    ),
    (
        "uner-ewt-train",  # the draft's stray OTH and B-O tags become O
        "ner/en-uner-ewt/DRAFT-2022-12-02_en_ewt-ud-train.iob2.gz",
        "# sent_id = x-1\n# text = Shell in Texas Apple\n1\tShell\tB-ORG\t-\ta\n2\tin\tB-O\n3\tTexas\tB-LOC\t-\ta\n"
        "4\tApple\tB-OTH\t-\ta\n",
        [[("Shell", "ORG"), ("Texas", "LOC")]],
    ),
    (
        "wnut17-train",
        "ner/en-wnut17/wnut17train.conll.gz",
        "@bob\tO\nChevron\tB-corporation\nfans\tO\nin\tO\nNew\tB-location\nYork\tI-location\niPhone\tB-product\n",
        [[("Chevron", "ORG"), ("New York", "LOC")]],
    ),
]


@pytest.mark.parametrize(("name", "relpath", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_token_per_line_formats(tmp_path, name, relpath, content, expected):
    _write_gz(tmp_path / relpath, content)
    samples = read_corpus(name, tmp_path)
    assert [_spans(s) for s in samples] == expected
    for sample in samples:
        assert [sample.text[a:b] for a, b in sample.words] == sample.text.split(" ")


def test_bracketed_turkish_news(tmp_path):
    line = "\ufeffMüzik Şenliği 'ne  [ORG POZİTİF ve Açık Radyo ]  ile  [LOC İstanbul ]  merhaba\r\n"
    _write_gz(tmp_path / "ner/tr-tur2003-news-bracketed/reyyan.test.txt.gz", line, encoding="utf-8")
    (sample,) = read_corpus("tur2003-test", tmp_path)
    assert _spans(sample) == [("POZİTİF ve Açık Radyo", "ORG"), ("İstanbul", "LOC")]
    assert sample.word_tags() == ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "O"]


def test_factrueval_documents_are_cut_into_sentences_with_outermost_mentions(tmp_path):
    folder = tmp_path / "ner/ru-factrueval/testset"
    folder.mkdir(parents=True)
    text = "Глава мэрии Москвы выступил.\nСобянин приехал в Астану."
    (folder / "book_1.txt").write_text(text, encoding="utf-8")
    tokens, pos = [], 0
    for i, word in enumerate(
        ["Глава", "мэрии", "Москвы", "выступил", ".", "", "Собянин", "приехал", "в", "Астану", "."]
    ):
        if not word:
            tokens.append("")
            continue
        pos = text.index(word, pos)
        tokens.append(f"{i} {pos} {len(word)} {word}")
        pos += len(word)
    (folder / "book_1.tokens").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    (folder / "book_1.spans").write_text(
        f"1 org_descr {text.index('мэрии')} 5 1 1\n2 loc_name {text.index('Москвы')} 6 2 1\n"
        f"3 surname {text.index('Собянин')} 7 10 1\n4 loc_name {text.index('Астану')} 6 13 1\n",
        encoding="utf-8",
    )
    (folder / "book_1.objects").write_text(
        "10 Org 1 2 # мэрии Москвы\n11 LocOrg 2 # Москвы\n12 Person 3 # Собянин\n13 Location 4 # Астану\n"
        "14 Project 3 # x\n",
        encoding="utf-8",
    )
    first, second = read_corpus("factrueval-test", tmp_path)
    assert first.text == "Глава мэрии Москвы выступил."
    assert _spans(first) == [("мэрии Москвы", "ORG")]
    assert _spans(second) == [("Собянин", "PER"), ("Астану", "LOC")]
    assert second.word_tags() == ["B-PER", "O", "O", "B-LOC", "O"]


def test_nerel_maps_types_and_skips_discontinuous_entities(tmp_path):
    folder = tmp_path / "ner/ru-nerel/NEREL-v1.1/test"
    folder.mkdir(parents=True)
    text = "Органы Киргизии задержали министра. Путин прилетел в Бишкек."
    (folder / "1_text.txt").write_text(text, encoding="utf-8")
    ann = [
        "T1\tORGANIZATION 0 15\tОрганы Киргизии",
        "T2\tCOUNTRY 7 15\tКиргизии",
        "T3\tPROFESSION 26 34\tминистра",
        f"T4\tPERSON {text.index('Путин')} {text.index('Путин') + 5}\tПутин",
        f"T5\tCITY {text.index('Бишкек')} {text.index('Бишкек') + 6}\tБишкек",
        "T6\tPERSON 0 6;16 25\tОрганы задержали",
        "R1\tWORKS_AS Arg1:T4 Arg2:T3\t",
    ]
    (folder / "1_text.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    first, second = read_corpus("nerel-test", tmp_path)
    assert _spans(first) == [("Органы Киргизии", "ORG")]
    assert _spans(second) == [("Путин", "PER"), ("Бишкек", "LOC")]


def test_unknown_dataset_and_missing_folder(tmp_path):
    with pytest.raises(CorpusError, match="unknown dataset 'nope'"):
        read_corpus("nope", tmp_path)
    with pytest.raises(CorpusError, match="not found"):
        read_corpus("kaznerd-test", tmp_path)


def test_only_openly_licensed_sets_train():
    specs = corpus_specs()
    assert set(training_corpora()) == {
        "kaznerd-valid",
        "turkish-wiki-train",
        "uner-ewt-train",
        "wnut17-train",
        "factrueval-dev",
    }
    for name in ("conll2003-testb", "gungor-test", "tur2003-test", "nerel-test"):
        assert not specs[name].train


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("«КазМунайГаз» увеличил добычу.", ["«", "КазМунайГаз", "»", "увеличил", "добычу", "."]),
        ("Kazakistan'da Nur-Sultan, 3.5 milyon", ["Kazakistan'da", "Nur-Sultan", ",", "3.5", "milyon"]),
        ("Қазақстан (ҚР) мұнайы", ["Қазақстан", "(", "ҚР", ")", "мұнайы"]),
        ("the U.S. and Tengizchevroil's", ["the", "U.S", ".", "and", "Tengizchevroil's"]),
    ],
)
def test_split_words(text, words):
    assert [text[a:b] for a, b in split_words(text)] == words
