"""What makes text unsafe to show on a terminal, in one place for input, catalogue and output.

C0 and C1 control characters (but tab and newline), DEL, and the bidirectional overrides and
isolates that can make text read differently on screen than it is stored. The validator rejects
them in a catalogue, the commands refuse them in what is typed, and `clean` neutralises any
that reach an output anyway.
"""

import re

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """Make text inert on a terminal: every unsafe character becomes U+FFFD."""
    return UNSAFE.sub(REPLACEMENT, text)


def first_unsafe(text: str) -> str | None:
    """The first unsafe character as "U+XXXX", for a message that says what to remove."""
    found = UNSAFE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None
