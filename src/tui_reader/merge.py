"""`tui-reader merge SRC.db... --db DEST`: combine annotators' databases into one, nothing lost or duplicated.

Each source is merged in its own transaction (`AnnotationStore.merge_from`, the SQL side); this module orders
the work and turns the outcome into the lines a user reads. Conflicts are reported, never resolved silently:
the destination's document or span is kept, and the source's version is named so someone can look.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from tui_reader.store import AnnotationStore, MergeReport


def merge_databases(store: AnnotationStore, sources: Sequence[str | Path],
                    on_merged: Callable[[MergeReport], None] | None = None) -> list[MergeReport]:  # fmt: skip
    """Merge every source into `store`, in the order given. Checks every source can be read before merging
    any, so a bad file named last does not leave the first ones merged and the rest not."""
    for src in sources:
        store.check_merge_source(src)
    reports = []
    for src in sources:
        rep = store.merge_from(src)
        reports.append(rep)
        if on_merged:
            on_merged(rep)
    return reports


def conflict_lines(rep: MergeReport, dest: str | Path) -> list[str]:
    """One line per conflict or problem, naming the source, the item and what was kept."""
    lines = [
        f"{rep.source}: document {d!r} has other text than in {dest}; kept {dest}'s, its spans not merged"
        for d in rep.document_conflicts
    ]
    lines += [f"{rep.source}: span {s} differs from the copy in {dest}; kept {dest}'s" for s in rep.span_conflicts]
    lines += [f"{rep.source}: relation {r} differs from the one in {dest}; kept {dest}'s" for r in rep.relation_conflicts]
    lines += [f"{rep.source}: {c}" for c in rep.delete_conflicts]
    lines += [f"{rep.source}: skipped {p}" for p in rep.problems]
    return lines


def summary_line(rep: MergeReport) -> str:
    c = rep.counts()
    parts = [
        f"{c['documents_added']} documents added ({c['documents_same']} already here)",
        f"{c['spans_added']} spans added ({c['spans_same']} already here)",
        f"{c['events_added']} events",
        f"{c['progress_updated']} progress updates",
        f"{c['links_added']} links",
    ]
    if c["relations_added"] or c["relations_same"]:
        parts.insert(2, f"{c['relations_added']} relations added ({c['relations_same']} already here)")
    if c["spans_deleted"] or c["relations_deleted"]:
        parts.append(f"{c['spans_deleted']} spans and {c['relations_deleted']} relations deleted as in the source")
    conflicts = c["document_conflicts"] + c["span_conflicts"] + c["relation_conflicts"] + c["delete_conflicts"]
    if conflicts:
        parts.append(f"{conflicts} conflicts")
    return f"{rep.source}: " + ", ".join(parts)
