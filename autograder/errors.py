"""The one exception type that means "bad usage or input": the CLI turns it into one line and exit 2."""


class KitError(Exception):
    """A problem the user can fix (unknown assignment, missing file, broken course.yml); never a bug."""

    exit_code = 2
