"""A reference to an object a workflow moves: its type and id, written `type:id` on the command line."""

from __future__ import annotations

from dataclasses import dataclass

from graph_model import text
from graph_model.errors import InvalidInput
from graph_model.workflow.objects import OBJECT_TYPES


@dataclass(frozen=True, order=True)
class ObjectRef:
    """One object: its type (case, idva_referral, marac_case, marac_action, marac_meeting, nomination) and id."""

    type: str
    id: str

    def __post_init__(self) -> None:
        if self.type not in OBJECT_TYPES:
            raise InvalidInput(f"{self.type!r} is not an object type ({', '.join(sorted(OBJECT_TYPES))})")
        if not self.id:
            raise InvalidInput("an object reference needs an id")
        text.check_id(f"the id of the {self.type}", self.id)

    def __str__(self) -> str:
        return f"{self.type}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> ObjectRef:
        """Parse `type:id` (e.g. case:C1)."""
        kind, sep, ident = text.partition(":")
        if not sep:
            raise InvalidInput(f"{text!r} is not an object reference: write type:id, e.g. case:C1")
        return cls(kind, ident)
