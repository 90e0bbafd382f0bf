"""``make mutate``: mutation testing of the core layers, with a score per layer.

Runs mutmut (configured in ``pyproject.toml``: the four plain-Python layers, the fast unit
tests) and prints, for ``domain``, ``analytics``, ``storage`` and ``io``, how many mutants the
tests killed, the score over the mutants that can change behaviour, and every survivor with its
file and line. Mutants that cannot change behaviour are listed, with the reason, in
``tests/EQUIVALENT_MUTANTS.md`` (one ``- `name`: reason`` line each) and left out of the score.

    python scripts/mutate.py            # run (resumes where a previous run stopped), then report
    python scripts/mutate.py --report   # report on the last run only
    python scripts/mutate.py "followup_tui.io.export*"   # (re-)run these mutants, then report

A mutant that ``mypy --strict`` rejects (``type_check_command`` in ``pyproject.toml``) is caught
without running a test: it could never land, since ``make lint`` gates CI. The report shows those
apart from the mutants the tests killed, and the score of the tests alone beside the total.

Exit status 1 when a layer scores below the target (90 %).
"""

from __future__ import annotations

import argparse
import ast
import bisect
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("domain", "analytics", "storage", "io")
TARGET = 0.90
EQUIVALENTS = ROOT / "tests" / "EQUIVALENT_MUTANTS.md"
_EQUIVALENT_LINE = re.compile(r"^\s*[-*]\s*`(followup_tui\.[\w.ǁ]+__mutmut_\d+)`")
_MUTANT_FUNCTION = re.compile(r"__mutmut_\d+$")
_NAME = re.compile(r"^(?P<module>followup_tui(?:\.\w+)+)\.(?P<func>x[ǁ_]\S+?)__mutmut_\d+$")


@dataclass
class Layer:
    killed: int = 0
    typed: int = 0
    survived: list[str] = field(default_factory=list)
    equivalent: int = 0
    other: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def scored(self) -> int:
        return self.killed + self.typed + len(self.survived) + sum(self.other.values())

    @property
    def score(self) -> float:
        return (self.killed + self.typed) / self.scored if self.scored else 1.0

    @property
    def tests_score(self) -> float:
        """The score over the mutants the tests ran against (mypy's catches left out)."""
        ran = self.scored - self.typed
        return self.killed / ran if ran else 1.0


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


def _diff(name: str, path: Path) -> str:
    """What ``mutmut show NAME`` prints, in this process: a ``mutmut show`` per survivor
    took a second each (it loads mutmut and every result file to find the mutant)."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    try:
        return get_diff_for_mutant(name, path=path)
    except Exception:  # noqa: BLE001 - the survivor is still listed, without its line
        return ""


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
    shown = _diff(name, rel)
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
        elif status == "caught by type check":
            layer.typed += 1
        elif status == "survived":
            layer.survived.append(name)
        elif status not in ("skipped", "not checked"):
            layer.other[status] += 1
    failing = 0
    print(
        f"{'layer':<10} {'killed':>7} {'by mypy':>7} {'scored':>7} {'score':>7} {'tests':>7}"
        f"  equivalent  target {TARGET:.0%}"
    )
    for name, layer in layers.items():
        verdict = "MET" if layer.score >= TARGET else "NOT MET"
        failing += verdict != "MET"
        others = ", ".join(f"{k} {v}" for k, v in sorted(layer.other.items()))
        print(
            f"{name:<10} {layer.killed:>7} {layer.typed:>7} {layer.scored:>7} {layer.score:>7.1%} "
            f"{layer.tests_score:>7.1%}  "
            f"{layer.equivalent:>10}  {verdict}{'  (' + others + ')' if others else ''}"
        )
    survivors = [(n, layer) for layer in layers.values() for n in layer.survived]
    if survivors:
        print(f"\n{len(survivors)} surviving mutants (mutmut show NAME prints the change):")
        for name, _ in survivors:
            print(f"  {where(name):<45} {name}")
    return 1 if failing else 0


def _type_checked() -> dict[str, Any]:
    """mutmut's filter of the mutants ``mypy --strict`` rejects, with Python's own parser to
    find which mutant each error falls in. mutmut 3.8 parses the half a million lines of
    mutated code with libcst for this, which takes longer on 2 cores than the runs it saves;
    ``ast`` takes seconds. An error outside any mutant (none expected: the code type-checks
    before it is mutated) is reported and ignored."""
    from mutmut.configuration import config
    from mutmut.mutation.file_mutation import (
        FailedTypeCheckMutant,
        MutatedMethodLocation,
        group_by_path,
    )
    from mutmut.type_checking import run_type_checker
    from mutmut.utils.file_utils import change_cwd
    from mutmut.utils.format_utils import get_mutant_name

    caught: dict[str, Any] = {}
    outside = 0
    folder = Path("mutants").absolute()
    with change_cwd(folder):
        errors = run_type_checker(config().type_check_command)
    for path, errors_of_file in group_by_path(errors).items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        spans = sorted(
            (node.lineno, node.end_lineno or node.lineno, node.name)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and _MUTANT_FUNCTION.search(node.name)
        )
        starts = [start for start, _, _ in spans]
        for error in errors_of_file:
            at = bisect.bisect_right(starts, error.line_number) - 1
            if at < 0 or spans[at][1] < error.line_number:
                outside += 1
                continue
            start, end, func = spans[at]
            name = get_mutant_name(path.relative_to(folder), func)
            location = MutatedMethodLocation(path, func, start, end)
            caught.setdefault(name, FailedTypeCheckMutant(location, name, error))
    if outside:
        print(f"{outside} type errors outside any mutant were ignored", file=sys.stderr)
    return caught


def _run_mutmut(children: int, names: list[str]) -> int:
    """``mutmut run`` in this process, with the faster type-check filter."""
    import mutmut.__main__ as mutmut_main

    os.chdir(ROOT)
    mutmut_main.filter_mutants_with_type_checker = _type_checked  # type: ignore[assignment]
    try:
        mutmut_main.cli(["run", "--max-children", str(children), *names], standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", action="store_true", help="report on the last run only")
    parser.add_argument("--children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("names", nargs="*", help="mutant names or patterns to (re-)run only")
    parser.add_argument("--run-mutmut", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.chdir(ROOT)  # mutmut reads its configuration and results from the project's root
    if args.run_mutmut:
        return _run_mutmut(args.children, args.names)
    if not args.report:
        # mutmut runs the type checker by its bare name: the virtualenv's mypy.
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        run = subprocess.run(
            [sys.executable, __file__, "--run-mutmut", "--children", str(args.children)]
            + args.names,
            cwd=ROOT,
            env={**os.environ, "PATH": path},
            stdout=subprocess.DEVNULL,
            check=False,
        )
        if run.returncode not in (0, 1):
            print(f"mutmut run ended with status {run.returncode}", file=sys.stderr)
            return run.returncode
    return report()


if __name__ == "__main__":
    sys.exit(main())
