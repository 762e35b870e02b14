"""DASH risk identification checklist answers whose yes-counts fall in a chosen risk band."""

from __future__ import annotations

import random

# How often each question is answered yes, relative to the others (A): fear, isolation, separation,
# escalation, jealousy and drink/drugs are common; strangulation, weapons, threats to kill mark high risk.
WEIGHTS = (
    0.7, 1.6, 1.5, 1.2, 1.0, 1.3, 0.9, 0.9, 0.4, 1.2, 1.2, 1.5,
    0.5, 0.6, 0.5, 0.45, 0.4, 0.6, 0.3, 1.1, 1.1, 0.45, 0.6, 0.8,
)
QUESTIONS = tuple(str(n) for n in range(1, 25))
# yes-count bands of domain.md: 0-9 standard, 10-13 medium, 14+ high; count weights inside each band (A)
COUNTS = {
    "standard": (range(0, 10), (1, 2, 4, 6, 8, 9, 9, 8, 7, 6)),
    "medium": (range(10, 14), (5, 4, 3, 2)),
    "high": (range(14, 25), (9, 8, 7, 6, 5, 3, 2, 1, 1, 0.5, 0.5)),
}


def band_of(yes: int) -> str:
    """Return the risk band of a yes-count."""
    return "standard" if yes <= 9 else "medium" if yes <= 13 else "high"


def count_for(rng: random.Random, band: str) -> int:
    """Return a yes-count inside the band."""
    values, weights = COUNTS[band]
    return rng.choices(values, weights)[0]


def answers(rng: random.Random, yes: int) -> dict[str, bool]:
    """Return all 24 answers with exactly `yes` of them true, weighted by how common each is."""
    keys = sorted(range(24), key=lambda q: rng.random() ** (1.0 / WEIGHTS[q]), reverse=True)
    chosen = set(keys[:yes])
    return {QUESTIONS[q]: q in chosen for q in range(24)}
