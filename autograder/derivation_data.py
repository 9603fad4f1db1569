"""The derivations declared beside the kit's graders (autograder/graders/<assignment>.yml), read from YAML.

The chain checker (autograder/checker/symbolic/) grades them from plain data the kit provides it; this module
is where the kit reads that data, and what a copy carried to students holds of it (`carried_value`: the
milestones, the reference's own steps, replaced by their digests and moves).
"""

from __future__ import annotations

from . import paths


def kit_data() -> dict:
    """name -> the raw data of every derivation declared beside the kit's graders."""
    import yaml

    found: dict = {}
    for path in sorted(paths.GRADERS_DIR.glob("*.yml")):
        declared = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("derivations") or {}
        for name, data in declared.items():
            if name in found:
                raise ValueError(f"derivation {name} is declared twice (again in {path.name})")
            found[name] = data
    return found


def assignment_data(assignment_id: str) -> dict:
    """name -> raw data of the derivations of one assignment (what its carried copy holds)."""
    import yaml

    path = paths.GRADERS_DIR / f"{assignment_id}.yml"
    if not path.is_file():
        return {}
    return dict((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("derivations") or {})


def carried_value(assignment_id: str) -> dict:
    """What a carried copy holds: the assignment's derivations in the order declared, each one's milestones (the
    reference's own steps) replaced by their digests and moves."""
    from .checker.symbolic.chain import carried

    out = {}
    for name, spec in assignment_data(assignment_id).items():
        spec = {key: value for key, value in spec.items() if key != "milestones"}
        spec["route"] = carried(name)
        out[name] = spec
    return out


__all__ = ["kit_data", "assignment_data", "carried_value"]
