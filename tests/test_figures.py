"""The figure engine: pose data parses, draws what it says, and reports problems like validate.py."""

from __future__ import annotations

import math
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.diagnostics import Report
from handbook.figures import Figure, FigureProblem, alt_text, kin, parse_figure, render_svg, spec
from handbook.figures.parse import move_side, moving_axis
from handbook.figures.render import INDICATOR
from handbook.load import Item, load_markdown_file, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = sorted((ROOT / "content" / "exercises").glob("*.md"))
SVG = "{http://www.w3.org/2000/svg}"


def figure_item(text: str) -> Item:
    report = Report()
    item = parse_yaml(text, 1, "test.md", report)
    assert not report.problems, report.problems
    return item.value["figure"]


def parse(text: str):
    return parse_figure(figure_item(text))


def shipped():
    out = []
    for path in EXERCISES:
        sf = load_markdown_file(path, str(path), Report())
        out.append((path.stem, sf.data["title"].value, sf.data.get("figure")))
    return out


SHIPPED = shipped()


def poses(fig: Figure):
    while fig is not None:
        yield fig
        fig = fig.another


# --- every shipped exercise -----------------------------------------------------------------------


@pytest.mark.parametrize("slug,title,item", SHIPPED, ids=[s for s, _, _ in SHIPPED])
def test_shipped_figure_parses_and_draws(slug, title, item):
    assert item is not None, f"{slug} has no figure"
    fig, problems = parse_figure(item)
    assert problems == [], [p.message for p in problems]
    alt = alt_text(fig)
    svg = render_svg(fig, title=title, desc=alt)
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    assert "width" not in root.attrib and "height" not in root.attrib
    ids = root.get("aria-labelledby").split()
    title_el, desc_el = root.find(SVG + "title"), root.find(SVG + "desc")
    assert [title_el.get("id"), desc_el.get("id")] == ids
    assert title_el.text == title and desc_el.text == alt and len(alt) > 30
    assert "<script" not in svg and "href" not in svg
    drawn = list(poses(fig))
    if len(drawn) == 1:
        check_geometry(fig, root)
    else:  # both poses in one picture, side by side: each pose's geometry in its own group
        groups = [g for g in root.iter(SVG + "g") if (g.get("class") or "").startswith("pose pose-")]
        assert [g.get("class") for g in groups] == ["pose pose-1", "pose pose-2"]
        for pose, group in zip(drawn, groups):
            assert segments(group, "end"), "a pose without its drawing"
            check_geometry(pose, group)


def test_every_exercise_has_a_figure():
    assert SHIPPED and all(item is not None for _, _, item in SHIPPED)


# --- geometry: the drawn angles are the data's angles -------------------------------------------------


def segments(root, state):
    out = {}
    for el in root.iter(SVG + "line"):
        if el.get("class") == f"seg {state}":
            out[el.get("data-seg")] = tuple(float(el.get(k)) for k in ("x1", "y1", "x2", "y2"))
    return out


def direction(seg):
    x1, y1, x2, y2 = seg
    return math.degrees(math.atan2(-(y2 - y1), x2 - x1))  # SVG y points down


def rel(child, parent):
    a = direction(child) - (direction(parent) if parent else 0.0)
    return (a + 180) % 360 - 180


def between(a, b):
    """Angle in degrees between the directions of two drawn segments."""
    d = abs(direction(a) - direction(b)) % 360
    return min(d, 360 - d)


def seg_name(base, fig, mv):
    if base in ("trunk", "pelvis", "shoulders", "neck", "face") or base is None:
        return base
    return f"{base}-{move_side(fig, mv)}"


def check_geometry(fig: Figure, root) -> int:
    """For every moving joint whose movement lies in the picture's plane: the drawn segment turns
    by the data's angle (start to end), and hinge joints show the end angle itself.  Returns how
    many angles were checked."""
    end, start = segments(root, "end"), segments(root, "start")
    close = fig.view in spec.CLOSE_UPS
    checked = 0
    moving = fig.moving
    for mv in moving:
        jm = spec.JOINTS[mv.joint].motions[mv.motion]
        if sum(1 for o in moving if o.joint == mv.joint and o.side == mv.side) > 1:
            continue  # two movements of one joint at once: not one angle in one plane
        axis = moving_axis(fig, mv)
        if close:
            d = moving_axis(fig, moving[0])
        else:
            d = kin.camera(fig.view, fig.position)[0]
        if abs(sum(a * b for a, b in zip(axis, d))) < 0.995:
            continue  # seen at a slant: the drawn angle is foreshortened
        parent, child = INDICATOR[(mv.joint, jm.dof)]
        pn, cn = seg_name(parent, fig, mv), seg_name(child, fig, mv)
        ce, cs = end[cn], start.get(cn, end[cn])
        pe, ps = (end[pn], start.get(pn, end[pn])) if pn else (None, None)
        swept = abs((rel(ce, pe) - rel(cs, ps) + 180) % 360 - 180)
        want = abs(mv.end - mv.start)
        if fig.side == "both" and mv.joint in ("neck", "trunk") and jm.dof != "flex":
            want = 2 * abs(mv.end)  # drawn from one side to the other
        assert abs(swept - want) <= 3, f"{mv.joint} {mv.motion}: drawn {swept:.1f}, data {want}"
        checked += 1
        if jm.dof == "flex" and mv.joint in ("knee", "elbow") and fig.view == "side":
            a = between(end[pn], end[cn])
            assert abs(a - abs(mv.end)) <= 3, f"{mv.joint} end angle: drawn {a:.1f}, data {mv.end}"
            checked += 1
    return checked


SYNTHETIC = [
    ("lying-on-back", "side", {"hip": "flexion 0 to 90", "knee": "flexion 0 to 90"}),
    ("lying-on-back", "side", {"knee": "flexion 10 to 135"}),
    ("lying-on-back", "top", {"hip": "abduction 0 to 40"}),
    ("sitting", "side", {"elbow": "flexion 20 to 150"}),
    ("standing", "front", {"shoulder": "abduction 0 to 160"}),
    ("standing", "front", {"neck": "lateral flexion 0 to 30"}),
    ("standing", "top", {"neck": "rotation 0 to 60"}),
    ("standing", "side", {"trunk": "flexion 0 to 60"}),
    ("side-lying", "top", {"hip": "flexion 0 to 80"}),
    ("sitting", "hand", {"wrist": "flexion 0 to 70"}),
    ("sitting", "hand", {"fingers": "flexion 0 to 80"}),
    ("sitting", "foot", {"ankle": "dorsiflexion 0 to 20"}),
    ("lying-on-back", "foot", {"toes": "flexion 0 to 40"}),
    ("standing", "side", {"shoulder": "flexion 0 to 120", "elbow": "flexion 0 to 90"}),
]


@pytest.mark.parametrize("position,view,moves", SYNTHETIC)
@pytest.mark.parametrize("side", ["right", "left"])
def test_synthetic_geometry(position, view, moves, side):
    body = "".join(f"\n    {j}: {m}" for j, m in moves.items())
    fig, problems = parse(f"figure:\n  position: {position}\n  view: {view}\n  side: {side}\n  moves:{body}\n")
    assert problems == [], [p.message for p in problems]
    root = ET.fromstring(render_svg(fig, title="t", desc="d"))
    assert check_geometry(fig, root) >= len(moves)


def test_geometry_check_catches_a_wrong_drawing():
    """Guard the guard: a drawing whose knee is off by 10 degrees fails the geometry check."""
    fig, _ = parse("figure:\n  position: lying-on-back\n  moves:\n    knee: flexion 0 to 90\n")
    wrong, _ = parse("figure:\n  position: lying-on-back\n  moves:\n    knee: flexion 0 to 100\n")
    root = ET.fromstring(render_svg(wrong, title="t", desc="d"))
    with pytest.raises(AssertionError):
        check_geometry(fig, root)


def arrow_end(root):
    """Where the (first) motion arrow points: the last point of its black line."""
    for g in root.iter(SVG + "g"):
        if g.get("class") == "arrow":
            d = next(el.get("d") for el in g.iter(SVG + "path") if el.get("stroke") == "#000")
            x, y = d.split(" L")[-1].split()
            return float(x), float(y)
    raise AssertionError("no arrow")


@pytest.mark.parametrize(
    "moves,follows",
    [
        # a bridge: the feet stay planted and the hips rise, so the arrow is at the hips
        ("hip: flexion 50 to 0\n  holds:\n    knee: flexion 90", 0),
        # knee to chest: the hip stays put and the knee travels
        ("hip: flexion 0 to 90", 1),
    ],
)
def test_the_arrow_is_at_the_part_that_travels(moves, follows):
    fig, problems = parse(
        f"figure:\n  position: lying-on-back\n  view: side\n  side: both\n  surface: floor\n  moves:\n    {moves}\n"
    )
    assert problems == [], [p.message for p in problems]
    root = ET.fromstring(render_svg(fig, title="t", desc="d"))
    thigh = segments(root, "end")["thigh-r"]
    hip, knee = thigh[:2], thigh[2:]
    end = arrow_end(root)
    near, far = (hip, knee) if follows == 0 else (knee, hip)
    assert math.dist(end, near) < math.dist(end, far), f"arrow ends at {end}, hip {hip}, knee {knee}"


def test_knees_fall_to_the_side_over_planted_feet():
    """Lying on the back with the knees bent, a trunk rotation turns the knees to the side while
    the feet stay where they stood on the bed; thigh and shank keep their lengths."""
    held = {("hip", s, "flex"): 50.0 for s in "lr"} | {("knee", s, "flex"): 90.0 for s in "lr"}
    start = kin.forward("lying-on-back", held | {("trunk", "", "rot"): 0.0})
    end = kin.forward("lying-on-back", held | {("trunk", "", "rot"): 40.0})
    for s in "lr":
        for point in ("ankle", "heel", "toe"):
            assert math.dist(start[f"{point}-{s}"], end[f"{point}-{s}"]) < 1e-9, f"{point}-{s} moved"
        assert math.dist(start[f"knee-{s}"], end[f"knee-{s}"]) > 0.1, "the knee did not fall to the side"
        for a, b in (("hip", "knee"), ("knee", "ankle")):
            assert math.dist(start[f"{a}-{s}"], start[f"{b}-{s}"]) == pytest.approx(
                math.dist(end[f"{a}-{s}"], end[f"{b}-{s}"]), abs=1e-9
            )
        sole = min(start[f"{point}-{s}"][1] for point in ("heel", "sole", "mtp"))
        assert sole == pytest.approx(start["pelvis"][1] - 0.05), "the foot is not on the bed"


# --- problems -------------------------------------------------------------------------------------


def messages(text):
    fig, problems = parse(text)
    assert all(isinstance(p, FigureProblem) for p in problems)
    if problems:
        assert fig is None
    return problems


def test_unknown_joint_suggests_the_right_one():
    (p,) = messages("figure:\n  position: lying-on-back\n  moves:\n    kneee: flexion 0 to 90\n")
    assert p.line == 4 and p.field == "figure.moves.kneee"
    assert 'unknown joint "kneee"' in p.message and p.hint == 'did you mean "knee"?'


def test_unknown_key_word_and_motion():
    ps = messages("figure:\n  positon: sitting\n  view: sde\n  moves:\n    hip: flexon 0 to 30\n")
    got = {p.field: p for p in ps}
    assert got["figure.positon"].hint == 'did you mean "position"?' and got["figure.positon"].line == 2
    assert got["figure.view"].hint == 'did you mean "side"?' and got["figure.view"].line == 3
    assert got["figure.moves.hip"].hint == 'did you mean "flexion"?' and got["figure.moves.hip"].line == 5


def test_angle_outside_the_normal_range_gives_the_range():
    (p,) = messages("figure:\n  position: lying-on-back\n  moves:\n    knee: flexion 0 to 160\n")
    assert p.line == 4 and "outside the normal range of the knee" in p.message
    assert "0 to 135 degrees" in p.hint and "AAOS" in p.hint


def test_view_that_cannot_show_the_motion():
    (p,) = messages("figure:\n  position: lying-on-back\n  view: side\n  moves:\n    hip: abduction 0 to 40\n")
    assert p.field == "figure.view" and p.line == 5 and "cannot show abduction of the hip" in p.message
    assert "use view: top" in p.hint
    # hip rotation with the hip and knee bent: the shin swings flat, seen from above
    ok = (
        "figure:\n  position: lying-on-back\n  view: top\n  moves:\n    hip: internal rotation 0 to 40\n"
        "  holds:\n    hip: flexion 90\n    knee: flexion 90\n"
    )
    assert messages(ok) == []
    (p,) = messages(ok.replace("view: top", "view: side"))
    assert "cannot show internal rotation of the hip" in p.message
    (p,) = messages("figure:\n  position: sitting\n  view: hand\n  moves:\n    knee: flexion 0 to 40\n")
    assert "hand close-up cannot show the knee" in p.message


def test_helper_hand_on_a_part_not_in_the_pose():
    (p,) = messages(
        "figure:\n  position: lying-on-back\n  moves:\n    elbow: flexion 0 to 90\n"
        "  helper: [at the wrist, under the knee]\n"
    )
    assert p.field == "figure.helper" and p.line == 5 and "no leg joint moves" in p.message
    (p,) = messages(
        "figure:\n  position: sitting\n  view: hand\n  moves:\n    wrist: flexion 0 to 40\n  helper: [at the elbow]\n"
    )
    assert "not in the hand close-up" in p.message
    (p,) = messages("figure:\n  position: sitting\n  moves:\n    elbow: flexion 0 to 40\n  helper: [at the wirst]\n")
    assert p.hint == 'did you mean "at the wrist"?'


@pytest.mark.parametrize(
    "text,field,words",
    [
        ("figure: 3\n", "figure", "expected the pose as a mapping; got the number 3"),
        ("figure:\n  position: sitting\n  helper: 5\n", "figure.helper", "expected a list; got the number 5"),
        ("figure:\n  position: sitting\n  moves: [knee]\n", "figure.moves", "expected joints, one a line; got a list"),
        ("figure:\n  position: sitting\n  moves:\n    knee: 90\n", "figure.moves.knee", "got the number 90"),
        ("figure:\n  position: [sitting]\n", "figure.position", "got a list"),
        ("figure:\n  view: side\n", "figure.position", "the position is missing"),
        ("figure:\n  position: sitting\n  moves:\n    knee: flexion to 90\n", "figure.moves.knee", "cannot read"),
    ],
)
def test_wrong_types(text, field, words):
    ps = messages(text)
    assert any(p.field == field and words in p.message for p in ps), [(p.field, p.message) for p in ps]


def test_a_single_helper_point_may_be_written_without_brackets():
    fig, ps = parse(
        "figure:\n  position: lying-on-back\n  moves:\n    knee: flexion 0 to 90\n  helper: under the knee\n"
    )
    assert ps == [] and fig.helper == ("under the knee",)


def test_left_and_right_joints_and_a_second_pose():
    fig, ps = parse(
        "figure:\n  position: hands-and-knees\n  moves:\n    left shoulder: flexion 80 to 170\n"
        "    right hip: flexion 95 to 0\n  another:\n    side: left\n"
    )
    assert ps == []
    assert [(m.joint, m.side) for m in fig.moves] == [("shoulder", "left"), ("hip", "right")]
    assert fig.another.side == "left" and fig.another.moves == fig.moves
    assert "Another way" in alt_text(fig)


junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=True)
    | st.sampled_from(
        [
            "sitting",
            "side",
            "knee",
            "flexion 0 to 90",
            "under the knee",
            "hip",
            "moves",
            "band",
            "rotation 0 to",
            "to to",
            "90 to flexion",
            "",
            "°",
            "left knee",
            "both",
        ]
    ),
    lambda c: (
        st.lists(c, max_size=4)
        | st.dictionaries(st.sampled_from(list(spec.KEYS) + list(spec.JOINTS) + ["x", "left hip"]), c, max_size=5)
    ),
    max_leaves=20,
)


def to_item(v, line=1):
    if isinstance(v, dict):
        return Item({k: to_item(x, line + i + 1) for i, (k, x) in enumerate(v.items())}, line, None, line)
    if isinstance(v, list):
        return Item([to_item(x, line) for x in v], line)
    return Item(v, line, str(v))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(junk)
def test_junk_never_raises(value):
    fig, problems = parse_figure(to_item(value))
    assert (fig is None) == bool(problems) or fig is None
    for p in problems:
        assert isinstance(p.line, int) and p.line >= 1 and p.message


# --- output properties ----------------------------------------------------------------------------


def test_same_input_same_svg_and_distinct_ids():
    a, _ = parse("figure:\n  position: lying-on-back\n  moves:\n    knee: flexion 0 to 90\n")
    b, _ = parse("figure:\n  position: lying-on-back\n  moves:\n    knee: flexion 0 to 80\n")
    assert render_svg(a, title="A", desc="x") == render_svg(a, title="A", desc="x")
    ida = ET.fromstring(render_svg(a, title="A", desc="x")).get("aria-labelledby")
    idb = ET.fromstring(render_svg(b, title="B", desc="y")).get("aria-labelledby")
    assert ida != idb
    assert 'aria-labelledby="p1-t p1-d"' in render_svg(a, title="A", desc="x", id_prefix="p1")


def test_alt_text_says_what_is_drawn():
    fig, _ = parse(
        "figure:\n  position: lying-on-back\n  view: side\n  moves:\n    hip: flexion 0 to 90\n"
        "    knee: flexion 0 to 90\n  helper: [under the knee, around the heel]\n"
    )
    text = alt_text(fig)
    assert text.startswith("Lying on the back on a bed, seen from the side.")
    assert "The helper holds under the knee and around the heel." in text
    assert "hip bends (flexion) from straight to about 90 degrees" in text


def test_parse_is_fast():
    items = [item for _, _, item in SHIPPED]
    parse_figure(items[0])
    t = time.perf_counter()
    n = 0
    for _ in range(20):
        for it in items:
            parse_figure(it)
            n += 1
    per = (time.perf_counter() - t) / n
    assert per < 250e-6, f"{per * 1e6:.0f} µs per figure"  # ~15 µs on an idle core; room for a busy CI


def test_docs_list_every_word():
    doc = (ROOT / "docs" / "figures.md").read_text()
    assert spec.reference_markdown() in doc


def test_every_valid_figure_draws():
    """Any figure the parser accepts can be drawn (a sample over positions, views, sides, surfaces)."""
    import random

    rng = random.Random(7)
    drawn = 0
    for _ in range(400):
        j = rng.choice(list(spec.JOINTS.values()))
        mo = rng.choice([m for m in j.motions.values() if m.norm])
        value = {
            "position": rng.choice(list(spec.POSITIONS)),
            "view": rng.choice(list(spec.VIEWS)),
            "side": rng.choice(list(spec.SIDES)),
            "surface": rng.choice(list(spec.SURFACES)),
            "moves": {j.key: f"{mo.key} 0 to {min(mo.norm, 30)}"},
            "helper": [rng.choice(list(spec.POINTS))],
            "equipment": [rng.choice(list(spec.EQUIPMENT))],
        }
        fig, problems = parse_figure(to_item(value))
        if fig is not None:
            ET.fromstring(render_svg(fig, title="t", desc=alt_text(fig)))
            drawn += 1
    assert drawn > 20


@pytest.mark.parametrize(
    "view,moves",
    [
        ("foot", "ankle: eversion 15 to inversion 30"),
        ("foot", "toes: extension 40 to flexion 40"),
        ("hand", "thumb: extension 20 to flexion 50"),
        ("hand", "wrist: flexion 0 to 80"),
    ],
)
def test_close_ups_draw_outlines_and_keep_the_helper_beside(view, moves):
    """Close-ups draw the hand or foot as outlined shapes (start grey, end black) and keep the
    joint-centre segments for the geometry check; the helper's hands stay in the frame."""
    position = "lying-on-back" if view == "foot" else "sitting"
    helper = "[at the ankle, around the foot]" if view == "foot" else "[above the wrist, on the fingers]"
    fig, ps = parse(f"figure:\n  position: {position}\n  view: {view}\n  moves:\n    {moves}\n  helper: {helper}\n")
    assert ps == []
    root = ET.fromstring(render_svg(fig, title="t", desc="d"))
    fills = [el.get("fill") for el in root.iter(SVG + "path")]
    assert "#000" in fills and "#8c8c8c" in fills
    assert segments(root, "end") and segments(root, "start")
    w, h = (float(x) for x in root.get("viewBox").split()[2:])
    assert w == 320 and h <= 240
    for el in root.iter(SVG + "ellipse"):
        assert 0 <= float(el.get("cx")) <= w and 0 <= float(el.get("cy")) <= h


KNEE_TO_CHEST = (
    "figure:\n  position: lying-on-back\n  view: side\n  surface: floor\n  moves:\n"
    "    hip: flexion 0 to 115\n    knee: flexion 0 to 130\n  hands: [below the knee]\n"
)


def test_own_hands_hold_where_the_steps_say():
    """`hands:` puts the person's own hands on their body at the end of the movement (knee to chest:
    both hands just below the knee).  The near arm's drawn wrist ends at that point of the drawn
    shin (it lay along the body before), and the alt text says so."""
    fig, problems = parse(KNEE_TO_CHEST)
    assert not problems
    end = segments(ET.fromstring(render_svg(fig, "t", "d")), "end")
    kx, ky, ax, ay = end["shank-r"]
    point = (kx + (ax - kx) * spec.POINTS["below the knee"].at, ky + (ay - ky) * spec.POINTS["below the knee"].at)
    assert math.dist(end["forearm-r"][2:], point) < 3  # SVG units of a 320-wide drawing
    alone = parse(KNEE_TO_CHEST.replace("  hands: [below the knee]\n", ""))[0]
    assert math.dist(segments(ET.fromstring(render_svg(alone, "t", "d")), "end")["forearm-r"][2:], point) > 30
    assert "The person's own hands hold just below the knee." in alt_text(fig)


def test_own_hands_hold_the_body_not_an_arm_and_need_arms_in_view():
    (p,) = messages(KNEE_TO_CHEST.replace("[below the knee]", "[at the wrist]"))
    assert p.field == "figure.hands" and p.line == 8 and "is on an arm" in p.message
    (p,) = messages(
        "figure:\n  position: sitting\n  view: foot\n  moves:\n    ankle: dorsiflexion 0 to 20\n"
        "  hands: [on the toes]\n"
    )
    assert p.field == "figure.hands" and "draws no arms" in p.message
    (p,) = messages(KNEE_TO_CHEST.replace("[below the knee]", "[below the kne]"))
    assert p.hint == 'did you mean "below the knee"?'
    # a close-up second pose does not take the first pose's hands (it ended in a KeyError)
    fig, problems = parse(KNEE_TO_CHEST + "  another:\n    view: foot\n    moves:\n      ankle: dorsiflexion 0 to 20\n")
    assert problems == [] and fig.hands and fig.another.hands == ()
