"""What `autograder doctor` says each level reaches of the grader's own user, and what it leaves open."""

from __future__ import annotations

import pytest

from autograder.catalogue import say
from autograder.sandbox.levels import Level, refusal


def level(name, *, uid_switch=False, seccomp=True, abi=7, userns_for_others=False, without=False) -> Level:
    return Level(name, uid_switch, seccomp, abi, userns_for_others, (), without)


def test_a_uid_of_its_own_reaches_nothing_of_the_graders_user():
    assert level("root", uid_switch=True).reach() == ["own_uid"]
    assert level("landlock", uid_switch=True).reach() == ["own_uid"]


def test_landlock_with_the_graders_uid_names_every_door_and_how_it_is_shut():
    reach = level("landlock").reach()
    assert reach == ["files", "sockets", "signals_scoped", "ipc", "memory"]
    assert "tmux" in say(f"isolation:reach:{reach[1]}")
    old_kernel = level("landlock", abi=5).reach()
    assert "signals_open" in old_kernel
    assert "landlock_signals" in level("landlock", abi=5).gaps()


def test_without_the_seccomp_filter_sockets_and_ipc_are_said_to_be_open():
    reach = level("none", seccomp=False).reach()
    assert reach == ["everything_sockets"]
    gaps = level("landlock", uid_switch=True, seccomp=False, abi=3).gaps()
    assert {"landlock_tcp", "landlock_abstract", "ipc", "no_seccomp"} <= set(gaps)
    covered = level("landlock", abi=3).gaps()
    assert not {"landlock_tcp", "landlock_abstract", "ipc", "no_seccomp"} & set(covered), "the filter covers them"


def test_an_unprivileged_user_gets_landlock_only_with_the_seccomp_filter():
    assert level("none", seccomp=True).offered_to_others() == "landlock"
    assert level("none", seccomp=False).offered_to_others() == "none"
    assert refusal("auto", level("none", seccomp=False)) is None
    assert refusal("landlock", level("none", seccomp=False)) is not None


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_doctor_lines_render_in_both_languages(lang):
    shown = level("none", seccomp=False, without=True).describe()
    text = "\n".join(line.render(lang) for line in shown)
    assert "isolation:reach" not in text and "isolation:gap" not in text, "every line is a sentence"
    assert "libseccomp" in text
