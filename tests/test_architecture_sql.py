"""No SQL outside the store, the read model and the search index (issue 12): the command line, the
web, the exports, the evaluation and the benchmarks read the knowledge base only through
`caspian.kb`. Code is scanned with its comments and strings left out, so a docstring may still
talk about `select(`; a failure names the file, the line and what was found."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "caspian"
# The packages that may hold SQL: the store (tables, writes), the read model, and search (its own
# index tables).
ALLOWED = ("store", "kb", "search")
SQL = re.compile(r"(?<![\w])select\(|(?<![\w])text\(|\.c\.|(?<![\w])schema\.|(?<![\w])execute\(")
SKIPPED = {
    tokenize.COMMENT,
    tokenize.STRING,
    *(getattr(tokenize, n) for n in ("FSTRING_MIDDLE",) if hasattr(tokenize, n)),
}


def code_lines(source: str) -> dict[int, str]:
    """{line number: the line's code}, comments and string literals blanked out."""
    lines = source.splitlines()
    blank: dict[int, list[tuple[int, int]]] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in SKIPPED:
            (r0, c0), (r1, c1) = tok.start, tok.end
            for row in range(r0, r1 + 1):
                start = c0 if row == r0 else 0
                end = c1 if row == r1 else len(lines[row - 1])
                blank.setdefault(row, []).append((start, end))
    out = {}
    for number, line in enumerate(lines, 1):
        chars = list(line)
        for start, end in blank.get(number, []):
            chars[start:end] = " " * (end - start)
        out[number] = "".join(chars)
    return out


def sql_outside_the_read_model(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in ALLOWED:
            continue
        for number, code in code_lines(path.read_text(encoding="utf-8")).items():
            hits = sorted({m.group(0) for m in SQL.finditer(code)})
            if hits:
                found.append(f"src/caspian/{relative.as_posix()}:{number}: {' '.join(hits)}  | {code.strip()[:100]}")
    return found


def test_no_sql_outside_store_kb_and_search() -> None:
    found = sql_outside_the_read_model()
    assert not found, "SQL outside store/, kb/ and search/ (read through caspian.kb instead):\n" + "\n".join(found)


def test_the_scan_sees_sql_in_code_and_not_in_words(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "bad.py").write_text(
        '"""A docstring may say select( and schema.articles."""\n'
        "# a comment may too: conn.execute(select(x))\n"
        "from caspian.store import schema\n"
        "rows = conn.execute(select(schema.articles.c.id))\n"
        "body = path.read_text()\n"
        "label = f'{value} text(s)'\n",
        encoding="utf-8",
    )
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "ok.py").write_text("rows = conn.execute(select(schema.articles.c.id))\n", encoding="utf-8")
    found = sql_outside_the_read_model(tmp_path)
    assert [f.split("  | ")[0] for f in found] == ["src/caspian/web/bad.py:4: .c. execute( schema. select("]
