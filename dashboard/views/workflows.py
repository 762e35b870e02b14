"""Workflows: each definition drawn from its data, with its states, transitions and guards as tables."""

from __future__ import annotations

import streamlit as st

from dashboard import services

st.title("Workflows")
st.caption("Drawn from the definitions in workflows/definitions/: what happens to a case, referral or nomination, "
           "who may move it on, and what must hold first. Dashed arrows: the engine moves the object by itself.")

try:
    titles = services.workflow_titles()
    name = st.selectbox("Workflow", list(titles), format_func=lambda w: f"{titles[w]} ({w})")
    definition, dot, mermaid = services.workflow_diagrams(str(name))
except services.HearthError as exc:
    st.error(str(exc))
    st.stop()

st.subheader(f"{definition.title} (version {definition.version})")
if definition.description:
    st.markdown(definition.description)
st.graphviz_chart(dot, width="stretch")
with st.expander("Mermaid"):
    st.code(mermaid, language=None)
with st.expander("Graphviz DOT"):
    st.code(dot, language=None)

st.subheader("States")
st.dataframe([{"state": s.id, "title": s.title, "initial": s.id == definition.initial_state, "final": s.final,
               **{f"may {perm}": ", ".join(s.permissions.get(perm, ())) for perm in definition.permissions}}
              for s in definition.states.values()], hide_index=True)

st.subheader("Transitions")
st.dataframe([{"transition": t.id, "title": t.title, "from": ", ".join(t.source), "to": t.dest or "(stays)",
               "trigger": t.trigger, "guard": t.guard.describe(), "comment required": t.comment_required,
               "values": ", ".join(p.name for p in t.params)}
              for t in definition.transitions.values()], hide_index=True)

if definition.worklists:
    st.subheader("Worklists")
    st.dataframe([{"worklist": f"{definition.id}.{w.id}", "title": w.title, "states": ", ".join(w.states),
                   "permission": w.permission, "deadline": w.deadline or "", "overdue only": w.overdue_only}
                  for w in definition.worklists.values()], hide_index=True)
if definition.deadlines:
    st.subheader("Deadlines")
    st.dataframe([{"deadline": x.id, "title": x.title, "states": ", ".join(x.states), "from": x.start,
                   "after": f"{x.after} (= {definition.setting(x.after)})" if x.after.startswith("$") else x.after,
                   "on expiry": x.on_expiry or "flag overdue"}
                  for x in definition.deadlines.values()], hide_index=True)
