"""Diagrams generated from a workflow definition: Mermaid `stateDiagram-v2` and Graphviz DOT (pure functions)."""

from __future__ import annotations

import re

from workflows.definitions import TransitionDefinition, WorkflowDefinition

START = "__start__"  # the DOT node drawn as the dot that points at the initial state
# Mermaid ends a transition label at ':' or ';' or a newline, reads '%%' as a comment and '"' as the end of a
# state title; its entity codes (#58; ...) are decoded only when drawn, so they pass the parser unharmed.
_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", ":": "#58;", ";": "#59;", "%": "#37;", "<": "#lt;", ">": "#gt;",
                     "{": "#123;", "}": "#125;"}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_ENTITIES)) + "]")
_SPACES = re.compile(r"\s+")


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def mermaid_text(text: str) -> str:
    """Return text safe inside a Mermaid label: one line, its special characters as entity codes."""
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ENTITIES[m.group()], _one_line(text))


def dot_quoted(text: str) -> str:
    """Return text as a DOT double-quoted string (backslashes and quotes escaped, newlines as \\n)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def marker(t: TransitionDefinition) -> str:
    """Return how a transition's trigger is marked in a label: '(auto)', '(deadline)' or nothing."""
    return {"automatic": "(auto)", "deadline": "(deadline)"}.get(t.trigger, "")


def label(t: TransitionDefinition) -> str:
    """Return a transition's label as one line: title [guard] (auto|deadline)."""
    guard = t.guard.describe()
    parts = [_one_line(t.title), f"[{_one_line(guard)}]" if guard else "", marker(t)]
    return " ".join(p for p in parts if p)


def edges(d: WorkflowDefinition) -> list[tuple[str, str, TransitionDefinition]]:
    """Return (source, dest, transition) for each source of each transition; no dest is a loop on the source."""
    return [(src, t.dest or src, t) for t in d.transitions.values() for src in t.source]


def mermaid(d: WorkflowDefinition) -> str:
    """Return the workflow as a Mermaid stateDiagram-v2: titled states, guarded transitions, start and ends."""
    lines = [f"%% {d.id} v{d.version}: {_one_line(d.title)}", "stateDiagram-v2"]
    lines += [f'    state "{mermaid_text(s.title)}" as {s.id}' for s in d.states.values()]
    lines.append(f"    [*] --> {d.initial_state}")
    lines += [f"    {src} --> {dest} : {mermaid_text(label(t))}" for src, dest, t in edges(d)]
    lines += [f"    {s.id} --> [*]" for s in d.states.values() if s.final]
    return "\n".join(lines) + "\n"


def dot(d: WorkflowDefinition) -> str:
    """Return the workflow as a Graphviz DOT digraph: automatic edges dashed, final states double circles."""
    title = f"{d.title} ({d.id} v{d.version})"
    lines = [f"digraph {dot_quoted(d.id)} {{",
             f"  graph [label={dot_quoted(title)}, labelloc=t, rankdir=LR, fontsize=12];",
             '  node [shape=box, style=rounded, fontsize=10];',
             "  edge [fontsize=8];",
             f'  {dot_quoted(START)} [shape=point, width=0.15, label=""];']
    for s in d.states.values():
        attrs = [f"label={dot_quoted(s.title + chr(10) + '(' + s.id + ')')}"]
        if s.final:
            attrs.append("shape=doublecircle")
        if s.id == d.initial_state:
            attrs.append("penwidth=2")
        lines.append(f"  {dot_quoted(s.id)} [{', '.join(attrs)}];")
    lines.append(f"  {dot_quoted(START)} -> {dot_quoted(d.initial_state)};")
    for src, dest, t in edges(d):
        guard = t.guard.describe()
        text = "\n".join(p for p in (_one_line(t.title), f"[{_one_line(guard)}]" if guard else "", marker(t)) if p)
        attrs = [f"label={dot_quoted(text)}"]
        if t.automatic:
            attrs.append("style=dashed")
        elif t.trigger == "deadline":
            attrs.append("style=dotted")
        lines.append(f"  {dot_quoted(src)} -> {dot_quoted(dest)} [{', '.join(attrs)}];")
    return "\n".join([*lines, "}"]) + "\n"
