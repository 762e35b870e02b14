"""Admin: users and roles, setting a password, and the policy in force (read-only)."""

from __future__ import annotations

import streamlit as st

from dashboard import feedback, services

st.title("Admin")
st.caption("Accounts and the configuration that decides who sees what. Every change is recorded in the audit log.")

with st.spinner("Reading accounts..."):
    accounts = services.accounts()
    views = services.policy_views()

st.subheader(f"Users ({len(accounts)})")
st.dataframe([{"username": a.username, "name": a.display_name or "", "roles": ", ".join(a.roles),
               "agency": a.agency_name or a.agency or "", "password set": a.has_password, "built in": a.builtin}
              for a in accounts], hide_index=True)

st.subheader("Set a password")
with st.form("set-password", clear_on_submit=True):
    who = st.selectbox("User", [a.username for a in accounts])
    first = st.text_input("New password (8+ characters)", type="password")
    again = st.text_input("The same again", type="password")
    submitted = st.form_submit_button("Set password")
if submitted:
    if first != again:
        st.error("The two passwords differ.")
    else:
        try:
            services.set_password(str(who), first)
        except services.HearthError as exc:
            feedback.explain(exc)
        else:
            st.success(f"Password of {who} set.")

st.subheader("Where each role counts (workflows/role_scopes.yaml)")
st.table([{"role": r, "scope": s} for r, s in sorted(views["scopes"].items())])
st.subheader("Workflow settings and area overrides")
st.table([{"workflow": w, "setting": k, "value": str(v)} for w, s in views["settings"].items() for k, v in s.items()])
st.table([{"area": a, "setting": k, "value": str(v)} for a, s in sorted(views["areas"].items()) for k, v in s.items()])
with st.expander(f"Screening policy (version {views['screening']['version']})"):
    st.json(views["screening"])
