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


def _name(fig: Figure, joint, side: str) -> tuple:
    """("the right hip", plural?) for a joint on a side."""
    if not joint.paired:
        return joint.shown, False
    if joint.key in ("fingers", "toes"):
        return (f"the {side} {joint.key}" if side in ("left", "right") else f"the {joint.key}"), True
    if side == "both":
        return f"both {joint.key}s", True
    return f"the {side} {joint.key}", False


def _verb(verb: str, plural: bool) -> str:
    if not plural:
        return verb
    first, _, rest = verb.partition(" ")
    if first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return f"{first} {rest}".strip()


def _cap(t: str) -> str:
    return t[:1].upper() + t[1:]


def _where(joint, mo, v: float) -> str:
    """'straight', '40 degrees of external rotation'."""
    if v == 0:
        return "straight" if mo.dof == "flex" else "the middle"
    if v > 0:
        return f"{v:g} degrees of {mo.key}"
    opp = next((o for o in joint.motions.values() if o.dof == mo.dof and o.sign != mo.sign), None)
    return f"{-v:g} degrees of {opp.key if opp else 'the other way'}"


def _one(fig: Figure) -> str:
    pos = POSITIONS[fig.position].shown
    surf = SURFACES[fig.surface].shown
    first = _cap(pos)
    if surf and fig.surface != "floor" or fig.surface == "floor" and fig.position != "standing":
        first += " " + surf
    view = VIEWS[fig.view].shown
    if fig.position in ("lying-on-back", "side-lying") and fig.view == "front":
        view = "seen from the feet"
    out = [first + ", " + view + "."]
    if fig.equipment:
        out.append("With " + _join([EQUIPMENT[e].shown for e in fig.equipment]) + ".")
    if fig.helper:
        out.append(
            "The helper holds "
            + _join([POINTS[h].shown.replace("on the ", "the ").replace("at the ", "the ") for h in fig.helper])
            + "."
        )
    if fig.hands:
        out.append(
            "The person's own hands hold "
            + _join([POINTS[h].shown.replace("on the ", "the ").replace("at the ", "the ") for h in fig.hands])
            + "."
        )
    held = [m for m in fig.moves if m.start == m.end]
    moving = [m for m in fig.moves if m.start != m.end]
    for m in moving:
        j = JOINTS[m.joint]
        mo = j.motions[m.motion]
        side = m.side or fig.side
        name, plural = _name(fig, j, side)
        if m.joint in ("neck", "trunk") and mo.dof in ("abd", "rot"):
            to = "to each side" if side == "both" else f"to the {side}"
            what = (
                "the knees fall"
                if m.joint == "trunk" and fig.position == "lying-on-back" and mo.dof == "rot"
                else f"{name} {mo.verb}"
            )
            out.append(f"{_cap(what)} {to}, up to about {abs(m.end):g} degrees.")
            continue
        if 0 <= m.start < m.end:
            frm = f"{m.start:g} degrees" if m.start else "straight" if mo.dof == "flex" else "the middle"
            out.append(f"{_cap(name)} {_verb(mo.verb, plural)} ({m.motion}) from {frm} to about {m.end:g} degrees.")
        else:
            out.append(
                f"{_cap(name)} {'move' if plural else 'moves'} from {_where(j, mo, m.start)} to "
                f"{'about ' if m.end else ''}{_where(j, mo, m.end)}."
            )
    if held:
        words = []
        for m in held:
            w = _where(JOINTS[m.joint], JOINTS[m.joint].motions[m.motion], m.end)
            words.append(_name(fig, JOINTS[m.joint], m.side or fig.side)[0] + (" " if m.end == 0 else " at ") + w)
        out.append("Held still: " + _join(words) + ".")
    if not moving:
        out.append("The person holds this position.")
    return " ".join(out)


def alt_text(figure: Figure, second: str = "Another way") -> str:
    """What the picture shows; `second` names the second pose as the steps do ("Part 2", "Or")."""
    text = _one(figure)
    if figure.another is not None:
        text += f" {second}: " + _one(figure.another)
    return text
