"""Synthetic hearth/1 data: `generate(preset, seed)` returns a complete, valid, deterministic document."""

from __future__ import annotations

from datetime import date
from typing import Any

# DEMO_PASSWORD: the documented password of generated users (accepted in demo mode only); set by the loader,
# never emitted in a document.
from graph_model.users import DEMO_PASSWORD
from seed.generator.build import Generated, build
from seed.generator.presets import AS_OF, PRESETS, Preset

__all__ = ["AS_OF", "DEMO_PASSWORD", "PRESETS", "Generated", "Preset", "build", "conflict_plan", "generate"]


def generate(preset: str, seed: int = 1, as_of: date = AS_OF, *, scale: float = 1.0) -> dict[str, Any]:
    """Return a complete hearth/1 document (plain JSON-ready dict) for the preset and seed."""
    return build(preset, seed, as_of, scale).document


def conflict_plan(preset: str, seed: int = 1, as_of: date = AS_OF, *, scale: float = 1.0) -> dict[str, str]:
    """Return {nomination id: conflict kind} for the nominations built to conflict in generate(preset, seed)."""
    return build(preset, seed, as_of, scale).conflicts
