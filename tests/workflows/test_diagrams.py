"""Diagrams drawn from every shipped definition: every state, transition and guard, well-formed Mermaid and DOT."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from workflows import diagrams
from workflows.definitions import StateDefinition, TransitionDefinition, WorkflowDefinition
from workflows.guard import Guard, PredicateCall
from workflows.registry import default

SHIPPED = sorted(default().current)
# One DOT statement per line: a node `"id" [attrs];` or an edge `"a" -> "b" [attrs];` (quoted strings may hold
# escaped quotes; attribute values hold no unescaped quote).
QUOTED = r'"(?:[^"\\]|\\.)*"'
NODE = re.compile(rf"^  ({QUOTED}) \[(.*)\];$")
EDGE = re.compile(rf"^  ({QUOTED}) -> ({QUOTED})(?: \[(.*)\])?;$")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text[1:-1])


def _dot_edges(text: str) -> list[tuple[str, str, str]]:
    return [(_unquote(m[1]), _unquote(m[2]), m[3] or "") for m in map(EDGE.match, text.splitlines()) if m]


def _dot_nodes(text: str) -> dict[str, str]:
    return {_unquote(m[1]): m[2] for m in map(NODE.match, text.splitlines()) if m}


def _label(attrs: str) -> str:
    found = re.search(rf"label=({QUOTED})", attrs)
    return _unquote(found[1]) if found else ""


@pytest.mark.parametrize("name", SHIPPED)
def test_mermaid_has_every_state_transition_and_guard(name: str) -> None:
    """Every state (with its title), every transition from each source, its guard and trigger are drawn."""
    d = default().definition(name)
    text = diagrams.mermaid(d)
    lines = text.splitlines()
    assert "stateDiagram-v2" in lines
    assert f"    [*] --> {d.initial_state}" in lines
    for s in d.states.values():
        assert f'    state "{diagrams.mermaid_text(s.title)}" as {s.id}' in lines
        assert (f"    {s.id} --> [*]" in lines) is s.final
    for t in d.transitions.values():
        for src in t.source:
            line = f"    {src} --> {t.dest or src} : {diagrams.mermaid_text(diagrams.label(t))}"
            assert line in lines, line
        guard = t.guard.describe()
        if guard:
            assert f"[{diagrams.mermaid_text(guard)}]" in text
    transition_lines = [ln for ln in lines if " : " in ln]
    assert len(transition_lines) == sum(len(t.source) for t in d.transitions.values())
    for line in transition_lines:  # Mermaid ends a label at ':' or ';' and reads '%%' as a comment
        bare = re.sub(r"#\w+;", "", line.split(" : ", 1)[1])
        assert not re.search(r'[:;"%]', bare), line


def test_mermaid_marks_automatic_and_deadline_transitions() -> None:
    """Automatic transitions say (auto), deadline-fired ones (deadline), user ones neither."""
    text = diagrams.mermaid(default().definition("da_case"))
    assert re.search(r"risk_assessed --> high_risk : Route as high risk \[.*\] \(auto\)$", text, re.M)
    assert re.search(r"supported --> under_review : Risk review due \(deadline\)$", text, re.M)
    assert re.search(r"disclosure --> open : Open the case \[perm#58; manage#59; consent_given\]$", text, re.M)


@pytest.mark.parametrize("name", SHIPPED)
def test_dot_is_a_digraph_with_every_state_and_transition(name: str) -> None:
    """DOT: one digraph, balanced, every state a node, one edge per transition source, automatic edges dashed."""
    d = default().definition(name)
    text = diagrams.dot(d)
    lines = text.splitlines()
    assert lines[0] == f'digraph "{d.id}" {{' and lines[-1] == "}"
    body = lines[1:-1]
    assert all(NODE.match(ln) or EDGE.match(ln) or re.match(r"^  (graph|node|edge) \[.*\];$", ln) for ln in body), \
        [ln for ln in body if not (NODE.match(ln) or EDGE.match(ln))]
    nodes = _dot_nodes(text)
    assert set(nodes) == set(d.states) | {diagrams.START}
    for s in d.states.values():
        assert s.title in _label(nodes[s.id])
        assert ("shape=doublecircle" in nodes[s.id]) is s.final
    assert "penwidth=2" in nodes[d.initial_state]
    edges = _dot_edges(text)
    assert (diagrams.START, d.initial_state, "") in edges
    drawn = [e for e in edges if e[0] != diagrams.START]
    expected = [(src, t.dest or src, t) for t in d.transitions.values() for src in t.source]
    assert len(drawn) == len(expected)
    for (src, dest, attrs), (want_src, want_dest, t) in zip(drawn, expected, strict=True):
        assert (src, dest) == (want_src, want_dest)
        label = _label(attrs)
        assert t.title in label and t.guard.describe() in label
        assert ("style=dashed" in attrs) is t.automatic
        assert ("(auto)" in label) is t.automatic


def _tiny(title: str, transition_title: str) -> WorkflowDefinition:
    states = {"a": StateDefinition("a", title), "b": StateDefinition("b", "B\nstate", final=True)}
    guard = Guard(roles=("idva",), permissions=("manage",), predicates=(PredicateCall("say", {"x": 'a "b"'}),))
    transitions = {
        "note": TransitionDefinition("note", transition_title, ("a",), None, guard=guard),
        "go": TransitionDefinition("go", "Go", ("a",), "b", trigger="automatic"),
    }
    return WorkflowDefinition("tiny", 1, 'The "tiny" one', "", ("manage",), ("idva",), "a", states, transitions)


def test_quotes_newlines_and_mermaid_specials_are_escaped() -> None:
    """Titles with quotes, newlines, colons, semicolons and %% stay inside their labels in both formats."""
    d = _tiny('Say "hi"; now', 'Note: "x" %% y\nz')
    text = diagrams.mermaid(d)
    assert 'state "Say #quot;hi#quot;#59; now" as a' in text
    assert 'state "B state" as b' in text
    assert "a --> a : Note#58; #quot;x#quot; #37;#37; y z [roles#58; idva#59; perm#58; manage#59; " \
           "say(x=a #quot;b#quot;)]" in text
    assert "a --> b : Go (auto)" in text and "b --> [*]" in text
    dot = diagrams.dot(d)
    assert 'digraph "tiny" {' in dot and 'label="The \\"tiny\\" one (tiny v1)"' in dot
    assert '"a" [label="Say \\"hi\\"; now\\n(a)", penwidth=2];' in dot
    assert '"b" [label="B\\nstate\\n(b)", shape=doublecircle];' in dot
    edges = _dot_edges(dot)
    loop = [e for e in edges if e[:2] == ("a", "a")]
    assert len(loop) == 1 and _label(loop[0][2]) == 'Note: "x" %% y z\n[roles: idva; perm: manage; say(x=a "b")]'
    assert ("a", "b", 'label="Go\\n(auto)", style=dashed') in edges
    assert "\n" not in "".join(ln for ln in dot.splitlines() if "->" in ln)


def test_a_backslash_in_a_title_cannot_end_a_dot_string() -> None:
    """A title ending in a backslash is escaped, so it does not swallow the closing quote."""
    d = replace(_tiny("ends in \\", "t"), title="back\\slash")
    dot = diagrams.dot(d)
    assert 'label="back\\\\slash (tiny v1)"' in dot
    assert '"a" [label="ends in \\\\\\n(a)", penwidth=2];' in dot
    assert _label(_dot_nodes(dot)["a"]) == "ends in \\\n(a)"
