"""The sandbox, split by the side each module runs on.

Student side (started as a script, outside the trusted process): `student_side.py` and `syscalls.py`.
Trusted side (the grading process): `process.py`, `proctree.py`, `wire.py`, `levels.py`.
Both: `linux.py` (kernel constants and system calls) and `codec.py` (frames and plain values).
"""
