"""Stage 3, model: the editor contract and the typed content.

This module is the single source of truth for what editors write.  The validator checks files
against the FieldSpec tables below; `build.py new` writes its template from them; CONTRIBUTING.md's
field reference is checked against them by the tests; the site and print templates read the
dataclasses.  A field name is spelled here and nowhere else in the code.  The words some fields
choose from (type, position, helper, sides, conditions) are content, in content/vocabulary.yml:
VOCABULARIES declares the lists, and each word reaches the code as a Word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Optional

# --- vocabularies: the words editors choose from, in content/vocabulary.yml --------------------------

VOCABULARY_FILE = "content/vocabulary.yml"


@dataclass(frozen=True)
class VocabularySpec:
    name: str  # the list's name in content/vocabulary.yml, which is also the field that uses it
    help: str  # what the words are for: shown in CONTRIBUTING.md and in hints
    example: str  # a line an editor might add to the list


VOCABULARIES: tuple[VocabularySpec, ...] = (
    VocabularySpec(
        "type",
        "Kinds of exercise, as the website's filters and each exercise's page name them.",
        "range-of-motion: Range of motion",
    ),
    VocabularySpec(
        "position", "Positions the person is in, as the website and the printed cards say them.", "kneeling: Kneeling"
    ),
    VocabularySpec(
        "helper",
        "Who does the movement, as the website and the printed cards say it.",
        "two-helpers: Two helpers do it with you",
    ),
    VocabularySpec(
        "sides",
        "How the repetitions are shared between sides: what a dose line says after the "
        'count ("10 times, each leg"). `none`, which says nothing more, is built in.',
        "each-eye: each eye",
    ),
    VocabularySpec(
        "conditions",
        "Conditions an exercise or a guide is written for, as the website's filter names them.",
        "parkinsons: Parkinson's disease",
    ),
)


class Word(str):
    """A vocabulary word: the string is what editors write (the site's filters and the handout data
    use it); `shown` is what readers see."""

    shown: str

    def __new__(cls, key: str, shown: str) -> "Word":
        word = super().__new__(cls, key)
        word.shown = shown
        return word

    def __reduce__(self):  # the checking worker process sends exercises back pickled
        return (Word, (str(self), self.shown))


NO_SIDES = Word("none", "")  # sides: none, built in: the dose line says nothing after the count


def shown(word: str) -> str:
    """What readers see for a vocabulary word."""
    return getattr(word, "shown", word)


# How a hold relates to the repetitions when a source gives both.
REPS_AND_HOLD = {
    "both": "every repetition is held: 10 times, holding each one 30 seconds",
    "either": "the hold is the other choice: 10 times, or hold 30 seconds",
}
# How the "## " sections of an exercise's steps relate.
WAYS = {
    "parts": "Do every part, in order.",
    "choices": "Choose one way.",
}
AS_PRESCRIBED = "as-prescribed"
BLANK = "____"  # where a therapist writes a number by hand
# The words of a dose line, written once: print, the site and custom handouts use them through
# dose_parts(), and the handout page's script gets them as data to word a dose a therapist sets
# (it picks one by the number and fills the {blanks}; it has no dose word of its own).
DOSE_WORDS = {
    "range": "{low} to {high}",
    "once": "Once",
    "times": "{n} times",
    "times_as_prescribed": BLANK + " times, as your therapist advises",
    "with_sides": "{dose}, {sides}",
    "or_hold": "{dose}, or hold {seconds}",
    "second": "1 second",
    "seconds": "{n} seconds",
    "set": "1 set",
    "sets": "{n} sets",
    "rest": "{sets}, rest {seconds} between sets",
    "hold": "Hold {seconds}",
    "each_time": "{hold} each time",
    "hold_as_prescribed": "Hold " + BLANK + " seconds, as your therapist advises",
    "between": " · ",
}
# A dose left for the therapist to write in by hand (handouts): each blank stays with its words.
WRITE_IN_PARTS = ("__________ times", "__________ sets", "Hold __________ seconds", "How often: ________________")
WRITE_IN_LINE = "________________"  # a line to write a phone number or a date on (handouts)
HANDOUT_TITLE = "Home Exercise Program"  # a custom handout's title unless the therapist gives one
# Printed in the "Read first" band of every custom handout: the cautions every source agrees on.
HANDOUT_INSTRUCTIONS = (
    "Move slowly and gently. Never force a movement.",
    "Stop if it hurts, and tell your therapist.",
    "Stop at once and get help for trouble breathing, chest pain or pressure, or dizziness.",
)
# A handout's own notes are marked as the therapist's, apart from the cautions above (on the web
# page they arrive in a link, which anyone can write)
NOTES_LABEL = "From your therapist:"
# The head of a custom handout's first page (the PDF and the web page's printed sheet): who it is for,
# who prescribed it and when; the clinic's phone and the next review are written in by hand.
PRESCRIPTION = {
    "patient": "For",
    "prescriber": "Prescribed by",
    "date": "Date",
    "phone": "Clinic phone",
    "review": "Next review",
}
# What the site and the printed footer say of content no clinician has reviewed yet.
AWAITING_REVIEW = "Awaiting clinical review"
# The week's exercise log (a packet's last page, a handout's, and the handout page's printed sheet):
# its words, written here once.
LOG = {
    "title": "Exercise log: week of ______________",
    "intro": "Tick a box each day you do the exercise. Rate how tired you feel from 1 (not tired) to 10 "
    "(very tired), before and after. Bring this page to your next visit.",
    "exercise": "Exercise",
    "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "tiredness": ["Tiredness before (1 to 10)", "Tiredness after (1 to 10)"],
    "notes": "Notes for your therapist:",
}
PLACEHOLDER = "FILL IN"  # what `build.py new` leaves for the editor to replace; `check` refuses it

# --- the field tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # how the validator reads it: see handbook.validate.CONVERTERS
    required: bool
    help: str  # one line for editors: shown by `new`, in CONTRIBUTING.md and in error hints
    example: str  # a YAML value, as an editor would type it
    choices: tuple[str, ...] = ()  # the words it accepts, when the code gives them meaning
    vocabulary: str = ""  # or the list of content/vocabulary.yml that holds its words


def _spec(name, kind, required, help, example, choices=()):
    return FieldSpec(name, kind, required, help, example, tuple(choices))


def _word(name, required, help, example, many=False):
    """A field whose words come from the list of content/vocabulary.yml named after it."""
    return FieldSpec(name, "word-list" if many else "word", required, help, example, vocabulary=name)


def choices_help(spec: FieldSpec, words=None) -> str:
    """What a field accepts, after its help text: its fixed choices, or where its words live
    (and the words themselves, when the caller has read them)."""
    if spec.choices:
        return f" One of: {', '.join(spec.choices)}."
    if spec.vocabulary:
        listed = f": {', '.join(words)}" if words else ""
        return f" A word from the {spec.vocabulary}: list in {VOCABULARY_FILE}{listed}."
    return ""


EXERCISE_FIELDS: tuple[FieldSpec, ...] = (
    _spec("title", "text", True, "The exercise name as readers know it.", "Hip Rotation"),
    _spec("region", "region", True, "The body region: a key of content/regions.yml.", "lower-extremities"),
    _word("type", True, "What kind of exercise it is.", "passive"),
    _word("position", True, "The position the person is in.", "lying-on-back"),
    _word("helper", True, "Who does the movement.", "caregiver"),
    _spec(
        "reps",
        "reps",
        True,
        "How many times: a whole number, a range like 8-10, or as-prescribed when the source leaves it "
        "to the therapist.",
        "10",
    ),
    _spec(
        "hold",
        "hold",
        True,
        "Seconds to hold: a whole number, a range like 20-40, none for a movement with no hold, or as-prescribed.",
        "30",
    ),
    _spec(
        "safety",
        "text-list",
        True,
        "Safety notes, one sentence each. Keep every caution the source gives.",
        '["Stop if it hurts."]',
    ),
    _spec("summary", "text", False, "One or two plain sentences: what it does and why.", "Keeps the hip joint loose."),
    _word(
        "sides",
        False,
        "How the reps are shared between sides, e.g. each-leg, each-side (all on one side, "
        "then the other), each-side-in-turn (to one side, then the other), both-together, or none.",
        "each-leg",
    ),
    _spec(
        "reps_and_hold",
        "choice",
        False,
        "When reps and hold are both numbers, how they go together: both "
        "(hold every repetition) or either (the source offers the hold as the other choice).",
        "either",
        REPS_AND_HOLD,
    ),
    _spec("sets", "count", False, "How many rounds of the reps: a whole number or a range.", "2"),
    _spec("rest", "seconds", False, "Seconds of rest between sets: a whole number or a range.", "30-60"),
    _spec("frequency", "text", False, "How often, in plain words.", "Once a day"),
    _spec(
        "dose_note",
        "text",
        False,
        "Where the dose comes from when the source gives none for this exercise.",
        "The source gives no number; this uses the guide's general instruction.",
    ),
    _spec(
        "ways",
        "choice",
        False,
        "When the steps have ## sections: parts (do every part, in order) or "
        "choices (the sections are other ways: do one).",
        "choices",
        WAYS,
    ),
    _spec("equipment", "text-list", False, "Things you need.", "[sturdy chair]"),
    _word("conditions", False, "Conditions the source wrote it for.", "[als]", many=True),
    _spec("aliases", "text-list", False, "Other names people search for.", "[calf stretch, Achilles]"),
    _spec(
        "figure",
        "figure",
        False,
        "The picture: pose data that the build draws (position, view, the joints "
        "that move and the helper's hands: see docs/figures.md), or a picture file inside content/ "
        "(for example figures/hip.svg) where a pose cannot show the exercise.",
        "{position: lying-on-back, view: side, moves: {hip: flexion 0 to 90}}",
    ),
    _spec(
        "figure_alt",
        "text",
        False,
        "What the picture shows, for people who cannot see it. Required with a "
        "picture file; for pose data the build writes it from the pose, and this replaces it.",
        "A caregiver bends the person's knee toward the chest.",
    ),
    _spec(
        "reviewed",
        "date",
        False,
        "Date of the last clinical review, like 2026-03-14. Leave empty until a clinician has reviewed the text.",
        "",
    ),
    _spec("reviewed_by", "text", False, "Name and role of the clinician who reviewed it.", ""),
    _spec(
        "sources",
        "text-list",
        True,
        "The documents the facts come from: every exercise says where it comes from.",
        "[Passive and Assistive Range of Motion Exercises]",
    ),
    _spec(
        "community",
        "flag",
        False,
        "yes when the exercise comes from experience people shared in a community "
        "(a forum), not from a clinical or organisation source. The site and the card say so, and its dose "
        "must be as-prescribed: one person's routine is not a prescription.",
        "yes",
    ),
)
# What a community-sourced exercise says, on the website and on its card.
COMMUNITY_NOTE = (
    "From experience people shared in an online community, not from a clinical handout. "
    "Ask your therapist whether it suits you and how much to do."
)

REGION_FIELDS: tuple[FieldSpec, ...] = (
    _spec("title", "text", True, "The region's name.", "Lower Extremities"),
    _spec("summary", "text", False, "One sentence about the region.", "Hips, knees, ankles and feet."),
)

SECTION_FIELDS: tuple[FieldSpec, ...] = (
    _spec("region", "region", True, "The region this section of the packet prints.", "lower-extremities"),
    _spec(
        "title",
        "text",
        False,
        "The section's name in the print header; the region's title if empty.",
        "Lower Extremities",
    ),
    _spec(
        "header",
        "text",
        False,
        "The print header's words before \"– Page 1 of 2\", when not the guide's "
        'print_title with this section\'s title in brackets (a guide of one section: "Hand Exercises").',
        "Hand Exercises",
    ),
    _spec("pages", "count-one", True, "How many printed pages the section may fill.", "2"),
    _spec(
        "exercises",
        "slug-list",
        True,
        "The exercises, in print order, by file name without .md.",
        "[hip-and-knee-flexion, hip-rotation]",
    ),
)

# Clinical review and sources, as guides and pages carry them (exercises say more about each).
GOVERNANCE_FIELDS: tuple[FieldSpec, ...] = (
    _spec("reviewed", "date", False, "Date of the last clinical review, like 2026-03-14; empty until then.", ""),
    _spec("reviewed_by", "text", False, "Name and role of the clinician who reviewed it.", ""),
    _spec("sources", "text-list", False, "The documents the text comes from.", ""),
)

GUIDE_FIELDS: tuple[FieldSpec, ...] = (
    _spec("title", "text", True, "The guide's name on the website.", "Passive Range of Motion"),
    _spec(
        "print_title",
        "text",
        True,
        'The name in the print header: "ROM Exercises (Lower Extremities) – Page 1 of 4".',
        "ROM Exercises",
    ),
    _spec("summary", "text", True, "One or two sentences about the guide.", "Exercises a caregiver does."),
    _spec("intro", "text", False, "A few paragraphs of Markdown for the top of the guide's page.", ""),
    _spec("audience", "text", False, "Who the guide speaks to.", "caregivers"),
    _word("conditions", False, "Conditions the guide is written for.", "[als]", many=True),
    _spec(
        "general_instructions",
        "text-list",
        True,
        "Instructions that apply to every exercise; printed in a band on the packet.",
        '["Do these once a day."]',
    ),
    _spec("order", "count-one", False, "Position among the guides on the website (1 first).", "1"),
    _spec(
        "log_page",
        "flag",
        False,
        "yes to print a week's exercise log (tick boxes, tiredness before and after) as the packet's last page.",
        "yes",
    ),
    _spec("sections", "sections", True, "The print packet: sections in order.", ""),
    *GOVERNANCE_FIELDS,
)

PAGE_FIELDS: tuple[FieldSpec, ...] = (
    _spec("title", "text", True, "The page title.", "When to stop"),
    _spec("summary", "text", False, "One sentence for lists and search.", ""),
    _spec("order", "count-one", False, "Position among the pages in the menu (1 first).", "1"),
    *GOVERNANCE_FIELDS,
)

DOSE_FIELDS = ("reps", "hold", "sides", "reps_and_hold", "sets", "rest", "frequency")  # a plan may override these

PLAN_FIELDS: tuple[FieldSpec, ...] = (
    _spec(
        "exercises",
        "plan-items",
        True,
        "The exercises, in order: a file name, or a file name with its own "
        "dose (reps, sides, sets, rest, hold, frequency) or `dose: write-in` for blank lines to fill by hand.",
        "[hip-rotation, {exercise: neck-rotation, reps: 5}]",
    ),
    _spec("title", "text", False, "The handout's title.", "Home Exercise Program"),
    _spec(
        "patient",
        "text",
        False,
        "The patient's name, printed on the handout (it never leaves your computer).",
        "Maria Lopez",
    ),
    _spec("date", "date", False, "The date, like 2026-11-22.", "2026-11-22"),
    _spec("therapist", "text", False, "Who prescribed it.", "Sam Lee, PT"),
    _spec("clinic", "text", False, "The clinic's name.", "Riverside ALS Clinic"),
    _spec("notes", "text", False, "Notes for the patient, printed at the top.", "Do these after lunch."),
    _spec("large_print", "flag", False, "yes for the large-print edition (18pt).", "no"),
    _spec("log_page", "flag", False, "yes to add a week's exercise log with tiredness before and after.", "yes"),
)

PLAN_ITEM_FIELDS: tuple[FieldSpec, ...] = (
    _spec("exercise", "text", True, "The exercise's file name without .md.", "neck-rotation"),
    *(replace(s, required=False) for s in EXERCISE_FIELDS if s.name in DOSE_FIELDS),  # overrides: all optional
    _spec(
        "dose",
        "choice",
        False,
        "write-in prints blank lines for the dose instead of numbers.",
        "write-in",
        ("default", "write-in"),
    ),
)

# --- values ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """A dose number: one value, a range, or a word (none / as-prescribed)."""

    low: Optional[int] = None
    high: Optional[int] = None
    word: Optional[str] = None

    def number(self) -> str:
        if self.low is None:
            return ""
        return (
            f"{self.low}" if self.high in (None, self.low) else DOSE_WORDS["range"].format(low=self.low, high=self.high)
        )

    def __str__(self) -> str:
        if self.word:
            return self.word
        return f"{self.low}" if self.high in (None, self.low) else f"{self.low}-{self.high}"


def seconds_text(a: Amount) -> str:
    n = a.number()
    return DOSE_WORDS["second"] if n == "1" else DOSE_WORDS["seconds"].format(n=n)


# --- dose wording: the one place it is put together (site, print, handouts); its words are DOSE_WORDS


def reps_words(reps: Amount, sides: str) -> str:
    if reps.word == AS_PRESCRIBED:  # a blank to write the number in, on paper and on screen alike
        text = DOSE_WORDS["times_as_prescribed"]
    else:
        n = reps.number()
        text = DOSE_WORDS["once"] if n == "1" else DOSE_WORDS["times"].format(n=n)
    side = getattr(sides, "shown", "")  # a vocabulary Word: "each leg"; NO_SIDES says nothing
    return DOSE_WORDS["with_sides"].format(dose=text, sides=side) if side else text


def alternatives(reps: Amount, hold: Amount, relation: str) -> bool:
    """The source offers a number of times OR a hold: both are numbers and said to be either."""
    return relation == "either" and hold.low is not None and reps.low is not None


def each_time(reps: Amount, relation: str) -> bool:
    """Every one of several repetitions is held."""
    return relation == "both" and reps.number() != "1"


def hold_words(hold: Amount, reps: Amount, relation: str = "") -> str:
    if hold.word == "none":
        return ""
    if hold.word == AS_PRESCRIBED:
        return DOSE_WORDS["hold_as_prescribed"]
    text = DOSE_WORDS["hold"].format(seconds=seconds_text(hold))
    return DOSE_WORDS["each_time"].format(hold=text) if each_time(reps, relation) else text


def sets_words(sets: Optional[Amount], rest: Optional[Amount]) -> str:
    if not sets:
        return ""
    n = sets.number()
    text = DOSE_WORDS["set"] if n == "1" else DOSE_WORDS["sets"].format(n=n)
    if rest:
        text = DOSE_WORDS["rest"].format(sets=text, seconds=seconds_text(rest))
    return text


def dose_parts(
    reps: Amount,
    hold: Amount,
    sides: str,
    relation: str = "",
    sets: Optional[Amount] = None,
    rest: Optional[Amount] = None,
    frequency: str = "",
) -> list[str]:
    """The dose line's parts, joined with " · " in print.  Alternatives stay in one part with "or":
    a separator between them would read as "do both"."""
    if alternatives(reps, hold, relation):
        first = [DOSE_WORDS["or_hold"].format(dose=reps_words(reps, sides), seconds=seconds_text(hold))]
        parts = first + [sets_words(sets, rest), frequency]
    else:
        parts = [reps_words(reps, sides), sets_words(sets, rest), hold_words(hold, reps, relation), frequency]
    return [p for p in parts if p]


@dataclass
class Method:
    """One way to do the exercise: an optional heading, numbered steps and notes."""

    heading: str
    steps: list[str]
    notes: list[str] = field(default_factory=list)


@dataclass
class Region:
    key: str
    title: str
    order: int
    summary: str = ""


@dataclass
class Review:
    reviewed: Optional[dt.date] = None
    reviewed_by: str = ""
    line: int = 1  # where `reviewed` is written, for warnings

    def next_due(self, years: int) -> Optional[dt.date]:
        if not self.reviewed:
            return None
        try:
            return self.reviewed.replace(year=self.reviewed.year + years)
        except ValueError:  # 29 February
            return self.reviewed.replace(year=self.reviewed.year + years, day=28)


@dataclass
class Exercise:
    slug: str
    path: str
    title: str
    region: Region
    type: str
    position: str
    helper: str
    reps: Amount
    hold: Amount
    safety: list[str]
    methods: list[Method]
    summary: str = ""
    sides: str = NO_SIDES
    reps_and_hold: str = ""
    ways: str = ""
    sets: Optional[Amount] = None
    rest: Optional[Amount] = None
    frequency: str = ""
    dose_note: str = ""
    equipment: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    figure: str = ""  # a picture file inside content/, when the figure is not drawn from pose data
    figure_alt: str = ""
    pose: Any = None  # the figure's pose data (handbook.figures.Figure), drawn at build time
    review: Review = field(default_factory=Review)
    sources: list[str] = field(default_factory=list)
    community: bool = False
    guide: Optional["Guide"] = None  # the first guide whose packet names it
    guides: list = field(default_factory=list, compare=False, repr=False)  # every guide naming it, in order

    # --- wording shared by the site and the print templates ---
    @property
    def type_label(self) -> str:
        return shown(self.type)

    @property
    def position_label(self) -> str:
        return shown(self.position)

    @property
    def helper_label(self) -> str:
        return shown(self.helper)

    @property
    def reps_text(self) -> str:
        return reps_words(self.reps, self.sides)

    @property
    def either(self) -> bool:
        """The source offers the reps or the hold, not both: one line says "or"."""
        return alternatives(self.reps, self.hold, self.reps_and_hold)

    @property
    def hold_value(self) -> str:
        """The hold on its own, for a labelled dose box: "30 seconds", "none"."""
        if self.hold.word == "none":
            return "No hold: keep moving"
        if self.hold.word == AS_PRESCRIBED:
            return f"{BLANK} seconds, as your therapist advises"
        return seconds_text(self.hold)

    @property
    def hold_text(self) -> str:
        return hold_words(self.hold, self.reps, self.reps_and_hold)

    @property
    def sets_text(self) -> str:
        return sets_words(self.sets, self.rest)

    @property
    def dose_parts(self) -> list[str]:
        return dose_parts(self.reps, self.hold, self.sides, self.reps_and_hold, self.sets, self.rest, self.frequency)

    @property
    def dose_rows(self) -> list[tuple[str, str]]:
        """The dose as labelled rows for the website's dose box (the same words as dose_line)."""
        rows = []
        if self.either:
            rows.append(("Choose one", dose_parts(self.reps, self.hold, self.sides, "either")[0]))
        else:
            rows.append(("How many times", self.reps_text))
        if self.sets:
            rows.append(("Sets", self.sets_text))
        if not self.either:
            held = each_time(self.reps, self.reps_and_hold)
            rows.append(("Hold", DOSE_WORDS["each_time"].format(hold=self.hold_value) if held else self.hold_value))
        if self.frequency:
            rows.append(("How often", self.frequency))
        return rows

    @property
    def community_note(self) -> str:
        return COMMUNITY_NOTE if self.community else ""

    @property
    def ways_lead(self) -> str:
        """The line above the steps that says how the sections go together ("" for one way)."""
        return WAYS.get(self.ways, "") if len(self.methods) > 1 else ""

    def method_label(self, index: int) -> str:
        """The heading a section of the steps prints under: "Part 2: Lying down", "Or: Another way"."""
        heading = self.methods[index].heading
        if len(self.methods) < 2:
            return heading
        if self.ways == "parts":
            return f"Part {index + 1}" + (f": {heading}" if heading else "")
        if index == 0:
            return heading  # the lead line already says "Choose one way."
        if heading.lower().startswith(("or ", "or,")):
            return heading
        return "Or, another way" if heading.lower() == "another way" else f"Or: {heading}"

    @property
    def dose_line(self) -> str:
        return DOSE_WORDS["between"].join(self.dose_parts)

    @property
    def has_figure(self) -> bool:
        return bool(self.figure or self.pose)

    @property
    def all_steps(self) -> list[str]:
        return [s for m in self.methods for s in m.steps]


@dataclass
class Section:
    region: Region
    title: str
    pages: int
    exercises: list[Exercise]
    first_page: int = 1  # packet-wide page number of the section's first page
    header: str = ""  # the print header's own words, instead of "<print title> (<section title>)"
    line: int = 0  # the line of its `pages:` in the guide's file, for problems found in print

    def label(self, print_title: str) -> str:
        """The print header's words before "– Page N of M" (the source's form by default)."""
        return self.header or section_label(print_title, self.title)


@dataclass
class Guide:
    slug: str
    path: str
    title: str
    print_title: str
    summary: str
    general_instructions: list[str]
    sections: list[Section]
    intro: str = ""
    audience: str = ""
    conditions: list[str] = field(default_factory=list)
    order: int = 100
    log_page: bool = False
    review: Review = field(default_factory=Review)
    sources: list[str] = field(default_factory=list)

    @property
    def exercises(self) -> list[Exercise]:
        return [e for s in self.sections for e in s.exercises]


def section_label(print_title: str, part: str) -> str:
    """The source's header form: 'ROM Exercises (Lower Extremities)'."""
    return f"{print_title} ({part})"


def page_label(label: str, page: int, total: int) -> str:
    """A print header: 'ROM Exercises (Lower Extremities) – Page 1 of 4'."""
    return f"{label} – Page {page} of {total}"


@dataclass
class Page:
    slug: str
    path: str
    title: str
    body: str
    summary: str = ""
    order: int = 100
    review: Review = field(default_factory=Review)
    sources: list[str] = field(default_factory=list)
    title_line: int = 1  # where the title is written, for problems found across pages


@dataclass
class Settings:
    """Site-wide settings, read from mkdocs.yml's `extra` so that they live in one place."""

    site_name: str = "Exercise Handbook"
    site_url: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    paper: str = "letter"  # letter or a4
    review_years: int = 3
    emergency_number: str = "911"  # what the site tells a reader to call for chest pain or fainting
    require_review: bool = False  # True: content awaiting review or overdue is an error, not a warning
    # Markdown extensions as mkdocs.yml names them: a name, or (name, ((setting, value), ...))
    markdown_extensions: tuple = ()
    mkdocs: dict = field(default_factory=dict)  # mkdocs.yml's checked settings, for the site build

    @property
    def emergency_call(self) -> str:
        """What the site tells a reader to call for chest pain, trouble breathing or fainting."""
        extra = " or your local emergency number" if self.emergency_number == "911" else ""
        return f"call {self.emergency_number}{extra}"


@dataclass
class Project:
    settings: Settings
    regions: dict[str, Region]
    exercises: dict[str, Exercise]
    guides: list[Guide]
    pages: list[Page]
    # content/vocabulary.yml: each list's words by what editors write (sides include NO_SIDES)
    vocabulary: dict[str, dict[str, Word]] = field(default_factory=dict)

    def exercises_in_region(self, key: str) -> list[Exercise]:
        return [e for e in self.exercises.values() if e.region.key == key]
