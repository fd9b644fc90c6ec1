"""What makes text unsafe to show on a terminal, in one place for input, catalogue and output.

C0 and C1 control characters (but tab and newline), DEL, and the bidirectional overrides and
isolates that can make text read differently on screen than it is stored. The validator rejects
them in a catalogue, the commands refuse them in what is typed, and `clean` neutralises any
that reach an output anyway.

Catalogue text may hold the three direction *marks* that Arabic and Dari legitimately use
(U+200E left-to-right mark, U+200F right-to-left mark, U+061C Arabic letter mark): a mark is
a zero-width letter with a direction and cannot reorder the text around it, unlike the
overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069), which stay refused
everywhere. Right-to-left text is still never printed to a terminal (see cli.refuse_rtl).
"""

import re

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What a catalogue text may not hold: the same, but the three direction marks.
UNSAFE_IN_CATALOGUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """Make text inert on a terminal: every unsafe character becomes U+FFFD."""
    return UNSAFE.sub(REPLACEMENT, text)


def first_unsafe(text: str, catalogue: bool = False) -> str | None:
    """The first unsafe character as "U+XXXX", for a message that says what to remove;
    `catalogue` allows the direction marks that catalogue text may hold."""
    found = (UNSAFE_IN_CATALOGUE if catalogue else UNSAFE).search(text)
    return f"U+{ord(found.group()):04X}" if found else None
