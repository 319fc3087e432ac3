"""Draw a Figure as a standalone SVG: the start pose light, the end pose solid black, a curved
arrow along the path of the moving part, the helper's hands, the surface.  Build time only.

Geometry is testable: every body segment is a <line class="seg end|start" data-seg=NAME> whose
end points are the projected joint centres (SVG y points down).  Close-ups (hand, foot) draw the
hand or foot as outlined shapes (see _close_parts) and keep those lines, unstroked, beneath them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import xml.etree.ElementTree as ET
from typing import Any
from xml.sax.saxutils import escape

import shapely

from . import kin
from .parse import Figure, move_side, moving_axis, pose_angles, turn_side
from .spec import CLOSE_UPS, JOINTS, POINTS

W, H = 320, 240  # viewBox: width, and the tallest frame
H_MIN = 120  # the shortest frame (a figure lying down)
MARGIN = 14
INK, FAR, LIGHT, PAPER = "#000", "#5a5a5a", "#8c8c8c", "#fff"
GHOST = 2.5  # outline of the start pose
LINE = 3.0  # stroke of surfaces, arrows and the helper's hands, in viewBox units

# body widths (fractions of height) and segments: name -> (from point, to point, width)
_LIMB = {
    "upperarm": ("shoulder", "elbow", 0.052),
    "forearm": ("elbow", "wrist", 0.044),
    "palm": ("wrist", "mcp", 0.04),
    "fingers": ("mcp", "pip", 0.03),
    "fingers2": ("pip", "dip", 0.028),
    "fingers3": ("dip", "fingertip", 0.026),
    "thumb": ("thumb0", "thumb1", 0.02),
    "thumb2": ("thumb1", "thumb2", 0.018),
    "thumb3": ("thumb2", "thumb3", 0.016),
    "thigh": ("hip", "knee", 0.08),
    "shank": ("knee", "ankle", 0.058),
    "foot": ("heel", "mtp", 0.036),
    "toes": ("mtp", "toe", 0.028),
}
# a hand whose fingers and thumb are straight, in a whole-body view: each a single stroke (the
# three joints of a finger are in line; at 1.2 in wide a hand is 2 mm, and every stroke costs time in
# every PDF that shows the figure)
_STRAIGHT_HAND = {"fingers": ("mcp", "fingertip", 0.028), "thumb": ("thumb0", "thumb3", 0.018)}
# close-ups draw finer parts
_HAND_CLOSE = {
    "forearm": ("elbow", "wrist", 0.034),
    "palm": ("wrist", "mcp", 0.03),
    **{
        ("fingers" if (k, i) == ("3", 0) else f"finger{k}{i}"): (f"f{k}{a}", f"f{k}{b}", 0.015)
        for k in "2345"
        for i, (a, b) in enumerate((("a", "b"), ("b", "c"), ("c", "d")))
    },
    "thumb": ("thumb0", "thumb1", 0.019),
    "thumb2": ("thumb1", "thumb2", 0.017),
    "thumb3": ("thumb2", "thumb3", 0.015),
}
_FOOT_CLOSE = {
    "shank": ("knee", "ankle", 0.048),
    "foot": ("heel", "mtp", 0.04),
    "toes": ("mtp", "toe", 0.026),
    "toes1": ("mtp1", "toe1", 0.022),
    "toes5": ("mtp5", "toe5", 0.016),
    "forefoot": ("mtp1", "mtp5", 0.03),
}
# which drawn segment shows each joint's motion: (parent segment, indicator segment) for the tests
# and the arrow.  Rotations are seen in the next segment along.
INDICATOR = {
    ("neck", "flex"): ("trunk", "neck"),
    ("neck", "abd"): ("trunk", "neck"),
    ("neck", "rot"): ("shoulders", "face"),
    ("trunk", "flex"): (None, "trunk"),
    ("trunk", "abd"): (None, "trunk"),
    ("trunk", "rot"): ("shoulders", "pelvis"),
    ("shoulder", "flex"): ("trunk", "upperarm"),
    ("shoulder", "abd"): ("trunk", "upperarm"),
    ("shoulder", "rot"): ("upperarm", "forearm"),
    ("shoulder", "hor"): ("shoulders", "upperarm"),
    ("elbow", "flex"): ("upperarm", "forearm"),
    ("wrist", "flex"): ("forearm", "palm"),
    ("wrist", "abd"): ("forearm", "palm"),
    ("fingers", "flex"): ("palm", "fingers"),
    ("thumb", "flex"): ("palm", "thumb"),
    ("thumb", "abd"): ("palm", "thumb"),
    ("hip", "flex"): ("trunk", "thigh"),
    ("hip", "abd"): ("trunk", "thigh"),
    ("hip", "rot"): ("thigh", "shank"),
    ("knee", "flex"): ("thigh", "shank"),
    ("ankle", "flex"): ("shank", "foot"),
    ("ankle", "abd"): ("shank", "forefoot"),
    ("toes", "flex"): ("foot", "toes"),
}
_HAND_SIDE = kin.cols((0, 0, 1), (-1, 0, 0), (0, -1, 0))  # forearm to the right, palm down
_PALM = kin.cols((-1, 0, 0), (0, -1, 0), (0, 0, 1))  # fingers up, palm to the reader
_FOOT = kin.cols((0, 0, -1), (0, 1, 0), (1, 0, 0))  # shin upright, toes to the right
_ORDER = ["hip", "trunk", "shoulder", "neck", "knee", "elbow", "ankle", "wrist", "toes", "fingers", "thumb"]


def _f(x: float) -> str:
    s = f"{x:.1f}"
    return "0.0" if s == "-0.0" else s


_SIMPLIFY = 0.5  # drawing units (1/320 of the figure's width): far below a printed or screen pixel


def _d(polys, X, Y) -> str:
    """SVG path data for the outline of the union of polygons, without the points that lie
    within _SIMPLIFY of a straight line through their neighbours.  A close-up's part is the
    union of many overlapping hulls of its cross-sections: drawn one by one they carry thousands
    of points that no one sees, and every point costs time in every PDF that shows the figure."""
    shapes = []
    for poly in polys:
        pts = [(float(X(u)), float(Y(v))) for u, v in poly]
        if len(pts) > 2:
            shape = shapely.Polygon(pts)
            shapes.append(shape if shape.is_valid else shapely.make_valid(shape))
    if not shapes:
        return ""
    merged = shapely.simplify(shapely.union_all(shapes), _SIMPLIFY)
    parts = []
    for piece in getattr(merged, "geoms", (merged,)):
        if not isinstance(piece, shapely.Polygon) or piece.is_empty:
            continue
        for ring in (piece.exterior, *piece.interiors):
            ring_pts = list(ring.coords)[:-1]
            if len(ring_pts) > 2:
                parts.append("M" + " L".join(f"{_f(x)} {_f(y)}" for x, y in ring_pts) + "Z")
    return " ".join(parts)


def _sub(a, b):
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _moved(p, q) -> bool:
    """Do two flat lists of coordinates differ enough to draw the start pose apart?"""
    return max(abs(x - y) for x, y in zip(p, q)) > 0.004


def _dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _angles(fig: Figure, t: float) -> dict:
    """Joint angles at fraction t of the movement (0 start, 1 end)."""
    a0, a1 = _pose(fig, False), _pose(fig, True)
    return {k: a0.get(k, 0.0) + (a1.get(k, 0.0) - a0.get(k, 0.0)) * t for k in set(a0) | set(a1)}


def _pose(fig: Figure, end: bool) -> dict:
    a = pose_angles(fig, end)
    if fig.position == "standing" and fig.surface == "counter":
        for s in "lr":
            a.setdefault(("shoulder", s, "flex"), 30.0)
            a[("elbow", s, "flex")] = max(a.get(("elbow", s, "flex"), 0.0), 30.0)
    if not end and fig.side == "both":
        for mv in fig.moves:  # neck and trunk, both sides: the start pose is the turn to the other side
            if (
                mv.joint in ("neck", "trunk")
                and mv.start != mv.end
                and JOINTS[mv.joint].motions[mv.motion].dof != "flex"
            ):
                dof = JOINTS[mv.joint].motions[mv.motion].dof
                a[(mv.joint, "", dof)] = -a1_value(fig, mv)
    return a


def a1_value(fig, mv):
    return mv.end * JOINTS[mv.joint].motions[mv.motion].sign


def _place(fig: Figure, P: dict, base: dict) -> dict:
    """Put the pose where it rests: a standing person on the flat sole of the standing foot, a
    person lying on the back with both knees bent on the soles of both feet (a bridge lifts the
    hips, turning about the shoulders).  Turns about the world Z axis (the side view's depth)."""
    frames = P.pop("_frames", None)
    ang, pivot, shift = 0.0, (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)
    if fig.position == "standing":
        st = "l" if fig.side == "right" else "r"
        h, m = P["heel-" + st], P["mtp-" + st]
        ang = -math.atan2(m[1] - h[1], m[0] - h[0]) if abs(m[0] - h[0]) > 1e-6 else 0.0
        pivot = P["ankle-" + st]
    elif fig.position == "lying-on-back" and not P.get("_trunk_turns"):
        kl = _knee_bent(P, "l") and _knee_bent(P, "r")
        if kl:
            sh = tuple((P["shoulder-l"][k] + P["shoulder-r"][k]) / 2 for k in range(3))
            foot = min((P[k] for k in ("heel-l", "heel-r", "mtp-l", "mtp-r")), key=lambda p: p[1])
            dx, dy = foot[0] - sh[0], foot[1] - sh[1]
            R = math.hypot(dx, dy)
            target = -0.06 - sh[1]
            if R > 1e-6 and abs(target / R) <= 1:
                a = math.asin(target / R) - math.atan2(dy, dx)
                a = (a + math.pi) % (2 * math.pi) - math.pi
                if a > 0:
                    ang, pivot = a, sh
    c, s_ = math.cos(ang), math.sin(ang)
    rot = (c, -s_, 0.0, s_, c, 0.0, 0.0, 0.0, 1.0)

    def tr(p):
        q = (p[0] - pivot[0], p[1] - pivot[1], p[2])
        return (pivot[0] + c * q[0] - s_ * q[1], pivot[1] + s_ * q[0] + c * q[1], p[2])

    out = {k: tr(v) for k, v in P.items() if not k.startswith("_")}
    if fig.position == "standing":
        st = "l" if fig.side == "right" else "r"
        foot = min(out["heel-" + st][1], out["mtp-" + st][1], out["toe-" + st][1])
        ref, a = base["ankle-" + st], out["ankle-" + st]
        shift = (ref[0] - a[0], -foot, ref[2] - a[2])
        out = {k: kin.add(v, shift) for k, v in out.items()}
    if frames is not None:
        out["_frames"] = {k: kin.mul(rot, f) for k, f in frames.items()}
    return out


_HAND_POINTS = (
    "wrist",
    "wristr",
    "wristu",
    "mcp",
    "mcp2",
    "mcp5",
    "pip",
    "dip",
    "fingertip",
    "thumb0",
    "thumb1",
    "thumb2",
    "thumb3",
) + tuple(f"f{k}{j}" for k in "2345" for j in "abcd")


def _hands_stay(start: dict, end: dict) -> None:
    """Holding on to a counter, the hands stay on it.  The spot is where the pose farther from the
    counter reaches (upright, arms out): the other pose, leaning in, keeps its hands there with its
    elbows bent back (two-bone inverse kinematics).  A calf stretch starts upright with the arms
    straight to the counter and leans in on bent arms; it does not float its hands in the air."""

    def reach(P, s):
        return kin.dist(P["shoulder-" + s], P["elbow-" + s]) + kin.dist(P["elbow-" + s], P["wrist-" + s])

    far = all(kin.dist(start["shoulder-" + s], end["wrist-" + s]) > reach(start, s) * 0.995 for s in "lr")
    mover, spot = (end, start) if far else (start, end)
    for s in "lr":
        # a straight arm gives no side to bend to: the elbow goes back and down, as when leaning in
        _reach(mover, s, spot["wrist-" + s], kin.add(mover["elbow-" + s], (-0.2, -0.05, 0.0)), slack=1.15)


def _reach(P: dict, s: str, target: tuple, near: tuple, slack: float = 1.3) -> None:
    """Move arm `s` of pose P so that its wrist is at `target`: the elbow bends toward `near`
    (two-bone inverse kinematics) and the hand goes with the wrist.  A target out of reach gets the
    arm straight toward it, as near as it goes; one farther than `slack` times the arm's length
    leaves the arm as it was."""
    sh, el, wr = P["shoulder-" + s], P["elbow-" + s], P["wrist-" + s]
    l1, l2 = kin.dist(sh, el), kin.dist(el, wr)
    d = kin.dist(sh, target)
    if d >= (l1 + l2) * 0.995:
        if d > (l1 + l2) * slack:
            return
        d = (l1 + l2) * 0.995
        target = kin.add(sh, tuple(c * d for c in kin.norm(kin.sub(target, sh))))
    if d <= abs(l1 - l2):
        return
    P["elbow-" + s] = kin.middle_joint(sh, target, near, l1, l2)
    move = kin.sub(target, wr)
    for name in _HAND_POINTS:
        key = f"{name}-{s}"
        if key in P:
            P[key] = kin.add(P[key], move)


def _hands_hold(fig: Figure, P: dict, turn: str) -> None:
    """The person's own hands on a part of the body (`hands:`), at the end of the movement: knee to
    chest, both hands hold the knee.  Each arm reaches there with its elbow bent away from the hip,
    and a little out to its own side, so that the arm reads as an arm hugging the leg (bent toward
    the floor, it read as another leg)."""
    for i, s in enumerate((turn, "l" if turn == "r" else "r")):
        p = POINTS[fig.hands[min(i, len(fig.hands) - 1)]]
        a, b = _SEG_POINTS[p.segment]
        pa, pb = _pt(P, a, turn), _pt(P, b, turn)
        target = tuple(pa[k] + (pb[k] - pa[k]) * p.at for k in range(3))
        other = "l" if s == "r" else "r"
        out = kin.norm(kin.sub(P["shoulder-" + s], P["shoulder-" + other]))
        mid = tuple((P["shoulder-" + s][k] + target[k]) / 2 for k in range(3))
        away = kin.norm(kin.sub(mid, P["hip-" + turn]))
        _reach(P, s, target, kin.add(mid, kin.add(_v(away, 0.05), _v(out, 0.4))))


def _knee_bent(P, s):
    h, k, a = P["hip-" + s], P["knee-" + s], P["ankle-" + s]
    u = _sub(k, h)
    v = _sub(a, k)
    nu, nv = math.sqrt(_dot(u, u)), math.sqrt(_dot(v, v))
    return _dot(u, v) / (nu * nv) < math.cos(math.radians(50))


def _pt(P, name, side):
    if name in ("pelvis", "neckbase", "headc", "nose", "chin"):
        return P[name]
    return P[f"{name}-{side}"]


_PAINT0 = {"stroke": "none", "stroke-width": "1", "stroke-linecap": "butt", "fill": "#000"}


def _unseen(body: str) -> str:
    """Leave out what no one can see, since every drawn element costs time in every PDF that
    shows the figure: a line painted over, later, by an opaque line with the same ends, cap and at
    least its width (the far arm behind the near one in a side view, the second side's copy of a
    start pose), and the unstroked joint lines under a close-up's outlines.  The lines that carry
    a segment's geometry (`class="seg ..."`) are kept, unpainted, in a <defs> at the end: a viewer
    never draws what is in <defs>, a test still measures it."""
    root = ET.fromstring(f"<g>{body}</g>")
    leaves: list = []  # (element, parent, {stroke, stroke-width, stroke-linecap, fill} in force)
    _leaves(root, _PAINT0, leaves)
    ends = _line_ends(leaves)
    marks = []
    for i, (el, parent, paint) in enumerate(leaves):
        if _seen(i, el, paint, ends):
            continue
        parent.remove(el)
        if (el.get("class") or "").startswith("seg "):
            for name in _PAINT0:
                el.attrib.pop(name, None)
            marks.append(el)
    if marks:
        defs = ET.SubElement(root, "defs", {"class": "geometry"})
        defs.extend(marks)
    return "".join(ET.tostring(child, encoding="unicode", short_empty_elements=True) for child in root)


def _leaves(el, paint: dict, leaves: list) -> None:
    """Every drawn element in order, with its parent and the paint in force."""
    paint = {k: el.get(k, v) for k, v in paint.items()}
    for child in list(el):
        if len(child) or child.tag == "g":
            _leaves(child, paint, leaves)
        else:
            leaves.append((child, el, {k: child.get(k, v) for k, v in paint.items()}))


def _line_ends(leaves: list) -> dict:
    """Line ends (either way round) -> [(index, width, cap)] of the painted lines."""
    ends: dict = {}
    for i, (el, _, paint) in enumerate(leaves):
        if el.tag == "line" and paint["stroke"] != "none" and "transform" not in el.attrib:
            key = tuple(el.get(k) for k in ("x1", "y1", "x2", "y2"))
            for k in (key, key[2:] + key[:2]):
                ends.setdefault(k, []).append((i, float(paint["stroke-width"]), paint["stroke-linecap"]))
    return ends


def _seen(i: int, el, paint: dict, ends: dict) -> bool:
    """Painted, and not painted over later by a line with the same ends and cap, at least as wide."""
    painted = paint["stroke"] != "none" or (el.tag != "line" and paint["fill"] != "none")
    if painted and el.tag == "line" and "transform" not in el.attrib:
        width, cap = float(paint["stroke-width"]), paint["stroke-linecap"]
        key = tuple(el.get(k) for k in ("x1", "y1", "x2", "y2"))
        painted = not any(j > i and w >= width and c == cap for j, w, c in ends.get(key, ()))
    return painted


GAP = 28  # between the two poses of a figure with `another:`, a thin rule in the middle


@dataclasses.dataclass(frozen=True)
class Drawing:
    svg: str  # a complete standalone <svg> document
    width: float  # its viewBox: W for one pose, wider for two poses side by side
    height: float


def render_svg(figure: Figure, title: str = "", desc: str = "", id_prefix: str | None = None) -> str:
    return draw(figure, title, desc, id_prefix).svg


def draw(figure: Figure, title: str = "", desc: str = "", id_prefix: str | None = None) -> Drawing:
    """The figure as a standalone <svg> document, with its size.  A figure with a second pose
    (`another:`) shows both, side by side in one picture (groups `pose pose-1` and `pose pose-2`),
    so that the site, every card and every handout show both wherever they show one."""
    body, fh, fw = _draw(figure)
    width = W
    if figure.another is not None:
        body2, fh2, fw2 = _draw(figure.another)
        # side by side, each pose's frame as wide as its drawing, or one above the other when the
        # poses are wide and low (lying down): whichever keeps the picture nearer the shape of a
        # one-pose frame (W x H)
        beside = abs(math.log((fw + GAP + fw2) / max(fh, fh2) / (W / H)))
        above = abs(math.log(W / (fh + GAP + fh2) / (W / H)))
        if beside <= above:
            height = max(fh, fh2)
            mid = fw + GAP / 2
            body = (
                f'<g class="pose pose-1" transform="translate({_f(-(W - fw) / 2)} {_f((height - fh) / 2)})">'
                f"{body}</g>"
                f'<line class="divider" x1="{_f(mid)}" y1="10" x2="{_f(mid)}" y2="{height - 10}" '
                f'stroke="{FAR}" stroke-width="1.5"/>'
                f'<g class="pose pose-2" transform="translate({_f(fw + GAP - (W - fw2) / 2)} '
                f'{_f((height - fh2) / 2)})">{body2}</g>'
            )
            width, fh = fw + GAP + fw2, height
        else:
            mid = fh + GAP / 2
            body = (
                f'<g class="pose pose-1">{body}</g>'
                f'<line class="divider" x1="10" y1="{_f(mid)}" x2="{W - 10}" y2="{_f(mid)}" '
                f'stroke="{FAR}" stroke-width="1.5"/>'
                f'<g class="pose pose-2" transform="translate(0 {fh + GAP})">{body2}</g>'
            )
            fh = fh + GAP + fh2
    ident = id_prefix or "fig-" + hashlib.sha1((title + "\0" + desc + "\0" + body).encode()).hexdigest()[:10]
    return Drawing(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {fh}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="pose-figure">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        f"{body}</svg>\n",
        width,
        fh,
    )


@dataclasses.dataclass
class _Scene:
    """One pose as the camera sees it: both poses' joint positions and frames, the camera, and the
    ways of drawing that the position, view and movement call for."""

    fig: Figure
    turn: str  # the side that moves: "r" or "l"
    close: bool  # a close-up of the hand or foot
    base_pose: dict
    end_angles: dict
    start_angles: dict
    end: dict  # joint -> world point, the end pose
    start: dict
    end_frames: dict
    start_frames: dict
    cam: tuple  # (depth, right, up) unit vectors
    close_t: tuple | None  # a close-up's transform and the origins of both poses
    endon: bool  # a close-up seen along the foot or the hand: its digits side by side
    upper_only: bool = False
    no_legs: bool = False
    top_turn: bool = False
    lie_turn: bool = False
    limb_table: dict = dataclasses.field(default_factory=dict)
    moved: set = dataclasses.field(default_factory=set)
    trunk_depth: float = 0.0
    top_depth: float = 0.0

    def proj(self, p):
        d, right, up = self.cam
        return (_dot(p, right), _dot(p, up), _dot(p, d))


@dataclasses.dataclass
class _Frame:
    """The drawing's frame: world units (u, v) to viewBox units."""

    u0: float
    u1: float
    v0: float
    v1: float
    fh: int  # the frame's height
    sc: float
    ox: float
    oy: float

    def X(self, u):  # noqa: N802 (x and y of the viewBox, as in SVG)
        return _f(self.ox + (u - self.u0) * self.sc)

    def Y(self, v):  # noqa: N802
        return _f(self.oy + (self.v1 - v) * self.sc)


def _scene(fig: Figure) -> _Scene:
    """Both poses by forward kinematics, placed on their support, and the camera that shows them."""
    turn = turn_side(fig)
    close = fig.view in CLOSE_UPS
    base_pose = kin.forward(fig.position, dict(kin.BASE[fig.position]), "r")
    base_pose.pop("_frames")
    end_angles, start_angles = _pose(fig, True), _pose(fig, False)
    end = _place(fig, _forward(fig, end_angles), base_pose)
    start = _place(fig, _forward(fig, start_angles), base_pose)
    if fig.position == "standing" and fig.surface == "counter":
        _hands_stay(start, end)
    if fig.hands:
        _hands_hold(fig, end, turn)
    ends_frames, start_frames = end.pop("_frames"), start.pop("_frames")
    s = _Scene(
        fig, turn, close, base_pose, end_angles, start_angles, end, start, ends_frames, start_frames, (), None, False
    )
    if close:
        _close_camera(s)
    else:
        cam = kin.camera(fig.view, fig.position)
        moving = fig.moving
        if fig.view == "side" and moving and move_side(fig, moving[0]) == "l":
            # seen from the side of the first movement, so that its limb is the near one, drawn
            # black (a lunge onto the left leg is seen from the left, not through the body)
            d, right, up = cam
            cam = ((-d[0], -d[1], -d[2]), (-right[0], -right[1], -right[2]), up)
        s.cam = cam
    d, right, up = s.cam
    # a close-up seen along the foot or the hand (not across it) shows its digits side by side
    digits = ("foot-" if fig.view == "foot" else "hand-") + turn
    s.endon = close and abs(_dot(d, _col(s.end_frames[digits], 0))) < 0.7
    if s.endon and fig.view == "foot":  # seen from a little above, the toes lie along the top of the foot
        ca, sa = math.cos(math.radians(TILT)), math.sin(math.radians(TILT))
        s.cam = (kin.add(_v(d, ca), _v(up, sa)), right, kin.add(_v(up, ca), _v(d, -sa)))
    _ways_of_drawing(s)
    return s


def _close_camera(s: _Scene) -> None:
    """Close-ups: a fixed, familiar hand or foot (forearm level and palm down, or palm to the reader;
    shin upright), looking straight along the first movement's axis."""
    fig, turn, moving = s.fig, s.turn, s.fig.moving
    ref = "forearm-" + turn if fig.view == "hand" else "shank-" + turn
    F = s.end_frames[ref]
    axis = moving_axis(fig, moving[0]) if moving else kin.app(F, (1.0, 0.0, 0.0))
    local = kin.app(kin._transpose(F), axis)
    if fig.view == "hand":
        C = _PALM if abs(local[2]) > 0.7 else _HAND_SIDE
    else:
        C = _FOOT
    T = kin.mul(C, kin._transpose(F))
    o = s.end["wrist-" + turn] if fig.view == "hand" else s.end["ankle-" + turn]
    o2 = s.start["wrist-" + turn] if fig.view == "hand" else s.start["ankle-" + turn]
    s.end = {k: kin.app(T, _sub(v, o)) for k, v in s.end.items()}
    s.start = {k: kin.app(T, _sub(v, o2)) for k, v in s.start.items()}
    s.end_frames = {k: kin.mul(T, f) for k, f in s.end_frames.items()}
    s.start_frames = {k: kin.mul(T, f) for k, f in s.start_frames.items()}
    ax = kin.app(T, axis)
    big = max(range(3), key=lambda i: abs(ax[i]))
    if ax[big] < 0:
        ax = (-ax[0], -ax[1], -ax[2])
    s.cam = kin.camera(fig.view, "standing", ax)
    s.close_t = (T, o, o2)


def _ways_of_drawing(s: _Scene) -> None:
    """What the position, view and movement call for besides the plain side view."""
    fig, moving = s.fig, s.fig.moving
    # only the neck moves, seen from above or the front: the head and shoulders, larger
    s.upper_only = bool(moving) and all(m.joint == "neck" for m in moving) and fig.view != "side"
    # an upright person moving an arm, seen from above: the legs below say nothing and the arm
    # would be drawn over them
    s.no_legs = (
        bool(moving)
        and fig.view == "top"
        and fig.position not in kin.LYING
        and all(JOINTS[m.joint].limb == "arm" for m in moving)
    )
    # an upright person turning the head or trunk, seen from above: a top-down head (nose and ears
    # show where it faces) over a clear bar of the shoulders; the arms below are grey and only the
    # head and shoulders are drawn again in the start pose
    s.top_turn = (
        not s.close
        and fig.view == "top"
        and fig.position not in kin.LYING
        and any(m.joint in ("neck", "trunk") and JOINTS[m.joint].motions[m.motion].dof == "rot" for m in moving)
    )
    # lying on the back, the knees falling to the side, seen from the feet: each leg is a bar with
    # a round knee on top, kept apart from the other leg by a white edge; the pelvis behind is grey
    s.lie_turn = (
        not s.close
        and fig.view == "front"
        and fig.position in kin.LYING
        and any(m.joint == "trunk" and JOINTS[m.joint].motions[m.motion].dof == "rot" for m in moving)
    )
    bent_hand = any(
        key[0] in ("fingers", "thumb") and value
        for pose in (s.end_angles, s.start_angles)
        for key, value in pose.items()
    )
    s.limb_table = (
        _LIMB
        if bent_hand
        else {
            name: _STRAIGHT_HAND.get(name, part)
            for name, part in _LIMB.items()
            if name not in ("fingers2", "fingers3", "thumb2", "thumb3")
        }
    )


def _segments(s: _Scene, P: dict) -> list:
    """The pose's segments: (name, point, point, width, side)."""
    out = []
    if s.close:
        table = _HAND_CLOSE if s.fig.view == "hand" else _FOOT_CLOSE
        side = s.turn
        for name, (a, b, w) in table.items():
            pa, pb = _pt(P, a, side), _pt(P, b, side)
            if name in ("forearm", "shank"):  # only the end near the hand or foot
                v = _sub(pa, pb)
                n = math.sqrt(_dot(v, v)) or 1
                pa = kin.add(pb, tuple(c / n * (0.07 if s.fig.view == "hand" else _shank_len(s.endon)) for c in v))
            out.append((f"{name}-{side}", pa, pb, w, side))
        return out
    out.append(("trunk", P["pelvis"], P["neckbase"], 0.115, ""))
    out.append(("pelvis", P["hip-l"], P["hip-r"], 0.1, ""))
    out.append(("shoulders", P["shoulder-l"], P["shoulder-r"], 0.085, ""))
    out.append(("neck", P["neckbase"], P["headc"], 0.05, ""))
    out.append(("face", P["headc"], P["nose"], 0.03, ""))
    for side in ("l", "r"):
        for name, (a, b, w) in s.limb_table.items():
            if (s.upper_only or s.no_legs or s.top_turn) and (
                name in ("thigh", "shank", "foot", "toes") or (s.upper_only and s.top_turn)
            ):
                continue
            out.append((f"{name}-{side}", _pt(P, a, side), _pt(P, b, side), w, side))
    return out


def _close_outlines(s: _Scene) -> tuple[list, list]:
    """Close-ups: the hand or foot as outlines, the start pose only where it moved."""
    end_parts, start_parts = [], []
    ep = _close_parts(s.fig.view, s.end, s.end_frames, s.turn, s.endon)
    sp = _close_parts(s.fig.view, s.start, s.start_frames, s.turn, s.endon)
    for (n, grp, rings), (_, _, rings0) in zip(ep, sp):
        end_parts.append((n, grp) + _outline(rings, s.proj))
        if _moved([x for r in rings for p in r for x in p], [x for r in rings0 for p in r for x in p]):
            start_parts.append((n, grp) + _outline(rings0, s.proj))
    return end_parts, start_parts


def _pose_extent(s: _Scene, parts: tuple, end_segs: list, start_segs: list) -> list:
    """The points both poses reach (close-ups: the drawn parts only), in (u, v)."""
    pts = [q for lst in parts for part in lst for poly in part[3] for q in poly]
    for lst in () if s.close else (end_segs, start_segs):
        for n, a, b, w, _side in lst:
            if lst is start_segs and n not in s.moved:
                continue
            for p in (a, b):
                u, v, _ = s.proj(p)
                pts.append((u - w / 2, v - w / 2))
                pts.append((u + w / 2, v + w / 2))
    if not s.close:
        hc = s.proj(s.end["headc"])
        pts += [(hc[0] - 0.07, hc[1] - 0.07), (hc[0] + 0.07, hc[1] + 0.07)]
    return pts


def _extent_of(surf: list, arrows: list, hands: list) -> list:
    """The points the surface, the arrows and the helper's hands and arms reach, in (u, v)."""
    pts: list = []
    for shape in surf:
        if shape[0] in ("line", "rect", "poly"):
            for p in shape[1]:
                pts.append(p)
        elif shape[0] == "circle":
            (cx, cy), r = shape[1]
            pts += [(cx - r, cy - r), (cx + r, cy + r)]
    for pl, _ in arrows:
        pts += pl
    for c, _ang, rx, ry, arm in hands:  # the mitten, and the helper's arm with its round end
        reach = ry * 1.3
        pts += [
            (c[0] - rx, c[1] - rx),
            (c[0] + rx, c[1] + rx),
            (arm[0] - reach, arm[1] - reach),
            (arm[0] + reach, arm[1] + reach),
        ]
    return pts


def _frame(pts: list) -> _Frame:
    """The frame is as tall as the drawing needs, between H_MIN and H: a figure lying down is wide
    and short, so it takes less room on a card and none of it is blank paper."""
    u0, u1 = min(p[0] for p in pts), max(p[0] for p in pts)
    v0, v1 = min(p[1] for p in pts), max(p[1] for p in pts)
    fh = round(min(H, max(H_MIN, (v1 - v0) / max(u1 - u0, 1e-6) * (W - 2 * MARGIN) + 2 * MARGIN)))
    sc = min((W - 2 * MARGIN) / max(u1 - u0, 1e-6), (fh - 2 * MARGIN) / max(v1 - v0, 1e-6))
    ox = (W - (u1 - u0) * sc) / 2
    oy = (fh - (v1 - v0) * sc) / 2
    return _Frame(u0, u1, v0, v1, fh, sc, ox, oy)


def _surface_svg(surf: list, fr: _Frame) -> str:
    X, Y = fr.X, fr.Y
    g = []
    run: list[str] = []  # consecutive lines of one style (the hatching): one path, one ink
    for i, shape in enumerate(surf):
        kind, data, style = shape
        if kind == "line":
            (a, b) = data
            run.append(f"M{X(a[0])} {Y(a[1])} L{X(b[0])} {Y(b[1])}")
            following = surf[i + 1] if i + 1 < len(surf) else None
            if not following or following[0] != "line" or following[2] != style:
                g.append(f'<path d="{" ".join(run)}" {style}/>')
                run = []
        elif kind in ("rect", "poly"):
            pts_s = " ".join(f"{X(p[0])},{Y(p[1])}" for p in data)
            g.append(f'<polygon points="{pts_s}" {style}/>')
        elif kind == "circle":
            (cx, cy), r = data
            g.append(f'<circle cx="{X(cx)}" cy="{Y(cy)}" r="{_f(r * fr.sc)}" {style}/>')
    return (
        f'<g class="surface" fill="none" stroke="{INK}" stroke-width="{LINE}" stroke-linejoin="round">'
        + "".join(g)
        + "</g>"
    )


def _collect(s: _Scene, lst: list, state: str) -> list:
    """The segments to draw of one pose, by depth: (depth, name, a, b, width, side)."""
    drawn = []
    for n, a, b, w, side in lst:
        if state == "start" and n not in s.moved:
            continue
        pa, pb = s.proj(a), s.proj(b)
        drawn.append(((pa[2] + pb[2]) / 2, n, pa, pb, w, side))
    if not s.close:
        hc = s.proj((s.end if state == "end" else s.start)["headc"])
        if state == "end" or "neck" in s.moved or "face" in s.moved:
            drawn.append((hc[2], "head", hc, hc, 0.124, ""))
        hd = next((t[0] for t in drawn if t[1] == "head"), 0.0)
        drawn.sort(key=lambda t: (round(hd if t[1] == "face" else t[0], 3), t[1] == "face", t[1]))
    return drawn


def _colour(s: _Scene, depth: float, n: str, side: str) -> str:
    """Black for what matters, grey for what is behind or still."""
    fig, close = s.fig, s.close
    colour = INK
    if (
        not close
        and fig.view == "side"
        and depth < s.trunk_depth - 0.03
        and side
        and not (
            fig.position == "standing" and n.split("-")[0] in ("thigh", "shank", "foot", "toes") and n not in s.moved
        )
    ):
        # the far arm and leg are grey; but the leg a person stands on stays black (grey, with
        # the near knee lifted, it read as sitting on a stool)
        colour = FAR
    elif s.lie_turn and n == "pelvis":
        colour = FAR  # behind the thighs
    elif s.top_turn and side:
        colour = FAR  # seen from above turning: the arms and legs are grey under the shoulders
    elif not close and fig.view == "top" and fig.position not in kin.LYING and depth < s.top_depth - 0.2:
        colour = FAR  # seen from above: what is below the shoulders is grey
    elif (
        not close
        and fig.view == "front"
        and fig.position in kin.LYING
        and depth < s.trunk_depth - 0.08
        and n not in s.moved
        and not (n == "head" and "face" in s.moved)
    ):
        colour = FAR  # seen from the feet: the still chest and arms behind are grey
    if s.upper_only and n not in s.moved and n not in ("neck", "face", "head"):
        colour = FAR  # only the head moves: the still body is grey, the head black over it
    return colour


def _edge(fr: _Frame, pa, pb, w) -> str:
    """A white edge under a segment, keeping it apart from what is behind it."""
    return (
        f'<line x1="{fr.X(pa[0])}" y1="{fr.Y(pa[1])}" x2="{fr.X(pb[0])}" y2="{fr.Y(pb[1])}" '
        f'stroke="{PAPER}" stroke-width="{_f(w * fr.sc + 2 * LINE)}"/>'
    )


def _solid(s: _Scene, fr: _Frame, drawn: list) -> list:
    """The end pose's segments, solid, in depth order."""
    X, Y, sc = fr.X, fr.Y, fr.sc
    parts = []
    halo_done = False
    # a thigh pointing at the reader (hip bent to 90 degrees, seen from above) is drawn as a
    # round knee over the hip, so the shin swinging from it does not read as the whole leg
    # moving out from the hip
    # (seen from the feet, knees drawn so read as more heads: from above only)
    end_on = {
        n.split("-")[1]
        for _, n, pa, pb, _, _ in drawn
        if n.startswith("thigh-")
        and s.fig.view == "top"
        and math.hypot(pb[0] - pa[0], pb[1] - pa[1]) < 0.45 * math.dist(pa, pb)
    }
    for depth, n, pa, pb, w, side in drawn:
        colour = _colour(s, depth, n, side)
        if s.top_turn and n == "head":
            parts.append(_top_head(drawn, X, Y, sc, "end"))
            continue
        if s.top_turn and n == "face":  # drawn with the head
            parts.append(
                f'<line class="seg end" data-seg="face" x1="{X(pa[0])}" y1="{Y(pa[1])}" '
                f'x2="{X(pb[0])}" y2="{Y(pb[1])}" stroke="none"/>'
            )
            continue
        if s.top_turn and side and not halo_done and n.split("-")[0] not in ("thigh", "shank", "foot", "toes"):
            halo_done = True  # a white edge keeps the arms apart from the legs under them
            parts += [
                _edge(fr, qa, qb, w2)
                for _, n2, qa, qb, w2, s2 in drawn
                if s2 and n2.split("-")[0] not in ("thigh", "shank", "foot", "toes")
            ]
        if s.lie_turn and n.startswith("thigh-"):
            parts.append(_edge(fr, pa, pb, w))
        if s.top_turn and n == "shoulders":  # a white edge keeps the bar apart from the arms under it
            parts.append(_edge(fr, pa, pb, w))
        if n == "head":  # a white ring keeps the head (and nose) apart from the shoulders behind it
            parts += [_edge(fr, fa, fb, w2) for _, n2, fa, fb, w2, _s in drawn if n2 == "face"]
            parts.append(
                f'<circle class="seg end" data-seg="head" cx="{X(pa[0])}" cy="{Y(pa[1])}" '
                f'r="{_f(w / 2 * sc)}" fill="{colour}" stroke="{PAPER}" stroke-width="{LINE}"/>'
            )
            continue
        parts.append(
            f'<line class="seg end" data-seg="{n}" x1="{X(pa[0])}" y1="{Y(pa[1])}" '
            f'x2="{X(pb[0])}" y2="{Y(pb[1])}" stroke="{colour}" stroke-width="{_f(w * sc)}"/>'
        )
        if (s.lie_turn or not s.close and side in end_on) and n.startswith("shank-"):  # the knee: a round cap on top
            parts.append(
                f'<circle cx="{X(pa[0])}" cy="{Y(pa[1])}" r="{_f(0.05 * sc)}" fill="{colour}" '
                f'stroke="{PAPER}" stroke-width="{LINE}"/>'
            )
    return parts


def _ghost(s: _Scene, fr: _Frame, drawn: list) -> str:
    """The start pose: hollow, a grey outline around white (light, never solid)."""
    X, Y = fr.X, fr.Y
    outline, fill = [""], [""]
    seen: set[str] = set()
    for _depth, n, pa, pb, w, _side in drawn:
        wo, wi = w * fr.sc, max(w * fr.sc - 2 * GHOST, 1.0)
        if s.top_turn and n in ("head", "face"):
            if n == "head":
                fill.append(_top_head(drawn, X, Y, fr.sc, "start"))
            else:
                fill.append(
                    f'<line class="seg start" data-seg="face" x1="{X(pa[0])}" y1="{Y(pa[1])}" '
                    f'x2="{X(pb[0])}" y2="{Y(pb[1])}" stroke="none"/>'
                )
            continue
        if n == "head":
            outline.append(f'<circle cx="{X(pa[0])}" cy="{Y(pa[1])}" r="{_f(wo / 2)}" fill="{LIGHT}"/>')
            fill.append(
                f'<circle class="seg start" data-seg="head" cx="{X(pa[0])}" cy="{Y(pa[1])}" r="{_f(wi / 2)}" fill="{PAPER}"/>'
            )
            continue
        xy = f'x1="{X(pa[0])}" y1="{Y(pa[1])}" x2="{X(pb[0])}" y2="{Y(pb[1])}"'
        shown = f'<line {xy} stroke="{LIGHT}" stroke-width="{_f(wo)}"/>'
        if shown not in seen:  # one ink: a limb hidden behind its twin need not be drawn twice
            seen.add(shown)
            outline.append(shown)
        fill.append(f'<line class="seg start" data-seg="{n}" {xy} stroke="{PAPER}" stroke-width="{_f(wi)}"/>')
    return "".join(outline) + "".join(fill)


def _close_svg(fr: _Frame, parts: tuple, end_d: list, start_d: list) -> list:
    """A close-up's hand or foot: one path per group of parts, far groups first; the joint centres
    are kept (not stroked) under the outlines."""
    X, Y = fr.X, fr.Y
    end_parts, start_parts = parts

    def shapes(parts):
        groups: dict = {}
        for _n, grp, depth, polys in parts:
            groups.setdefault(grp, []).append((depth, polys))
        order = sorted(groups.items(), key=lambda kv: (round(max(d for d, _ in kv[1]), 4), kv[0]))
        return [_d([poly for _, polys in lst for poly in polys if len(poly) > 2], X, Y) for _, lst in order]

    def bones(drawn, state):
        return "".join(
            f'<line class="seg {state}" data-seg="{n}" x1="{X(pa[0])}" y1="{Y(pa[1])}" '
            f'x2="{X(pb[0])}" y2="{Y(pb[1])}" stroke="none"/>'
            for _, n, pa, pb, w, s in drawn
        )

    g = [
        f'<path d="{d}" fill="{LIGHT}" stroke="{LIGHT}" stroke-width="{_f(2 * GHOST)}"/><path d="{d}" fill="{PAPER}"/>'
        for d in shapes(start_parts)
    ]
    out = ['<g class="start" fill="none" stroke-linejoin="round">' + "".join(g) + bones(start_d, "start") + "</g>"]
    g = [
        f'<path d="{d}" fill="{PAPER}" stroke="{PAPER}" stroke-width="{_f(2 * HALO)}"/>'
        f'<path d="{d}" fill="{INK}" stroke="{INK}" stroke-width="0.8"/>'
        for d in shapes(end_parts)
    ]
    out.append(
        '<g class="end" fill="none" stroke-linejoin="round" stroke-linecap="round">'
        + bones(end_d, "end")
        + "".join(g)
        + "</g>"
    )
    return out


def _poses_svg(s: _Scene, fr: _Frame, end_d: list, start_d: list) -> list:
    """Both poses, layered: what of the end pose is behind the start pose, the start pose, the rest."""
    end_g, start_g = (
        '<g class="end" fill="none" stroke-linecap="round">',
        '<g class="start" fill="none" stroke-linecap="round">',
    )
    if s.top_turn:  # from above, in layers: arms and legs, shoulders (start, end), head (start, end)
        heads = ("head", "face", "neck")
        return [
            end_g + "".join(_solid(s, fr, [t for t in end_d if t[5]])) + "</g>",
            start_g + _ghost(s, fr, [t for t in start_d if t[1] not in heads]) + "</g>",
            end_g + "".join(_solid(s, fr, [t for t in end_d if not t[5] and t[1] not in heads])) + "</g>",
            start_g + _ghost(s, fr, [t for t in start_d if t[1] in heads]) + "</g>",
            end_g + "".join(_solid(s, fr, [t for t in end_d if t[1] in heads])) + "</g>",
        ]
    fig = s.fig
    cut = (sum(t[0] for t in start_d) / len(start_d)) if start_d else 0.0
    if fig.view != "side":
        cut = -1e9
    # standing, seen from the side: the still leg stood on is drawn over the start pose's light leg
    # (they are in one place: under it, it vanished, and the person seemed to sit on a stool)
    stood_on = {
        t[1]
        for t in end_d
        if fig.position == "standing"
        and fig.view == "side"
        and t[5]
        and t[1].split("-")[0] in ("thigh", "shank", "foot", "toes")
        and t[1] not in s.moved
    }
    below = [t for t in end_d if t[0] < cut - 0.01 and t[1] not in stood_on]
    above = [t for t in end_d if t[0] >= cut - 0.01 or t[1] in stood_on]
    above.sort(key=lambda t: (t[1] not in stood_on, t[0]))  # still legs first, behind what moves
    return [
        end_g + "".join(_solid(s, fr, below)) + "</g>",
        start_g + _ghost(s, fr, start_d) + "</g>",
        end_g + "".join(_solid(s, fr, above)) + "</g>",
    ]


def _arrows_svg(arrows: list, fr: _Frame) -> str:
    """The movement's arrows, white-edged, with their heads."""
    X, Y = fr.X, fr.Y
    g = []
    for pl, double in arrows:
        if len(pl) < 2:
            continue
        dpath = "M" + " L".join(f"{X(u)} {Y(v)}" for u, v in pl)
        g.append(f'<path d="{dpath}" fill="none" stroke="{PAPER}" stroke-width="{LINE + 3}"/>')
        g.append(f'<path d="{dpath}" fill="none" stroke="{INK}" stroke-width="{LINE}"/>')
        tips = [(pl[-2], pl[-1])] + ([(pl[1], pl[0])] if double else [])
        for a, b in tips:
            ax, ay = float(X(a[0])), float(Y(a[1]))
            bx, by = float(X(b[0])), float(Y(b[1]))
            ang = math.atan2(by - ay, bx - ax)
            L = 13.0
            p1 = (bx + L * 0.5 * math.cos(ang), by + L * 0.5 * math.sin(ang))
            p2 = (bx - L * math.cos(ang - 0.45), by - L * math.sin(ang - 0.45))
            p3 = (bx - L * math.cos(ang + 0.45), by - L * math.sin(ang + 0.45))
            g.append(
                f'<polygon points="{_f(p1[0])},{_f(p1[1])} {_f(p2[0])},{_f(p2[1])} {_f(p3[0])},{_f(p3[1])}" '
                f'fill="{INK}" stroke="{PAPER}" stroke-width="1"/>'
            )
    return '<g class="arrow" stroke-linecap="round" stroke-linejoin="round">' + "".join(g) + "</g>"


def _hands_svg(hands: list, fr: _Frame) -> str:
    """The helper's hands: white mittens with a black outline, the helper's forearm behind."""
    X, Y, sc = fr.X, fr.Y, fr.sc
    g = []
    for c, ang, rx, ry, arm in hands:
        cx, cy = X(c[0]), Y(c[1])
        g.append(
            f'<line x1="{cx}" y1="{cy}" x2="{X(arm[0])}" y2="{Y(arm[1])}" stroke="{INK}" '
            f'stroke-width="{_f(ry * sc * 1.7 + LINE * 2)}"/>'
        )
        g.append(
            f'<line x1="{cx}" y1="{cy}" x2="{X(arm[0])}" y2="{Y(arm[1])}" stroke="{PAPER}" '
            f'stroke-width="{_f(ry * sc * 1.7)}"/>'
        )
        g.append(
            f'<ellipse cx="{cx}" cy="{cy}" rx="{_f(rx * sc)}" ry="{_f(ry * sc)}" '
            f'transform="rotate({_f(-math.degrees(ang))} {cx} {cy})" fill="{PAPER}" stroke="{INK}" '
            f'stroke-width="{LINE}"/>'
        )
    return '<g class="helper" stroke-linecap="round">' + "".join(g) + "</g>" if g else ""


def _draw(fig: Figure) -> tuple[str, int, int]:
    """One pose: the SVG elements, the height of its frame and the width of its drawing.  In turn:
    the scene (_scene), what there is to draw and how far it reaches, the frame that holds it
    (_frame), then the surface, both poses, the equipment, the helper's hands and the arrows."""
    s = _scene(fig)
    end_segs, start_segs = _segments(s, s.end), _segments(s, s.start)
    s.trunk_depth, s.top_depth = s.proj(s.end["pelvis"])[2], s.proj(s.end["neckbase"])[2]
    s.moved = {n for (n, a, b, *_), (_, a2, b2, *_) in zip(end_segs, start_segs) if _moved(a + b, a2 + b2)}
    if s.top_turn:  # the start pose: the head and shoulders only
        s.moved &= {"trunk", "pelvis", "shoulders", "neck", "face"}
    parts = _close_outlines(s) if s.close else ([], [])
    pts = _pose_extent(s, parts, end_segs, start_segs)
    # the head turning, seen from above: a chair or bed drawn from above is only a box around it
    bare = s.close or (s.upper_only and (fig.position in kin.LYING or s.top_turn))
    surf = [] if bare else _surface(fig, s.end, s.base_pose, s.proj, pts, s.start)
    arrows = _arrows(fig, s.proj, s.base_pose, s.close, s.close_t, [] if s.close else end_segs)
    hands = _helper(fig, s.end, s.end_frames, s.proj, s.turn, s.close)
    if s.close:
        hands = _clear(hands, [poly for part in parts[0] for poly in part[3]])
    fr = _frame(pts + _extent_of(surf, arrows, hands))
    end_d, start_d = _collect(s, end_segs, "end"), _collect(s, start_segs, "start")
    out = [_surface_svg(surf, fr)]
    out += _close_svg(fr, parts, end_d, start_d) if s.close else _poses_svg(s, fr, end_d, start_d)
    eq = _equipment(fig, s.end, s.proj, fr.sc, fr.X, fr.Y, s.turn)
    if eq:
        out.append(f'<g class="equipment" stroke="{INK}" stroke-width="{LINE * 0.8}" fill="{PAPER}">' + eq + "</g>")
    out.append(_hands_svg(hands, fr))
    # the movement is what the picture is about: its arrow (white-edged) stays whole over the helper's
    # hands, which hid an arrowhead where the helper holds the part that moves (lumbar rotation)
    out.append(_arrows_svg(arrows, fr))
    return _unseen("".join(out)), fr.fh, round(min(W, (fr.u1 - fr.u0) * fr.sc + 2 * MARGIN))


def _ellipse(c, f, p, a, b, n=28):
    """Points of an ellipse (u, v): semi-axis a along unit f, b along unit p."""
    out = []
    for i in range(n):
        t = 2 * math.pi * i / n
        ca, sa = math.cos(t) * a, math.sin(t) * b
        out.append((c[0] + f[0] * ca + p[0] * sa, c[1] + f[1] * ca + p[1] * sa))
    return out


def _top_head(drawn, X, Y, sc, state):
    """A head seen from above: an oval skull, the nose in front and an ear at each side, so that
    which way it faces reads at a glance (the end pose black with a white edge, the start pose
    hollow and grey)."""
    hc = next(t[2] for t in drawn if t[1] == "head")
    face = next((t for t in drawn if t[1] == "face"), None)
    if face is not None:
        du, dv = face[3][0] - face[2][0], face[3][1] - face[2][1]
        n = math.hypot(du, dv)
    else:
        n = 0.0
    f = (du / n, dv / n) if n > 1e-6 else (0.0, 1.0)
    p = (-f[1], f[0])

    def at(a, b):
        return (hc[0] + f[0] * a + p[0] * b, hc[1] + f[1] * a + p[1] * b)

    polys = [
        _ellipse(at(-0.004, 0.0), f, p, 0.066, 0.055),  # skull, longer front to back
        [at(0.035, 0.03), at(0.115, 0.0), at(0.035, -0.03)],  # nose, long enough to read at an inch
        _ellipse(at(-0.004, 0.055), f, p, 0.017, 0.011, 14),
        _ellipse(at(-0.004, -0.055), f, p, 0.017, 0.011, 14),
    ]
    # one winding for every part, so that where they overlap stays filled
    polys = [
        poly if sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(poly, poly[1:] + poly[:1])) > 0 else poly[::-1]
        for poly in polys
    ]
    d = _d(polys, X, Y)
    c = f'cx="{X(hc[0])}" cy="{Y(hc[1])}" r="{_f(0.062 * sc)}" fill="none" stroke="none"'
    if state == "end":
        return (
            f'<path d="{d}" fill="{PAPER}" stroke="{PAPER}" stroke-width="{_f(2 * LINE)}" stroke-linejoin="round"/>'
            f'<path d="{d}" fill="{INK}" stroke="{INK}" stroke-width="1" stroke-linejoin="round"/>'
            f'<circle class="seg end" data-seg="head" {c}/>'
        )
    return (
        f'<path d="{d}" fill="{LIGHT}" stroke="{LIGHT}" stroke-width="{_f(2 * GHOST)}" stroke-linejoin="round"/>'
        f'<path d="{d}" fill="{PAPER}" stroke="none"/><circle class="seg start" data-seg="head" {c}/>'
    )


# --- close-ups: a hand or a foot modelled as lofted cross-sections --------------------------------
# Each part is a chain of cross-sections (rings of 3D points) along a bone; the drawn outline is the
# union of the convex hulls of consecutive rings, so the silhouette is right from any direction.
# Sizes in fractions of standing height (0.01 is about 17 mm).

HALO = 1.6  # white edge (viewBox units) that keeps a part apart from the part behind it
TILT = 18  # degrees above a foot seen from the toes: the drawn angles are then within 2 degrees

# foot, in the foot's frame from the ankle (x = the person's left, y = up the shin, z = to the toes):
# (z, medial shift of the centre, sole, top, half width)
_FOOT_SECTIONS = (
    (-0.054, 0.0, -0.035, -0.02, 0.011),
    (-0.047, 0.0, -0.040, -0.006, 0.016),
    (-0.032, 0.0, -0.042, 0.004, 0.018),
    (0.0, 0.002, -0.042, 0.006, 0.020),
    (0.030, 0.004, -0.042, -0.006, 0.023),
    (0.060, 0.005, -0.042, -0.017, 0.026),
    (0.080, 0.004, -0.042, -0.024, 0.027),
    (0.090, 0.002, -0.041, -0.029, 0.025),
)
# shank, in its frame from the ankle (y up the shin): (height, forward shift, half width, half depth)
_SHANK_SECTIONS = (
    (0.0, -0.003, 0.019, 0.019),
    (0.02, -0.002, 0.017, 0.018),
    (0.06, 0.0, 0.019, 0.022),
    (0.10, -0.004, 0.022, 0.027),
)
# toes, big to little: (place along the row of toe joints, length, radius)
_TOES = (
    (0.0, 0.033, 0.0095),
    (0.31, 0.027, 0.0064),
    (0.54, 0.024, 0.0060),
    (0.77, 0.021, 0.0055),
    (1.0, 0.018, 0.0050),
)
# hand, in its frame from the wrist (y toward the elbow): (distance toward the fingers, half width,
# half thickness)
_PALM_SECTIONS = ((0.0, 0.018, 0.012), (0.02, 0.022, 0.014), (0.045, 0.025, 0.013), (0.058, 0.025, 0.010))
_FOREARM_SECTIONS = ((0.004, 0.018, 0.012), (0.03, 0.020, 0.013), (0.07, 0.023, 0.016))
_FINGER_R = (0.0062, 0.0058, 0.0053, 0.0047)
_THUMB_R = (0.0105, 0.0080, 0.0072, 0.0064)


def _v(a, s):
    return (a[0] * s, a[1] * s, a[2] * s)


def _col(F, i):
    return (F[i], F[3 + i], F[6 + i])


def _ring(c, e1, e2, a, b, sq=2.0, n=16):
    out = []
    for i in range(n):
        t = 2 * math.pi * (i + 0.5) / n
        ct, st = math.cos(t), math.sin(t)
        x = math.copysign(abs(ct) ** (2 / sq), ct)
        y = math.copysign(abs(st) ** (2 / sq), st)
        out.append(
            (
                c[0] + e1[0] * a * x + e2[0] * b * y,
                c[1] + e1[1] * a * x + e2[1] * b * y,
                c[2] + e1[2] * a * x + e2[2] * b * y,
            )
        )
    return out


def _perp(d, hint):
    """A unit vector across direction d, as near to hint as can be."""
    h = _sub(hint, _v(d, _dot(hint, d)))
    if _dot(h, h) < 1e-10:
        h = (1.0, 0.0, 0.0) if abs(d[0]) < 0.9 else (0.0, 1.0, 0.0)
        h = _sub(h, _v(d, _dot(h, d)))
    return kin.norm(h)


def _tube(points, radii, hint, cap=True):
    """Round cross-sections along a chain of points, with a rounded end."""
    rings = []
    for i, (p, r) in enumerate(zip(points, radii)):
        d = kin.norm(_sub(points[min(i + 1, len(points) - 1)], points[max(i - 1, 0)]))
        e1 = _perp(d, hint)
        e2 = kin.cross(d, e1)
        rings.append((p, d, e1, e2, r))
    out = [_ring(p, e1, e2, r, r, n=12) for p, d, e1, e2, r in rings]
    if cap:
        p, d, e1, e2, r = rings[-1]
        for f, k in ((0.55, 0.84), (0.9, 0.45)):
            out.append(_ring(kin.add(p, _v(d, r * f)), e1, e2, r * k, r * k, n=12))
    return out


def _shank_len(endon):
    return 0.065 if endon else 0.1


def _close_parts(view, P, frames, s, endon):
    """The parts of a hand or foot close-up: [(name, group, rings)]; one group draws as one shape."""
    return _foot_parts(P, frames, s, endon) if view == "foot" else _hand_parts(P, frames, s, endon)


def _foot_parts(P, frames, s, endon):
    m = -1.0 if s == "r" else 1.0
    parts = []
    A, F, S = P["ankle-" + s], frames["foot-" + s], frames["shank-" + s]
    fx, fy, fz = _col(F, 0), _col(F, 1), _col(F, 2)
    med = -m  # the big toe's side along the foot's x

    def at(x, y, z):
        return kin.add(A, kin.add(_v(fx, x), kin.add(_v(fy, y), _v(fz, z))))

    sx, sy, sz = _col(S, 0), _col(S, 1), _col(S, 2)
    a0 = kin.add(A, _v(sz, -0.003))
    parts.append(("ankle", "leg", _tube([kin.add(a0, _v(sy, 0.012)), a0], (0.0195, 0.0195), sx)))
    shank = [
        _ring(kin.add(A, kin.add(_v(sy, min(h, _shank_len(endon))), _v(sz, dz))), sx, sz, a, b)
        for h, dz, a, b in _SHANK_SECTIONS
        if h < _shank_len(endon) + 0.03
    ]
    parts.append(("shank", "leg", shank))
    foot = [
        _ring(at(med * xc, (lo + hi) / 2, z), fx, fy, a, (hi - lo) / 2, sq=2.6) for z, xc, lo, hi, a in _FOOT_SECTIONS
    ]
    parts.append(("foot", "leg", foot))
    m1, m5 = P["mtp1-" + s], P["mtp5-" + s]
    d1, d5 = _sub(P["toe1-" + s], m1), _sub(P["toe5-" + s], m5)
    m1 = kin.add(m1, _v(fx, med * 0.002))
    for k, (t, ln, r) in enumerate(_TOES):
        base = tuple(m1[i] + (m5[i] - m1[i]) * t for i in range(3))
        d = kin.norm(tuple(d1[i] + (d5[i] / 0.7 - d1[i]) * t for i in range(3)))
        up = _perp(d, fy)
        b0 = kin.add(base, _v(up, r - 0.003))
        pts = [kin.add(b0, _v(d, -0.012)), b0, kin.add(b0, _v(d, ln * 0.55)), kin.add(b0, _v(d, ln - r))]
        parts.append(
            (f"toe{k + 1}", f"toe{k + 1}" if endon else "leg", _tube(pts, (r * 1.05, r, r * 0.95, r * 0.9), fx))
        )
    return parts


def _hand_parts(P, frames, s, endon):
    parts = []
    W, Hd, Fa = P["wrist-" + s], frames["hand-" + s], frames["forearm-" + s]
    hx, hy, hz = _col(Hd, 0), _col(Hd, 1), _col(Hd, 2)
    ax, ay, az = _col(Fa, 0), _col(Fa, 1), _col(Fa, 2)
    parts.append(
        ("forearm", "arm", [_ring(kin.add(W, _v(ay, h)), ax, az, a, b, sq=2.2) for h, a, b in _FOREARM_SECTIONS])
    )
    parts.append(("wrist", "arm", _tube([kin.add(W, _v(ay, 0.01)), W], (0.012, 0.012), ax)))
    parts.append(("palm", "arm", [_ring(kin.add(W, _v(hy, -h)), hx, hz, a, b, sq=3.0) for h, a, b in _PALM_SECTIONS]))
    for k in "2345":
        pts = [P[f"f{k}{j}-{s}"] for j in "abcd"]
        d0 = kin.norm(_sub(pts[1], pts[0]))
        pts = (
            [kin.add(pts[0], _v(d0, -0.006))] + pts[:3] + [kin.add(pts[3], _v(kin.norm(_sub(pts[3], pts[2])), -0.004))]
        )
        # a fist (the fingertips turned back toward the palm): the outer fingers (index and little, one
        # of them in front) have their own white edge, so the curl of a finger reads on the closed hand
        curled = _dot(_sub(pts[2], pts[1]), _sub(pts[4], pts[3])) < 0
        grp = f"finger{k}" if endon or (curled and k in "25") else "fingers"
        parts.append((f"finger{k}", grp, _tube(pts, (_FINGER_R[0],) + _FINGER_R, hx)))
    pts = [P[f"thumb{j}-{s}"] for j in "0123"]
    pts = [kin.add(pts[0], _v(hy, 0.004))] + pts[:3] + [kin.add(pts[3], _v(kin.norm(_sub(pts[3], pts[2])), -0.004))]
    parts.append(("thumb", "thumb", _tube(pts, (_THUMB_R[0] * 0.9,) + _THUMB_R, hz)))
    return parts


def _inside(q, poly):
    """Is point q inside the counter-clockwise convex polygon?"""
    n = len(poly)
    if n < 3:
        return False
    for i in range(n):
        a, b = poly[i], poly[(i + 1) % n]
        if (b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0]) < 0:
            return False
    return True


def _clear(hands, polys):
    """Close-ups: move each of the helper's hands outward, along its arm, until it lies beside the
    drawn hand or foot instead of over it: beside the end pose (solid), where it holds, even if
    that puts it over the light start pose."""
    out = []
    for c, ang, rx, ry, arm in hands:
        du, dv = arm[0] - c[0], arm[1] - c[1]
        n = math.hypot(du, dv) or 1.0
        du, dv = du / n, dv / n
        ca, sa = math.cos(ang), math.sin(ang)
        ring = [
            (rx * math.cos(t) * ca - ry * math.sin(t) * sa, rx * math.cos(t) * sa + ry * math.sin(t) * ca)
            for t in (k * math.pi / 6 for k in range(12))
        ] + [(0.0, 0.0)]
        step = 0
        while step < 40 and any(_inside((c[0] + x, c[1] + y), poly) for x, y in ring for poly in polys):
            c = (c[0] + du * 0.003, c[1] + dv * 0.003)
            step += 1
        out.append((c, ang, rx, ry, (c[0] + du * n, c[1] + dv * n)))
    return out


def _hull(pts):
    """Convex hull (counter-clockwise) of 2D points."""
    pts = sorted(set(pts))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lo, hi = [], []
    for p in pts:
        while len(lo) >= 2 and cross(lo[-2], lo[-1], p) <= 0:
            lo.pop()
        lo.append(p)
    for p in reversed(pts):
        while len(hi) >= 2 and cross(hi[-2], hi[-1], p) <= 0:
            hi.pop()
        hi.append(p)
    return lo[:-1] + hi[:-1]


def _outline(rings, proj):
    """(depth, [hull polygons in (u, v)]) of one part: the hulls of consecutive cross-sections."""
    pr = [[proj(p) for p in r] for r in rings]
    depth = sum(q[2] for r in pr for q in r) / sum(len(r) for r in pr)
    polys = [_hull([(q[0], q[1]) for q in a + b]) for a, b in zip(pr, pr[1:])]
    return depth, polys


# --- arrows ------------------------------------------------------------------------------------------


def _forward(fig: Figure, angles: dict) -> dict:
    P = kin.forward(fig.position, angles, "r")
    P["_trunk_turns"] = bool(angles.get(("trunk", "", "rot")))
    return P


def _arrows(fig: Figure, proj, base_pose, close, closeT=None, body=()):
    """The movement's arrows in projected units: (polyline, double-headed), one per limb and side
    that moves, along the path of what moves most."""
    moving = list(fig.moving)
    if not moving:
        return []
    groups: dict = {}
    for mv in moving:
        limb = JOINTS[mv.joint].limb
        sd = (mv.side or fig.side) if JOINTS[mv.joint].paired else ""
        groups.setdefault((limb, sd), []).append(mv)
    arrows = []
    at = _poses_along(fig, base_pose, closeT)
    for (limb, sd), mvs in sorted(groups.items()):
        mvs.sort(key=lambda m: _ORDER.index(m.joint))
        primary = mvs[0]
        dof = JOINTS[primary.joint].motions[primary.motion].dof
        double = fig.side == "both" and primary.joint in ("neck", "trunk") and dof != "flex"
        for s in _arrow_sides(fig, sd, primary, dof, close):
            res = _arrow_path(fig, at, proj, mvs, dof, s, close, body)
            if fig.position == "standing" and limb == "leg" and not close:
                res = _lifted(at, proj, s) or res
            shown = _long_enough(res, close, double)
            if shown:
                arrows.append((shown, double))
    return arrows


def _poses_along(fig: Figure, base_pose, closeT):
    """The body at each of 13 steps along the movement (0 start, 12 end), made once and shared by
    every arrow."""
    poses: dict[int, dict] = {}

    def at(i):
        if i not in poses:
            t = i / 12
            P = _place(fig, _forward(fig, _angles(fig, t)), base_pose)
            if closeT:
                T, o, o2 = closeT
                oo = tuple(o2[k] + (o[k] - o2[k]) * t for k in range(3))
                P = {k: kin.app(T, _sub(v, oo)) for k, v in P.items() if not k.startswith("_")}
            poses[i] = P
        return poses[i]

    return at


def _arrow_sides(fig: Figure, sd: str, primary, dof: str, close: bool) -> list[str]:
    if primary.joint == "trunk" and dof == "rot" and fig.view == "top" and fig.position not in kin.LYING:
        return ["r", "l"]  # from above: both shoulders swing round the spine
    if sd == "both":
        return ["r", "l"] if fig.view != "side" and not close else ["r"]
    return ["l" if sd == "left" else "r"]


def _arrow_path(fig: Figure, at, proj, mvs: list, dof: str, s: str, close: bool, body) -> list:
    """The arrow of one side: along the path of the moving end, pushed out from the joint it turns
    about, or beside the body when the joint itself travels farther."""
    primary = mvs[0]
    path = [proj(_tip(at(i), primary.joint, dof, s, fig)) for i in range(13)]
    if primary.joint == "hip" and any(m.joint == "knee" for m in mvs):
        # the knee bends too: the foot may travel farther than the knee (lifting a foot off
        # the floor), and then the arrow is at the foot
        foot = [proj(_pt(at(i), "ankle", s)) for i in range(13)]
        path = max((path, foot), key=_travel)
    joint = [proj(_joint_point(at(i), primary.joint, s)) for i in range(13)]
    if fig.position == "standing":  # standing on planted feet, the whole body may travel
        hips = [proj(_pt(at(i), "hip", s)) for i in range(13)]
        chest = [proj(at(i)["neckbase"]) for i in range(13)]
        joint = max((joint, hips, chest), key=_travel)
    push = 0.07 if not close else 0.03
    if body and _travel(joint) > _travel(path):
        # the far end stays put and the joint itself travels (a bridge lifts the hips over planted
        # feet; a calf stretch leans the body over still feet): the arrow runs beside what travels
        return _beside(joint, push, [(proj(a), proj(b), w) for _, a, b, w, _ in body])
    c = joint[-1]
    res = []
    for u, v, _ in path:
        du, dv = u - c[0], v - c[1]
        n = math.hypot(du, dv) or 1.0
        res.append((u + du / n * push, v + dv / n * push))
    return res


def _lifted(at, proj, s: str) -> list | None:
    """A foot lifted a little off the floor ("an inch"): what the reader must see is the foot leaving
    the floor, so the arrow rises behind the heel, from the floor up (None for a larger lift)."""
    heel = [proj(_pt(at(i), "heel", s)) for i in (0, 12)]
    lift = heel[1][1] - heel[0][1]
    if not 0.01 < lift < 0.06:
        return None
    u = min(heel[0][0], heel[1][0]) - 0.05
    return [(u, heel[0][1] + 0.01 + k * (max(lift, 0.08) + 0.02) / 6) for k in range(7)]


def _long_enough(res: list, close: bool, double: bool) -> list | None:
    """None for an arrow too short to see; a short one gets a longer tail."""
    length = sum(math.hypot(res[i + 1][0] - res[i][0], res[i + 1][1] - res[i][1]) for i in range(len(res) - 1))
    if length < (0.03 if not close else 0.012):
        return None
    shortest = 0.09 if not close else 0.035
    if length < shortest and not double:
        # a small movement (a foot lifted an inch): the arrowhead alone would hide the shaft, so the
        # tail is drawn back along the path's first direction; the head stays where the movement ends
        (u0, v0), (u1, v1) = res[0], res[1]
        n = math.hypot(u1 - u0, v1 - v0) or 1.0
        grow = shortest - length
        res = [(u0 - (u1 - u0) / n * grow * k / 4, v0 - (v1 - v0) / n * grow * k / 4) for k in (4, 3, 2, 1)] + res
    return res


def _travel(path) -> float:
    return sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(path, path[1:]))


def _beside(path, push, body) -> list:
    """The path moved sideways by `push`, to whichever side crosses less of the drawn body, with
    the points at either end that still lie on the body left off."""
    (u0, v0, _), (u1, v1, _) = path[0], path[-1]
    n = math.hypot(u1 - u0, v1 - v0) or 1.0
    side = (-(v1 - v0) / n, (u1 - u0) / n)

    def on_body(q):
        for a, b, w in body:
            du, dv = b[0] - a[0], b[1] - a[1]
            t = max(0.0, min(1.0, ((q[0] - a[0]) * du + (q[1] - a[1]) * dv) / ((du * du + dv * dv) or 1.0)))
            if math.hypot(q[0] - a[0] - t * du, q[1] - a[1] - t * dv) < w / 2 + 0.01:
                return True
        return False

    best = None
    for sign in (1.0, -1.0):
        pts = [(u + sign * side[0] * push, v + sign * side[1] * push) for u, v, _ in path]
        hits = [on_body(q) for q in pts]
        while len(pts) > 2 and hits[0]:
            pts, hits = pts[1:], hits[1:]
        while len(pts) > 2 and hits[-1]:
            pts, hits = pts[:-1], hits[:-1]
        score = (sum(hits), -_travel(pts))
        if best is None or score < best[0]:
            best = (score, pts)
    assert best is not None  # both sides were scored
    return best[1]


def _joint_point(P, joint, s):
    name = {
        "neck": "neckbase",
        "trunk": "pelvis",
        "shoulder": "shoulder",
        "elbow": "elbow",
        "wrist": "wrist",
        "fingers": "mcp",
        "thumb": "thumb0",
        "hip": "hip",
        "knee": "knee",
        "ankle": "ankle",
        "toes": "mtp",
    }[joint]
    return _pt(P, name, s)


def _tip(P, joint, dof, s, fig):
    if joint == "neck":
        return P["nose"] if dof != "flex" else P["headc"]
    if joint == "trunk":
        if dof == "rot" and fig.position in kin.LYING:
            return P["knee-" + s]
        if dof == "rot" and fig.view == "top":  # seen from above: the shoulder swings round
            return P["shoulder-" + s]
        return P["neckbase"]
    if joint == "hip":
        return P["ankle-" + s] if dof == "rot" else P["knee-" + s]
    if joint == "shoulder":
        return P["wrist-" + s]
    if joint == "wrist" and fig.view in CLOSE_UPS and any(m.joint == "fingers" for m in fig.moving):
        return P["mcp-" + s]  # the fingers curl as well: follow the knuckles, not the fingertips
    return P[
        {
            "elbow": "wrist",
            "wrist": "fingertip",
            "fingers": "fingertip",
            "thumb": "thumb3",
            "knee": "ankle",
            "ankle": "mtp",
            "toes": "toe",
        }[joint]
        + "-"
        + s
    ]


# --- helper's hands --------------------------------------------------------------------------------

_SEG_POINTS = {
    "knee": ("knee", "knee"),
    "thigh": ("hip", "knee"),
    "shank": ("knee", "ankle"),
    "foot": ("heel", "mtp"),
    "heel": ("heel", "heel"),
    "toes": ("mtp", "toe"),
    "pelvis": ("hip", "hip"),
    "shoulder": ("shoulder", "shoulder"),
    "upperarm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
    "hand": ("wrist", "mcp"),
    "fingers": ("mcp", "fingertip"),
    "thumb": ("thumb0", "thumb3"),
    "head": ("headc", "headc"),
    "trunk": ("pelvis", "neckbase"),
}
_SEG_FRAME = {
    "knee": "shank",
    "thigh": "thigh",
    "shank": "shank",
    "foot": "foot",
    "heel": "foot",
    "toes": "foot",
    "pelvis": "pelvis",
    "shoulder": "thorax",
    "upperarm": "upperarm",
    "forearm": "forearm",
    "hand": "hand",
    "fingers": "hand",
    "thumb": "hand",
    "head": "head",
    "trunk": "thorax",
}
_FACE = {"back": (0.0, 0.0, -1.0), "front": (0.0, 0.0, 1.0), "sole": (0.0, -1.0, 0.0), "around": None}
_HALF = {
    "knee": 0.035,
    "thigh": 0.04,
    "shank": 0.03,
    "foot": 0.02,
    "heel": 0.025,
    "toes": 0.015,
    "pelvis": 0.05,
    "shoulder": 0.03,
    "upperarm": 0.027,
    "forearm": 0.022,
    "hand": 0.02,
    "fingers": 0.015,
    "thumb": 0.01,
    "head": 0.065,
    "trunk": 0.06,
}


def _helper(fig, P, frames, proj, turn, close):
    out = []
    scale = 0.3 if close else 1.0
    for key in fig.helper:
        p = POINTS[key]
        a, b = _SEG_POINTS[p.segment]
        pa, pb = _pt(P, a, turn), _pt(P, b, turn)
        at = tuple(pa[k] + (pb[k] - pa[k]) * p.at for k in range(3))
        fname = _SEG_FRAME[p.segment]
        fr = frames.get(fname) or frames.get(f"{fname}-{turn}")
        m = -1.0 if turn == "r" else 1.0
        face = _FACE.get(p.face) if p.face != "out" else (m, 0.0, 0.0)
        if p.segment == "heel":
            face = (0.0, -0.6, -0.8)
        cu = proj(at)
        sa, sb = proj(pa), proj(pb)
        seg_ang = math.atan2(sb[1] - sa[1], sb[0] - sa[0]) if (sa[0], sa[1]) != (sb[0], sb[1]) else 0.0
        half = _HALF[p.segment] * (1.0 if not close else 0.9)
        rx, ry = 0.05 * scale, 0.028 * scale
        if face is not None and fr is not None:
            wv = kin.app(fr, face)
            if p.segment == "knee":  # between the back of the thigh and the back of the calf
                wv = kin.add(wv, kin.app(frames[f"thigh-{turn}"], face))
            pv = proj(wv)
            n = math.hypot(pv[0], pv[1])
        else:
            n = 0.0
        if n > 0.35:
            du, dv = pv[0] / n, pv[1] / n
            c = (cu[0] + du * (half + ry * 0.9), cu[1] + dv * (half + ry * 0.9))
            ang = math.atan2(dv, du) + math.pi / 2
            arm = (c[0] + du * 0.09 * scale, c[1] + dv * 0.09 * scale)
        elif p.segment == "head":  # both hands, at the sides of the head
            out += _hands_at_head(P, proj, cu, rx, ry)
            continue
        else:  # around the part: the mitten across it, the helper's arm from below
            c, ang, arm = _hand_around(fig, P, proj, cu, seg_ang, half, ry, scale, close)
            rx, ry = rx * 0.9, ry * 1.1
        out.append((c, ang, rx, ry, arm))
    return out


# --- surfaces ----------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Ground:
    """What a surface is drawn from: the pose (and the start pose), the height the person rests on
    and of the floor, how far the pose reaches, and the projection."""

    fig: Figure
    P: dict
    start: dict | None
    base: dict
    proj: Any
    pts: list
    top: float
    floor_y: float
    xmin: float
    x0: float
    x1: float
    z0: float
    z1: float
    style: str = f'fill="{PAPER}"'

    def w(self, x, y, z):
        u, v, _ = self.proj((x, y, z))
        return (u, v)


def _hands_at_head(P, proj, cu, rx, ry) -> list:
    """Both of the helper's hands at the sides of the head, across the face's direction."""
    out = []
    nu = proj(P["nose"])
    fu, fv = nu[0] - cu[0], nu[1] - cu[1]
    fn = math.hypot(fu, fv)
    du, dv = (-fv / fn, fu / fn) if fn > 0.03 else (1.0, 0.0)
    for sgn in (1, -1):
        c = (cu[0] + sgn * du * (0.065 + ry), cu[1] + sgn * dv * (0.065 + ry))
        arm = (c[0] + sgn * du * 0.1, c[1] + sgn * dv * 0.1)
        out.append((c, math.atan2(dv, du) + math.pi / 2, rx, ry, arm))
    return out


def _hand_around(fig, P, proj, cu, seg_ang, half, ry, scale, close) -> tuple:
    """The helper's hand around a part: the mitten across it, the arm from below (from outside the
    body, seen from above; beside a close-up's small part, not over it)."""
    c = (cu[0], cu[1])
    perp = (-math.sin(seg_ang), math.cos(seg_ang))
    if fig.view == "top":  # from above: the helper reaches in from outside, not across the body
        mid = proj(tuple((P["pelvis"][k] + P["neckbase"][k]) / 2 for k in range(3)))
        if perp[0] * (cu[0] - mid[0]) + perp[1] * (cu[1] - mid[1]) < 0:
            perp = (-perp[0], -perp[1])
    elif perp[1] > 0:
        perp = (-perp[0], -perp[1])
    if close:
        c = (c[0] + perp[0] * (half + ry), c[1] + perp[1] * (half + ry))
    arm = (c[0] + perp[0] * 0.11 * scale, c[1] + perp[1] * 0.11 * scale)
    return c, seg_ang + math.pi / 2, arm


def _surface(fig, P, base, proj, pts, start=None):
    """Shapes in projected units: (kind, data, style), one function per surface."""
    if fig.surface == "none":
        return []
    top = _rest_height(fig, P, start)
    floor_y = top
    if fig.position == "sitting":
        floor_y = min(base[k][1] for k in ("heel-l", "heel-r", "toe-l", "toe-r")) - 0.012
    xs = [p[0] for k, p in P.items()]
    zs = [p[2] for k, p in P.items()]
    g = _Ground(
        fig,
        P,
        start,
        base,
        proj,
        pts,
        top,
        floor_y,
        min(xs),
        min(xs) - 0.08,
        max(xs) + 0.08,
        min(zs) - 0.1,
        max(zs) + 0.1,
    )
    if fig.surface in ("bed", "floor") and (fig.position in kin.LYING or fig.surface == "floor"):
        return _lying_on(g)
    draw = {"bed": _bed_edge, "chair": _chair, "ball": _ball, "counter": _counter, "wall": _wall}.get(fig.surface)
    return draw(g) if draw else []


def _rest_height(fig, P, start) -> float:
    """The world height of what the person lies, sits or stands on."""
    if fig.position == "lying-on-back":
        return -0.06
    if fig.position == "side-lying":
        return -0.105
    if fig.position == "sitting":
        return -0.06
    feet = [P[k][1] for k in ("heel-l", "heel-r", "toe-l", "toe-r", "mtp-l", "mtp-r")]
    if fig.position == "standing":
        return min(feet) - 0.012
    # on hands and knees: under the lowest knee, shin or foot of either pose
    return min(pose[f"{k}-{s}"][1] for pose in (P, start or P) for k in ("knee", "ankle", "toe") for s in "lr") - 0.03


def _lying_on(g: _Ground) -> list:
    """A bed or the floor under someone lying on it (or the floor under anyone)."""
    fig, w, top = g.fig, g.w, g.top
    thick = 0.07 if fig.surface == "bed" else 0.0
    if fig.view == "top":
        shapes: list = []
        if fig.surface == "bed":
            za, zb = min(g.z0 + 0.05, -0.3), max(g.z1 - 0.05, 0.3)
            corners = [w(g.x0, top, za), w(g.x1, top, za), w(g.x1, top, zb), w(g.x0, top, zb)]
            if fig.position == "side-lying":
                corners = [w(g.x0, top, g.z0), w(g.x1, top, g.z0), w(g.x1, top, g.z1), w(g.x0, top, g.z1)]
            shapes.append(("poly", corners, g.style))
        return shapes
    if fig.view == "front":  # under everything drawn: a leg swung to the side stays above the bed
        top = min([top] + [q[1] for q in g.pts])
        a, b = (
            w(0, top, -0.32 if fig.surface == "bed" else g.z0),
            w(0, top, 0.32 if fig.surface == "bed" else g.z1),
        )
    else:
        a, b = w(g.x0, top, 0), w(g.x1, top, 0)
    a, b = (min(a[0], b[0]), a[1]), (max(a[0], b[0]), b[1])
    if fig.surface == "bed":
        return [("rect", [a, b, (b[0], b[1] - thick), (a[0], a[1] - thick)], g.style)]
    shapes = [("line", (a, b), "")]
    step = 0.05
    u = a[0] + 0.02
    while u < b[0]:
        shapes.append(("line", ((u, a[1]), (u - 0.03, a[1] - 0.03)), 'stroke-width="1.5"'))
        u += step
    return shapes


def _bed_edge(g: _Ground) -> list:
    """Sitting on the edge of a bed."""
    w, top_s, floor_y = g.w, -0.06, g.floor_y
    if g.fig.view == "top":
        return [
            ("poly", [w(-0.15, top_s, -0.5), w(0.12, top_s, -0.5), w(0.12, top_s, 0.5), w(-0.15, top_s, 0.5)], g.style)
        ]
    if g.fig.view == "side":
        side = [w(-0.6, top_s, 0), w(0.12, top_s, 0), w(0.12, floor_y + 0.12, 0), w(-0.6, floor_y + 0.12, 0)]
        return [("rect", side, g.style), ("line", (w(-0.5, floor_y, 0), w(0.55, floor_y, 0)), "")]
    front = [w(0, top_s, -0.4), w(0, top_s, 0.4), w(0, floor_y + 0.12, 0.4), w(0, floor_y + 0.12, -0.4)]
    return [("rect", front, g.style), ("line", (w(0, floor_y, -0.45), w(0, floor_y, 0.45)), "")]


def _chair(g: _Ground) -> list:
    """A chair: sat on, or behind a standing person, its seat under the hips of the pose that sits."""
    fig, w, floor_y = g.fig, g.w, g.floor_y
    if fig.position == "sitting":
        seat, cx = -0.06, 0.0
    else:
        sits = min((g.P, g.start or g.P), key=lambda pose: pose["pelvis"][1])
        seat = sits["pelvis"][1] - 0.06
        cx = sits["pelvis"][0]
    back = cx - 0.11
    front = cx + 0.17
    if fig.view == "side":
        return [
            ("line", (w(back, seat, 0), w(front, seat, 0)), ""),
            ("line", (w(back, seat, 0), w(back - 0.03, seat + 0.3, 0)), ""),
            ("line", (w(back, seat, 0), w(back, floor_y, 0)), ""),
            ("line", (w(front - 0.02, seat, 0), w(front - 0.02, floor_y, 0)), ""),
            ("line", (w(back - 0.1, floor_y, 0), w(front + 0.35, floor_y, 0)), ""),
        ]
    if fig.view == "front":
        return [
            ("line", (w(cx, seat, -0.17), w(cx, seat, 0.17)), ""),
            ("line", (w(cx, seat, -0.16), w(cx, floor_y, -0.16)), ""),
            ("line", (w(cx, seat, 0.16), w(cx, floor_y, 0.16)), ""),
            ("line", (w(cx, floor_y, -0.4), w(cx, floor_y, 0.4)), ""),
        ]
    seat_top = [w(back, seat, -0.17), w(front, seat, -0.17), w(front, seat, 0.17), w(back, seat, 0.17)]
    return [("poly", seat_top, g.style), ("line", (w(back - 0.03, seat, -0.17), w(back - 0.03, seat, 0.17)), "")]


def _ball(g: _Ground) -> list:
    r = 0.17
    c = g.w(0.0, -0.06 - r, 0.0)
    floor = g.w(0, -0.06 - 2 * r, 0)
    return [("circle", (c, r), g.style), ("line", ((c[0] - 0.35, floor[1]), (c[0] + 0.45, floor[1])), "")]


def _counter(g: _Ground) -> list:
    """A counter in front of a standing person, at the height of their hands."""
    P, w, top, view = g.P, g.w, g.top, g.fig.view
    if g.fig.position != "standing":
        return []
    htop = max(h[1] for h in (P["wrist-l"], P["wrist-r"])) - 0.02
    front = max(P["mcp-l"][0], P["mcp-r"][0], P["toe-l"][0] + 0.12) - 0.015
    if view == "side":
        block = [w(front, htop, 0), w(front + 0.35, htop, 0), w(front + 0.35, top, 0), w(front, top, 0)]
        return [
            ("rect", block, g.style),
            ("line", (w(front - 0.02, htop, 0), w(front + 0.35, htop, 0)), ""),
            ("line", (w(g.x0 - 0.05, top, 0), w(front, top, 0)), ""),
        ]
    if view == "front":
        block = [w(front, htop, -0.4), w(front, htop, 0.4), w(front, top, 0.4), w(front, top, -0.4)]
        return [("rect", block, 'fill="none" stroke-dasharray="6 5"'), ("line", (w(0, top, -0.5), w(0, top, 0.5)), "")]
    worktop = [w(front, htop, -0.45), w(front + 0.3, htop, -0.45), w(front + 0.3, htop, 0.45), w(front, htop, 0.45)]
    return [("poly", worktop, g.style)]


def _wall(g: _Ground) -> list:
    """A wall behind the person (seen from the side) or beside the moving limb."""
    fig, w, top = g.fig, g.w, g.top
    if fig.view == "side":
        back = g.xmin - 0.03
        return [
            ("line", (w(back, top, 0), w(back, top + 1.05, 0)), ""),
            ("line", (w(back - 0.05, top, 0), w(g.x1 + 0.1, top, 0)), ""),
        ]
    # beside the moving arm (or leg), floor to above the head
    sd = turn_side(fig)
    z = g.P["elbow-" + sd][2] + (0.045 if sd == "r" else -0.045)
    fl = g.floor_y if fig.position == "sitting" else top
    wall = [("line", (w(0, fl, z), w(0, fl + 0.95, z)), "")]
    for k in range(1, 10):  # hatching on the far side of the wall
        y = fl + k * 0.095
        dz = 0.03 if sd == "r" else -0.03
        wall.append(("line", (w(0, y, z), w(0, y - 0.03, z + dz)), 'stroke-width="1.5"'))
    if fig.position == "sitting":  # sitting by the wall: on a chair, drawn too
        return wall + _surface(dataclasses.replace(fig, surface="chair"), g.P, g.base, g.proj, g.pts, g.start)
    return wall + [("line", (w(0, fl, -0.4), w(0, fl, 0.4)), "")]


def _equipment(fig, P, proj, sc, X, Y, turn):
    out = []
    for e in fig.equipment:
        if e == "weight":
            c = proj(P["mcp-" + turn])
            out.append(
                f'<rect x="{_f(float(X(c[0])) - 9)}" y="{_f(float(Y(c[1])) - 6)}" width="18" height="12" '
                f'rx="3" fill="{INK}"/>'
            )
        elif e == "band":
            a = proj(P["wrist-" + turn] if any(JOINTS[m.joint].limb == "arm" for m in fig.moves) else P["mtp-" + turn])
            b = (a[0], a[1] - 0.25)
            out.append(f'<line x1="{X(a[0])}" y1="{Y(a[1])}" x2="{X(b[0])}" y2="{Y(b[1])}" stroke-dasharray="8 4"/>')
        elif e == "towel":
            c = proj(P["toe-" + turn])
            out.append(
                f'<rect x="{_f(float(X(c[0])) - 20)}" y="{_f(float(Y(c[1])) - 2)}" width="40" height="8" rx="2"/>'
            )
        elif e == "breathing-trainer":
            n = proj(P["nose"])
            h = proj(P["headc"])
            du, dv = n[0] - h[0], n[1] - h[1]
            k = math.hypot(du, dv) or 1.0
            du, dv = du / k, dv / k
            # a mouthpiece at the lips and the trainer's body beyond it, held level in front of the
            # face: about 12 cm long and 4 cm across, as the devices are
            m = (h[0] + du * 0.05, h[1] + dv * 0.05 - 0.035)
            e1 = (m[0] + du * 0.03, m[1] + dv * 0.03)
            e2 = (m[0] + du * 0.1, m[1] + dv * 0.1)
            for a, b, w in ((m, e1, 0.016), (e1, e2, 0.03)):
                out.append(
                    f'<line x1="{X(a[0])}" y1="{Y(a[1])}" x2="{X(b[0])}" y2="{Y(b[1])}" '
                    f'stroke-width="{_f(w * sc + 2 * LINE)}"/>'
                )
                out.append(
                    f'<line x1="{X(a[0])}" y1="{Y(a[1])}" x2="{X(b[0])}" y2="{Y(b[1])}" stroke="{PAPER}" '
                    f'stroke-width="{_f(w * sc)}"/>'
                )
        elif e == "clothespin":
            c = proj(P["thumb3-" + turn])
            out.append(
                f'<rect x="{_f(float(X(c[0])) - 3)}" y="{_f(float(Y(c[1])) - 12)}" width="6" height="24" rx="2"/>'
            )
    return "".join(out)
