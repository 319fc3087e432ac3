"""Synthetic content of any size: N exercises across M guides, with realistic text lengths and
packets whose page allotments fit (each section gets room for its cards)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REGIONS = ["lower-extremities", "upper-extremities", "trunk-and-core", "balance"]
WORDS = (
    "slowly gently hold the leg arm knee hip foot hand toward away from your chest side "
    "bend straighten lift lower keep support steady back start point resistance comfortable"
).split()


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def exercise(rng: random.Random, n: int, region: str) -> str:
    steps = "\n".join(f"{i}. {sentence(rng, 5, 12)}" for i in range(1, rng.randint(4, 6) + 1))
    safety = "\n".join(f'  - "{sentence(rng, 6, 12)}"' for _ in range(rng.randint(1, 3)))
    hold = rng.choice(["none", "30", "20-40"])
    relation = f"reps_and_hold: {rng.choice(['both', 'either'])}\n" if hold != "none" else ""
    return (
        f"---\ntitle: Synthetic Exercise {n}\nsummary: {sentence(rng, 8, 14)}\nregion: {region}\n"
        f"type: {rng.choice(['passive', 'active', 'stretch', 'strengthening'])}\n"
        f"position: {rng.choice(['sitting', 'standing', 'lying-on-back'])}\nhelper: {rng.choice(['none', 'caregiver', 'optional'])}\n"
        f"reps: {rng.choice(['10', '8-10', '5'])}\nhold: {hold}\n{relation}"
        f"sides: each-leg\nfrequency: Once a day\naliases: [synthetic {n}]\nsafety:\n{safety}\n"
        f"sources:\n  - Synthetic benchmark content\nreviewed:\nreviewed_by:\n---\n\n{steps}\n"
    )


def generate(dest: Path, exercises: int, guides: int, repo: Path, seed: int = 1) -> Path:
    """A project folder at `dest` with the repo's templates and settings and synthetic content."""
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    for name in ("templates", "assets"):
        shutil.copytree(repo / name, dest / name)
    shutil.copy2(repo / "mkdocs.yml", dest / "mkdocs.yml")
    content = dest / "content"
    (content / "exercises").mkdir(parents=True)
    (content / "guides").mkdir()
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("---\ntitle: About\n---\n\nSynthetic benchmark content.\n")
    for name in ("regions.yml", "vocabulary.yml"):
        shutil.copy2(repo / "content" / name, content / name)
    per_guide = [[] for _ in range(guides)]
    for n in range(1, exercises + 1):
        region = REGIONS[n % len(REGIONS)]
        slug = f"synthetic-{n:05d}"
        (content / "exercises" / f"{slug}.md").write_text(exercise(rng, n, region))
        per_guide[n % guides].append((region, slug))
    for g, items in enumerate(per_guide, 1):
        sections = []
        for region in REGIONS:
            slugs = [s for r, s in items if r == region]
            if slugs:
                pages = max(1, -(-len(slugs) // 3))  # about three cards a page fit comfortably
                sections.append(
                    f"  - region: {region}\n    pages: {pages}\n    exercises:\n"
                    + "".join(f"      - {s}\n" for s in slugs)
                )
        (content / "guides" / f"synthetic-guide-{g:03d}.yml").write_text(
            f"title: Synthetic Guide {g}\nprint_title: Synthetic {g}\norder: {g}\nsummary: Benchmark content.\n"
            f'general_instructions:\n  - "Once a day."\n  - "Stop if it hurts."\nsections:\n' + "".join(sections)
        )
    return dest
