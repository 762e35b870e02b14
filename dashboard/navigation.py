"""Which pages each role sees: the one table the navigation is built from (documented in docs/dashboard.md).

Hiding a page is a convenience, not the security: every service call checks the user's permission again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Not "pages/": Streamlit would serve a folder of that name as pages of its own, around the sign-in.
PAGES_DIR = Path(__file__).parent / "views"

CASEWORK = frozenset({"idva", "housing_options_officer", "police_officer", "da_lead", "marac_chair",
                      "marac_coordinator"})


@dataclass(frozen=True)
class PageSpec:
    """A page: its script, its title in the navigation, and the roles that see it."""

    file: str
    title: str
    roles: frozenset[str]

    @property
    def path(self) -> Path:
        """Return the page script's path."""
        return PAGES_DIR / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec("my_work.py", "My work", CASEWORK | {"lettings_officer", "admin"}),
    PageSpec("screening.py", "Nomination screening",
             frozenset({"lettings_officer", "housing_options_officer", "da_lead"})),
    PageSpec("case.py", "Case", CASEWORK),
    # `caseworker` is a local role (granted on a case), listed for completeness: the global roles open the page.
    PageSpec("support.py", "Support", frozenset({"idva", "housing_options_officer", "police_officer", "da_lead",
                                                 "caseworker"})),
    PageSpec("dash.py", "DASH assessment", frozenset({"idva", "housing_options_officer", "police_officer",
                                                      "da_lead"})),
    PageSpec("marac.py", "MARAC", frozenset({"marac_chair", "marac_coordinator", "da_lead"})),
    PageSpec("connections.py", "Connections", frozenset({"idva", "housing_options_officer", "police_officer",
                                                          "da_lead", "analyst"})),
    PageSpec("analytics.py", "Analytics", frozenset({"analyst", "da_lead"})),
    PageSpec("workflows.py", "Workflows", frozenset({"admin", "da_lead", "analyst"})),
    PageSpec("admin.py", "Admin", frozenset({"admin"})),
    PageSpec("loaded.py", "Loaded data", frozenset({"admin"})),
    PageSpec("audit.py", "Audit", frozenset({"admin", "da_lead"})),
)


def pages_for(roles: frozenset[str] | set[str]) -> list[PageSpec]:
    """Return the pages a user with these roles sees, in navigation order."""
    return [p for p in PAGES if p.roles & set(roles)]
