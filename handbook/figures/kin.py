"""A jointed adult body posed by forward kinematics (3D), then projected orthographically.

Body frame (a person standing in the anatomical position): x = the person's left, y = up
(superior), z = forward (anterior).  Lengths are fractions of standing height from Drillis &
Contini's segment proportions (R. Drillis, R. Contini, "Body segment parameters", Technical report
1166.03, New York University, 1966; as drawn in Winter, "Biomechanics and Motor Control of Human
Movement", fig. 4.1): upper arm 0.186 H, forearm 0.146 H, hand 0.108 H, thigh 0.245 H, shank
0.246 H, foot 0.152 H long, ankle 0.039 H, hip 0.530 H, shoulder 0.818 H, shoulder width 0.259 H,
hip width 0.191 H, head 0.130 H tall.

Each joint turns its child frame by R = R_hor * R_flex * R_abd * R_rot (degrees of freedom from
spec.py).  World frame: X to the right of the page, Y up, Z toward the reader of a side view.
Pure Python and small: parse.py uses the same rotations (no rendering) to check that a view can
show a motion.
"""

from __future__ import annotations

import math
from typing import Any

# --- 3x3 matrices as row-major 9-tuples -----------------------------------------------------------

I3 = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)


def mul(a, b):
    return (
        a[0] * b[0] + a[1] * b[3] + a[2] * b[6],
        a[0] * b[1] + a[1] * b[4] + a[2] * b[7],
        a[0] * b[2] + a[1] * b[5] + a[2] * b[8],
        a[3] * b[0] + a[4] * b[3] + a[5] * b[6],
        a[3] * b[1] + a[4] * b[4] + a[5] * b[7],
        a[3] * b[2] + a[4] * b[5] + a[5] * b[8],
        a[6] * b[0] + a[7] * b[3] + a[8] * b[6],
        a[6] * b[1] + a[7] * b[4] + a[8] * b[7],
        a[6] * b[2] + a[7] * b[5] + a[8] * b[8],
    )


def app(a, v):
    return (
        a[0] * v[0] + a[1] * v[1] + a[2] * v[2],
        a[3] * v[0] + a[4] * v[1] + a[5] * v[2],
        a[6] * v[0] + a[7] * v[1] + a[8] * v[2],
    )


def add(p, q):
    return (p[0] + q[0], p[1] + q[1], p[2] + q[2])


def rx(d):
    c, s = math.cos(math.radians(d)), math.sin(math.radians(d))
    return (1.0, 0.0, 0.0, 0.0, c, -s, 0.0, s, c)


def ry(d):
    c, s = math.cos(math.radians(d)), math.sin(math.radians(d))
    return (c, 0.0, s, 0.0, 1.0, 0.0, -s, 0.0, c)


def rz(d):
    c, s = math.cos(math.radians(d)), math.sin(math.radians(d))
    return (c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0)


def cols(x, y, z):
    """Matrix whose columns are the world images of body x, y, z."""
    return (x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2])


# --- positions -------------------------------------------------------------------------------------

_UPRIGHT = cols((0, 0, -1), (0, 1, 0), (1, 0, 0))
ROOT = {
    "standing": _UPRIGHT,
    "sitting": _UPRIGHT,
    "lying-on-back": cols((0, 0, -1), (-1, 0, 0), (0, 1, 0)),
    "side-lying": cols((0, 1, 0), (-1, 0, 0), (0, 0, 1)),
    "hands-and-knees": mul(cols((0, 0, -1), (1, 0, 0), (0, -1, 0)), rx(-8)),
}
LYING = {"lying-on-back", "side-lying"}

# base joint angles of each position: (joint, side, dof) -> degrees; side "" for neck and trunk
_B = {
    "standing": {("elbow", s, "flex"): 8 for s in "lr"},
    "sitting": {
        **{("hip", s, "flex"): 90 for s in "lr"},
        **{("knee", s, "flex"): 90 for s in "lr"},
        **{("shoulder", s, "flex"): 15 for s in "lr"},
        **{("elbow", s, "flex"): 70 for s in "lr"},
    },
    "lying-on-back": {("ankle", s, "flex"): -15 for s in "lr"},
    "side-lying": {
        **{("hip", s, "flex"): 25 for s in "lr"},
        **{("knee", s, "flex"): 35 for s in "lr"},
        ("shoulder", "r", "flex"): 80,
        ("elbow", "r", "flex"): 60,
        ("ankle", "l", "flex"): -15,
        ("ankle", "r", "flex"): -15,
        ("shoulder", "l", "abd"): 0,
    },
    "hands-and-knees": {
        **{("shoulder", s, "flex"): 82 for s in "lr"},
        **{("hip", s, "flex"): 98 for s in "lr"},
        **{("knee", s, "flex"): 105 for s in "lr"},
        **{("ankle", s, "flex"): -75 for s in "lr"},
        **{("wrist", s, "flex"): -75 for s in "lr"},
        ("neck", "", "flex"): -30,
    },
}
BASE = _B

# flexion sign per joint: the rotation about body x that a positive flexion makes
FLEX_SIGN = {
    "neck": 1,
    "trunk": 1,
    "shoulder": -1,
    "elbow": -1,
    "wrist": -1,
    "fingers": -1,
    "thumb": 1,
    "hip": -1,
    "knee": 1,
    "ankle": -1,
    "toes": 1,
}

# segment lengths (fractions of height)
L: dict[str, Any] = {
    "trunk": 0.288,
    "neck": 0.04,
    "head_r": 0.062,
    "shoulder_x": 0.118,
    "hip_x": 0.085,
    "upperarm": 0.186,
    "forearm": 0.146,
    "palm": 0.058,
    "finger": (0.026, 0.017, 0.013),
    "thumb": (0.032, 0.022, 0.018),
    "thigh": 0.245,
    "shank": 0.246,
    "ankle_h": 0.039,
    "heel_back": 0.04,
    "toe_base": 0.085,
    "toe_len": 0.03,
}
DOWN = (0.0, -1.0, 0.0)


def local_rotation(joint: str, side: str, a: dict) -> tuple:
    """The rotation a joint makes, from its degrees of freedom (a: dof -> degrees).
    side: "l" or "r" for paired joints; for neck/trunk "l"/"r" is the direction of turning."""
    m = -1.0 if side == "r" else 1.0  # mirror for the right side
    r = I3
    hor, flex, abd, rot = a.get("hor", 0.0), a.get("flex", 0.0), a.get("abd", 0.0), a.get("rot", 0.0)
    if joint in ("neck", "trunk"):
        d = -m  # +1 when turning or tilting to the right
        if flex:
            r = rx(flex * FLEX_SIGN[joint])
        if abd:
            r = mul(r, rz(d * abd))
        if rot:
            r = mul(r, ry(-d * rot))
        return r
    if hor:
        r = ry(-m * hor)
    if flex:
        r = mul(r, rz(-m * flex) if joint == "thumb" else rx(flex * FLEX_SIGN[joint]))
    if abd:
        r = mul(r, _abduction(joint, m, abd))
    if rot:
        r = mul(r, ry(-m * rot))
    return r


def _abduction(joint: str, m: float, abd: float) -> tuple:
    """A limb joint's turn out to the side (m: -1 for the right side)."""
    if joint == "thumb":
        return rx(-abd)
    if joint == "ankle":
        return rz(-m * abd)
    return rz(m * abd)  # the wrist, like the shoulder and the hip


def motion_axis(joint: str, dof: str, side: str, a: dict) -> tuple:
    """The axis (in the joint's parent frame) about which `dof` turns, given the joint's angles."""
    m = -1.0 if side == "r" else 1.0
    hor, flex, abd = a.get("hor", 0.0), a.get("flex", 0.0), a.get("abd", 0.0)
    if joint in ("neck", "trunk"):
        if dof == "flex":
            return (1.0, 0.0, 0.0)
        r = rx(flex * FLEX_SIGN[joint])
        return app(r, (0.0, 0.0, 1.0)) if dof == "abd" else app(mul(r, rz(abd)), (0.0, 1.0, 0.0))
    if joint == "thumb":  # in the hand frame; the thumb's rest turn is part of its parent
        return (0.0, 0.0, 1.0) if dof == "flex" else app(rz(-m * flex), (1.0, 0.0, 0.0))
    if dof == "hor":
        return (0.0, 1.0, 0.0)
    r = ry(-m * hor) if hor else I3
    if dof == "flex":
        return app(r, (1.0, 0.0, 0.0))
    if flex:
        r = mul(r, rx(flex * FLEX_SIGN[joint]))
    if dof == "abd":
        return app(r, (0.0, 0.0, 1.0))
    if abd:
        r = mul(r, rz(m * abd))
    return app(r, (0.0, 1.0, 0.0))


PARENT = {
    "neck": "trunk",
    "shoulder": "trunk",
    "elbow": "shoulder",
    "wrist": "elbow",
    "fingers": "wrist",
    "thumb": "wrist",
    "hip": None,
    "knee": "hip",
    "ankle": "knee",
    "toes": "ankle",
    "trunk": None,
}


def joint_angles(angles: dict, joint: str, side: str) -> dict:
    s = "" if joint in ("neck", "trunk") else side
    return {dof: v for (j, sd, dof), v in angles.items() if j == joint and sd == s}


def parent_world(position: str, angles: dict, joint: str, side: str, turn: str) -> tuple:
    """World orientation of a joint's parent frame (for neck/trunk, turn is the turning direction)."""
    chain = []
    p = PARENT[joint]
    while p:
        chain.append(p)
        p = PARENT[p]
    r = ROOT[position]
    lying = position in LYING
    if lying and chain and chain[-1] == "hip" or joint == "hip" and lying:
        r = mul(r, local_rotation("trunk", "r", joint_angles(angles, "trunk", side)))
    for j in reversed(chain):
        if j == "trunk" and lying:
            continue  # lying: the chest stays still, the pelvis turns
        sd = "r" if j in ("neck", "trunk") else side
        r = mul(r, local_rotation(j, sd, joint_angles(angles, j, side)))
    if joint == "thumb":
        r = mul(r, THUMB_REST[side])
    return r


THUMB_REST = {"r": mul(rz(-28), rx(-25)), "l": mul(rz(28), rx(-25))}


def forward(position: str, angles: dict, turn: str = "r") -> dict:
    """3D points of the whole body: name -> (x, y, z) in world units of height, pelvis at origin.
    angles: (joint, side, dof) -> degrees, side "l"/"r" ("" for neck and trunk)."""
    root = ROOT[position]
    P: dict = {}
    ja: dict = {}
    for (j, sd, dof), v in angles.items():
        ja.setdefault((j, sd), {})[dof] = v
    t = local_rotation("trunk", "r", ja.get(("trunk", ""), {}))
    if position in LYING:
        pelvis = mul(root, t)  # lying: the knees fall to the side (the pelvis turns) under a still chest
        thorax = root
    else:
        pelvis, thorax = root, mul(root, t)
    o = (0.0, 0.0, 0.0)
    P["pelvis"] = o
    P["neckbase"] = app(thorax, (0.0, L["trunk"] + 0.012, 0.0))
    head = mul(thorax, local_rotation("neck", "r", ja.get(("neck", ""), {})))
    P["headc"] = add(P["neckbase"], app(head, (0.0, L["neck"] + L["head_r"], 0.012)))
    P["nose"] = add(P["neckbase"], app(head, (0.0, L["neck"] + L["head_r"] * 0.9, 0.012 + L["head_r"] * 1.5)))
    P["chin"] = add(P["neckbase"], app(head, (0.0, L["neck"] + 0.01, 0.03)))
    frames = {"pelvis": pelvis, "thorax": thorax, "head": head}
    for s, m in (("l", 1.0), ("r", -1.0)):
        _arm(P, frames, ja, thorax, s, m)
        _leg(P, frames, ja, pelvis, s, m)
    P["_frames"] = frames
    if position == "lying-on-back" and "rot" in ja.get(("trunk", ""), {}):  # also at 0: the start pose
        still = {k: v for k, v in angles.items() if k != ("trunk", "", "rot")}
        _plant_feet(P, forward(position, still, turn))
    return P


_FOOT_POINTS = ("ankle", "heel", "mtp", "mtp1", "mtp5", "sole", "toe", "toe1", "toe5")


def _bone(parent, at, joint: str, s: str, ja: dict, length: float) -> tuple:
    """One segment of a limb from point `at`: its frame (the parent's, turned at the joint) and its far end."""
    frame = mul(parent, local_rotation(joint, s, ja.get((joint, s), {})))
    return frame, add(at, app(frame, (0.0, -length, 0.0)))


def _arm(P: dict, frames: dict, ja: dict, thorax, s: str, m: float) -> None:
    """An arm's points and frames, shoulder to fingertips and thumb."""
    sh = app(thorax, (m * L["shoulder_x"], L["trunk"], 0.0))
    P["shoulder-" + s] = sh
    ua, el = _bone(thorax, sh, "shoulder", s, ja, L["upperarm"])
    fa, wr = _bone(ua, el, "elbow", s, ja, L["forearm"])
    hd, mcp = _bone(fa, wr, "wrist", s, ja, L["palm"])
    P["elbow-" + s], P["wrist-" + s], P["mcp-" + s] = el, wr, mcp
    # palm corners: index (thumb side) and little finger MCPs
    P["mcp2-" + s] = add(wr, app(hd, (m * 0.02, -L["palm"], 0.0)))
    P["mcp5-" + s] = add(wr, app(hd, (-m * 0.02, -L["palm"] * 0.9, 0.0)))
    P["wristr-" + s] = add(wr, app(hd, (m * 0.016, -0.005, 0.0)))
    P["wristu-" + s] = add(wr, app(hd, (-m * 0.016, -0.005, 0.0)))
    fg = ja.get(("fingers", s), {})
    ff = fg.get("flex", 0.0)
    f1 = mul(hd, local_rotation("fingers", s, fg))
    q = add(mcp, app(f1, (0.0, -L["finger"][0], 0.0)))
    f2 = mul(f1, rx(-ff * 1.1)) if ff > 0 else f1
    q2 = add(q, app(f2, (0.0, -L["finger"][1], 0.0)))
    f3 = mul(f2, rx(-ff * 0.8)) if ff > 0 else f2
    q3 = add(q2, app(f3, (0.0, -L["finger"][2], 0.0)))
    P["pip-" + s], P["dip-" + s], P["fingertip-" + s] = q, q2, q3
    for k, dx, sc in (("2", 0.02, 1.0), ("3", 0.0067, 1.08), ("4", -0.0067, 1.0), ("5", -0.02, 0.8)):
        base = add(wr, app(hd, (m * dx, -L["palm"] * (0.9 if k == "5" else 1.0), 0.0)))
        b1 = add(base, app(f1, (0.0, -L["finger"][0] * sc, 0.0)))
        b2 = add(b1, app(f2, (0.0, -L["finger"][1] * sc, 0.0)))
        b3 = add(b2, app(f3, (0.0, -L["finger"][2] * sc, 0.0)))
        P[f"f{k}a-{s}"], P[f"f{k}b-{s}"], P[f"f{k}c-{s}"], P[f"f{k}d-{s}"] = base, b1, b2, b3
    th = mul(mul(hd, THUMB_REST[s]), local_rotation("thumb", s, ja.get(("thumb", s), {})))
    tb = add(wr, app(hd, (m * 0.014, -0.008, 0.006)))
    t1 = add(tb, app(th, (0.0, -L["thumb"][0], 0.0)))
    tf = ja.get(("thumb", s), {}).get("flex", 0.0)
    th2 = mul(th, rx(-max(tf, 0.0) * 0.8))
    t2 = add(t1, app(th2, (0.0, -L["thumb"][1], 0.0)))
    th3 = mul(th2, rx(-max(tf, 0.0) * 0.8))
    t3 = add(t2, app(th3, (0.0, -L["thumb"][2], 0.0)))
    P["thumb0-" + s], P["thumb1-" + s], P["thumb2-" + s], P["thumb3-" + s] = tb, t1, t2, t3
    frames["upperarm-" + s], frames["forearm-" + s], frames["hand-" + s] = ua, fa, hd


def _leg(P: dict, frames: dict, ja: dict, pelvis, s: str, m: float) -> None:
    """A leg's points and frames, hip to toes."""
    hp = app(pelvis, (m * L["hip_x"], 0.0, 0.0))
    P["hip-" + s] = hp
    th_, kn = _bone(pelvis, hp, "hip", s, ja, L["thigh"])
    sk, an = _bone(th_, kn, "knee", s, ja, L["shank"])
    ft = mul(sk, local_rotation("ankle", s, ja.get(("ankle", s), {})))
    P["knee-" + s], P["ankle-" + s] = kn, an
    P["heel-" + s] = add(an, app(ft, (0.0, -L["ankle_h"] * 0.8, -L["heel_back"])))
    P["mtp-" + s] = add(an, app(ft, (0.0, -L["ankle_h"], L["toe_base"])))
    P["mtp1-" + s] = add(an, app(ft, (-m * 0.022, -L["ankle_h"], L["toe_base"])))
    P["mtp5-" + s] = add(an, app(ft, (m * 0.026, -L["ankle_h"], L["toe_base"] * 0.8)))
    P["sole-" + s] = add(an, app(ft, (0.0, -L["ankle_h"], 0.0)))
    tt = mul(ft, local_rotation("toes", s, ja.get(("toes", s), {})))
    P["toe-" + s] = add(P["mtp-" + s], app(tt, (0.0, 0.0, L["toe_len"])))
    P["toe1-" + s] = add(P["mtp1-" + s], app(tt, (0.0, 0.0, L["toe_len"])))
    P["toe5-" + s] = add(P["mtp5-" + s], app(tt, (0.0, 0.0, L["toe_len"] * 0.7)))
    frames["thigh-" + s], frames["shank-" + s], frames["foot-" + s] = th_, sk, ft


def _plant_feet(P: dict, still: dict) -> None:
    """Lying on the back with the knees bent, the knees fall to the side but the feet stay where
    they were on the bed: each leg's knee is placed again (two-bone inverse kinematics: the thigh
    and shank keep their lengths, the knee stays as near as it can to where the turn carried it)."""
    frames = P["_frames"]
    for s in ("l", "r"):
        h0, k0, a0 = still["hip-" + s], still["knee-" + s], still["ankle-" + s]
        l1, l2 = dist(h0, k0), dist(k0, a0)
        thigh, shank = norm(sub(k0, h0)), norm(sub(a0, k0))
        if sum(x * y for x, y in zip(thigh, shank)) > 0.9:  # a straight leg: nothing stands on the bed
            continue
        # the soles rest on the bed, level with the back (the pelvis is about 0.1 thick)
        drop = (0.0, min(still[f"{n}-{s}"][1] for n in ("heel", "sole", "mtp")) - (still["pelvis"][1] - 0.05), 0.0)
        feet = {n: sub(still[f"{n}-{s}"], drop) for n in _FOOT_POINTS}
        hip, knee_turned, ankle = P["hip-" + s], P["knee-" + s], feet["ankle"]
        knee = middle_joint(hip, ankle, knee_turned, l1, l2)
        for name, new_dir, old_dir in (
            ("thigh", norm(sub(knee, hip)), norm(sub(knee_turned, hip))),
            ("shank", norm(sub(ankle, knee)), norm(sub(P["ankle-" + s], knee_turned))),
        ):
            frames[f"{name}-{s}"] = mul(_turn_onto(old_dir, new_dir), frames[f"{name}-{s}"])
        P["knee-" + s] = knee
        for name in _FOOT_POINTS:
            P[f"{name}-{s}"] = feet[name]
        frames["foot-" + s] = still["_frames"]["foot-" + s]


def middle_joint(root: tuple, end: tuple, near: tuple, l1: float, l2: float) -> tuple:
    """Two-bone inverse kinematics: where the middle joint (knee, elbow) goes so that bones of
    lengths l1 and l2 join `root` to `end`, on the side of the axis nearest `near` (out of reach,
    on the straight line toward `end`)."""
    d = min(dist(root, end), l1 + l2 - 1e-6)
    axis = norm(sub(end, root))
    along = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
    r = math.sqrt(max(l1 * l1 - along * along, 0.0))
    centre = add(root, tuple(c * along for c in axis))
    off = sub(near, centre)
    off = sub(off, tuple(c * sum(x * y for x, y in zip(off, axis)) for c in axis))
    return add(centre, tuple(c * r for c in norm(off)))


def _turn_onto(a: tuple, b: tuple) -> tuple:
    """The smallest rotation (row-major 3x3) that turns unit vector a onto unit vector b."""
    v = cross(a, b)
    c = sum(x * y for x, y in zip(a, b))
    if c < -0.999999:
        return (-1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 1.0)
    k = 1.0 / (1.0 + c)
    return (
        v[0] * v[0] * k + c,
        v[0] * v[1] * k - v[2],
        v[0] * v[2] * k + v[1],
        v[1] * v[0] * k + v[2],
        v[1] * v[1] * k + c,
        v[1] * v[2] * k - v[0],
        v[2] * v[0] * k - v[1],
        v[2] * v[1] * k + v[0],
        v[2] * v[2] * k + c,
    )


def sub(p, q):
    return (p[0] - q[0], p[1] - q[1], p[2] - q[2])


def dist(p, q):
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(p, q)))


def _transpose(a):
    return (a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8])


# --- views -----------------------------------------------------------------------------------------
# camera direction (from the scene toward the camera) and screen axes (right, up) in world coords
VIEW_AXES = {
    "side": ((0.0, 0.0, 1.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
    "front": ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0), (0.0, 1.0, 0.0)),
    "top": ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0), (1.0, 0.0, 0.0)),
}
TOP_LYING = ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0), (-1.0, 0.0, 0.0))


def camera(view: str, position: str, axis: tuple | None = None):
    if view in VIEW_AXES:
        if view == "top" and position in LYING:
            return TOP_LYING
        return VIEW_AXES[view]
    # close-up: look along the motion axis; keep world up (or the head direction) up the screen
    d = norm(axis or (0.0, 0.0, 1.0))
    up = (0.0, 1.0, 0.0) if abs(d[1]) < 0.8 else ((-1.0, 0.0, 0.0) if position in LYING else (1.0, 0.0, 0.0))
    right = norm(cross(up, d))
    up = cross(d, right)
    return d, right, up


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def norm(v):
    n = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) or 1.0
    return (v[0] / n, v[1] / n, v[2] / n)
