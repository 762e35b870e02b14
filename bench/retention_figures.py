"""Figures for docs/retention.md: a dry run and an apply on a seeded data set (`hearth seed` loaded and enrolled).

Cases whose victims gave no consent are moved to `recorded_only` on the day after they opened (one real
transition each, as the area's DA lead), so that retention has cases and people to find; then the dry run
(three times), the apply, and `workflow verify` are timed. Run against a database of its own:

    HEARTH_DATA_DIR=... HEARTH_NEO4J_PORT=... hearth seed --preset demo
    HEARTH_DATA_DIR=... HEARTH_NEO4J_PORT=... python -m bench.retention_figures --preset demo --on 2034-01-01
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, date, datetime, timedelta

from graph_model import retention, users
from graph_model.errors import HearthError
from seed import generator
from workflows import operations, service
from workflows.clock import FixedClock
from workflows.refs import ObjectRef


def record_without_consent(preset: str, seed: int, limit: int) -> int:
    """Move up to `limit` cases without a given consent to recorded_only; return how many moved."""
    doc = generator.generate(preset, seed)
    areas = {a["id"]: a.get("area") for a in doc["agencies"]}
    leads = {areas.get(u.get("agency")): u["username"] for u in doc["users"] if "da_lead" in u["roles"]}
    consenting = {k["person"] for k in doc["consents"] if k["status"] == "given"}
    moved = 0
    for case in doc["cases"]:
        if moved >= limit or set(case["victims"]) & consenting or case.get("area") not in leads:
            continue
        day = date.fromisoformat(case["opened"]) + timedelta(days=1)
        clock = FixedClock(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))
        try:
            service.fire(ObjectRef("case", case["id"]), "record_only", users.actor(leads[case["area"]]),
                         comment="victim declined support (synthetic)", clock=clock)
            moved += 1
        except HearthError:
            continue
    return moved


def main() -> None:
    """Prepare, time, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default="demo")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--on", default="2034-01-01")
    parser.add_argument("--limit", type=int, default=10_000)
    args = parser.parse_args()
    on, admin = date.fromisoformat(args.on), users.actor(users.BUILTIN_ADMIN)
    began = time.monotonic()
    moved = record_without_consent(args.preset, args.seed, args.limit)
    print(f"{moved} cases recorded without consent in {time.monotonic() - began:.1f}s")
    for _ in range(3):
        began = time.monotonic()
        plan = retention.plan(admin, on, purpose="figures")
        print(f"dry run: {len(plan.items)} due {plan.counts()} in {time.monotonic() - began:.2f}s")
    began = time.monotonic()
    done = retention.apply(admin, on, "figures for docs/retention.md")
    print(f"apply: {done.done}, {done.history_redacted} history entries redacted, {done.batches} transactions, "
          f"in {time.monotonic() - began:.2f}s")
    began = time.monotonic()
    report = operations.verify_history(admin)
    print(f"verify: intact={report.intact} {report.statuses} statuses, {report.entries} entries, "
          f"{report.redacted} redacted, in {time.monotonic() - began:.2f}s")


if __name__ == "__main__":
    main()
