"""The population: family clusters streamed one at a time until the preset's head count is reached."""

from __future__ import annotations

from seed.generator.context import Context
from seed.generator.dating import DatingPool
from seed.generator.families import Cluster
from seed.generator.households import Settler, offer_dating


def build(ctx: Context) -> None:
    """Add people, family links, homes, tenancies and short relationships to the document."""
    rng = ctx.rng("population")
    pool = DatingPool(ctx, ctx.rng("dating"))
    while len(ctx.pid) < ctx.preset.people:
        cluster = Cluster(ctx, rng)
        cluster.grow()
        Settler(ctx, rng, cluster).settle()
        offer_dating(ctx, rng, cluster, pool)
