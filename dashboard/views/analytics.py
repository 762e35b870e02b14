"""Analytics: serial perpetrators, repeats, and how two people are connected."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard import services


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(network: services.EgoNetwork) -> str:
    """Draw the neighbourhood in Graphviz DOT: people as boxes, cases as ellipses, links labelled."""
    lines = ["graph {", "  node [fontsize=10];"]
    for node in network.nodes:
        shape = "ellipse" if node.label == "Case" else "box"
        label = _quoted(f"{node.id} {node.name}".strip())
        lines.append(f"  {_quoted(node.id)} [label={label}, shape={shape}];")
    for link in network.links:
        lines.append(f"  {_quoted(link.source)} -- {_quoted(link.target)} [label={_quoted(link.type)}, fontsize=8];")
    return "\n".join([*lines, "}"])


st.title("Analytics")
st.caption("Patterns across cases. Identifiable: for analysts, DA leads and admins only; every view is yours.")
serial_tab, repeats_tab, path_tab, ego_tab, figures_tab = st.tabs(
    ["Serial perpetrators", "Repeats", "How are they connected", "Ego network", "Figures"])

with serial_tab:
    area = st.text_input("Area (blank: all)", key="serial_area")
    limit = st.number_input("How many", min_value=1, max_value=500, value=20)
    try:
        ranked = services.serial_perpetrators(area, int(limit))
        st.caption("Score out of 100: recency (0-40) + frequency (0-30) + gravity (0-30); see docs/analytics.md.")
        st.dataframe([{"person": f"{s.name} ({s.id})", "score": s.score, "recency": s.recency,
                       "frequency": s.frequency, "gravity": s.gravity,
                       "victims (risk)": ", ".join(f"{v.id} ({v.risk})" for v in s.victims),
                       "areas": ", ".join(s.areas), "last incident": str(s.last_incident or "")}
                      for s in ranked], hide_index=True)
    except services.HearthError as exc:
        st.error(str(exc))

with repeats_tab:
    end = st.date_input("To", value=date.today(), format="YYYY-MM-DD")
    start = st.date_input("From", value=date.today() - timedelta(days=365), format="YYYY-MM-DD")
    try:
        rows = services.repeats(start, end, None)
        st.dataframe([{"area": r.area, "victims": r.victims, "repeat victims": r.repeat_victims,
                       "repeat victim rate": f"{r.repeat_victim_rate:.0%}", "MARAC cases": r.marac_cases,
                       "repeat MARAC": r.repeat_marac_cases, "repeat rate (national 32%)": f"{r.repeat_marac_rate:.0%}"}
                      for r in rows], hide_index=True)
    except services.HearthError as exc:
        st.error(str(exc))

with path_tab, st.form("path"):
    left, right, hops_column = st.columns(3)
    a = left.text_input("Person A (id)")
    b = right.text_input("Person B (id)")
    hops = hops_column.number_input("Longest path (links)", min_value=1, max_value=8, value=4)
    if st.form_submit_button("Find paths"):
        try:
            answer = services.how_connected(a.strip(), b.strip(), int(hops))
            (st.success if answer.verdict.personally_connected else st.info)(answer.verdict.sentence())
            if not answer.paths:
                st.write(f"No path of at most {answer.max_hops} links.")
            for number, path in enumerate(answer.paths, 1):
                st.markdown(f"**Path {number}** ({path.length} links)")
                st.markdown("\n".join(f"- {step.words}" for step in path.steps))
        except services.HearthError as exc:
            st.error(str(exc))

with ego_tab, st.form("ego"):
    person = st.text_input("Person (id)", key="ego_person")
    depth = st.number_input("Hops", min_value=1, max_value=3, value=2)
    if st.form_submit_button("Show neighbourhood"):
        try:
            network = services.ego(person.strip(), int(depth))
            st.write(f"{len(network.nodes)} people and cases within {network.hops} links of {network.centre}.")
            st.graphviz_chart(_dot(network))
            st.dataframe([{"hops": n.hops, "id": n.id, "kind": n.label, "name": n.name,
                           "roles": ", ".join(f"{r} {c}" for r, c in n.roles)} for n in network.nodes], hide_index=True)
        except services.HearthError as exc:
            st.error(str(exc))

with figures_tab:
    f_end = st.date_input("Period end", value=date.today(), format="YYYY-MM-DD", key="fig_end")
    f_start = st.date_input("Period start", value=date.today() - timedelta(days=365), format="YYYY-MM-DD",
                            key="fig_start")
    try:
        result = services.figures(f_start, f_end)
        for block in (result.total, *result.areas):
            st.markdown(f"**{block.area}**")
            st.dataframe([{"figure": f.name, "value": f.value, "unit": f.unit, "national": f.benchmark}
                          for f in block.all()], hide_index=True)
        for note in result.notes:
            st.caption(note)
    except services.HearthError as exc:
        st.error(str(exc))
