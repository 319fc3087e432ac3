"""Plain-English alt text of a Figure, from the same declarations the parser reads."""

from __future__ import annotations

from .parse import Figure
from .spec import EQUIPMENT, JOINTS, POINTS, POSITIONS, SURFACES, VIEWS


def _join(words: list) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _angle(x: float) -> str:
    x = abs(x)
    if x == 0:
        return "straight"
    return f"about {x:g} degrees"


def _one(fig: Figure) -> str:
    pos = POSITIONS[fig.position].shown
    surf = SURFACES[fig.surface].shown
    first = pos[0].upper() + pos[1:]
    if surf and fig.surface not in ("floor",) or fig.surface == "floor" and fig.position != "standing":
        first += " " + surf
    first += ", " + VIEWS[fig.view].shown + "."
    out = [first]
    if fig.equipment:
        out.append("With " + _join([EQUIPMENT[e].shown for e in fig.equipment]) + ".")
    if fig.helper:
        out.append("The helper holds " + _join([POINTS[h].shown.replace("on the ", "the ").replace("at the ", "the ")
                                                 for h in fig.helper]) + ".")
    held = [m for m in fig.moves if m.start == m.end]
    moving = [m for m in fig.moves if m.start != m.end]
    side = {"right": "right ", "left": "left ", "both": ""}[fig.side]
    for m in moving:
        j = JOINTS[m.joint]
        mo = j.motions[m.motion]
        name = j.shown
        if j.paired:
            name = ("both " + j.key.rstrip("s") + "s" if j.key not in ("fingers", "toes") else "the " + j.key) \
                if fig.side == "both" else f"the {side}{j.key}"
        if m.joint in ("neck", "trunk") and mo.dof in ("abd", "rot"):
            to = "to each side" if fig.side == "both" else f"to the {fig.side}"
            out.append(f"{name[0].upper() + name[1:]} {mo.verb} {to}, up to about {abs(m.end):g} degrees.")
            continue
        if m.start == 0:
            frm = "from straight" if mo.dof == "flex" else "from the middle"
        elif m.start < 0:
            opp = next((o for o in j.motions.values() if o.dof == mo.dof and o.sign != mo.sign), None)
            frm = f"from {abs(m.start):g} degrees of {opp.key if opp else 'the other way'}"
        else:
            frm = f"from {m.start:g} degrees"
        out.append(f"{name[0].upper() + name[1:]} {mo.verb} ({m.motion}) {frm} to {_angle(m.end)}.")
    if held:
        out.append("Held still: " + _join([f"{JOINTS[m.joint].shown} at {abs(m.end):g} degrees of "
                                           f"{m.motion if m.end >= 0 else 'the opposite'}" for m in held]) + ".")
    if not moving:
        out.append("The person holds this position.")
    return " ".join(out)


def alt_text(figure: Figure) -> str:
    text = _one(figure)
    if figure.another is not None:
        text += " Another way: " + _one(figure.another)
    return text
