"""Storage for the workflow engine: status, history, deadlines, local roles, predicates, worklists."""
