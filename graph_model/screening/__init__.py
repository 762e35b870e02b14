"""Perpetrator-proximity screening of housing nominations: policy, graph queries, rules, results."""
