"""The exceptions every door shares: KitError means "bad usage or input" (the CLI turns it into one line and exit 2);
Terminated is SIGTERM, which the CLI and a batch raise alike, so it lives below both."""

from __future__ import annotations


class KitError(Exception):
    """A problem the user can fix (unknown assignment, missing file, broken course.yml); never a bug.

    Raised with a catalogue Message, it can be shown in the user's language (`render`); raised with plain text,
    that text is shown in every language. str() is the source-language sentence either way.
    """

    exit_code = 2

    def __init__(self, message):
        from .catalogue import SOURCE_LANGUAGE, ByLanguage

        self.message = message if hasattr(message, "render") else ByLanguage({SOURCE_LANGUAGE: str(message)})
        super().__init__(self.message.render(SOURCE_LANGUAGE))

    def __reduce__(self):  # across processes (batch workers) the Message travels, not only its English text
        return (self.__class__, (self.message,))

    def render(self, lang: str) -> str:
        return self.message.render(lang)


class Terminated(KeyboardInterrupt):
    """SIGTERM (what `timeout`, Slurm and `docker stop` send), handled like Ctrl-C: finished work is kept."""
