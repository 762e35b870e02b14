"""A first load against the real Neo4j."""

from graph_model.interchange import load
from tests.conftest import graph_size


def test_load_then_size_grows(admin):  # type: ignore[no-untyped-def]
    """Loading one person adds one node."""
    before = graph_size()
    load.load(admin, {"format": "hearth/1", "people": [{"id": "P1"}]})
    assert graph_size()[0] == before[0] + 2  # the person and the audit event
