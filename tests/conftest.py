"""Shared fixtures for the kit's own tests, and the markers that say which tests to run when.

Every test gets one kind from its folder: `unit` (tests/unit/: pure functions, milliseconds), `adversarial`
(tests/adversarial/: the red-team suite), else `integration` (grades or renders through the engine, the sandbox,
the CLI or a door). `slow` goes to the tests SLOW names, on top of those that mark themselves: a list kept by
hand from measured durations, so that `make check` (not adversarial, not slow) stays under a minute.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import write_course

TESTS = Path(__file__).resolve().parent
KIND_BY_FOLDER = {"unit": "unit", "adversarial": "adversarial"}  # the first folder under tests/ -> the kind
DEFAULT_KIND = "integration"
EVERY_TEST = "*"

# Tests that took over ~1 s each (setup, call and teardown together) on the shared 2-core machine, measured with
#   .venv/bin/python -m pytest -q --durations=0 --durations-min=0.25 --deselect tests/test_cluster.py
# then again on `-m "not adversarial and not slow"`: nbgrader, the browser, notebooks run in a kernel, Dask,
# whole classes graded, time limits waited out, the CLI started in a fresh interpreter. A module is named whole
# when nearly all its tests are that slow or share a module fixture that costs seconds (grading a corpus or
# executing notebooks). The figures are in tests/durations.txt. Names match without their parameters (every
# case of a parametrized test); tests/unit/test_markers.py checks that every name still exists.
SLOW: dict[str, set[str] | str] = {
    # whole modules
    "test_nbgrader.py": EVERY_TEST,  # the real nbgrader course round trip (~150 s)
    "test_cluster.py": EVERY_TEST,  # Dask schedulers and workers
    "test_cluster_recipes.py": EVERY_TEST,  # installs a worker environment with pip
    "test_watchdog.py": EVERY_TEST,  # denial-of-service submissions waited out to their limits
    "test_samples.py": EVERY_TEST,  # every bundled sample graded, the endless loop included
    "test_notebook_alone.py": EVERY_TEST,  # a fresh environment without the kit
    "test_notebooks.py": EVERY_TEST,  # the solution notebooks executed top to bottom (module fixture ~9 s)
    "test_isolation.py": EVERY_TEST,  # unprivileged users created per level
    "test_gradescope_sealed.py": EVERY_TEST,  # the container mimic
    "test_integrations.py": EVERY_TEST,  # every door (Gradescope, Classroom, nbgrader cells) grades whole notebooks
    "test_batch.py": EVERY_TEST,  # class batches, resumed, on Dask (module fixture ~5 s)
    "test_diagnoses.py": EVERY_TEST,  # the labelled corpus graded (module fixture ~6 s)
    "test_mutants.py": EVERY_TEST,  # every mutant of the references graded twice, and the visible checks on them
    "test_fairness.py": EVERY_TEST,  # the fairness bank under 200 identities per style
    "test_realworld.py": EVERY_TEST,  # the real-world corpus under several identities
    "test_grade_replays.py": EVERY_TEST,  # every sample and corpus entry graded idle and on busy cores
    "symbolic/test_practice.py": EVERY_TEST,  # notebooks executed in a kernel
    "symbolic/test_embed.py": EVERY_TEST,  # plain pytest and a kernel without the kit, as subprocesses
    # single tests in otherwise quick modules
    "symbolic/test_chain.py": {
        "test_a_false_middle_step_costs_what_a_leap_over_it_costs",
        "test_a_long_hostile_chain_is_bounded_by_its_size",
        "test_a_vanishing_size_factor_is_refuted_at_a_random_size",
        "test_an_undecidable_step_is_decided_by_counts_not_by_time",
        "test_numeric_verdicts_say_sampling_decided",
        "test_one_false_step_keeps_only_the_moves_before_it",
        "test_string_and_latex_steps",
    },
    "symbolic/test_credit_properties.py": EVERY_TEST,  # seeded gaming transforms of every honest chain, graded
    "symbolic/test_determinism.py": EVERY_TEST,  # a4 files graded idle and with every core busy
    "symbolic/test_equivalence.py": {
        "test_a_factor_vanishing_at_two_sizes_is_refuted",
        "test_a_timeout_is_undecided_not_refuted",
    },
    "test_authoring.py": {
        "test_conftest_refuses_a_missing_submission",
        "test_drift_and_leaks_are_reported",
        "test_reference_solution_passes_every_visible_test",
        "test_release_refuses_a_marker_and_a_hidden_check_line",
        "test_release_refuses_stale_files_and_unknown_assignments",
        "test_stub_fails_every_visible_test_with_not_implemented",
        "test_visible_tests_run_under_the_grading_engine",
    },
    "test_check_command.py": {
        "test_a_function_that_floods_stdout_is_said_to",
        "test_a_transposed_network_is_named_by_its_shapes",
        "test_a_warning_fails_the_visible_check_as_it_costs_points_in_the_grade",
        "test_check_fits_80_columns",
        "test_check_survives_a_big5_console",
        "test_grade_fits_80_columns_too",
        "test_the_stub_waits_for_code_and_the_reference_passes",
    },
    "test_course.py": {
        "test_check_course_refuses_on_one_line_wherever_course_yml_lives",
        "test_nbgrader_course_from_a_course_yml_elsewhere",
    },
    "test_engine.py": {
        "test_broken_notebook_is_a_clear_error",
        "test_cli_bad_input_is_one_line_exit_2",
        "test_cli_grade_writes_gradescope_results",
        "test_cli_grades_hostile_submission_without_traceback",
        "test_derivation_steps_as_strings_and_latex",
        "test_endless_loop_is_stopped_at_the_limit",
        "test_feedback_in_traditional_chinese",
        "test_feedback_names_the_misconception",
        "test_reference_solution_scores_full_marks",
        "test_same_seed_gives_the_same_results_twice",
        "test_stub_scores_zero_as_not_implemented",
        "test_top_level_code_that_raises_loops_or_exits_is_graded",
    },
    "test_late.py": {
        "test_batch_reads_a_csv_of_times",
        "test_batch_reads_a_gradescope_export_and_file_times",
        "test_batch_reads_nbgrader_timestamps_and_writes_the_late_columns",
        "test_grade_applies_the_factor_and_says_so",
        "test_grade_cli_reads_an_unzoned_time_in_the_course_timezone",
        "test_without_times_grades_csv_keeps_its_columns",
    },
    "test_layouts.py": {
        "test_a_folder_of_exports_and_a_resubmission_grades_each_student_once",
        "test_hostile_zips_links_and_bytes_cost_only_their_student",
        "test_run_batch_keeps_the_unpacked_files_out_of_the_students_reach",
    },
    "test_reporting.py": {
        "test_report_flags_identical_and_planted_near_identical_submissions",
        "test_report_is_written_atomically",
    },
    "test_sandbox.py": {"test_a_request_to_a_student_that_stopped_reading_times_out"},
    "test_selfcheck.py": {
        "test_a_failed_visible_check_says_the_same_through_the_engine_and_here",
        "test_a_passing_problem_says_why_it_matters_with_the_students_own_numbers",
        "test_no_failed_visible_check_anywhere_is_empty_or_reads_assertion_failed",
    },
}


def kind_of(relative: Path) -> str:
    """unit, adversarial or integration, by the first folder of the test's path under tests/."""
    return KIND_BY_FOLDER.get(relative.parts[0], DEFAULT_KIND) if len(relative.parts) > 1 else DEFAULT_KIND


def is_slow(relative: Path, name: str) -> bool:
    listed = SLOW.get(relative.as_posix())
    return listed == EVERY_TEST or (listed is not None and name in listed)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        try:
            relative = Path(item.path).resolve().relative_to(TESTS)
        except ValueError:  # a test outside tests/ (pytest given another folder as well)
            continue
        item.add_marker(kind_of(relative))
        if is_slow(relative, getattr(item, "originalname", item.name)):
            item.add_marker("slow")


@pytest.fixture(scope="session")
def fast_course(tmp_path_factory):
    """course.yml with short time limits: hostile submissions that hang cost 2 s, not 10."""
    from autograder.course import load_course

    return load_course(write_course(tmp_path_factory.mktemp("course"), call_seconds=2, submission_seconds=60))
