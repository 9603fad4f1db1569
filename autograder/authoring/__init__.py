"""Student-facing material (stubs, notebooks, visible tests, READMEs, the contract page) generated from solutions/.

solutions/ is the one source of truth: `generate_all` writes assignments/, `check_drift` says what is stale,
`release` bundles one assignment for students and refuses when solution text would leak.
"""
