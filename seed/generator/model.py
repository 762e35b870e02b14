"""The generator's in-memory shapes: a couple's union and a family member during tree building."""

from __future__ import annotations

# union kind -> the links it is recorded as; the first one carries the union's own start and end
LINKS = {
    "married": ("MARRIED",),
    "cohabiting": ("COHABITING", "INTIMATE_RELATIONSHIP"),
    "engaged": ("AGREED_TO_MARRY", "COHABITING", "INTIMATE_RELATIONSHIP"),
    "civil": ("CIVIL_PARTNERS",),
    "cp_agreement": ("CIVIL_PARTNERSHIP_AGREEMENT", "COHABITING", "INTIMATE_RELATIONSHIP"),
    "dating": ("INTIMATE_RELATIONSHIP",),
}
CORESIDENT = frozenset({"married", "cohabiting", "engaged", "civil", "cp_agreement"})


class Union:
    """Two people as a couple from start to end (0 = still together), with the children of their home."""

    __slots__ = ("a", "b", "kind", "start", "end", "children", "district")

    def __init__(self, a: int, b: int, kind: str, start: int, end: int, district: int) -> None:
        self.a = a
        self.b = b
        self.kind = kind
        self.start = start
        self.end = end
        self.children: list[int] = []
        self.district = district

    @property
    def current(self) -> bool:
        """Return whether the couple are still together."""
        return self.end == 0

    def other(self, person: int) -> int:
        """Return the partner of person."""
        return self.b if person == self.a else self.a


class Member:
    """A person while their family cluster is built: generation, unions, whom they live with."""

    __slots__ = ("idx", "gen", "district", "unions", "resident", "carer", "parents", "tree", "moved")

    def __init__(self, idx: int, gen: int, district: int, tree: bool) -> None:
        self.idx = idx
        self.gen = gen
        self.district = district
        self.tree = tree  # born into the family (its children are followed) rather than joining it
        self.unions: list[Union] = []
        self.resident = -1  # the parent a child lives with
        self.carer = -1  # a grandparent or special guardian with parental responsibility who houses the child
        self.parents: tuple[int, ...] = ()
        self.moved = 0  # the last day a co-resident union of theirs ended
