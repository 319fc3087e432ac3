"""Prove a change to the figure code changes no drawing: hash the SVG of every shipped figure and of
several hundred generated poses (every position, view, surface and side, with one or two moving
joints, helpers, own hands and equipment drawn at random from the pose language, seeded), and
compare with hashes written before the change.

    .venv/bin/python tools/figure_hashes.py before.json            # before the change
    .venv/bin/python tools/figure_hashes.py after.json before.json # after it: lists what differs
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handbook import checking  # noqa: E402
from handbook.diagnostics import Report  # noqa: E402
from handbook.figures import parse_figure, render_svg, spec  # noqa: E402
from handbook.load import parse_yaml  # noqa: E402


def _generated(rnd: random.Random):
    points = list(spec.POINTS)
    for pos, view, surf, side in itertools.product(
        spec.POSITIONS, spec.VIEWS, spec.SURFACES, ("right", "left", "both")
    ):
        joints = list(spec.CLOSE_UPS.get(view, spec.JOINTS))
        for _ in range(3):
            lines = []
            for j in rnd.sample(joints, k=min(len(joints), rnd.choice((1, 2)))):
                m = rnd.choice(list(spec.JOINTS[j].motions.values()))
                a, b = rnd.choice((0, 10)), (rnd.randint(20, m.norm) if m.norm > 20 else m.norm)
                lines.append(f"    {j}: {m.key} {a} to {b}")
            extra = ""
            if rnd.random() < 0.4:
                extra += f"  helper: [{rnd.choice(points)}]\n"
            if rnd.random() < 0.2:
                extra += f"  hands: [{rnd.choice(points)}]\n"
            if rnd.random() < 0.15:
                extra += f"  equipment: [{rnd.choice(list(spec.EQUIPMENT))}]\n"
            head = f"figure:\n  position: {pos}\n  view: {view}\n  side: {side}\n  surface: {surf}\n  moves:\n"
            yield head + "\n".join(lines) + "\n" + extra


def hashes() -> dict[str, str]:
    out = {}
    project, _ = checking.check(ROOT)
    for slug, ex in sorted(project.exercises.items()):
        if ex.pose is not None:
            out["shipped: " + slug] = hashlib.md5(render_svg(ex.pose, ex.figure_alt).encode()).hexdigest()
    for text in _generated(random.Random(7)):
        item = parse_yaml(text, 1, "x", Report())
        fig, problems = parse_figure(item.value["figure"])
        if fig is not None and not problems:
            out[text] = hashlib.md5(render_svg(fig, "t", "d").encode()).hexdigest()
    return out


def main() -> int:
    now = hashes()
    Path(sys.argv[1]).write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(now)} drawings hashed into {sys.argv[1]}")
    if len(sys.argv) > 2:
        before = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
        changed = sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k))
        for key in changed:
            print("differs:", key.replace("\n", " | ")[:160])
        print(f"{len(changed)} of {len(now)} differ")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
