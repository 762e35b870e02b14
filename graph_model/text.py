"""The one rule for text from outside (files, command lines, forms): what Hearth stores exactly and what it refuses.

Stored exactly, character for character: quotes, backslashes, Cypher-looking text (every query takes it as a
parameter), emoji and other characters beyond the BMP, combining marks, right-to-left text and direction marks.
Refused, with the field named: control characters (C0 except tab, line feed and carriage return; DEL; C1), which
no one types and which can rewrite a terminal or hide text in a log; lone surrogates (bytes that were not UTF-8),
which Neo4j cannot store; one-line fields (ids, usernames, references) holding tabs or line breaks; and text
longer than the field's limit. docs/security-input.md lists the limits.
"""

from __future__ import annotations

import re

from graph_model.errors import InvalidInput

MAX_ID = 200  # ids, usernames and references
MAX_LINE = 1_000  # a short free text: a purpose, a note, a safe contact field
MAX_TEXT = 10_000  # a free text: a comment, a description, notes
MAX_PASSWORD = 1_024

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def problem(value: object, limit: int = MAX_TEXT, one_line: bool = False) -> str | None:
    """Return what is wrong with a text value (None when it may be stored exactly)."""
    if not isinstance(value, str):
        return f"must be text, not {type(value).__name__}"
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,}"
    bad = _CONTROL.search(value) or (_BREAKS.search(value) if one_line else None)
    if bad:
        where = bad.start()
        kind = "a line break or tab" if bad.group() in "\t\n\r\u2028\u2029" else "a control character"
        return f"holds {kind} (U+{ord(bad.group()):04X}) at position {where + 1}; it is refused"
    surrogate = _SURROGATE.search(value)
    if surrogate:
        return f"is not valid Unicode text (a lone surrogate at position {surrogate.start() + 1}; was it UTF-8?)"
    return None


def check(name: str, value: object, limit: int = MAX_TEXT, one_line: bool = False) -> str:
    """Return the value unchanged, or raise InvalidInput naming the field and what is wrong."""
    wrong = problem(value, limit, one_line)
    if wrong:
        raise InvalidInput(f"{name} {wrong}")
    return str(value)


def check_id(name: str, value: object) -> str:
    """Return an id (or username, or reference) unchanged, or raise InvalidInput: one line, not blank, 200 at most."""
    text = check(name, value, MAX_ID, one_line=True)
    if not text.strip():
        raise InvalidInput(f"{name} must not be empty")
    return text


def check_optional(name: str, value: str | None, limit: int = MAX_TEXT, one_line: bool = False) -> str | None:
    """Return None or the checked text."""
    return None if value is None else check(name, value, limit, one_line)
