"""The access matrix's rows for the four housing options (workflows/housing_*.py): emergency transfer, managed
reciprocal move, joint tenancy change and rehousing the perpetrator, with the setups that bring an option to the
state a row needs and the options the OPTIONS bundle holds for the reads.

Their bundles carry the `housing` extra (tests/security/world.py): the victim's home is let by AO (so AO's users
hold `landlord` on an option starting from it) and held jointly with the perpetrator, an occupation order protects
the victim, and vacant homes wait to be offered, one of them the second landlord AH's (`receiving` on a reciprocal
move: the lettings officer of the north reads its referral, offers, declines and records the move).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date
from typing import Any

from graph_model.users import Actor
from tests.security.entry import Ctx, Entry, as_user
from tests.security.world import OPTIONS, SOUTH, Bundle
from workflows import housing_options, housing_reciprocal, housing_tenancy, housing_transfer, service
from workflows.clock import from_env
from workflows.refs import ObjectRef

HOUSING = ("housing",)
SENT = {"reciprocal_move": "referred"}


def today() -> date:
    """Return the workflows' today (UTC, or HEARTH_CLOCK's)."""
    return from_env().now().astimezone(UTC).date()


def _keep(shared: dict[str, Any], kind: str, b: Bundle, ident: str) -> str:
    """Remember an option the setup created: the rows find it by (kind, bundle), the leak checks by its id."""
    shared[f"{kind}:{b.n}"] = ident
    shared["created"].add(ident)
    return ident


def _id(c: Ctx, kind: str) -> str:
    return str(c.shared[f"{kind}:{c.b.n}"])


# -- setups: as the north (party) users whose roles the definitions name, up to the state the row needs ---------
def _transfer(b: Bundle, shared: dict[str, Any]) -> None:
    _keep(shared, "transfer", b, housing_transfer.request(b.case, b.tenancy, "Threats at home; order in force",
                                                          "secure", as_user("housing_options_officer.in")))


def _transfer_approved(b: Bundle, shared: dict[str, Any]) -> None:
    _transfer(b, shared)
    housing_transfer.approve(shared[f"transfer:{b.n}"], "emergency", as_user("da_lead.in"))


def _transfer_offered(b: Bundle, shared: dict[str, Any]) -> None:
    _transfer_approved(b, shared)
    housing_transfer.offer(shared[f"transfer:{b.n}"], b.transfer_home, "secure", as_user("da_lead.in"))


def _reciprocal(b: Bundle, shared: dict[str, Any]) -> None:
    _keep(shared, "reciprocal", b, housing_reciprocal.draft(
        b.case, b.tenancy, "AH", as_user("housing_options_officer.in"), "secure", adults=1, children=1, bedrooms=2,
        needs=["ground floor flat"], avoid=[SOUTH]))


def _sent(b: Bundle, shared: dict[str, Any]) -> None:
    _reciprocal(b, shared)
    housing_reciprocal.send(shared[f"reciprocal:{b.n}"], as_user("housing_options_officer.in"))


def _reciprocal_offered(b: Bundle, shared: dict[str, Any]) -> None:
    _sent(b, shared)
    housing_reciprocal.offer(shared[f"reciprocal:{b.n}"], b.receiving_home, "secure", as_user("lettings_officer.in"))


def _change(b: Bundle, shared: dict[str, Any]) -> None:
    _keep(shared, "change", b, housing_tenancy.request_change(b.case, b.tenancy, "secure", "Occupation order",
                                                              as_user("housing_options_officer.in")))


def _change_approved(b: Bundle, shared: dict[str, Any]) -> None:
    _change(b, shared)
    lead = as_user("da_lead.in")
    housing_tenancy.record_legal_basis(shared[f"change:{b.n}"], lead, order=b.order)
    service.fire(housing_tenancy.change_ref(shared[f"change:{b.n}"]), "approve", lead,
                 comment="Needs and safety weighed with the victim and the IDVA")


def _rehousing(b: Bundle, shared: dict[str, Any]) -> None:
    _keep(shared, "rehousing", b, housing_tenancy.request_rehousing(
        b.case, b.perpetrator_tenancy, "The family stays at home", as_user("housing_options_officer.in"),
        victim_wishes_to_remain=True))


def _rehousing_approved(b: Bundle, shared: dict[str, Any]) -> None:
    _rehousing(b, shared)
    service.fire(housing_tenancy.rehousing_ref(shared[f"rehousing:{b.n}"]), "approve", as_user("da_lead.in"),
                 comment="Exceptional: the family keeps its home")


def _rehousing_screened(b: Bundle, shared: dict[str, Any]) -> None:
    _rehousing_approved(b, shared)
    result = housing_tenancy.screen_home(shared[f"rehousing:{b.n}"], b.rehousing_home, as_user("da_lead.in"))
    assert result.outcome == "clear", "the perpetrator's new home should screen clear (14 km from the family)"


def _rehousing_offered(b: Bundle, shared: dict[str, Any]) -> None:
    _rehousing_screened(b, shared)
    housing_tenancy.offer_home(shared[f"rehousing:{b.n}"], as_user("da_lead.in"))


def prepare(shared: dict[str, Any]) -> None:
    """Set up the OPTIONS bundle's options for the reads: a reciprocal move referred to AH, a transfer requested."""
    b = Bundle(OPTIONS)
    _sent(b, shared)
    _transfer(b, shared)


# -- the rows -----------------------------------------------------------------------------------------------------
TRANSFER = ("emergency_transfer", "emergency_transfer")
RECIPROCAL = ("reciprocal_move", "reciprocal_move")
CHANGE = ("tenancy_change", "tenancy_change")
REHOUSING = ("perpetrator_rehousing", "perpetrator_rehousing")

def _on(func: Callable[[ObjectRef, Actor], Any], kind: str, object_type: str) -> Callable[[Ctx], Any]:
    return lambda c: func(ObjectRef(object_type, _id(c, kind)), c.actor)


# The workflow services on the OPTIONS bundle's options: the receiving landlord never views the move or its history.
VIEWS: list[Entry] = [
    Entry(func, _on(func, kind, object_type), object_type, needs=(("view", object_type),), states=states, audit=audit,
          bundle=OPTIONS)
    for kind, object_type, states in (("reciprocal", "reciprocal_move", SENT), ("transfer", "emergency_transfer", {}))
    for func, audit in ((service.state, "view_state"), (service.history, "view_history"))]

READS: list[Entry] = VIEWS + [
    Entry(housing_options.overview, lambda c: housing_options.overview(c.actor), action="support_capacity"),
    # The receiving landlord's document: no name, id, address, postcode or coordinates of the household.
    Entry(housing_reciprocal.referral, lambda c: housing_reciprocal.referral(_id(c, "reciprocal"), c.actor),
          needs=(("read_referral", "reciprocal_move"),), states=SENT, audit="view_reciprocal_referral",
          bundle=OPTIONS),
]

WRITES: list[Entry] = [
    # emergency transfer: the case's workers request; the landlord's DA lead or housing options officer decide
    Entry(housing_transfer.request, lambda c: housing_transfer.request(c.b.case, c.b.tenancy, "Threats at home",
                                                                       "secure", c.actor),
          needs=(("manage", "case"), ("manage", "emergency_transfer")), write=True, extras=HOUSING),
    Entry(housing_transfer.approve, lambda c: housing_transfer.approve(_id(c, "transfer"), "high", c.actor),
          fires=(*TRANSFER, "approve"), write=True, extras=HOUSING, setup=_transfer),
    Entry(housing_transfer.temporary, lambda c: housing_transfer.temporary(_id(c, "transfer"), "refuge", c.actor),
          fires=(*TRANSFER, "temporary"), write=True, extras=HOUSING, setup=_transfer),
    Entry(housing_transfer.offer, lambda c: housing_transfer.offer(_id(c, "transfer"), c.b.transfer_home, "secure",
                                                                   c.actor),
          fires=(*TRANSFER, "offer"), states={"emergency_transfer": "approved"}, write=True, extras=HOUSING,
          setup=_transfer_approved),
    Entry(housing_transfer.move, lambda c: housing_transfer.move(_id(c, "transfer"), today(), c.actor),
          fires=(*TRANSFER, "move"), states={"emergency_transfer": "offered"}, write=True, extras=HOUSING,
          setup=_transfer_offered),
    # managed reciprocal move: the receiving landlord acts through respond and let only, never view
    Entry(housing_reciprocal.draft, lambda c: housing_reciprocal.draft(c.b.case, c.b.tenancy, "AH", c.actor,
                                                                       "secure", needs=["ground floor flat"]),
          needs=(("manage", "case"), ("manage", "reciprocal_move")), write=True, extras=HOUSING),
    Entry(housing_reciprocal.send, lambda c: housing_reciprocal.send(_id(c, "reciprocal"), c.actor),
          fires=(*RECIPROCAL, "send"), write=True, extras=HOUSING, setup=_reciprocal),
    Entry(housing_reciprocal.offer, lambda c: housing_reciprocal.offer(_id(c, "reciprocal"), c.b.receiving_home,
                                                                       "secure", c.actor),
          needs=(("respond", "reciprocal_move"),), states=SENT, write=True, extras=HOUSING, setup=_sent,
          echo=lambda b: (b.receiving_home,)),
    Entry(housing_reciprocal.decline, lambda c: housing_reciprocal.decline(_id(c, "reciprocal"), "No home of the "
                                                                           "size", c.actor),
          needs=(("respond", "reciprocal_move"),), states=SENT, write=True, extras=HOUSING, setup=_sent),
    Entry(housing_reciprocal.move, lambda c: housing_reciprocal.move(_id(c, "reciprocal"), today(), c.actor),
          needs=(("let", "reciprocal_move"),), states={"reciprocal_move": "offered"}, write=True, extras=HOUSING,
          setup=_reciprocal_offered),
    # joint tenancy change: requested by the case's workers, checked and decided by the landlord
    Entry(housing_tenancy.request_change, lambda c: housing_tenancy.request_change(
        c.b.case, c.b.tenancy, "secure", "Occupation order against the joint tenant", c.actor),
          needs=(("manage", "case"), ("manage", "tenancy_change")), write=True, extras=HOUSING),
    Entry(housing_tenancy.record_legal_basis, lambda c: housing_tenancy.record_legal_basis(_id(c, "change"), c.actor,
                                                                                           order=c.b.order),
          fires=(*CHANGE, "check"), write=True, extras=HOUSING, setup=_change),
    Entry(housing_tenancy.change, lambda c: housing_tenancy.change(_id(c, "change"), today(), c.actor),
          fires=(*CHANGE, "change"), states={"tenancy_change": "approved"}, write=True, extras=HOUSING,
          setup=_change_approved),
    # rehousing the perpetrator: requested by the case's workers, placed by a DA lead or housing options officer
    Entry(housing_tenancy.request_rehousing, lambda c: housing_tenancy.request_rehousing(
        c.b.case, c.b.perpetrator_tenancy, "The family stays at home", c.actor, victim_wishes_to_remain=True),
          needs=(("manage", "case"), ("manage", "perpetrator_rehousing")), write=True, extras=HOUSING),
    Entry(housing_tenancy.screen_home, lambda c: housing_tenancy.screen_home(_id(c, "rehousing"), c.b.rehousing_home,
                                                                             c.actor),
          fires=(*REHOUSING, "screen"), states={"perpetrator_rehousing": "approved"}, write=True, extras=HOUSING,
          setup=_rehousing_approved),
    Entry(housing_tenancy.offer_home, lambda c: housing_tenancy.offer_home(_id(c, "rehousing"), c.actor),
          fires=(*REHOUSING, "offer"), states={"perpetrator_rehousing": "approved"}, write=True, extras=HOUSING,
          setup=_rehousing_screened),
    Entry(housing_tenancy.move_out, lambda c: housing_tenancy.move_out(_id(c, "rehousing"), today(), c.actor),
          fires=(*REHOUSING, "move"), states={"perpetrator_rehousing": "offered"}, write=True, extras=HOUSING,
          setup=_rehousing_offered),
]
