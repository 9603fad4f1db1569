"""The pool: a job that overruns is killed and its worker replaced; results are cached in memory and on disk."""

import json
import os
import signal
import time

import pytest
from sympy import symbols

from autograder.checker.symbolic import check_equivalent, grade_chain
from autograder.grading import budget as budget_module
from autograder.grading.budget import Budget, Job, ResultCache


def stubborn(seconds):
    """A job no alarm can stop: SIGALRM is ignored and the loop never yields to Python-level handlers."""
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while True:
        pass


def quick(value, seconds):
    return {"value": value, "pid": os.getpid()}


def test_an_overrunning_worker_is_killed_and_replaced():
    pool = Budget(workers=1)
    try:
        start = time.monotonic()
        (outcome,) = pool.run([Job(stubborn, ())], seconds=0.5)
        elapsed = time.monotonic() - start
        assert outcome.status == "timeout"
        assert elapsed < 0.5 + 0.5
        assert pool.kills == 1
        (again,) = pool.run([Job(quick, (7,))], seconds=2)
        assert again.status == "ok" and again.value["value"] == 7
        assert again.value["pid"] != os.getpid()  # ran in a (new) worker
    finally:
        pool.close()


def test_jobs_run_in_parallel_and_keep_their_order():
    pool = Budget(workers=2)
    try:
        outcomes = pool.run([Job(quick, (k,)) for k in range(6)], seconds=2)
        assert [o.value["value"] for o in outcomes] == list(range(6))
        assert pool.calls == 6
    finally:
        pool.close()


def test_worker_errors_are_reported_not_raised():
    pool = Budget(workers=1)
    try:
        (outcome,) = pool.run([Job(quick, ())], seconds=2)  # wrong arity: a TypeError in the worker
        assert outcome.status == "error" and "TypeError" in outcome.value
    finally:
        pool.close()


def test_the_cache_answers_without_calling_a_worker(chains):
    pool = budget_module.reset_default(workers=2)
    first = grade_chain("softmax_ce_gradient", chains["softmax_ce_gradient"])
    calls = pool.calls
    assert calls > 0
    for lang in ("en", "zh-TW"):
        again = grade_chain("softmax_ce_gradient", chains["softmax_ce_gradient"], lang=lang)
        assert [p.passed for p in again.parts] == [p.passed for p in first.parts]
    assert pool.calls == calls  # nothing re-run
    z1, z2 = symbols("z1 z2")
    v1 = check_equivalent("1/(1+exp(z2-z1))", "1/(1+exp(z1-z2))", "sigmoid_softmax_equivalence")
    calls = pool.calls
    v2 = check_equivalent("1/(1+exp(z2-z1))", "1/(1+exp(z1-z2))", "sigmoid_softmax_equivalence")
    assert v1 == v2 and pool.calls == calls


def test_duplicate_jobs_in_one_batch_run_once():
    pool = Budget(workers=2)
    try:
        outcomes = pool.run([Job(quick, (1,), key="same"), Job(quick, (1,), key="same")], seconds=2)
        assert pool.calls == 1
        assert outcomes[0].value == outcomes[1].value
    finally:
        pool.close()


def test_the_disk_cache_is_shared_between_runs(tmp_path, chains):
    path = tmp_path / "verdicts.json"
    pool = budget_module.reset_default(workers=2, cache_file=path)
    grade_chain("sigmoid_softmax_equivalence", chains["sigmoid_softmax_equivalence"])
    assert pool.calls > 0
    data = json.loads(path.read_text())
    assert data and all(entry["status"] == "ok" for entry in data.values())
    assert not list(tmp_path.glob("*.tmp"))  # written atomically: no leftovers

    later = budget_module.reset_default(workers=2, cache_file=path)  # e.g. the next process of the batch
    grade = grade_chain("sigmoid_softmax_equivalence", chains["sigmoid_softmax_equivalence"])
    assert grade.score == 1.0
    assert later.calls == 0


def test_a_damaged_cache_file_is_only_a_slower_run(tmp_path):
    path = tmp_path / "verdicts.json"
    path.write_text("{not json")
    cache = ResultCache(path)
    assert cache.get("anything") is None
    cache.put("k", {"status": "ok", "value": 1})
    cache.flush()
    assert json.loads(path.read_text()) == {"k": {"status": "ok", "value": 1}}


def test_timeouts_are_not_written_to_the_shared_file(tmp_path):
    path = tmp_path / "verdicts.json"
    pool = Budget(workers=1, cache_file=path)
    try:
        pool.run([Job(stubborn, (), key="slow")], seconds=0.3)
        pool.cache.flush()
        assert pool.cache.get("slow")["status"] == "timeout"  # remembered for this run
        assert not path.exists() or "slow" not in json.loads(path.read_text())
    finally:
        pool.close()


def test_in_process_fallback_still_answers():
    pool = Budget(workers=0)
    (outcome,) = pool.run([Job(quick, (3,))], seconds=1)
    assert outcome.status == "ok" and outcome.value["pid"] == os.getpid()


def test_soft_deadline_leaves_a_running_outer_alarm_alone():
    from autograder.grading.budget import SoftTimeout, soft_deadline

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with soft_deadline(0.05):
            time.sleep(0.1)  # our deadline is not armed: the caller's timer is in charge
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        time.sleep(0.4)
        assert fired == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(SoftTimeout), soft_deadline(0.05):
        time.sleep(1)
