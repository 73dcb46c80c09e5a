"""`timeline draft` end to end: a folder of .txt and .html articles becomes a checked dataset."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from timeline.draft.base import load_dataset
from timeline.draft.command import draft


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_drafts_txt_and_html_into_a_dataset_that_passes_check(
    articles_in: Path, tmp_path: Path
) -> None:
    before = _fingerprint(articles_in)
    out = tmp_path / "out"
    result = CliRunner().invoke(draft, [str(articles_in), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.output
    assert "no publication date: port" in result.output
    dataset = load_dataset(out)  # what `timeline check` runs
    assert _fingerprint(articles_in) == before  # the input is never modified
    # a draft until `timeline review` finishes it: every chart, page and report says so
    assert json.loads((out / "metadata.json").read_text(encoding="utf-8")) == {"status": "draft"}
    assert dataset.metadata.is_draft
    assert not [w for w in dataset.warnings if w.file == "metadata.json"]

    sources = {row["id"]: row for row in _rows(out / "sources.csv")}
    page = sources["grain-deal"]
    assert page["title"] == "Chile and Peru sign a grain deal"
    assert page["outlet"] == "The Daily Ledger"
    assert page["author"] == "Ada Quill"
    assert page["published"] == "2023-07-18"
    assert page["published_basis"] == "printed"
    assert page["url"] == "https://ledger.example.com/world/2023/grain-deal"
    assert page["file"] == "grain-deal.txt"
    text = (out / "sources" / "grain-deal.txt").read_text(encoding="utf-8")
    assert "grain agreement" in text and "<p>" not in text
    # the text article is copied unchanged, titled by its first line
    assert (out / "sources" / "port.txt").read_bytes() == (
        articles_in / "sources" / "port.txt"
    ).read_bytes()
    assert sources["port"]["title"] == "Peru opens new port"
    assert sources["port"]["published_basis"] == "inferred"

    events = {row["id"]: row for row in _rows(out / "events.csv")}
    by_date = {row["date"]: row for row in events.values()}
    # the page, read against 18 July 2023 (a Tuesday)
    assert by_date["2023-07-17"]["date_basis"] == "relative"  # 'on Monday', past tense
    assert by_date["2022-10"]["note"].startswith(
        "'last October' read against 18 July 2023 → October 2022"
    )
    assert "2023-08" in by_date  # 'next month'
    assert by_date["2025-03"]["date_basis"] == "stated"
    assert "2001-07-22" in by_date
    # the text article has no publication date: only its stated dates
    assert "2023-05-04" in by_date and "1998" in by_date
    assert all(row["themes"] == "unreviewed" for row in events.values())
    assert len(dataset.events) == len(events)

    vocabulary = _rows(out / "vocabulary.csv")
    actors = {r["name"] for r in vocabulary if r["kind"] == "actor"}
    assert {"Chile", "Peru"} <= actors  # proposed: named at least twice
    assert {"kind": "theme", "name": "unreviewed"}.items() <= next(
        r for r in vocabulary if r["name"] == "unreviewed"
    ).items()

    report = _rows(out / "draft-report.csv")
    reasons = {(r["source_id"], r["mention"]): r["reason"] for r in report}
    assert reasons[("grain-deal", "over two decades")] == "duration"
    assert reasons[("port", "may")] == "modal may"
    assert reasons[("port", "May")] == "the name May, not the month"
    for row in report:
        assert row["sentence"] in (out / "sources" / f"{row['source_id']}.txt").read_text()


def test_given_sources_and_vocabulary_are_kept(articles_in: Path, tmp_path: Path) -> None:
    (articles_in / "sources.csv").write_text(
        "id,title,published,file,note,desk\n"
        "p1,[Port opening],2023-05-04,port.txt,From the dateline.,business\n",
        encoding="utf-8",
    )
    (articles_in / "vocabulary.csv").write_text(
        "kind,name,description\nactor,Peru,A republic\ntheme,trade,Goods\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(draft, [str(articles_in), "-o", str(out)])
    assert result.exit_code == 0, result.output
    load_dataset(out)
    sources = {row["id"]: row for row in _rows(out / "sources.csv")}
    assert sources["p1"]["title"] == "[Port opening]"
    assert sources["p1"]["published"] == "2023-05-04"
    assert sources["p1"]["desk"] == "business"
    assert "grain-deal" in sources  # an article missing from sources.csv gets a built row
    events = _rows(out / "events.csv")
    port = [e for e in events if e["id"].endswith(tuple(f"-p1-{n}" for n in range(1, 9)))]
    assert port and all(e["actors"] in ("Peru", "unassigned") for e in port)
    vocabulary = {(r["kind"], r["name"]) for r in _rows(out / "vocabulary.csv")}
    assert ("theme", "trade") in vocabulary and ("theme", "unreviewed") in vocabulary


def test_refuses_a_non_empty_output_folder(articles_in: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(draft, [str(articles_in), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "not empty" in result.stderr
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_an_empty_output_folder_is_used(articles_in: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(draft, [str(articles_in), "-o", str(out)])
    assert result.exit_code == 0, result.output
    load_dataset(out)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(draft, [str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert missing.exit_code == 1
    assert missing.stderr.startswith("error: ") and missing.stderr.count("\n") == 1
    (tmp_path / "bare").mkdir()
    no_sources = runner.invoke(draft, [str(tmp_path / "bare"), "-o", str(tmp_path / "out")])
    assert no_sources.exit_code == 1 and "sources/" in no_sources.stderr
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2(articles_in: Path) -> None:
    result = CliRunner().invoke(draft, [str(articles_in)])
    assert result.exit_code == 2


def test_bundled_articles_are_drafted(tmp_path: Path) -> None:
    """The bundled articles with their sources.csv: every draft passes the check."""
    root = Path(__file__).resolve().parents[2] / "data"
    given = tmp_path / "in"
    shutil.copytree(root / "sources", given / "sources")
    shutil.copyfile(root / "sources.csv", given / "sources.csv")
    result = CliRunner().invoke(draft, [str(given), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    dates = {row["date"] for row in _rows(tmp_path / "out" / "events.csv")}
    assert {"1961", "2000", "2001", "2022", "2023", "2023-09", "2024-02", "2024-05"} <= dates
    assert "2024-06-18" in dates
