"""`timeline review` on the command line: clear errors, and --finish writing a dataset."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from timeline.cli import main
from timeline.load.loader import load_dataset
from timeline.review.store import ReviewStore


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_finish_writes_the_accepted_events(draft: Path, tmp_path: Path) -> None:
    (draft / "metadata.json").write_text(json.dumps({"title": "Visit", "status": "draft"}))
    ReviewStore(draft).commit({"op": "status", "ids": ["e1", "e3"], "status": "accepted"})
    code, output = run("review", str(draft), "--finish", "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert output.startswith(f"wrote {tmp_path / 'out'}: 2 events")
    dataset = load_dataset(tmp_path / "out")
    assert sorted(dataset.events["id"]) == ["e1", "e3"]
    assert json.loads((tmp_path / "out" / "metadata.json").read_text()) == {"title": "Visit"}
    assert load_dataset(draft).metadata.is_draft and not dataset.metadata.is_draft
    code, output = run("review", str(draft), "--finish", "-o", str(tmp_path / "out"))
    assert code == 1 and "is not empty" in output


def test_finish_drops_the_draft_status_of_a_metadata_file_with_a_bom(
    draft: Path, tmp_path: Path
) -> None:
    """Reproduction: a metadata.json saved with a byte-order mark (which the loader reads)
    was copied as it was, so the finished dataset still said it was a draft."""
    text = json.dumps({"title": "Visite à Pyongyang", "status": "draft"}, ensure_ascii=False)
    (draft / "metadata.json").write_text(text, encoding="utf-8-sig")
    ReviewStore(draft).commit({"op": "status", "ids": ["e1"], "status": "accepted"})
    code, output = run("review", str(draft), "--finish", "-o", str(tmp_path / "out"))
    assert code == 0, output
    written = (tmp_path / "out" / "metadata.json").read_bytes()
    assert json.loads(written.decode("utf-8")) == {"title": "Visite à Pyongyang"}
    assert not load_dataset(tmp_path / "out").metadata.is_draft


def test_finish_defaults_to_a_folder_beside_the_draft(draft: Path) -> None:
    ReviewStore(draft).commit({"op": "status", "ids": ["e2"], "status": "accepted"})
    code, output = run("review", str(draft), "--finish")
    assert code == 0, output
    assert len(load_dataset(draft.parent / "draft-reviewed").events) == 1


def test_only_loopback(draft: Path) -> None:
    code, output = run("review", str(draft), "--host", "0.0.0.0")
    assert code == 1 and "listens on this machine only" in output
    assert not (draft / ".review").exists()


def test_output_without_finish_is_a_usage_error(draft: Path, tmp_path: Path) -> None:
    code, output = run("review", str(draft), "-o", str(tmp_path / "x"))
    assert code == 2 and "only used with --finish" in output


def test_a_broken_draft_is_reported_not_reviewed(draft: Path) -> None:
    (draft / "excerpts.csv").write_text("event_id,source_id,quote\ne1,a1,Not in the article.\n")
    code, output = run("review", str(draft), "--finish")
    assert code == 1
    assert "excerpts.csv:2" in output and "Not in the article" in output
    assert not (draft / ".review").exists()


def test_an_outside_edit_stops_the_review(draft: Path) -> None:
    ReviewStore(draft)
    (draft / "vocabulary.csv").write_text("kind,name\nactor,Russia\n")
    code, output = run("review", str(draft), "--finish")
    assert code == 1
    assert "vocabulary.csv was changed outside the review" in output
    assert (draft / "vocabulary.csv").read_text() == "kind,name\nactor,Russia\n"
