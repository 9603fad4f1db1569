"""Templates of the files shipped beside each stub: the visible tests and their conftest.

They are read as text by `autograder.authoring.visible`, never imported.
"""
