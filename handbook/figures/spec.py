"""The pose language, declared once.

Every word an editor may write in a `figure:` block is declared here with the words shown to
readers and a line of help.  The parser (parse.py), the problem messages, the alt text (text.py),
the drawing (render.py) and docs/figures.md (reference_markdown below) all read these tables.

Ranges are the normal active ranges of motion of adults as published by the American Academy of
Orthopaedic Surgeons (AAOS, "Joint Motion: Method of Measuring and Recording", 1965) and repeated
in Norkin & White, "Measurement of Joint Motion" (5th ed.), table of AAOS norms.  A figure may not
draw a joint past its norm: a handout must never show more movement than a normal joint has.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- body positions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    key: str
    shown: str  # words for the alt text: "Lying on the back"
    help: str


POSITIONS = {
    w.key: w
    for w in (
        Word("lying-on-back", "lying on the back", "on a bed or the floor, face up"),
        Word("side-lying", "lying on the side", "on the right side, facing the viewer; the upper (left) side moves"),
        Word("sitting", "sitting", "on a chair, a bed edge or a ball; hips and knees at right angles"),
        Word("standing", "standing", "upright, arms at the sides"),
        Word("hands-and-knees", "on hands and knees", "on the floor, arms and thighs straight down"),
    )
}

VIEWS = {
    w.key: w
    for w in (
        Word("side", "seen from the side", "see bending forward and back (flexion, extension)"),
        Word(
            "front",
            "seen from the front",
            "for an upright person: see movement out to the side; for someone lying down: seen from the feet",
        ),
        Word(
            "top",
            "seen from above",
            "for an upright person: see turning; for someone lying on the back: seen from the ceiling",
        ),
        Word("hand", "a close-up of the hand", "close-up for wrist, finger and thumb movements"),
        Word("foot", "a close-up of the foot", "close-up for ankle and toe movements"),
    )
}
CLOSE_UPS = {"hand": ("wrist", "fingers", "thumb"), "foot": ("ankle", "toes")}

SURFACES = {
    w.key: w
    for w in (
        Word("bed", "on a bed", "a mattress under the person"),
        Word("chair", "on a chair", "a chair with a back; with standing: a chair behind the person"),
        Word("counter", "holding a counter", "a kitchen counter in front of the person"),
        Word("floor", "on the floor", "a floor line"),
        Word("ball", "on an exercise ball", "sitting on a large ball"),
        Word("wall", "next to a wall", "a wall behind or beside the person"),
        Word("none", "", "nothing drawn under the person"),
    )
}
DEFAULT_SURFACE = {
    "lying-on-back": "bed",
    "side-lying": "bed",
    "sitting": "chair",
    "standing": "floor",
    "hands-and-knees": "floor",
}

SIDES = {
    w.key: w
    for w in (
        Word("right", "right", "the right arm or leg moves (nearest the viewer in side view); the default"),
        Word("left", "left", "the left arm or leg moves"),
        Word("both", "both", "both arms or legs move together; for the neck and trunk: to each side in turn"),
    )
}

EQUIPMENT = {
    w.key: w
    for w in (
        Word("band", "an elastic band", "an exercise band from the hand or foot that moves"),
        Word("weight", "a small weight", "a small weight in the hand (or at the ankle) that moves"),
        Word("towel", "a towel", "a towel under the foot or in the hand"),
        Word("breathing-trainer", "a breathing trainer", "a small breathing device at the mouth"),
        Word("clothespin", "a clothespin", "a clothespin between thumb and finger"),
    )
}

# --- joints and their motions ----------------------------------------------------------------------
# A joint has up to four degrees of freedom (dof): "flex" (sagittal plane: bending forward/back),
# "abd" (frontal plane: out to the side), "rot" (turning about the segment's own length) and
# "hor" (shoulder only: the arm moving forward/back while out at shoulder level).  A motion is one
# direction of one dof: flexion = flex +, extension = flex -.


@dataclass(frozen=True)
class Motion:
    key: str  # as written: "internal rotation"
    dof: str
    sign: int
    norm: int  # normal maximum, degrees from neutral (AAOS)
    plane: str  # sagittal, frontal, transverse
    verb: str  # for the alt text: "bends", "turns inward"


@dataclass(frozen=True)
class Joint:
    key: str
    shown: str  # "the hip"
    limb: str  # arm, leg, head, trunk
    paired: bool  # has a left and a right
    motions: dict


def _j(key, shown, limb, paired, *motions):
    return Joint(key, shown, limb, paired, {m.key: m for m in motions})


M = Motion
JOINTS = {
    j.key: j
    for j in (
        _j(
            "neck",
            "the neck",
            "head",
            False,
            M("flexion", "flex", 1, 45, "sagittal", "bends forward"),
            M("extension", "flex", -1, 45, "sagittal", "bends back"),
            M("lateral flexion", "abd", 1, 45, "frontal", "tilts toward the shoulder"),
            M("rotation", "rot", 1, 80, "transverse", "turns"),
        ),
        _j(
            "trunk",
            "the trunk",
            "trunk",
            False,
            M("flexion", "flex", 1, 80, "sagittal", "bends forward"),
            M("extension", "flex", -1, 25, "sagittal", "bends back"),
            M("lateral flexion", "abd", 1, 35, "frontal", "bends to the side"),
            M("rotation", "rot", 1, 45, "transverse", "turns"),
        ),
        _j(
            "shoulder",
            "the shoulder",
            "arm",
            True,
            M("flexion", "flex", 1, 180, "sagittal", "raises forward"),
            M("extension", "flex", -1, 60, "sagittal", "moves back"),
            M("abduction", "abd", 1, 180, "frontal", "raises out to the side"),
            M("adduction", "abd", -1, 30, "frontal", "moves in across the body"),
            M("internal rotation", "rot", 1, 70, "transverse", "turns inward"),
            M("external rotation", "rot", -1, 90, "transverse", "turns outward"),
            M("horizontal abduction", "hor", -1, 45, "transverse", "opens out and back"),
            M("horizontal adduction", "hor", 1, 135, "transverse", "moves across the chest"),
        ),
        _j(
            "elbow",
            "the elbow",
            "arm",
            True,
            M("flexion", "flex", 1, 150, "sagittal", "bends"),
            M("extension", "flex", -1, 0, "sagittal", "straightens"),
        ),
        _j(
            "wrist",
            "the wrist",
            "arm",
            True,
            M("flexion", "flex", 1, 80, "sagittal", "bends forward"),
            M("extension", "flex", -1, 70, "sagittal", "bends back"),
            M("radial deviation", "abd", 1, 20, "frontal", "tilts toward the thumb"),
            M("ulnar deviation", "abd", -1, 30, "frontal", "tilts toward the little finger"),
        ),
        _j(
            "fingers",
            "the fingers",
            "arm",
            True,
            M("flexion", "flex", 1, 90, "sagittal", "curl into a fist"),
            M("extension", "flex", -1, 45, "sagittal", "straighten and bend back"),
        ),
        _j(
            "thumb",
            "the thumb",
            "arm",
            True,
            M("flexion", "flex", 1, 50, "frontal", "moves across the palm"),
            M("extension", "flex", -1, 20, "frontal", "moves out to the side"),
            M("abduction", "abd", 1, 70, "sagittal", "moves away from the palm"),
        ),
        _j(
            "hip",
            "the hip",
            "leg",
            True,
            M("flexion", "flex", 1, 120, "sagittal", "bends"),
            M("extension", "flex", -1, 30, "sagittal", "moves back"),
            M("abduction", "abd", 1, 45, "frontal", "moves out to the side"),
            M("adduction", "abd", -1, 30, "frontal", "moves in across the other leg"),
            M("internal rotation", "rot", 1, 45, "transverse", "turns inward"),
            M("external rotation", "rot", -1, 45, "transverse", "turns outward"),
        ),
        _j(
            "knee",
            "the knee",
            "leg",
            True,
            M("flexion", "flex", 1, 135, "sagittal", "bends"),
            M("extension", "flex", -1, 0, "sagittal", "straightens"),
        ),
        _j(
            "ankle",
            "the ankle",
            "leg",
            True,
            M("dorsiflexion", "flex", 1, 20, "sagittal", "pulls the foot up"),
            M("plantarflexion", "flex", -1, 50, "sagittal", "points the foot down"),
            M("inversion", "abd", 1, 35, "frontal", "turns the sole inward"),
            M("eversion", "abd", -1, 15, "frontal", "turns the sole outward"),
        ),
        _j(
            "toes",
            "the toes",
            "leg",
            True,
            M("flexion", "flex", 1, 45, "sagittal", "curl down"),
            M("extension", "flex", -1, 70, "sagittal", "bend up"),
        ),
    )
}
del M

# every motion word an editor may write, to its canonical key (joins "internal-rotation" etc.)
MOTION_ALIASES = {
    "bend": "flexion",
    "straighten": "extension",
    "side-bending": "lateral flexion",
    "lateral bending": "lateral flexion",
    "turn": "rotation",
    "pronation": None,
    "supination": None,
}
PLANE_SHOWN = {
    "sagittal": "the side-view plane (sagittal)",
    "frontal": "the front-view plane (frontal)",
    "transverse": "the turning plane (transverse)",
}

# --- where the helper's hands go -------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    key: str  # "under the knee"
    segment: str  # model segment: thigh, shank, foot, upperarm, forearm, hand, fingers, thumb, head, trunk, pelvis
    at: float  # fraction along the segment from its proximal end
    face: str  # which surface the hand is on: back, front, out, in, around
    shown: str  # "under the knee"


P = Point
_POINTS = (
    P("under the knee", "knee", 0.0, "back", "under the knee"),
    P("behind the knee", "knee", 0.0, "back", "behind the knee"),
    P("below the knee", "shank", 0.15, "back", "just below the knee"),
    P("on the knee", "thigh", 0.95, "front", "on the knee"),
    P("on the thigh", "thigh", 0.5, "front", "on the thigh"),
    P("under the thigh", "thigh", 0.5, "back", "under the thigh"),
    P("on the shin", "shank", 0.5, "front", "on the shin"),
    P("under the calf", "shank", 0.45, "back", "under the calf"),
    P("at the ankle", "shank", 0.92, "around", "at the ankle"),
    P("around the heel", "heel", 0.0, "back", "around the heel"),
    P("under the heel", "heel", 0.0, "back", "under the heel"),
    P("around the foot", "foot", 0.55, "around", "around the foot"),
    P("on the top of the foot", "foot", 0.55, "front", "on the top of the foot"),
    P("under the ball of the foot", "foot", 0.85, "sole", "against the ball of the foot"),
    P("on the toes", "toes", 0.5, "around", "on the toes"),
    P("below the toes", "foot", 0.9, "around", "just below the toes"),
    P("on the hip", "pelvis", 0.5, "out", "on the hip"),
    P("on the shoulder", "shoulder", 0.0, "out", "on the shoulder"),
    P("on the upper arm", "upperarm", 0.5, "out", "on the upper arm"),
    P("under the elbow", "upperarm", 0.95, "back", "under the elbow"),
    P("at the elbow", "upperarm", 0.95, "around", "at the elbow"),
    P("on the forearm", "forearm", 0.5, "around", "on the forearm"),
    P("above the wrist", "forearm", 0.85, "around", "just above the wrist"),
    P("at the wrist", "forearm", 0.95, "around", "at the wrist"),
    P("on the hand", "hand", 0.5, "around", "on the hand"),
    P("on the fingers", "fingers", 0.5, "around", "on the fingers"),
    P("on the thumb", "thumb", 0.6, "around", "on the thumb"),
    P("at the head", "head", 0.0, "around", "at the sides of the head"),
    P("under the head", "head", 0.0, "back", "under the head"),
    P("at the back", "trunk", 0.6, "back", "at the back"),
    P("on the knees", "thigh", 0.95, "front", "on the knees"),
)
del P
POINTS = {p.key: p for p in _POINTS}
# which limb each segment belongs to, and which joints move it (for "not in the pose")
SEGMENT_LIMB = {
    "knee": "leg",
    "thigh": "leg",
    "shank": "leg",
    "foot": "leg",
    "heel": "leg",
    "toes": "leg",
    "pelvis": "trunk",
    "trunk": "trunk",
    "shoulder": "arm",
    "upperarm": "arm",
    "forearm": "arm",
    "hand": "arm",
    "fingers": "arm",
    "thumb": "arm",
    "head": "head",
}
# segments drawn in each close-up view
CLOSE_UP_SEGMENTS = {"hand": {"forearm", "hand", "fingers", "thumb"}, "foot": {"shank", "foot", "heel", "toes"}}

# --- the keys of a figure block --------------------------------------------------------------------
KEYS = {
    "position": "how the person lies, sits or stands: " + ", ".join(POSITIONS),
    "view": "where the reader looks from: " + ", ".join(VIEWS),
    "side": "which arm or leg moves: right (default), left or both",
    "surface": "what the person is on or holds: " + ", ".join(SURFACES) + " (default from the position)",
    "moves": "each joint that moves: `joint: motion FROM to TO` (degrees), e.g. `knee: flexion 0 to 90`",
    "holds": "joints kept still at an angle, e.g. `knee: flexion 90`",
    "helper": "where the helper's hands are, a list, e.g. [under the knee, around the heel]",
    "hands": "where the person's own hands hold at the end of the movement, e.g. [on the knee] for a knee "
    "pulled to the chest: the arms reach there (one point for both hands, or one for each)",
    "equipment": "things drawn with the person: " + ", ".join(EQUIPMENT),
    "another": 'a second pose (for "Another way" or "Part 2"): the same keys; what it leaves out is '
    "taken from the first pose",
}
MAX_MOVES = 8
MAX_HELPER = 4


def reference_markdown() -> str:
    """The vocabulary tables of docs/figures.md, generated from the declarations above."""
    out = ["| Key | What to write |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in KEYS.items()]
    out += ["", "### Positions", "", "| Word | Meaning |", "|---|---|"]
    out += [f"| `{w.key}` | {w.help} |" for w in POSITIONS.values()]
    out += ["", "### Views", "", "| Word | Meaning |", "|---|---|"]
    out += [f"| `{w.key}` | {w.help} |" for w in VIEWS.values()]
    out += ["", "### Surfaces", "", "| Word | Meaning |", "|---|---|"]
    out += [f"| `{w.key}` | {w.help} |" for w in SURFACES.values()]
    out += ["", "### Equipment", "", "| Word | Meaning |", "|---|---|"]
    out += [f"| `{w.key}` | {w.help} |" for w in EQUIPMENT.values()]
    out += [
        "",
        "### Joints and motions",
        "",
        "Normal range: the most a typical adult joint moves from the neutral (standing) position, "
        "from the AAOS norms. A figure cannot go past it.",
        "",
        "| Joint | Motion | Normal range | Plane | Seen in view |",
        "|---|---|---|---|---|",
    ]
    seen = {
        "sagittal": "side",
        "frontal": "front (upright) or top (lying on the back)",
        "transverse": "top (upright) or front (lying down)",
    }
    for j in JOINTS.values():
        for mo in j.motions.values():
            close = next((v for v, js in CLOSE_UPS.items() if j.key in js), None)
            where = seen[mo.plane] + (f"; or `{close}`" if close else "")
            out.append(f"| `{j.key}` | `{mo.key}` | 0 to {mo.norm} degrees | {mo.plane} | {where} |")
    out += ["", "### Helper's hands", "", "| Write | Drawn at |", "|---|---|"]
    out += [f"| `{p.key}` | {p.shown} |" for p in POINTS.values()]
    return "\n".join(out) + "\n"
