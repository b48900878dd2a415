"""`publist dedupe --apply` and `--distinct` as plans: merges and remembered decisions."""

from __future__ import annotations

from collections.abc import Sequence

from publist import reading, storage
from publist.bibfile import LibraryFile
from publist.dedupe import Cluster, Merged, Stored, merge
from publist.errors import UsageProblem
from publist.plans.base import Action, Change, Plan, plan_of


def merge_plan(library: LibraryFile, clusters: Sequence[Cluster]) -> tuple[Plan, list[Merged]]:
    """Each cluster merged into its kept entry, the others removed; a cluster inside another
    is merged with the larger one."""
    chosen = [
        cluster
        for cluster in clusters
        if not any(set(cluster.keys) < set(other.keys) for other in clusters)
    ]
    macros = library.macros()
    merged: list[Merged] = []
    changes: list[Change] = []
    done: set[str] = set()
    for cluster in chosen:
        if done & set(cluster.keys):
            continue  # an automatic cluster already merged into a possible one
        entries = [
            Stored(reading.publication(block, macros), tuple(block.fields))
            for block in (library.entry(key) for key in cluster.keys)
        ]
        result = merge(entries, cluster.keep, cluster.key or None)
        reason = f"merged {', '.join(result.removed)} into {result.key}"
        changes.append(Change(Action.REPLACE, result.key, result.entry_type, result.fields,
                              reason=reason))  # fmt: skip
        changes += [Change(Action.REMOVE, key, reason=f"merged into {result.key}")
                    for key in result.removed]  # fmt: skip
        done |= set(cluster.keys)
        merged.append(result)
    return plan_of(changes), merged


def distinct_plan(library: LibraryFile, first: str, second: str) -> Plan:
    """Remember in both entries that they are two works."""
    if first == second:
        raise UsageProblem("--distinct needs two different keys")
    blocks = [library.entry(first), library.entry(second)]  # UnknownKey before any plan
    changes = []
    for block, other in zip(blocks, (second, first), strict=True):
        fields = storage.with_distinct(block.fields, other)
        if fields != block.fields:
            changes.append(Change(Action.EDIT, block.key or "", block.entry_type or "misc",
                                  tuple(fields), reason=f"distinct from {other}"))  # fmt: skip
    return plan_of(changes)
