"""Hidden graders: one pytest module per assignment, run by the engine against an isolated submission.

Never shipped to students: `autograder release` refuses to write a bundle that contains any of it.
"""
