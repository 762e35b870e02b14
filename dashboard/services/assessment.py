"""The DASH risk checklist: the 24 questions, the count and band, the area's thresholds, the proposed routing.

Nothing is saved here: the computation mirrors the da_case workflow's automatic routing (see docs/workflows.md),
so a professional sees what the workflow would do before recording the assessment in their case system.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_model.analytics.offending import band
from workflows import registry

QUESTIONS: tuple[str, ...] = (
    "Has the current incident resulted in injury?",
    "Are you very frightened?",
    "What are you afraid of? Is it further injury or violence?",
    "Do you feel isolated from family or friends?",
    "Are you feeling depressed or having suicidal thoughts?",
    "Have you separated or tried to separate from the abuser within the past year?",
    "Is there conflict over child contact?",
    "Does the abuser constantly text, call, contact, follow, stalk or harass you?",
    "Are you pregnant or have you recently had a baby (within the last 18 months)?",
    "Is the abuse happening more often?",
    "Is the abuse getting worse?",
    "Does the abuser try to control everything you do and/or are they excessively jealous?",
    "Has the abuser ever used weapons or objects to hurt you?",
    "Has the abuser ever threatened to kill you or someone else and you believed them?",
    "Has the abuser ever attempted to strangle, choke, suffocate or drown you?",
    "Does the abuser do or say things of a sexual nature that make you feel bad or physically hurt you?",
    "Is there any other person who has threatened you or who you are afraid of?",
    "Do you know if the abuser has hurt anyone else?",
    "Has the abuser ever mistreated an animal or the family pet?",
    "Are there any financial issues, e.g. are you dependent on the abuser for money?",
    "Has the abuser had problems in the past year with drugs, alcohol or mental health?",
    "Has the abuser ever threatened or attempted suicide?",
    "Has the abuser ever broken bail, an injunction or a formal agreement about contact?",
    "Do you know if the abuser has ever been in trouble with the police or has a criminal history?",
)
ROUTES = {"high_risk": "High risk: refer to MARAC and the IDVA service",
          "idva_band": "Refer to the IDVA service (with the victim's consent)",
          "outreach": "Standard or medium risk: refer to outreach"}


@dataclass(frozen=True)
class DashOutcome:
    """A DASH checklist scored: yes count, band, the area's thresholds, and the route the workflow proposes."""

    yes: int
    band: str
    judgement_high: bool
    area: str | None
    marac_threshold: int
    idva_threshold: int
    route: str

    @property
    def route_words(self) -> str:
        """Return the proposed route in plain words."""
        return ROUTES[self.route]


def areas() -> list[str]:
    """Return the areas with their own settings (workflows/areas.yaml)."""
    return sorted(registry.default().areas)


def score(answers: dict[int, bool], judgement_high: bool, area: str | None) -> DashOutcome:
    """Count the yes answers, band them, and propose the da_case routing with the area's thresholds."""
    reg = registry.default()
    d = reg.definition("da_case")
    marac = int(reg.setting(d, "$marac_threshold", area))
    idva = int(reg.setting(d, "$idva_threshold", area))
    yes = sum(1 for q, a in answers.items() if a and 1 <= q <= len(QUESTIONS))
    # da_case: route_high at or over the MARAC threshold or on judgement; route_idva between the thresholds
    # (judgement does not count there); otherwise outreach.
    if judgement_high or yes >= marac:
        route = "high_risk"
    elif yes >= idva:
        route = "idva_band"
    else:
        route = "outreach"
    return DashOutcome(yes, band(yes, judgement_high), judgement_high, area, marac, idva, route)
