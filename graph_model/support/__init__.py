"""Support for victims: safe contact, needs, safety and support plans, referrals, housing options (all the Cypher)."""
