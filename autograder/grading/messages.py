"""`say(key, lang, **params)`: the engine's way into the catalogue (autograder/catalogue/), kept for every caller.

The sentences themselves live in autograder/catalogue/<language>/*.yml, one folder per language.
"""

from __future__ import annotations

from ..catalogue import Message, languages, say

__all__ = ["Message", "languages", "say"]
