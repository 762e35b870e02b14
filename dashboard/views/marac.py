"""MARAC: pick a meeting; its agenda, the agency map with gaps, the actions (overdue highlighted), the record."""

from __future__ import annotations

import streamlit as st

from dashboard import services

KIND_STYLE = {"attended": "solid", "referral_from": "bold", "referral_to": "bold", "action_owner": "dashed"}

st.title("MARAC")
st.caption("Cases are labelled by agenda position and listing, never by name. You see the cases your role and "
           "agency reach; the count of those you may not see is shown.")

with st.spinner("Finding your meetings..."):
    meetings = services.meetings()
if not meetings:
    st.info("No MARAC meeting you may see.")
    st.stop()
chosen = st.selectbox("Meeting", [m.id for m in meetings],
                      format_func=lambda i: next(f"{m.date} {m.area} ({m.id}, {m.listed} listed)"
                                                 for m in meetings if m.id == i))
meeting = str(chosen)
with st.spinner("Building the agenda, agency map and record..."):
    agenda = services.agenda(meeting)
    graph, gaps = services.agency_map(meeting)
    record, html, today = services.record(meeting)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot() -> str:
    """Draw agencies (boxes) and cases (ellipses), typed edges, and each gap as a red dashed 'missing' node."""
    lines = ["graph {", "  rankdir=LR; node [fontsize=10]; edge [fontsize=8];"]
    for n in graph.nodes:
        shape = "ellipse" if n["type"] == "case" else "box"
        lines.append(f"  {_q(n['id'])} [label={_q(n['label'])}, shape={shape}];")
    for agency, case, kind in sorted({(e.agency, e.case, e.kind) for e in graph.edges}):
        lines.append(f"  {_q(agency)} -- {_q(case)} [label={_q(kind)}, style={KIND_STYLE.get(kind, 'solid')}];")
    for number, g in enumerate(gaps):
        gap = f"gap-{number}"
        missing = "missing: " + " or ".join(k.replace("_", " ") for k in g.expected_kinds)
        lines.append(f"  {_q(gap)} [label={_q(missing)}, shape=box, style=dashed, color=red, fontcolor=red];")
        lines.append(f"  {_q(gap)} -- {_q(g.case)} [style=dashed, color=red, label={_q(g.rule)}];")
    return "\n".join([*lines, "}"])


st.subheader(f"Agenda: {agenda.area}, {agenda.date} (chair {agenda.chair or '-'})")
if agenda.hidden:
    st.caption(f"{agenda.hidden} listed case(s) you may not see.")
st.dataframe([{"#": i.position, "case": i.label, "group": i.group, "criterion": i.criterion.replace("_", " "),
               "referred": i.referred, "DASH yes": i.dash_yes, "risk": i.risk_band,
               "repeat": i.repeat_evidence, "children": ", ".join(i.children), "agencies": ", ".join(i.agencies),
               "open actions": i.open_actions} for i in agenda.items], hide_index=True)

st.subheader("Agency map")
st.caption("Agencies (boxes) and cases (ellipses); red dashed boxes are expected agencies missing (gaps).")
st.graphviz_chart(dot(), width="stretch")
if gaps:
    st.dataframe([{"case": g.label, "rule": g.rule, "says": g.says, "evidence": g.evidence} for g in gaps],
                 hide_index=True)
else:
    st.success("No gaps: every expected agency is involved.")

st.subheader("Actions")
rows = [{"case": c.label, "action": a.id, "owner": a.owner_name, "description": a.description, "due": a.due,
         "status": a.status, "overdue": "OVERDUE" if a.status == "open" and a.due < today else ""}
        for c in record.cases for a in c.actions]
if rows:
    overdue = sum(1 for r in rows if r["overdue"])
    if overdue:
        st.warning(f"{overdue} action(s) overdue.")
    st.dataframe(rows, hide_index=True)
else:
    st.caption("No action agreed at this meeting yet.")

st.subheader("Record")
st.markdown(f"Attending: {', '.join(record.attending) or '-'}  \nApologies (involved, absent): "
            f"{', '.join(record.apologies) or '-'}")
st.download_button("Download the meeting record (HTML)", data=html, file_name=f"marac-{meeting}.html",
                   mime="text/html")
