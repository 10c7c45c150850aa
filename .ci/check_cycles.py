"""Fail when two llmstudio modules reach each other through their imports (an import cycle).

A package importing its own submodules is not counted (a package's ``__init__`` may
re-export what its modules define); a submodule importing its package back is.
grimp is installed with import-linter.
"""

from __future__ import annotations

import sys

import grimp


def find_cycles(package: str = "llmstudio") -> list[tuple[str, str]]:
    graph = grimp.build_graph(package)
    pairs: set[tuple[str, str]] = set()
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in graph.modules:
                continue
            if imported.startswith(module + "."):
                continue
            if module in graph.find_upstream_modules(imported):
                pairs.add(tuple(sorted((module, imported))))  # type: ignore[arg-type]
    return sorted(pairs)


# Cycles being broken right now by the restructure (issue #11); this list must end empty.
KNOWN: set[tuple[str, str]] = set()


def main() -> int:
    cycles = [pair for pair in find_cycles() if pair not in KNOWN]
    for a, b in cycles:
        print(f"import cycle: {a} <-> {b} (each reaches the other through its imports)")
    if cycles:
        print(f"{len(cycles)} import cycle(s); break them (move the shared part into a module both import).")
        return 1
    print("no import cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
