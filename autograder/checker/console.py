"""Text for a console that cannot show every character: a Big5/cp950 Windows console has no ✓, ⟨ or −.

A symbol the console's encoding lacks is written in ASCII (✓ as v, ⟨ as <, − as -), anything else it lacks as
"?": printing never fails, and never falls back to escapes (pytest writes a whole line as \\u escapes when one
character of it does not fit). `autograder check` writes through this table, and so does plain pytest in an
assignment folder.
"""

from __future__ import annotations

import codecs

# What a symbol reads as where the console cannot show it (longest first is not needed: one character each).
ASCII = {
    "✓": "v",
    "✗": "x",
    "…": "...",
    "⟨": "<",
    "⟩": ">",
    "−": "-",
    "→": "->",
    "←": "<-",
    "×": "x",
    "≈": "~",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "‖": "||",
    "√": "sqrt",
    "∞": "inf",
    "Σ": "sum",
    "∏": "prod",
    "∂": "d",
    "σ": "sigma",
    "δ": "delta",
    "⊙": "*",
    "·": "*",
    "′": "'",
    "ŷ": "y^",
    "²": "^2",
    "³": "^3",
    "ᵢ": "_i",
    "ⱼ": "_j",
    "ₖ": "_k",
    "ₙ": "_n",
    "ᵀ": "^T",
    "ᵇ": "^b",
    "━": "-",
    "┃": "|",
    "—": "-",
    "–": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "\u00a0": " ",
}


def for_console(text: str, encoding: str | None) -> str:
    """`text` with what `encoding` cannot write replaced: a known symbol by its ASCII, anything else by "?"."""
    if text.isascii():
        return text
    try:
        codec = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        codec = "ascii"
    out = []
    for char in text:
        try:
            char.encode(codec)
            out.append(char)
        except UnicodeEncodeError:
            out.append(ASCII.get(char, "?"))
    return "".join(out)


__all__ = ["ASCII", "for_console"]
