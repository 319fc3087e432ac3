"""The shipped content: every exercise of the sources, in the sources' order, with real doses."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import ROOT

from handbook import checking

# The content under test: the shipped content, or an editor's changed copy (tests/test_workflow.py
# runs these tests on one, as CI runs them on a pull request).
CONTENT_ROOT = Path(os.environ.get("MOVE_WELL_CONTENT_ROOT") or ROOT)


@pytest.fixture(scope="module")
def proj():
    project, report = checking.check(CONTENT_ROOT, today=dt.date(2026, 11, 22))
    assert not report.errors, "\n".join(p.format() for p in report.errors)
    return project


def slugs(guide, region):
    return [e.slug for s in guide.sections if s.region.key == region for e in s.exercises]


def guide(proj, slug):
    return next(g for g in proj.guides if g.slug == slug)


def in_order(items: list, expected: list) -> bool:
    """Every expected item is there, in this order (an editor may add others around them)."""
    it = iter(items)
    return all(any(x == e for x in it) for e in expected)


def test_in_order():
    assert in_order(["a", "new", "b", "c"], ["a", "b", "c"])
    assert not in_order(["b", "a", "c"], ["a", "b", "c"]) and not in_order(["a", "c"], ["a", "b", "c"])


def test_passive_rom_has_all_16_in_source_order(proj):
    g = guide(proj, "passive-range-of-motion")
    assert in_order(
        slugs(g, "lower-extremities"),
        [
            "hip-and-knee-flexion",
            "hip-rotation",
            "hip-abduction",
            "ankle-rotation",
            "toe-flexion-and-extension",
            "heel-cord-stretching",
            "lumbar-rotation",
            "hamstring-stretch",
        ],
    )
    assert in_order(
        slugs(g, "upper-extremities"),
        [
            "elbow-flexion-and-extension",
            "shoulder-flexion-and-extension",
            "shoulder-internal-and-external-rotation",
            "horizontal-shoulder-abduction",
            "neck-rotation",
            "neck-flexion",
            "finger-and-wrist-flexion-and-extension",
            "thumb-flexion-and-extension",
        ],
    )
    assert in_order([s.region.key for s in g.sections], ["lower-extremities", "upper-extremities"])
    assert g.print_title == "ROM Exercises"


def test_passive_rom_doses_follow_the_general_instruction(proj):
    """S1: "Ideally ... once per day"; "Do each exercise 10 times or move to the point of resistance and
    hold for 30 seconds" (alternatives); legs "ten times on each leg"; arms "Do each exercise ten times"."""
    for ex in guide(proj, "passive-range-of-motion").exercises:
        assert ex.frequency == "Ideally once a day", ex.slug
        assert ex.helper == "caregiver" and ex.type == "passive"
        if ex.slug == "horizontal-shoulder-abduction":  # part 1 is held "as tolerated": the note gives both parts
            assert "Part 1: hold as long as is comfortable" in ex.dose_note and ex.ways == "parts"
            continue
        assert (ex.reps.low, ex.hold.low, ex.reps_and_hold) == (10, 30, "either"), ex.slug
        assert ", or hold 30 seconds" in ex.dose_line and "Hold 30" not in ex.dose_line
    lower = [e for e in guide(proj, "passive-range-of-motion").exercises if e.region.key == "lower-extremities"]
    assert all(e.position == "lying-on-back" for e in lower)
    assert (
        proj.exercises["hip-and-knee-flexion"].dose_line
        == "10 times, each leg, or hold 30 seconds · Ideally once a day"
    )
    for slug in ("neck-rotation", "neck-flexion", "lumbar-rotation", "cervical-rotation"):  # no arms or legs to switch
        assert not any(w in proj.exercises[slug].dose_line for w in ("arm", "leg")), slug


def test_two_ways_kept_where_the_source_gives_two(proj):
    for slug in ("hip-rotation", "heel-cord-stretching", "horizontal-shoulder-abduction"):
        methods = proj.exercises[slug].methods
        assert len(methods) == 2 and all(m.steps for m in methods), slug


def test_strengthening_has_the_eight_described_exercises(proj):
    g = guide(proj, "strengthening-for-als")
    assert in_order(
        [e.slug for e in g.exercises],
        [
            "isometric-shoulder-strengthening",
            "supported-arm-raises",
            "hand-and-grip-exercises",
            "seated-core-stabilization",
            "hip-strengthening",
            "ankle-and-foot-strengthening",
            "respiratory-muscle-training",
            "functional-movement-patterns",
        ],
    )
    assert proj.exercises["isometric-shoulder-strengthening"].hold.number() == "5 to 10"
    # the source gives no counts: nothing may be invented
    assert all(e.reps.word == "as-prescribed" for e in g.exercises)
    assert all(e.dose_note for e in g.exercises)


def test_ms_guide_exercises_and_doses(proj):
    g = guide(proj, "mobility-for-ms")
    assert {e.slug for e in g.exercises} >= {
        "knee-to-chest",
        "spinal-twist",
        "seated-shoulder-flexion",
        "cervical-rotation",
        "bird-dog",
        "sit-to-stand",
        "single-leg-stand",
        "glute-bridge",
        "stationary-lunge",
        "counter-supported-calf-stretch",
        "supported-mini-squats",
        "supported-marching",
        "standing-balance-with-spotter",
    }
    ex = proj.exercises
    # the order of the source within each section
    assert in_order(
        slugs(g, "lower-extremities"),
        [
            "knee-to-chest",
            "sit-to-stand",
            "stationary-lunge",
            "counter-supported-calf-stretch",
            "supported-mini-squats",
        ],
    )
    # S4 L135: be comfortable with single-leg stands before lunges, so the balance section prints first
    order = [e.slug for e in g.exercises]
    assert order.index("single-leg-stand") < order.index("stationary-lunge")
    assert in_order(slugs(g, "trunk-and-core"), ["spinal-twist", "bird-dog", "glute-bridge"])
    assert (str(ex["bird-dog"].reps), str(ex["bird-dog"].sets), str(ex["bird-dog"].rest), str(ex["bird-dog"].hold)) == (
        "6-8",
        "2",
        "30-60",
        "3-5",
    )
    assert (ex["sit-to-stand"].reps.low, ex["sit-to-stand"].sets.low) == (10, 2)
    assert (str(ex["single-leg-stand"].reps), str(ex["single-leg-stand"].hold)) == ("5", "10-15")
    assert (str(ex["glute-bridge"].sets), str(ex["stationary-lunge"].reps)) == ("2-3", "8-10")
    assert (ex["cervical-rotation"].reps.low, ex["cervical-rotation"].hold.word) == (5, "none")
    assert str(ex["knee-to-chest"].hold) == "30-60" and str(ex["seated-shoulder-flexion"].hold) == "20-40"
    # S3 L58, L70: one forum member's routine is not a prescription
    for slug in ("standing-balance-with-spotter", "counter-supported-calf-stretch", "supported-mini-squats"):
        assert ex[slug].community and ex[slug].reps.word == "as-prescribed", slug
    assert "30 seconds, 5 times" in ex["standing-balance-with-spotter"].dose_note


def test_supported_exercises_keep_their_cautions(proj):
    for slug in (
        "counter-supported-calf-stretch",
        "supported-mini-squats",
        "supported-marching",
        "standing-balance-with-spotter",
        "single-leg-stand",
    ):
        text = " ".join(proj.exercises[slug].safety).lower()
        assert "hold on to" in text or "grab" in text or "counter" in text or "hand on" in text, slug
    # S3 L18, L70: balance on foam or with eyes closed only with another person
    assert "never do this alone" in " ".join(proj.exercises["standing-balance-with-spotter"].safety).lower()
    assert "single leg stand" in " ".join(proj.exercises["stationary-lunge"].safety).lower()


def test_strengthening_cautions(proj):
    for ex in guide(proj, "strengthening-for-als").exercises:
        text = " ".join(ex.safety)
        assert "30 minutes" in text and "chest pain" in text, ex.slug
    pages = {p.slug: p.body for p in proj.pages}
    stop = pages["when-to-stop"]
    for phrase in (
        "30 minutes",
        "48 hours",
        "3 to 6 months",
        "chest pain or pressure",
        "dizziness",
        "speech or swallowing",
        "near-falls",
    ):
        assert phrase in stop, phrase


def test_every_exercise_complete_with_a_valid_review(proj):
    """Whatever editors add: every exercise has steps, a caution and its sources, and a review, once
    filled in, names who reviewed it on a date that has happened."""
    assert proj.exercises
    for ex in proj.exercises.values():
        assert ex.safety and ex.all_steps and ex.sources, ex.slug
        if ex.review.reviewed is not None:
            assert ex.review.reviewed_by and ex.review.reviewed <= dt.date.today(), ex.slug


def test_every_region_in_use_is_declared(proj):
    for ex in proj.exercises.values():
        assert ex.region.key in proj.regions, ex.slug
    for g in proj.guides:
        for section in g.sections:
            assert section.exercises, (g.slug, section.title)


def test_aliases_people_search_for(proj):
    aliases = {a.lower() for e in proj.exercises.values() for a in e.aliases}
    for word in ("calf stretch", "heel cord", "achilles stretch", "quads", "neck turn"):
        assert word in aliases, word


def test_pages_from_the_sources(proj):
    assert in_order(
        [p.slug for p in proj.pages],
        [
            "why-range-of-motion-matters",
            "developing-a-routine",
            "how-caregivers-can-help",
            "general-guidelines",
            "when-to-stop",
            "about",
        ],
    )
