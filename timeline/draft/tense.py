"""The tense around a date mention, which decides whether a bare 'Tuesday' or 'February' is the
one before publication or the one after. A word-list heuristic: no English parser is needed."""

from __future__ import annotations

import itertools
import re

PAST, FUTURE = "past", "future"

_FUTURE = {
    "will", "won't", "shall", "'ll", "’ll", "upcoming", "forthcoming", "planned", "plans",
    "plan", "scheduled", "expected", "expects", "due", "may", "might", "could", "would",
    "intends", "aims", "tomorrow", "next", "coming", "set", "to be", "going to", "poised",
    "slated", "prepares", "preparing", "anticipated",
}  # fmt: skip
_PAST = {
    "was", "were", "had", "did", "ago", "yesterday", "last", "announced", "arrived", "signed",
    "visited", "hosted", "launched",
    # irregular past forms that are not also present forms ('cut', 'set', 'hit' are left out)
    "arose", "awoke", "bore", "became", "began", "bent", "bit", "bled", "blew", "broke", "bred",
    "brought", "built", "burnt", "bought", "caught", "chose", "clung", "came", "crept", "dealt",
    "dug", "drew", "drank", "drove", "ate", "fell", "fed", "felt", "fought", "found", "fled",
    "flung", "flew", "forbade", "forgot", "forgave", "froze", "got", "gave", "went", "grew",
    "hung", "heard", "hid", "held", "kept", "knelt", "knew", "laid", "led", "leapt", "left",
    "lent", "lost", "made", "meant", "met", "paid", "rode", "rang", "rose", "ran", "said", "saw",
    "sought", "sold", "sent", "shook", "shone", "shot", "shrank", "sang", "sank", "sat", "slept",
    "slid", "spoke", "sped", "spent", "spun", "sprang", "stood", "stole", "stuck", "stung",
    "struck", "strove", "swore", "swept", "swam", "swung", "took", "taught", "tore", "told",
    "thought", "threw", "understood", "undertook", "woke", "wore", "wove", "wept", "won",
    "withdrew", "withheld", "wrote", "overtook", "overthrew", "oversaw", "upheld", "foresaw",
    "mistook", "rebuilt", "underwent", "outlined",
}  # fmt: skip
# words ending in -ed that are rarely a past-tense verb in news prose
_NOT_PAST = {
    "need", "needed", "indeed", "speed", "seed", "feed", "bed", "red", "shed", "hundred",
    "united", "based", "alleged", "so-called", "planned", "expected", "scheduled", "proposed",
    "advanced", "armed", "detailed", "limited", "related", "interested", "concerned",
    "supposed", "estimated", "renewed", "heightened", "increased", "sanctioned", "isolated",
    "anticipated", "sustained", "unprecedented", "shared", "skilled",
    "embattled", "beleaguered", "exceed", "proceed", "succeed", "greed", "breed", "reed",
}  # fmt: skip
_FINITE = {"was", "were", "had", "did", "ago", "yesterday", "last"}
_PLANNED = {"expected", "planned", "scheduled", "anticipated"}
_PASSIVE_OR_FUTURE_AUX = {"is", "are", "be", "being", "am", "will", "to"}
_WINDOW = 16  # tokens each side: a verb further away belongs to another clause
_BREAK = re.compile(r"[;:—–()]|,")
_TOKEN = re.compile(r"[A-Za-z’']+|[;:—–(),]")


def tense_near(sentence: str, start: int, end: int) -> str | None:
    """'past', 'future' or None (no marker) for the mention at ``[start, end)`` of ``sentence``.

    Every tense marker in the sentence votes; the nearest one to the mention wins, a clause
    break (comma, semicolon, dash) between them counting as three words of distance.
    """
    best: tuple[float, str] | None = None
    for side, tokens in ((-1, _tokens_before(sentence, start)), (1, _tokens_after(sentence, end))):
        distance, breaks, previous = 0, 0, ""
        for position, token in enumerate(tokens[:_WINDOW]):
            if _BREAK.fullmatch(token):
                breaks += 1
                continue
            distance += 1
            word = token.lower()
            if side < 0:
                neighbour = tokens[position + 1].lower() if position + 1 < len(tokens) else ""
                following = tokens[position - 1].lower() if position else ""
            else:
                neighbour = previous
                following = tokens[position + 1].lower() if position + 1 < len(tokens) else ""
            marker = _marker(word, neighbour, following)
            previous = word
            if marker:
                score = distance + 3 * breaks
                if best is None or score < best[0]:
                    best = (score, marker)
                break
    return best[1] if best else None


def _tokens_before(sentence: str, start: int) -> list[str]:
    """The tokens that end by ``start``, nearest first: as many as a look needs (the window
    and one more), read back only as far as they go, so a long sentence costs no more."""
    need, width = _WINDOW + 1, 256
    while True:
        pos = max(0, start - width)
        tokens = _TOKEN.findall(sentence, pos, start)
        if pos == 0:
            return tokens[::-1][:need]
        if len(tokens) > need:  # the first may be cut by the window: it is not needed
            return tokens[::-1][:need]
        width *= 4


def _tokens_after(sentence: str, end: int) -> list[str]:
    """The tokens from ``end`` on, nearest first: as many as a look needs."""
    return [m.group() for m in itertools.islice(_TOKEN.finditer(sentence, end), _WINDOW + 1)]


def _marker(word: str, before: str, after: str) -> str | None:
    """The tense a word marks, given the words before and after it."""
    if word in _FUTURE:
        if word in _PLANNED and before in {"was", "were", "had"}:
            return PAST
        return FUTURE
    if word in _PAST:
        participle = word not in _FINITE and before in _PASSIVE_OR_FUTURE_AUX
        return None if participle else PAST
    if word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST:
        passive = before in _PASSIVE_OR_FUTURE_AUX or after == "by"
        return None if passive else PAST
    return None
