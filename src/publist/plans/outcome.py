"""What became of each thing a user asked `add` or `import` to bring in: one line for
people, one object for `--json`, and a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    ADDED = "added"
    UPGRADED = "upgraded"  # a preprint's entry became its published version
    PRESENT = "present"  # the library has it: nothing added
    POSSIBLE = "possible duplicate"  # added (add) or left out (import): the user decides
    FAILED = "failed"
    SKIPPED = "skipped"  # import: rejected before, or older than --since


@dataclass(frozen=True)
class Outcome:
    """One identifier (or pasted entry, or profile work) and what became of it."""

    subject: str  # as the user named it: '10.1145/...', 'arXiv:1706.03762', a pasted key
    status: Status
    key: str = ""  # added/upgraded: the entry written; present: the entry that has it
    venue_type: str = ""  # of the entry written
    other: str = ""  # possible duplicate: the key it resembles; upgraded: the old type
    reason: str = ""  # why, or what changed
    origin: str = ""  # the service it came from
    bibtex: str = ""  # the entry as written (added, upgraded, possible duplicate in add)

    def line(self) -> str:
        """One line for people."""
        named = self.subject if self.subject and self.subject != self.key else ""
        source = f" from {self.origin}" if self.origin else ""
        source += (":" if self.origin else " from") + f" {named}" if named else ""
        if self.status is Status.ADDED:
            return f"added {self.key} ({self.venue_type}){source}" + _then(self.reason)
        if self.status is Status.UPGRADED:
            kinds = f"{self.other} -> {self.venue_type}" if self.other else self.venue_type
            return f"upgraded {self.key} ({kinds}){source}" + (
                f"; {self.reason}" * bool(self.reason)
            )
        if self.status is Status.PRESENT:
            return f"present {self.subject}: in the library as {self.key}" + _then(self.reason)
        if self.status is Status.POSSIBLE:
            told = f"added as {self.key} ({self.venue_type}); " if self.bibtex else ""
            return (
                f"possible duplicate {self.subject}: {told}it may be the same work as "
                f"{self.other}" + _then(self.reason)
            )
        return f"{self.status} {self.subject}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"input": self.subject, "status": self.status.value}
        for name in ("key", "venue_type", "other", "reason", "origin", "bibtex"):
            value = getattr(self, name)
            if value:
                data["type" if name == "venue_type" else name] = value
        return data


def _then(reason: str) -> str:
    return f" ({reason})" if reason else ""


def counts(outcomes: Sequence[Outcome]) -> dict[str, int]:
    """How many of each status, in Status order, only those that occur."""
    found = Counter(outcome.status for outcome in outcomes)
    return {status.value: found[status] for status in Status if found[status]}


def summary(outcomes: Sequence[Outcome]) -> str:
    parts = [f"{number} {status}" for status, number in counts(outcomes).items()]
    return "Summary: " + (", ".join(parts) if parts else "nothing to do")
