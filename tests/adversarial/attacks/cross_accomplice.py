"""Attack (the accomplice): a submission with no code of its own, graded after cross_plant_modules.py and its victim by
the same grader. It looks for the functions the planted module copied out of the victim (code objects in
stolen-adversarial.bin, in every folder the attacker wrote to) and hands them in as its own; what it does not find
raises "attack blocked".

The outcome the grader must give is in tests/adversarial/expected.yml under cross_accomplice.py.
"""

import glob
import marshal
import os
import types

import copy  # noqa: F401  (what the stolen functions expect to find)

import numpy as np  # noqa: F401

PLACES = [os.path.dirname(os.getcwd()), os.getcwd(), "/tmp", "/var/tmp", "/dev/shm", "/run/lock"]


def _stolen():
    found = {}
    for place in PLACES:
        for path in [os.path.join(place, "stolen-adversarial.bin"), *glob.glob(os.path.join(place, "*", "stolen-adversarial.bin"))]:
            try:
                with open(path, "rb") as fh:
                    codes = marshal.loads(fh.read())
                for name, packed in codes.items():
                    code, defaults = marshal.loads(packed)
                    found[name] = types.FunctionType(code, globals(), name, defaults)
            except (OSError, ValueError, EOFError, TypeError):
                pass
    return found


STOLEN = _stolen()


def _missing(name):
    def blocked(*args, **kwargs):
        raise LookupError(f"attack blocked: nothing of another student found for {name}")

    return blocked


for _name in ("encoding_distances", "one_hot", "softmax", "log_softmax", "sigmoid", "mlp_logits"):
    globals()[_name] = STOLEN.get(_name) or _missing(_name)
