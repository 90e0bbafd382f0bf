"""``make mutate``: mutation testing of the core layers, with a score per layer.

Runs mutmut (configured in ``pyproject.toml``: the four plain-Python layers, the fast unit
tests) and prints, for ``domain``, ``analytics``, ``storage`` and ``io``, how many mutants the
tests killed, the score over the mutants that can change behaviour, and every survivor with its
file and line. Mutants that cannot change behaviour are listed, with the reason, in
``tests/EQUIVALENT_MUTANTS.md`` (one ``- `name`: reason`` line each) and left out of the score.

    python scripts/mutate.py            # run (resumes where a previous run stopped), then report
    python scripts/mutate.py --report   # report on the last run only

Exit status 1 when a layer scores below the target (90 %).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("domain", "analytics", "storage", "io")
TARGET = 0.90
EQUIVALENTS = ROOT / "tests" / "EQUIVALENT_MUTANTS.md"
_EQUIVALENT_LINE = re.compile(r"^\s*[-*]\s*`(followup_tui\.[\w.ǁ]+__mutmut_\d+)`")
_NAME = re.compile(r"^(?P<module>followup_tui(?:\.\w+)+)\.(?P<func>x[ǁ_]\S+?)__mutmut_\d+$")


@dataclass
class Layer:
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    equivalent: int = 0
    other: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def scored(self) -> int:
        return self.killed + len(self.survived) + sum(self.other.values())

    @property
    def score(self) -> float:
        return self.killed / self.scored if self.scored else 1.0


def mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, check=False)


def equivalents() -> set[str]:
    if not EQUIVALENTS.exists():
        return set()
    found = set()
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        match = _EQUIVALENT_LINE.match(line)
        if match:
            found.add(match.group(1))
    return found


def where(name: str) -> str:
    """``path:line`` of a mutant: its function's first line plus the diff's offset."""
    match = _NAME.match(name)
    if not match:
        return "?"
    module, func = match.group("module"), match.group("func")
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    rel = path.relative_to(ROOT)
    # mutmut names functions x_NAME and methods xǁCLASSǁNAME.
    parts = func[1:].split("ǁ") if func.startswith("xǁ") else ["", func[2:]]
    wanted_class, wanted_func = parts[-2] if len(parts) > 1 else "", parts[-1]
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return str(rel)
    start = None
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and wanted_class and node.name == wanted_class:
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    and item.name == wanted_func
                ):
                    start = item.lineno
        elif (
            not wanted_class
            and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name == wanted_func
        ):
            start = node.lineno
    if start is None:
        return str(rel)
    shown = mutmut("show", name).stdout
    hunk = re.search(r"^@@ -(\d+)", shown, re.MULTILINE)
    offset = 0
    if hunk:
        first_changed = int(hunk.group(1))
        for i, line in enumerate(shown.split("@@", 2)[-1].splitlines()[1:]):
            if line.startswith(("-", "+")):
                offset = first_changed - 1 + i
                break
    return f"{rel}:{start + offset}"


def report() -> int:
    out = mutmut("results", "--all", "true").stdout
    known_equivalent = equivalents()
    layers = {name: Layer() for name in LAYERS}
    for line in out.splitlines():
        if ":" not in line:
            continue
        name, _, status = line.strip().rpartition(": ")
        parts = name.split(".")
        if len(parts) < 3 or parts[1] not in layers:
            continue
        layer = layers[parts[1]]
        if name in known_equivalent:
            layer.equivalent += 1
        elif status in ("killed", "timeout"):
            # A mutant that makes a test hang (an endless loop) is caught, as mutmut scores it.
            layer.killed += 1
        elif status == "survived":
            layer.survived.append(name)
        elif status not in ("skipped", "not checked"):
            layer.other[status] += 1
    failing = 0
    print(
        f"{'layer':<10} {'killed':>7} {'scored':>7} {'score':>7}  equivalent  target {TARGET:.0%}"
    )
    for name, layer in layers.items():
        verdict = "MET" if layer.score >= TARGET else "NOT MET"
        failing += verdict != "MET"
        others = ", ".join(f"{k} {v}" for k, v in sorted(layer.other.items()))
        print(
            f"{name:<10} {layer.killed:>7} {layer.scored:>7} {layer.score:>7.1%}  "
            f"{layer.equivalent:>10}  {verdict}{'  (' + others + ')' if others else ''}"
        )
    survivors = [(n, layer) for layer in layers.values() for n in layer.survived]
    if survivors:
        print(f"\n{len(survivors)} surviving mutants (mutmut show NAME prints the change):")
        for name, _ in survivors:
            print(f"  {where(name):<45} {name}")
    return 1 if failing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", action="store_true", help="report on the last run only")
    parser.add_argument("--children", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    if not args.report:
        exe = Path(sys.executable).with_name("mutmut")
        run = subprocess.run(
            [str(exe), "run", "--max-children", str(args.children)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            check=False,
        )
        if run.returncode not in (0, 1):
            print(f"mutmut run ended with status {run.returncode}", file=sys.stderr)
            return run.returncode
    return report()


if __name__ == "__main__":
    sys.exit(main())
