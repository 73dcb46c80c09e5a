"""How `timeline draft`'s time grows with the shape of its input, against ordinary prose.

    python bench/bench_draft.py            # every case
    python bench/bench_draft.py --quick    # smaller cases (about a tenth of the text)

Drafts (``draft_text``: sentences, date mentions, rules) texts of about 40,000 characters:

- prose: the bundled articles (about 20,000 characters): the baseline;
- one-character lines: 20,000 lines of one character each (once 95 s);
- distinct short lines: 8,000 different five-character lines, each read by the recogniser
  (its cost is a few milliseconds a call, so this is the slowest text per character);
- one long line: prose sentences with no line break (the sentence splitter once squared it);
- one long sentence: a 16,000-character sentence of years (the recogniser once squared it).

Then reads a web page of ``--page-mb`` MB with trafilatura, and times the refusal of a page
over the size bound. Prints each time, characters per second, and each case's time per
character as a multiple of prose's, all measured in this run; it asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure the checkout this script belongs to

from click.testing import CliRunner

from timeline.draft.command import draft
from timeline.draft.extract import draft_text
from timeline.draft.resolve import Published


def _prose(size: int) -> str:
    """The bundled articles, up to ``size`` characters (about 20,000: never repeated, as a
    repeated sentence is read once)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "sources").glob("*"))]
    return "\n".join(texts)[:size]


def cases(size: int) -> dict[str, str]:
    """The texts to draft, each about ``size`` characters."""
    rng = random.Random(0)
    alphabet = string.ascii_letters + string.digits + ".,;!?-"
    prose = _prose(size)
    distinct: set[str] = set()
    while len(distinct) < size // 5:
        distinct.add("".join(rng.choice(string.ascii_lowercase) for _ in range(4)) + "\n")
    return {
        "prose (baseline)": prose,
        "one-character lines": "".join(rng.choice(alphabet) + "\n" for _ in range(size // 2)),
        "distinct short lines": "".join(sorted(distinct)),
        "one long line": " ".join(prose.split()),
        "one long sentence": ("in 1999 " * (size // 20))[: size * 2 // 5],
    }


def _time(text: str) -> float:
    started = time.perf_counter()
    draft_text(text, Published.parse("2023-07-18"))
    return time.perf_counter() - started


def _page(size: int) -> bytes:
    """A web page of about ``size`` bytes: many distinct paragraphs of prose."""
    para = "<p>Talk {} went on; the minister said on 3 May 2021 that it would go on.</p>\n"
    count = size // len(para.format(0))
    body = "".join(para.format(n) for n in range(count))
    return f"<html><head><meta charset='utf-8'></head><body><article>{body}</article>".encode()


def bench_pages(mb: float) -> None:
    import trafilatura

    page = _page(int(mb * 1e6))
    started = time.perf_counter()
    text = trafilatura.extract(page.decode("utf-8")) or ""
    took = time.perf_counter() - started
    print(f"page of {len(page):,} bytes: text extracted in {took:.2f} s ({len(text):,} chars)")
    with tempfile.TemporaryDirectory() as tmp:
        given = Path(tmp, "in")
        (given / "sources").mkdir(parents=True)
        (given / "sources" / "huge.html").write_bytes(_page(20_000_000))
        started = time.perf_counter()
        result = CliRunner().invoke(draft, [str(given), "-o", str(Path(tmp, "out"))])
        took = time.perf_counter() - started
    print(f"page of 20 MB: refused in {took:.3f} s (exit {result.exit_code})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="texts of 4,000 characters")
    parser.add_argument("--page-mb", type=float, default=4.0, help="size of the page read")
    args = parser.parse_args()
    size = 4_000 if args.quick else 40_000
    _time("Warm up: the recogniser and the splitter load once, on 4 May 2023.")
    rows = []
    for name, text in cases(size).items():
        took = _time(text)
        rows.append((name, len(text), took))
    base = rows[0][2] / rows[0][1]
    print("| text | characters | seconds | characters/s | time per character vs prose |")
    print("|---|---|---|---|---|")
    for name, chars, took in rows:
        ratio = (took / chars) / base
        print(f"| {name} | {chars:,} | {took:.2f} | {chars / took:,.0f} | {ratio:.1f}× |")
    bench_pages(args.page_mb)


if __name__ == "__main__":
    main()
