"""Problems in content, reported like a compiler: ``path:line: field: message``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        kind = "warning: " if self.severity == "warning" else ""
        text = f"{self.path}:{self.line}: {self.field}: {kind}{self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def github_annotation(self) -> str:
        level = "warning" if self.severity == "warning" else "error"
        msg = self.message + (f" (hint: {self.hint})" if self.hint else "")
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.path},line={self.line},title={self.field}::{msg}"


@dataclass
class Report:
    """Collects every problem of one run so that the editor sees them all at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, max(line, 1), field_name, message, hint))

    def warn(self, path: str, line: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, max(line, 1), field_name, message, hint, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems))


def did_you_mean(word: str, choices) -> str:
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f'did you mean "{match[0]}"?' if match else ""


def quote(value) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return '"' + text.replace('"', '\\"') + '"'
