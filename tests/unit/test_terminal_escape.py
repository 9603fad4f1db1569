"""What a submission wrote reaches the instructor's terminal as text, never as a terminal command."""

from __future__ import annotations

import io

from rich.console import Console

from autograder.reporting.terminal import escape


def test_control_characters_and_bidi_overrides_are_shown_not_obeyed():
    hostile = "raised ValueError: \x1b[2J\x1b]0;owned\x07 \x00 \u202eevil\u202c [bold]x[/]\nnext line\tend"
    out = io.StringIO()
    Console(file=out, force_terminal=True, width=200, color_system=None).print(escape(hostile))
    printed = out.getvalue()
    assert "\x1b" not in printed and "\x00" not in printed and "\u202e" not in printed and "\x07" not in printed
    assert "\\x1b[2J" in printed and "\\x00" in printed and "\\u202eevil\\u202c" in printed
    assert "[bold]x[/]" in printed, "rich's markup in a message is printed as it is"
    assert "\nnext line" in printed and "\\x09" not in printed, "newlines and tabs stay"
