"""What a mutation run proves: the listed equivalents, the thresholds, and why it fails.

``exercises/mutation-equivalents.yaml`` names each surviving mutant that no
input could tell from the reference (``equivalent``), and, if ever needed,
a survivor accepted for now with its reason (``known_survivors``; they still
count as not killed). Entries name a mutant as the run prints it: exercise,
function (or record file), operator, the line before and after; never a
line number, so an entry does not go stale when a line is added above it.

The run fails when a survivor is neither killed nor listed; when fewer than
98% of the non-equivalent mutants are killed; when equivalents are more
than 5% of all mutants; or when an entry is stale (no such mutant any
more, or it is now killed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ...strict_yaml import load as load_yaml
from . import Mutant

KILL_RATE = 0.98
EQUIVALENT_SHARE = 0.05
LIST_FILE = "mutation-equivalents.yaml"


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise: str
    function: str
    operator: str
    line: str
    mutant: str
    reason: str = Field(min_length=10, description="One line: why this is so.")

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.exercise, self.function, self.operator, self.line, self.mutant)


class Listed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    equivalent: list[Entry] = Field(default_factory=list)
    known_survivors: list[Entry] = Field(default_factory=list)


def load_listed(path: Path) -> Listed:
    if not path.is_file():
        return Listed()
    return Listed.model_validate(load_yaml(path) or {})


@dataclass(frozen=True)
class Graded:
    """A mutant and what the grader gave it."""

    mutant: Mutant
    score: int
    max_score: int
    failure: str = ""  # the first failing task's message: what killed it

    @property
    def killed(self) -> bool:
        return self.score < self.max_score


@dataclass
class Verdict:
    graded: list[Graded]
    equivalent: list[Graded] = field(default_factory=list)
    known: list[Graded] = field(default_factory=list)
    survivors: list[Graded] = field(default_factory=list)  # neither killed nor listed
    stale: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.graded)

    @property
    def killed(self) -> int:
        return sum(1 for g in self.graded if g.killed)

    @property
    def non_equivalent(self) -> int:
        return self.total - len(self.equivalent)

    @property
    def kill_rate(self) -> float:
        return self.killed / self.non_equivalent if self.non_equivalent else 1.0

    @property
    def equivalent_share(self) -> float:
        return len(self.equivalent) / self.total if self.total else 0.0

    def figure(self) -> str:
        return (
            f"{self.killed} of {self.non_equivalent} non-equivalent mutants killed "
            f"({100 * self.kill_rate:.1f}%), {len(self.equivalent)} equivalent "
            f"({100 * self.equivalent_share:.1f}%)"
        )

    def failures(self) -> list[str]:
        """Why this run does not prove the exercise set; empty when it does."""
        found = []
        if self.survivors:
            found.append(
                f"{len(self.survivors)} surviving mutants are neither killed nor listed: "
                "make a check catch each, or list it with its reason"
            )
        if self.kill_rate < KILL_RATE:
            found.append(
                f"{100 * self.kill_rate:.1f}% of the non-equivalent mutants are killed; "
                f"at least {100 * KILL_RATE:g}% must be"
            )
        if self.equivalent_share > EQUIVALENT_SHARE:
            found.append(
                f"{100 * self.equivalent_share:.1f}% of the mutants are listed as equivalent; "
                f"at most {100 * EQUIVALENT_SHARE:g}% may be"
            )
        found += self.stale
        return found


def judge(graded: list[Graded], listed: Listed, exercises: set[str]) -> Verdict:
    """Sort the graded mutants by what the list says of them; find stale entries.

    Only entries of ``exercises`` (the exercises this run mutated) are checked.
    """
    verdict = Verdict(graded)
    by_key = {g.mutant.key: g for g in graded}
    sections = [("equivalent", listed.equivalent), ("known_survivors", listed.known_survivors)]
    accepted: dict[tuple, str] = {}
    for section, entries in sections:
        for entry in entries:
            if entry.exercise not in exercises:
                continue
            found = by_key.get(entry.key)
            where = f"{entry.exercise} {entry.function} [{entry.operator}] {entry.mutant!r}"
            if found is None:
                verdict.stale.append(
                    f"stale {section} entry: no such mutant any more ({where}); remove it"
                )
            elif found.killed:
                verdict.stale.append(
                    f"stale {section} entry: this mutant is now killed ({where}); remove it"
                )
            else:
                accepted[entry.key] = section
    for item in graded:
        if item.killed:
            continue
        listed_in = accepted.get(item.mutant.key)
        if listed_in == "equivalent":
            verdict.equivalent.append(item)
        elif listed_in == "known_survivors":
            verdict.known.append(item)
        else:
            verdict.survivors.append(item)
    return verdict
