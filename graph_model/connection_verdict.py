"""The verdict of a personal-connection check: grounds, ages, the s.1 test, and the words to say it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph_model.kinship import Link

LIMB_WORDS = {
    "s2(1)(a)": "are or have been married to each other", "s2(1)(b)": "are or have been civil partners",
    "s2(1)(c)": "have agreed to marry one another", "s2(1)(d)": "have entered into a civil partnership agreement",
    "s2(1)(e)": "are or have been in an intimate personal relationship",
    "s2(1)(f)": "each have or had a parental relationship to the same child", "s2(1)(g)": "are relatives",
}
VIA_WORDS = {"spouse": "spouse", "former_spouse": "former spouse", "civil_partner": "civil partner",
             "former_civil_partner": "former civil partner", "cohabitant": "cohabitant",
             "former_cohabitant": "former cohabitant"}


@dataclass(frozen=True)
class Ground:
    """One ground of s.2(1) that holds, with the path of people and links (from a to b) that proves it."""

    limb: str
    relation: str | None = None
    via: str | None = None
    blood: str | None = None
    relative: str | None = None
    of: str | None = None
    child: str | None = None
    route: tuple[tuple[str, ...], tuple[Link, ...]] = ((), ())  # the people, and the links between them
    explanation: str = ""

    @property
    def identity(self) -> tuple[str | None, ...]:
        """Return what makes two grounds the same ground, whatever their paths."""
        return (self.limb, self.relation, self.via, self.blood, self.relative, self.of, self.child)

    @property
    def path(self) -> tuple[dict[str, Any], ...]:
        """Return the path as alternating people and links, from a to b."""
        return tuple(self.path_steps())

    def path_steps(self) -> list[dict[str, Any]]:
        """Return the path as alternating people and links, from a to b."""
        people, links = self.route
        steps: list[dict[str, Any]] = []
        for index, person in enumerate(people):
            steps.append({"person": person})
            if index < len(links):
                link = links[index]
                step: dict[str, Any] = {"link": link.type, "a": link.a, "b": link.b}
                for name in ("start", "end", "kind", "relation"):
                    value = getattr(link, name)
                    if value is not None:
                        step[name] = value.isoformat() if isinstance(value, date) else value
                steps.append(step)
        return steps


@dataclass(frozen=True)
class ConnectionVerdict:
    """Whether a and b are personally connected on a date, why, and whether s.1's age test is met."""

    a: str
    b: str
    on: date
    personally_connected: bool
    grounds: tuple[Ground, ...]
    age_a: int | None
    age_b: int | None
    both_16_or_over: bool | None
    domestic_abuse_relationship: bool | None
    names: dict[str, str] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the verdict as JSON-ready data."""
        return {
            "a": self.a, "b": self.b, "on": self.on.isoformat(), "personally_connected": self.personally_connected,
            "both_16_or_over": self.both_16_or_over, "domestic_abuse_relationship": self.domestic_abuse_relationship,
            "age_a": self.age_a, "age_b": self.age_b,
            "grounds": [{"limb": g.limb, "relation": g.relation, "via": g.via, "blood": g.blood,
                         "relative": g.relative, "of": g.of, "child": g.child, "path": g.path_steps(),
                         "explanation": g.explanation} for g in self.grounds],
        }

    def sentence(self) -> str:
        """Return the verdict as a professional would write it."""
        a, b = self.names.get(self.a, self.a), self.names.get(self.b, self.b)
        if not self.personally_connected:
            return f"{a} and {b} are not personally connected on {self.on} (DA Act 2021 s.2): no ground is recorded."
        limbs = ", ".join(sorted({g.limb for g in self.grounds}))
        if self.domestic_abuse_relationship:
            ages = "both are 16 or over, so abusive behaviour of one towards the other is domestic abuse (s.1)"
        elif self.both_16_or_over is None:
            ages = "an age is unknown, so whether s.1's age test is met cannot be said"
        else:
            ages = "one is under 16, so behaviour between them is a safeguarding matter, not domestic abuse under s.1"
        return f"{a} and {b} are personally connected on {self.on} ({limbs}); {ages}."


def age_on(born: date | None, on: date) -> int | None:
    """Return the age in whole years on a date (16 on the 16th birthday), or None when birth is unknown."""
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def verdict(a: str, b: str, on: date, grounds: list[Ground], people: dict[str, Any]) -> ConnectionVerdict:
    """Assemble a verdict from the grounds found, with ages and explanations in words."""
    names = {p: (info.get("name") or p) for p, info in people.items()}
    age_a, age_b = age_on(people[a]["born"], on), age_on(people[b]["born"], on)
    both = None if age_a is None or age_b is None else age_a >= 16 and age_b >= 16
    connected = bool(grounds)
    abuse = both if connected else False
    explained = tuple(dataclasses.replace(g, explanation=explain(g, names)) for g in grounds)
    return ConnectionVerdict(a, b, on, connected, explained, age_a, age_b, both, abuse, names)


def explain(ground: Ground, names: dict[str, str]) -> str:
    """Say in one sentence what the ground is and which statute words it meets."""
    def who(person: str | None) -> str:
        return f"{names.get(person or '', person)} ({person})"

    people, links = ground.route
    if ground.limb == "s2(1)(g)":
        word = (ground.relation or "").replace("_in_law", "").replace("_or_", " or ").replace("_", " ")
        blood = {"full": " of the full blood", "half": " of the half blood", "marriage": " by marriage"}.get(
            ground.blood or "", "")
        of = who(ground.of)
        if ground.via not in (None, "self") and len(people) > 1:
            partner = people[1] if people[0] == ground.of else people[-2]
            of = f"{of}'s {VIA_WORDS.get(ground.via or '', ground.via)} {who(partner)}"
        chain = " - ".join(who(p) for p in people)
        return (f"{who(ground.relative)} is the {word}{blood} of {of} (FLA 1996 s.63(1)): they are relatives, "
                f"s.2(1)(g). Path: {chain}.")
    if ground.limb == "s2(1)(f)":
        return (f"{who(people[0])} and {who(people[-1])} each have or had a parental relationship to "
                f"{who(ground.child)} (s.2(2)), s.2(1)(f).")
    link = links[0] if links else None
    dates = ""
    if link is not None:
        dates = f" from {link.start or 'an unknown date'}" + (f" to {link.end}" if link.end else "")
    return f"{who(people[0])} and {who(people[-1])} {LIMB_WORDS[ground.limb]}{dates}, {ground.limb}."
