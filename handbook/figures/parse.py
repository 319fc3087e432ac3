"""Read a `figure:` mapping into a Figure, reporting every problem at its line (never raising)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..diagnostics import did_you_mean
from . import kin
from .spec import (
    CLOSE_UP_SEGMENTS,
    CLOSE_UPS,
    DEFAULT_SURFACE,
    EQUIPMENT,
    JOINTS,
    KEYS,
    MAX_HELPER,
    MAX_MOVES,
    MOTION_ALIASES,
    PLANE_SHOWN,
    POINTS,
    POSITIONS,
    SEGMENT_LIMB,
    SIDES,
    SURFACES,
    VIEWS,
)


@dataclass(frozen=True, slots=True)
class FigureProblem:
    line: int
    field: str  # "figure.moves.hip"
    message: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Move:
    """One motion of one joint: degrees in the direction of `motion` (negative: the opposite one)."""

    joint: str  # "hip"
    motion: str  # "flexion"
    start: float
    end: float
    side: str = ""  # "left", "right", "both" when written on the joint ("left shoulder"); "" = the figure's

    @property
    def moving(self) -> bool:
        return self.start != self.end


@dataclass(frozen=True, slots=True)
class Figure:
    position: str  # a key of spec.POSITIONS
    view: str  # a key of spec.VIEWS
    side: str  # right, left, both
    surface: str  # a key of spec.SURFACES
    moves: tuple = ()  # tuple[Move, ...]: joints that move, and joints held at an angle (start == end)
    helper: tuple = ()  # tuple[str, ...]: keys of spec.POINTS
    equipment: tuple = ()  # tuple[str, ...]: keys of spec.EQUIPMENT
    another: "Figure | None" = None  # the second pose ("Another way", "Part 2")
    line: int = 0
    hands: tuple = ()  # tuple[str, ...]: keys of spec.POINTS the person's own hands hold (end pose)

    @property
    def moving(self) -> tuple:
        return tuple(m for m in self.moves if m.start != m.end)


def _kind(v) -> str:
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, bool):
        return "yes/no"
    if isinstance(v, (int, float)):
        return f"the number {v}"
    if v is None:
        return "nothing"
    if isinstance(v, str):
        return f'"{v}"'
    return f'"{v}"'


def _line(item, key: bool = False) -> int:
    ln = (getattr(item, "key_line", 0) or 0) if key else 0
    return ln or getattr(item, "line", 0) or 1


def _words(item, field, table, name, problems, example):
    """One word of a vocabulary table, or None after a problem."""
    v = getattr(item, "value", None)
    if not isinstance(v, str) or isinstance(v, bool):
        problems.append(
            FigureProblem(
                _line(item),
                field,
                f"expected one of: {', '.join(table)}; got {_kind(v)}",
                f"write it as text, e.g. {example}",
            )
        )
        return None
    w = " ".join(v.lower().split())
    if w not in table:
        problems.append(
            FigureProblem(
                _line(item),
                field,
                f'unknown {name} "{v.strip()}"; expected one of: {", ".join(table)}',
                did_you_mean(w, table),
            )
        )
        return None
    return w


_TO = {"to", "->", "–", "—", "-"}


def _number(tok: str):
    tok = tok.rstrip("°")
    try:
        x = float(tok)
    except ValueError:
        return None
    if x != x or x in (float("inf"), float("-inf")):
        return None
    return x


def _motion_word(words: list, joint) -> tuple:
    """Canonical motion key for words like ["internal", "rotation"], or (None, written)."""
    w = " ".join(words).replace("-", " ").lower()
    w = MOTION_ALIASES.get(w, w) or w
    return (w if w in joint.motions else None), w


_MOTION_CACHE: dict = {}


def _parse_motion(text: str, joint, field: str, line: int, problems: list):
    """ "flexion 0 to 90" / "internal rotation 30 to external rotation 30" / "flexion 90" -> Move.
    Memoised: the same words give the same move (or the same problems) wherever they are written."""
    key = (joint.key, text)
    hit = _MOTION_CACHE.get(key)
    if hit is None:
        found: list = []
        mv = _parse_motion_text(text, joint, field, 0, found)
        hit = (mv, tuple((p.message, p.hint) for p in found))
        if len(_MOTION_CACHE) > 20000:
            _MOTION_CACHE.clear()
        _MOTION_CACHE[key] = hit
    for message, hint in hit[1]:
        problems.append(FigureProblem(line, field, message, hint))
    return hit[0]


def _parse_motion_text(text: str, joint, field: str, line: int, problems: list):
    """[words] number [to [words] number]: the motion and its angles, or None after a problem."""
    toks = text.replace("°", " ").replace(",", " ").split()
    if toks and toks[-1].lower() in ("degrees", "deg"):
        toks.pop()
    example = f"{joint.key}: {next(iter(joint.motions))} 0 to 30"
    words1, i = _words_to_number(toks, 0)
    if not words1 or i >= len(toks) or any(w.lower() in _TO for w in words1):
        hint = f"e.g. {example} (degrees); motions of {joint.shown}: {', '.join(joint.motions)}"
        problems.append(FigureProblem(line, field, f'cannot read "{text}"; write the motion and its angles', hint))
        return None
    m1 = _motion_or_problem(words1, joint, field, line, problems)
    if m1 is None:
        return None
    a = _number(toks[i])
    i += 1
    if i == len(toks):
        return _checked(joint, m1, a, a, field, line, problems, text)
    if toks[i].lower() not in _TO:
        message = f'cannot read "{text}"; expected "to" after {toks[i - 1]}'
        problems.append(FigureProblem(line, field, message, f"e.g. {example}"))
        return None
    words2, i = _words_to_number(toks, i + 1)
    if i != len(toks) - 1:
        message = f'cannot read "{text}"; expected one angle after "to"'
        problems.append(FigureProblem(line, field, message, f"e.g. {example}"))
        return None
    b = _number(toks[i])
    if words2:
        m2 = _motion_or_problem(words2, joint, field, line, problems)
        if m2 is None:
            return None
        mo1, mo2 = joint.motions[m1], joint.motions[m2]
        if mo1.dof != mo2.dof:
            message = f'"{m1}" and "{m2}" are different movements; write each on its own line in a list'
            problems.append(
                FigureProblem(line, field, message, f"e.g. {joint.key}: [{m1} 0 to {a:g}, {m2} 0 to {b:g}]")
            )
            return None
        if mo1.sign != mo2.sign:
            b = -b
    return _checked(joint, m1, a, b, field, line, problems, text)


def _words_to_number(toks: list, i: int) -> tuple[list, int]:
    """The words from toks[i] up to the next number, and where that number is."""
    words = []
    while i < len(toks) and _number(toks[i]) is None:
        words.append(toks[i])
        i += 1
    return words, i


def _motion_or_problem(words: list, joint, field: str, line: int, problems: list):
    motion, written = _motion_word(words, joint)
    if motion is None:
        message = f'{joint.shown} has no motion "{written}"; its motions: {", ".join(joint.motions)}'
        problems.append(FigureProblem(line, field, message, did_you_mean(written, joint.motions)))
    return motion


def _checked(joint, motion, a, b, field, line, problems, text):
    mo = joint.motions[motion]
    opposite = next((o for o in joint.motions.values() if o.dof == mo.dof and o.sign != mo.sign), None)
    for v in (a, b):
        if v >= 0 and v > mo.norm or v < 0 and (opposite is None or -v > opposite.norm):
            past = mo if v >= 0 else opposite
            what = f"{past.key} {abs(v):g}" if past else f"{motion} {v:g}"
            rng = f"{joint.shown} {mo.verb} ({motion}) from 0 to {mo.norm} degrees" + (
                f"; {opposite.key} from 0 to {opposite.norm}" if opposite else ""
            )
            problems.append(
                FigureProblem(
                    line,
                    field,
                    f"{what} degrees is outside the normal range of {joint.shown}",
                    f"normal range (AAOS): {rng}",
                )
            )
            return None
    return Move(joint.key, motion, a, b)


def _moves(item, field, problems, holds: bool):
    """`moves:` (or `holds:`): one joint a line, each with one motion or a list of them."""
    out: list = []
    v = item.value
    if not isinstance(v, dict):
        hint = "e.g.\n      knee: flexion 0 to 90" if not holds else "e.g.\n      knee: flexion 90"
        problems.append(FigureProblem(_line(item), field, f"expected joints, one a line; got {_kind(v)}", hint))
        return out
    for key, sub in v.items():
        f = f"{field}.{key}"
        j, jside = _joint_named(key)
        if j is None:
            message = f'unknown joint "{key}"; joints: {", ".join(JOINTS)}'
            problems.append(FigureProblem(_line(sub, True), f, message, did_you_mean(str(key).lower(), JOINTS)))
            continue
        for t in sub.value if isinstance(sub.value, list) else [sub]:
            mv = _one_move(t, j, jside, f, problems, holds)
            if mv is None:
                continue
            if any(
                o.joint == mv.joint
                and o.side == mv.side
                and JOINTS[o.joint].motions[o.motion].dof == j.motions[mv.motion].dof
                for o in out
            ):
                problems.append(
                    FigureProblem(_line(t), f, f"{j.shown} is given twice for the same movement", "keep one")
                )
                continue
            out.append(mv)
    return out


def _joint_named(key) -> tuple:
    """The joint a key names ("hip", "left hip", "knees"), and its side; (None, "") for none."""
    jk = " ".join(str(key).lower().split())
    jside = ""
    first, _, rest = jk.partition(" ")
    if rest and first in SIDES:
        jside, jk = first, rest
    if jk not in JOINTS and jk.endswith("s") and jk[:-1] in JOINTS:
        jk = jk[:-1]
    return JOINTS.get(jk), jside


def _one_move(t, j, jside: str, f: str, problems: list, holds: bool):
    """One motion of a joint, as written on its line or in its list; None after a problem."""
    tv = t.value
    if not isinstance(tv, str) or isinstance(tv, bool):
        hint = f"e.g. {j.key}: {next(iter(j.motions))} " + ("0 to 30" if not holds else "30")
        problems.append(FigureProblem(_line(t), f, f"expected a motion and angles as text; got {_kind(tv)}", hint))
        return None
    mv = _parse_motion(tv, j, f, _line(t), problems)
    if mv is None:
        return None
    if jside:
        mv = Move(mv.joint, mv.motion, mv.start, mv.end, jside)
    if holds and mv.start != mv.end:
        hint = f"move it under `moves:` or write e.g. {j.key}: {mv.motion} {mv.end:g}"
        problems.append(FigureProblem(_line(t), f, "a joint that holds still has one angle", hint))
        return None
    return mv


def _list_of_words(item, field, problems):
    v = item.value
    if isinstance(v, str) and not isinstance(v, bool):
        return [item]
    if v is None:
        return []
    if not isinstance(v, list):
        problems.append(
            FigureProblem(
                _line(item),
                field,
                f"expected a list; got {_kind(v)}",
                "e.g. [under the knee, around the heel]" if field.endswith("helper") else "e.g. [band]",
            )
        )
        return []
    return v


# the angles of a figure's pose (start or end), with defaults from the position ----------------------


def _sides(fig: Figure, mv: Move) -> tuple:
    side = mv.side or fig.side
    return ("l", "r") if side == "both" else (side[0],)


def pose_angles(fig: Figure, end: bool = True) -> dict:
    """(joint, "l"/"r" or "" for neck and trunk, dof) -> degrees, for the start or the end pose."""
    angles: dict = dict(kin.BASE[fig.position])
    hor_abd: dict[str, set] = {}
    for mv in fig.moves:
        mo = JOINTS[mv.joint].motions[mv.motion]
        v = (mv.end if end else mv.start) * mo.sign
        if mv.joint in ("neck", "trunk"):
            # the turning direction is the sign: to the left is negative
            if mo.dof != "flex" and (mv.side or fig.side) == "left":
                v = -v
            angles[(mv.joint, "", mo.dof)] = v
            continue
        for s in _sides(fig, mv):
            angles[(mv.joint, s, mo.dof)] = v
            if mv.joint == "shoulder":
                hor_abd.setdefault(s, set()).add(mo.dof)
    for s, dofs in hor_abd.items():
        if "hor" in dofs and "abd" not in dofs:  # horizontal movements start from the arm out to the side
            angles[("shoulder", s, "abd")] = 90.0
            if "flex" not in dofs:
                angles[("shoulder", s, "flex")] = 0.0
    return angles


def turn_side(fig: Figure) -> str:
    return "l" if fig.side == "left" else "r"


def move_side(fig: Figure, mv: Move) -> str:
    return "l" if (mv.side or fig.side) == "left" else "r"


def moving_axis(fig: Figure, mv: Move, angles: dict | None = None) -> tuple:
    """World direction of the axis a moving motion turns about (end pose)."""
    angles = angles if angles is not None else pose_angles(fig, True)
    side = move_side(fig, mv)
    dof = JOINTS[mv.joint].motions[mv.motion].dof
    parent = kin.parent_world(fig.position, angles, mv.joint, side, "r")
    local = kin.motion_axis(mv.joint, dof, side, kin.joint_angles(angles, mv.joint, side))
    return kin.app(parent, local)


_VIEW_CACHE: dict = {}


def _view_problems(fig: Figure, problems: list, lines: dict, prefix: str):
    moving = fig.moving
    if not moving:
        return
    key = (fig.position, fig.view, fig.side, fig.moves)
    found = _VIEW_CACHE.get(key)
    if found is None:
        found = []
        angles = pose_angles(fig, True)
        axes = [moving_axis(fig, mv, angles) for mv in moving]
        if fig.view in CLOSE_UPS:
            d = axes[0]
        for mv, ax in zip(moving, axes):
            if fig.view in CLOSE_UPS:
                if mv.joint not in CLOSE_UPS[fig.view]:
                    found.append(
                        (
                            mv,
                            f"the {fig.view} close-up cannot show {JOINTS[mv.joint].shown}",
                            f"the {fig.view} close-up shows {', '.join(CLOSE_UPS[fig.view])}; use view: "
                            f"side, front or top for {JOINTS[mv.joint].shown}",
                        )
                    )
                elif abs(ax[0] * d[0] + ax[1] * d[1] + ax[2] * d[2]) < 0.7:
                    found.append(
                        (
                            mv,
                            f"one close-up cannot show {mv.motion} of {JOINTS[mv.joint].shown} together "
                            f"with {moving[0].motion} of {JOINTS[moving[0].joint].shown}",
                            "they move in different planes; show one of them here and the other in `another:`",
                        )
                    )
                continue
            d = kin.camera(fig.view, fig.position)[0]
            if abs(ax[0] * d[0] + ax[1] * d[1] + ax[2] * d[2]) < 0.7:
                good = [
                    v
                    for v in ("side", "front", "top")
                    if abs(sum(p * q for p, q in zip(ax, kin.camera(v, fig.position)[0]))) >= 0.7
                ]
                mo = JOINTS[mv.joint].motions[mv.motion]
                found.append(
                    (
                        mv,
                        f"the {fig.view} view cannot show {mv.motion} of {JOINTS[mv.joint].shown}",
                        f"in this pose it moves across the line of sight, not in {PLANE_SHOWN[mo.plane]} "
                        f"of the picture; use view: {good[0]}"
                        if good
                        else f"in this pose it moves across the line of sight; it moves in {PLANE_SHOWN[mo.plane]}",
                    )
                )
        if len(_VIEW_CACHE) > 4096:
            _VIEW_CACHE.clear()
        _VIEW_CACHE[key] = found
    for mv, msg, hint in found:
        problems.append(FigureProblem(lines.get(mv.joint, lines["view"]), f"{prefix}.view", msg, hint))


def _helper_problems(fig: Figure, items: list, problems: list, prefix: str):
    limbs = {JOINTS[m.joint].limb for m in fig.moving} or {JOINTS[m.joint].limb for m in fig.moves}
    for key, it in items:
        p = POINTS[key]
        seg = p.segment
        if fig.view in CLOSE_UPS and seg not in CLOSE_UP_SEGMENTS[fig.view]:
            problems.append(
                FigureProblem(
                    _line(it),
                    f"{prefix}.helper",
                    f'"{key}" is not in the {fig.view} close-up',
                    f"the {fig.view} close-up draws only the "
                    f"{', '.join(sorted(CLOSE_UP_SEGMENTS[fig.view]))}; pick a point there "
                    "or use view: side",
                )
            )
            continue
        limb = SEGMENT_LIMB[seg]
        if limbs and "trunk" not in limbs and limb != "trunk" and limb not in limbs:
            moving = ", ".join(sorted({JOINTS[m.joint].shown for m in fig.moving})) or "nothing"
            problems.append(
                FigureProblem(
                    _line(it),
                    f"{prefix}.helper",
                    f'"{key}" holds the {limb}, but no {limb} joint moves in this figure',
                    f"what moves: {moving}; put the helper's hands on that part",
                )
            )


def _known_keys(v: dict, prefix: str, problems: list, base: Figure | None) -> dict:
    """The pose's keys the language knows (a second pose has no `another:`); the others reported."""
    got: dict = {}
    for key, sub in v.items():
        k = str(key).strip().lower()
        if k not in KEYS or (k == "another" and base is not None):
            choices = [c for c in KEYS if base is None or c != "another"]
            message = f'unknown key "{key}"; expected: {", ".join(choices)}'
            problems.append(FigureProblem(_line(sub, True), f"{prefix}.{key}", message, did_you_mean(k, choices)))
            continue
        got[k] = sub
    return got


def _parse(item, prefix: str, problems: list, base: Figure | None):
    v = item.value
    if not isinstance(v, dict):
        problems.append(
            FigureProblem(
                _line(item),
                prefix,
                f"expected the pose as a mapping; got {_kind(v)}",
                "e.g.\n  figure:\n    position: lying-on-back\n    view: side\n    moves:\n      knee: flexion 0 to 90",
            )
        )
        return None
    n0 = len(problems)
    got = _known_keys(v, prefix, problems, base)
    lines = {"view": _line(got["view"]) if "view" in got else _line(item)}
    position, view, side, surface = _where(got, item, base, prefix, problems)
    moves = _moves_and_holds(got, base, prefix, problems, lines)
    helper, helper_items = _helper_points(got, base, prefix, problems)
    hands = _own_hands(got, base, prefix, problems)
    if view in CLOSE_UPS and "hands" not in got:
        hands = ()  # a close-up second pose does not take the first pose's hands: it draws no arms
    equipment = _equipment(got, base, prefix, problems)
    if position is None or view is None or side is None or surface is None:
        return None
    fig = Figure(position, view, side, surface, tuple(moves), tuple(helper), tuple(equipment), None, _line(item), hands)
    if len(problems) == n0:
        _view_problems(fig, problems, lines, prefix)
        _helper_problems(fig, helper_items, problems, prefix)
        if hands and view in CLOSE_UPS:
            problems.append(
                FigureProblem(
                    _line(got["hands"]),
                    f"{prefix}.hands",
                    f"the {view} close-up draws no arms to hold with",
                    "use view: side (or front) to show the hands holding",
                )
            )
    if "another" in got and base is None:
        second = _parse(got["another"], f"{prefix}.another", problems, fig)
        if second is not None:
            fig = replace(fig, another=second)
    return fig


def _where(got: dict, item, base: "Figure | None", prefix: str, problems: list) -> tuple:
    """(position, view, side, surface): written, else the first pose's, else the defaults; None
    for a word that is not known (reported)."""
    position = view = side = surface = None
    if "position" in got:
        position = _words(got["position"], f"{prefix}.position", POSITIONS, "position", problems, "lying-on-back")
    elif base is not None:
        position = base.position
    else:
        problems.append(
            FigureProblem(
                _line(item),
                f"{prefix}.position",
                "the position is missing",
                f"add e.g. `position: lying-on-back` ({', '.join(POSITIONS)})",
            )
        )
    if "view" in got:
        view = _words(got["view"], f"{prefix}.view", VIEWS, "view", problems, "side")
    else:
        view = base.view if base else "side"
    if "side" in got:
        side = _words(got["side"], f"{prefix}.side", SIDES, "side", problems, "right")
    else:
        side = base.side if base else "right"
    if "surface" in got:
        surface = _words(got["surface"], f"{prefix}.surface", SURFACES, "surface", problems, "bed")
    elif position:
        surface = base.surface if base and base.position == position else DEFAULT_SURFACE[position]
    return position, view, side, surface


def _moves_and_holds(got: dict, base: "Figure | None", prefix: str, problems: list, lines: dict) -> list:
    """The joints that move, then those held still (a joint may not do both); `lines` learns the
    line of each joint, for the view's problems."""
    moves = []
    if "moves" in got:
        moves = _moves(got["moves"], f"{prefix}.moves", problems, False)
        for k, sub in got["moves"].value.items() if isinstance(got["moves"].value, dict) else ():
            lines.setdefault(str(k).strip().lower(), _line(sub, True))
    elif base is not None:
        moves = [m for m in base.moves]
    if "holds" in got:
        for h in _moves(got["holds"], f"{prefix}.holds", problems, True):
            dof = JOINTS[h.joint].motions[h.motion].dof
            if any(
                m.joint == h.joint and m.side == h.side and JOINTS[m.joint].motions[m.motion].dof == dof for m in moves
            ):
                problems.append(
                    FigureProblem(
                        _line(got["holds"]),
                        f"{prefix}.holds.{h.joint}",
                        f"{JOINTS[h.joint].shown} both moves and holds still",
                        "keep it under `moves:` only",
                    )
                )
            else:
                moves.append(h)
    if len(moves) > MAX_MOVES:
        problems.append(
            FigureProblem(
                _line(got.get("moves") or got["holds"]),
                f"{prefix}.moves",
                f"{len(moves)} joints; a figure shows at most {MAX_MOVES}",
                "split the exercise into two poses (`another:`)",
            )
        )
        moves = moves[:MAX_MOVES]
    return moves


def _helper_points(got: dict, base: "Figure | None", prefix: str, problems: list) -> tuple[list, list]:
    """The helper's hands: (points, (point, its item) for the problems of the whole pose)."""
    if "helper" not in got:
        return (list(base.helper) if base is not None else []), []
    items = _distinct_words(got["helper"], f"{prefix}.helper", POINTS, "helper point", "under the knee", problems)
    helper = [w for w, _ in items]
    if len(helper) > MAX_HELPER:
        problems.append(
            FigureProblem(
                _line(got["helper"]),
                f"{prefix}.helper",
                f"{len(helper)} points; a helper has two hands",
                f"name at most {MAX_HELPER} points (usually two)",
            )
        )
        helper, items = helper[:MAX_HELPER], items[:MAX_HELPER]
    return helper, items


def _equipment(got: dict, base: "Figure | None", prefix: str, problems: list) -> list:
    if "equipment" not in got:
        return list(base.equipment) if base is not None else []
    return [
        w for w, _ in _distinct_words(got["equipment"], f"{prefix}.equipment", EQUIPMENT, "equipment", "band", problems)
    ]


def _distinct_words(item, field: str, table: dict, what: str, example: str, problems: list) -> list[tuple]:
    """A list of words from `table` (a single word may be written without brackets): each known
    word once, in order, with the item it was written in (for the problems found later)."""
    out: list[tuple] = []
    for it in _list_of_words(item, field, problems):
        w = _words(it, field, table, what, problems, example)
        if w and w not in [seen for seen, _ in out]:
            out.append((w, it))
    return out


MAX_OWN_HANDS = 2


def _own_hands(got: dict, base: "Figure | None", prefix: str, problems: list) -> tuple:
    """`hands:` where the person's own hands hold: points on the legs, trunk or head (a hand does
    not hold its own arm); one point for both hands, or one each."""
    if "hands" not in got:
        return base.hands if base is not None else ()
    hands: list = []
    for w, it in _distinct_words(got["hands"], f"{prefix}.hands", POINTS, "point", "on the knee", problems):
        if SEGMENT_LIMB[POINTS[w].segment] == "arm":
            problems.append(
                FigureProblem(
                    _line(it),
                    f"{prefix}.hands",
                    f'"{w}" is on an arm: the hands cannot hold it',
                    "name where the hands hold the leg, the trunk or the head, e.g. on the knee",
                )
            )
            continue
        hands.append(w)
    if len(hands) > MAX_OWN_HANDS:
        problems.append(
            FigureProblem(
                _line(got["hands"]),
                f"{prefix}.hands",
                f"{len(hands)} points; a person has two hands",
                "name one point for both hands, or one for each",
            )
        )
        hands = hands[:MAX_OWN_HANDS]
    return tuple(hands)


def parse_figure(item) -> tuple:
    """item: a handbook.load.Item holding the `figure:` mapping.  Returns (Figure | None, problems).
    The figure is None whenever there is a problem.  Never raises."""
    problems: list = []
    try:
        fig = _parse(item, "figure", problems, None)
    except Exception as exc:  # pragma: no cover - a bug here must not stop a check run
        problems.append(
            FigureProblem(
                _line(item),
                "figure",
                f"cannot read the pose ({type(exc).__name__})",
                "please report this; the rest of the file was checked",
            )
        )
        return None, problems
    return (fig if not problems else None), problems
