"""`timeline draft` on hostile or unusual input folders: nothing outside IN/sources/ is read,
nothing inside IN is written, sizes are bounded before anything is read, pages are read in
the character set they declare, and a page with no article text is reported."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from timeline.draft.base import load_dataset
from timeline.draft.command import draft

SECRET = "Top secret: the vault opened on 3 May 2020."


def _draft(given: Path, out: Path, *options: str) -> Result:
    return CliRunner().invoke(draft, [str(given), "-o", str(out), *options])


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the input folder that no draft may read."""
    path = tmp_path / "elsewhere" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def _assert_refused_unread(result: Result, out: Path) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "vault" not in result.output  # the outside file's text is never quoted
    assert not out.exists()


@pytest.mark.parametrize("kind", ["relative", "absolute"])
def test_a_sources_row_naming_a_path_is_a_located_error(
    articles_in: Path, secret: Path, tmp_path: Path, kind: str
) -> None:
    value = "../../elsewhere/secret.txt" if kind == "relative" else str(secret)
    (articles_in / "sources.csv").write_text(
        f"id,title,published,file\np1,Port,2023-05-04,port.txt\nleak,Leak,2023-01-01,{value}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    _assert_refused_unread(result, out)
    shown = value if len(value) <= 80 else value[:79] + "…"  # a long value is shortened
    assert result.stderr == (
        f"error: sources.csv:3: column 'file': value '{shown}': is a path: expected the name "
        "of a file right inside the sources/ folder, such as 'article.txt'\n"
    )


def test_a_linked_article_leading_out_of_sources_is_refused(
    articles_in: Path, secret: Path, tmp_path: Path
) -> None:
    (articles_in / "sources" / "leak.txt").symlink_to(secret)
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    _assert_refused_unread(result, out)
    assert result.stderr == (
        "error: sources/leak.txt: is a link to a place outside the sources/ folder; copy the "
        "file into the folder\n"
    )


def test_a_listed_link_leading_out_of_sources_is_a_located_error(
    articles_in: Path, secret: Path, tmp_path: Path
) -> None:
    (articles_in / "sources" / "leak.dat").symlink_to(secret)  # not a suffix the listing takes
    (articles_in / "sources.csv").write_text(
        "id,title,published,file\nleak,Leak,2023-01-01,leak.dat\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    _assert_refused_unread(result, out)
    assert "error: sources.csv:2: column 'file': value 'leak.dat': is a link to a place " in (
        result.stderr
    )


def test_a_linked_sources_folder_leading_out_of_the_input_is_refused(
    articles_in: Path, secret: Path, tmp_path: Path
) -> None:
    real = articles_in / "sources"
    real.rename(tmp_path / "moved")
    real.symlink_to(secret.parent, target_is_directory=True)
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    _assert_refused_unread(result, out)
    assert result.stderr.startswith(
        "error: sources/: is a link to a place outside the input folder"
    )


def test_a_linked_sources_csv_leading_out_of_the_input_is_refused(
    articles_in: Path, tmp_path: Path
) -> None:
    table = tmp_path / "elsewhere.csv"
    table.write_text("id,title,published,file\nx,Secret row,2023-01-01,port.txt\n", "utf-8")
    (articles_in / "sources.csv").symlink_to(table)
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    _assert_refused_unread(result, out)
    assert "Secret row" not in result.output
    assert result.stderr.startswith("error: sources.csv: is a link to a place outside")


def test_links_that_stay_inside_sources_are_followed(articles_in: Path, tmp_path: Path) -> None:
    (articles_in / "sources" / "again.txt").symlink_to("port.txt")
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    assert result.exit_code == 0, result.output
    assert (out / "sources" / "again.txt").read_bytes() == (
        articles_in / "sources" / "port.txt"
    ).read_bytes()
    load_dataset(out)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("inside", "is inside the input folder"),
        ("same", "is the input folder"),
        ("inside-via-link", "is inside the input folder"),
    ],
)
def test_an_output_folder_in_the_input_is_a_usage_error(
    articles_in: Path, tmp_path: Path, where: str, message: str
) -> None:
    before = _fingerprint(articles_in)
    if where == "inside":
        out = articles_in / "draft"
    elif where == "same":
        out = articles_in
    else:
        (tmp_path / "alias").symlink_to(articles_in, target_is_directory=True)
        out = tmp_path / "alias" / "draft"
    result = _draft(articles_in, out)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '-o' / '--output'" in result.stderr and message in result.stderr
    assert _fingerprint(articles_in) == before
    assert sorted(p.name for p in articles_in.iterdir()) == ["sources"]


def test_an_output_folder_holding_the_input_is_a_usage_error(tmp_path: Path) -> None:
    given = tmp_path / "work" / "in"
    (given / "sources").mkdir(parents=True)
    (given / "sources" / "a.txt").write_text("It rained on 4 May 2023.\n", encoding="utf-8")
    result = _draft(given, tmp_path / "work")
    assert result.exit_code == 2, result.output
    assert "holds the input folder" in result.stderr


@pytest.mark.parametrize("through", [False, True])
def test_a_dangling_link_as_output_is_refused_and_nothing_is_created(
    articles_in: Path, tmp_path: Path, through: bool
) -> None:
    target = tmp_path / "nowhere" / "deeper" / "draft"
    link = tmp_path / "link"
    link.symlink_to(target if not through else target.parent)
    out = link / "draft" if through else link
    result = _draft(articles_in, out)
    assert result.exit_code == 2, result.output
    assert "a link to nothing" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_an_article_file_over_the_bound_is_refused_before_it_is_read(
    articles_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def never(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a page over the bound was parsed")

    monkeypatch.setattr(trafilatura, "extract", never)
    size = 6 * 1024 * 1024
    big = articles_in / "sources" / "huge.html"
    big.write_bytes(b"<html><body>" + b"<p>word</p>" * (size // 11) + b"</body></html>")
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"error: sources/huge.html: is {big.stat().st_size:,} bytes, more than the 5 MiB "
        "(5,242,880 bytes) an article file may be; raise --max-file-mib to draft it\n"
    )
    assert not out.exists()


def test_the_bounds_can_be_lowered_and_raised(articles_in: Path, tmp_path: Path) -> None:
    filler = ("The council met again and said nothing new. " * 30 + "\n") * 20  # 26,420 chars
    (articles_in / "sources" / "long.txt").write_text(filler, encoding="utf-8")
    (articles_in / "sources" / "long2.txt").write_text(filler, encoding="utf-8")
    too_long = _draft(articles_in, tmp_path / "a", "--max-text-chars", "20000")
    assert too_long.exit_code == 1
    assert too_long.stderr.splitlines() == [
        f"error: sources/{name}: has 26,420 characters of text, more than the 20,000 one "
        "article may have (prose drafts at a few thousand characters a second); split it, or raise "
        "--max-text-chars"
        for name in ("long.txt", "long2.txt")
    ]
    big = articles_in / "sources" / "big.txt"
    big.write_text(filler * 40, encoding="utf-8")  # 1,056,800 bytes
    total = _draft(articles_in, tmp_path / "b", "--max-total-mib", "1", "--max-file-mib", "2")
    assert total.exit_code == 1
    assert total.stderr.startswith("error: sources/: its 5 articles add up to ")
    assert "more than the 1 MiB (1,048,576 bytes) one draft may read" in total.stderr
    file = _draft(articles_in, tmp_path / "c", "--max-file-mib", "1")
    assert file.exit_code == 1
    assert file.stderr.startswith("error: sources/big.txt: is 1,056,800 bytes")
    big.unlink()
    raised = _draft(articles_in, tmp_path / "d", "--max-text-chars", "30000")
    assert raised.exit_code == 0, raised.output
    bad = _draft(articles_in, tmp_path / "e", "--max-file-mib", "0")
    assert bad.exit_code == 2 and "--max-file-mib" in bad.stderr


def test_progress_goes_to_stderr_and_the_report_is_unchanged(
    articles_in: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "drafting 1/2: grain-deal.html",
        "drafting 2/2: port.txt",
    ]
    assert result.stdout.splitlines() == [
        f"2 articles, 7 candidate events, 5 undated mentions (listed in {out}/draft-report.csv)",
        "no publication date: port (port.txt): relative dates in it are not resolved",
        f"wrote {out}; review it, then run `timeline check {out}`",
    ]


PAGE = """<html><head>{declaration}<title>Café talks</title></head><body><article>
<h1>Café talks end</h1>
<p>The minister said “the café deal is done” on 4 May 2023, after talks that ran for most of
the spring in the capital city of the republic and its neighbour.</p>
<p>Officials in the region’s capital expect more talks in June 2024, when the next round of
negotiations between the two sides is due to begin in earnest.</p>
</article></body></html>
"""


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        "<meta charset='ISO-8859-1'>",  # read as Windows-1252, as browsers do
        "",  # not UTF-8, nothing declared: Windows-1252, with a warning
    ],
)
def test_a_page_is_read_in_the_character_set_it_declares(tmp_path: Path, declaration: str) -> None:
    given = tmp_path / "in"
    (given / "sources").mkdir(parents=True)
    raw = PAGE.format(declaration=declaration).encode("cp1252")
    assert "“".encode("cp1252") in raw and "é".encode("cp1252") in raw
    (given / "sources" / "cafe.html").write_bytes(raw)
    out = tmp_path / "out"
    result = _draft(given, out)
    assert result.exit_code == 0, result.output
    text = (out / "sources" / "cafe.txt").read_text(encoding="utf-8")
    assert "The minister said “the café deal is done” on 4 May 2023" in text
    assert "region’s capital" in text and "\ufffd" not in text
    dataset = load_dataset(out)
    assert any("“the café deal is done”" in q for q in dataset.excerpts["quote"])
    warned = "warning: sources/cafe.html: is not UTF-8 and declares no character set" in (
        result.stderr
    )
    assert warned == (not declaration)


def test_a_page_with_a_byte_order_mark_is_read_in_its_encoding(tmp_path: Path) -> None:
    given = tmp_path / "in"
    (given / "sources").mkdir(parents=True)
    page = PAGE.format(declaration='<meta charset="windows-1252">')  # the mark wins
    (given / "sources" / "cafe.html").write_bytes(page.encode("utf-16"))
    result = _draft(given, tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "sources" / "cafe.txt").read_text(encoding="utf-8")
    assert "“the café deal is done”" in text


def test_a_text_article_not_in_utf8_is_a_located_error(articles_in: Path, tmp_path: Path) -> None:
    (articles_in / "sources" / "legacy.txt").write_bytes(
        "Talks ended\nThe café closed on 4 May 2023.\n".encode("cp1252")
    )
    result = _draft(articles_in, tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: sources/legacy.txt:2: value 'e9 20 63 6c': is not UTF-8 text (saved as "
        "Windows-1252 or another legacy encoding?): save it as UTF-8\n"
    )


def test_a_page_with_no_article_text_is_reported(articles_in: Path, tmp_path: Path) -> None:
    (articles_in / "sources" / "empty.html").write_text(
        "<html><head><script>var page = 1;</script></head><body></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = _draft(articles_in, out)
    assert result.exit_code == 0, result.output
    assert "warning: sources/empty.html: no article text could be extracted from the page" in (
        result.stderr
    )
    assert result.stdout.startswith("2 articles, ")
    alone = tmp_path / "alone"
    (alone / "sources").mkdir(parents=True)
    os.replace(articles_in / "sources" / "empty.html", alone / "sources" / "empty.html")
    result = _draft(alone, tmp_path / "out2")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("warning: sources/empty.html: no article text")
    assert lines[1] == f"error: no .txt or .html articles to draft in {alone / 'sources'}"
