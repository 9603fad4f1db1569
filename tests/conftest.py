"""Shared fixtures for the kit's own tests."""
from __future__ import annotations

import pytest

from helpers import write_course


@pytest.fixture(scope="session")
def fast_course(tmp_path_factory):
    """course.yml with short time limits: hostile submissions that hang cost 2 s, not 10."""
    from autograder.course import load_course
    return load_course(write_course(tmp_path_factory.mktemp("course"), call_seconds=2, submission_seconds=60))
