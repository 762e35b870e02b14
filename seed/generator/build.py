"""Run every stage in order and return the document, the nomination conflict plan and summary figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from seed.generator import agencies, cases, marac, nominations, population
from seed.generator.context import Context
from seed.generator.presets import AS_OF, PRESETS


@dataclass
class Generated:
    """A generated hearth/1 document with the side information tests and benchmarks use."""

    document: dict[str, Any]
    conflicts: dict[str, str] = field(default_factory=dict)  # nomination id -> conflict kind it was built as


def build(preset: str, seed: int = 1, as_of: date = AS_OF, scale: float = 1.0) -> Generated:
    """Generate the preset's document (volumes times scale) from the seed."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; presets: {', '.join(PRESETS)}")
    ctx = Context(PRESETS[preset].scaled(scale), seed, as_of)
    agencies.build(ctx)
    population.build(ctx)
    work = cases.build(ctx)
    marac.build(ctx, work)
    plan = nominations.build(ctx, work)
    return Generated({"format": "hearth/1", **ctx.doc}, plan)
