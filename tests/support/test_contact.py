"""Safe contact: who may record it, who may see it, the code word for the assigned IDVA only, the SPOC, the
interpreter rule, and every write in the support plan's history without the values."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from tests.support.conftest import CODE_WORD
from workflows import service, support, support_housing
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef

CONTACT = {"ways": ["text"], "warnings": ["never_at_home"], "safe_times": "weekdays 10-14", "phone": "07700 900123",
           "code_word": CODE_WORD, "language": "Polish", "interpreter": "independent", "accessibility": "wheelchair"}


def _allocated(who: Any, clock: Any) -> None:
    """Refer the case to the IDVA service (A2) and allocate idva2: the assigned IDVA."""
    ref = support_housing.create_referral("C1", "A2", who("options1"), "consent", clock=clock)
    service.fire(ObjectRef("idva_referral", ref), "accept", who("idva1"), clock=clock)
    service.fire(ObjectRef("idva_referral", ref), "allocate", who("idva1"), params={"idva": "idva2"}, clock=clock)


def test_the_code_word_is_only_for_the_assigned_idva(world: Any, who: Any, clock: Any) -> None:
    world()
    support.set_contact("C1", "P1", who("options1"), CONTACT, clock=clock)
    [seen] = support.contact("C1", who("options1"))
    assert seen.contact["warnings"] == ["never_at_home"] and seen.contact["safe_times"] == "weekdays 10-14"
    assert seen.code_word_withheld and CODE_WORD not in str(seen.contact)
    _allocated(who, clock)
    [assigned] = support.contact("C1", who("idva2"))
    assert assigned.contact["code_word"] == CODE_WORD and not assigned.code_word_withheld
    [colleague] = support.contact("C1", who("idva1"))  # same IDVA service, not allocated
    assert colleague.code_word_withheld and CODE_WORD not in str(colleague.contact)


@pytest.mark.parametrize("username", ["lettings1", "analyst1", "outsider", "chair1"])
def test_safe_contact_is_hidden_from_roles_that_do_not_need_it(world: Any, who: Any, clock: Any,
                                                               username: str) -> None:
    world()
    support.set_contact("C1", "P1", who("options1"), CONTACT, clock=clock)
    with pytest.raises(PermissionDenied):
        support.contact("C1", who(username))


@pytest.mark.parametrize("username", ["lettings1", "analyst1", "outsider", "police1"])
def test_only_the_case_workers_record_safe_contact(world: Any, who: Any, clock: Any, username: str) -> None:
    world()
    with pytest.raises(PermissionDenied):
        support.set_contact("C1", "P1", who(username), CONTACT, clock=clock)


@pytest.mark.parametrize(("fields", "message"), [
    ({"interpreter": "family"}, "never a family or community member"),
    ({"interpreter": "community"}, "para 62"),
    ({"warnings": ["call_any_time"]}, "unknown contact way or warning"),
    ({"ways": ["carrier_pigeon"]}, "unknown contact way or warning"),
    ({}, "give safe contact fields"),
    ({"favourite_colour": "blue"}, "unknown: favourite_colour"),
])
def test_bad_contact_details_are_refused(world: Any, who: Any, clock: Any, fields: dict[str, Any],
                                         message: str) -> None:
    world()
    with pytest.raises(InvalidInput, match=message):
        support.set_contact("C1", "P1", who("options1"), fields, clock=clock)


def test_only_a_victim_of_the_case_gets_safe_contact(world: Any, who: Any, clock: Any) -> None:
    world()
    with pytest.raises(UnknownObject, match="not a victim"):
        support.set_contact("C1", "P2", who("options1"), CONTACT, clock=clock)


def test_the_spoc_is_chosen_by_the_victim_and_changeable(world: Any, who: Any, clock: Any) -> None:
    world()
    with pytest.raises(InvalidInput, match="victim's agreement"):
        support.set_spoc("C1", "P1", "Options Officer 1, Test Housing Options", who("options1"), victim_agreed=False,
                         clock=clock)
    support.set_spoc("C1", "P1", "Options Officer 1, Test Housing Options", who("options1"), True, clock=clock)
    support.set_spoc("C1", "P1", "IDVA 2, Test IDVA Service", who("options1"), True, clock=clock)
    [seen] = support.contact("C1", who("options1"))
    assert seen.contact["spoc"] == "IDVA 2, Test IDVA Service"
    assert seen.contact["spoc_previous"][0].startswith("Options Officer 1, Test Housing Options (agreed 2026-11-02")


def test_each_write_is_in_the_history_without_the_values(world: Any, who: Any, clock: Any) -> None:
    world()
    support.set_contact("C1", "P1", who("options1"), CONTACT, clock=clock)
    support.set_contact("C1", "P1", who("options1"), {"phone": "07700 900999"}, clock=clock)
    [seen] = support.contact("C1", who("options1"))
    assert seen.contact["phone"] == "07700 900999" and seen.contact["language"] == "Polish"  # merged, not replaced
    entries = service.history(support.plan_ref("C1"), who("options1"))
    assert [e["transition"] for e in entries] == ["enrol", "record_safe_contact", "record_safe_contact"]
    assert "code_word" in entries[1]["comment"] and CODE_WORD not in str(entries) and "07700" not in str(entries)
