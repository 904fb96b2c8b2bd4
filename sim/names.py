"""One way to suggest the name a user meant: "did you mean ...?" everywhere.

Scenario files, command files, the console, the command line and the catalogue's own check all
call :func:`suggest`, so a misspelt or half-remembered name gets the same answer wherever it is
typed. Spelling mistakes are caught by similarity of the whole name (``demarsh`` -> ``demarche``);
half-remembered names by a shared word (``intimidation`` -> ``intimidation_office_holders``,
``financial_investigation`` -> ``investigate``), where words are the parts between ``_``, ``-`` and
``.`` and two words match when they are alike or share a stem of five letters.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

_SPLIT = re.compile(r"[_\-.\s]+")


def _words(name: str) -> list[str]:
    return [w for w in _SPLIT.split(name.lower()) if w]


def _alike(a: str, b: str) -> bool:
    stem = 0
    for x, y in zip(a, b):
        if x != y:
            break
        stem += 1
    return a == b or stem >= 5 or (min(len(a), len(b)) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)


def closest(word: str, options: Collection[str], by_words: bool = True) -> str | None:
    """The option ``word`` most likely meant, or None when nothing is near.

    ``by_words=False`` looks at spelling only: for free text such as a spreadsheet's column
    headers, where a facilitator's own "Notes" column is not a misspelt "Controller Notes".
    """
    names = sorted(set(options))
    if not word or not names:
        return None
    spelt = difflib.get_close_matches(word, names, n=1, cutoff=0.5)
    if spelt or not by_words:
        return spelt[0] if spelt else None
    words = _words(word)
    scored = []
    for name in names:
        shared = sum(1 for w in words if any(_alike(w, o) for o in _words(name)))
        if shared:
            scored.append((shared, difflib.SequenceMatcher(None, word, name).ratio(), name))
    if not scored:
        return None
    return max(scored)[2]


def suggest(word: str, options: Collection[str], by_words: bool = True) -> str:
    """``"; did you mean 'x'?"`` for the option ``word`` most likely meant, or "" (see :func:`closest`)."""
    near = closest(word, options, by_words)
    if near is None:
        return ""
    from sim.i18n import M_

    return M_("; did you mean {near!r}?", near=near)  # logged in English (a refusal's reason), shown translated
