"""Where instructors already grade: nbgrader, Gradescope and GitHub Classroom, each fed by the kit's engine.

Every platform gets the verdict of `Grader.grade` (the submission in its own process, every comparison on
the grading side), so a notebook earns the same score whichever door it goes through.
"""
