"""The self-check that runs anywhere: the visible checks on code in this very process (plain pytest in an
assignment folder, a notebook in Jupyter or Colab), with the grader's comparisons and messages.

local.py is the `student` the checks call there (the grading engine's proxy has the same interface), run.py
runs the checks of a problem and reads their failures as the engine does, notebook.py is `check("<problem>")`.
These modules travel into notebooks and visible-test folders (authoring/carried.py): they import nothing of
the kit but the catalogue and grading's comparisons, and nothing but numpy.
"""
