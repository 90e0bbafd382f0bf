"""The core is reachable without the TUI: domain, analytics, storage and io never load
textual or rich, and only storage imports tinydb."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import followup_tui

PACKAGE_DIR = Path(followup_tui.__file__).parent
CORE = ("domain", "analytics", "storage", "io")


def _modules(layer: str) -> list[str]:
    return [
        f"followup_tui.{layer}.{m.name}" for m in pkgutil.walk_packages([str(PACKAGE_DIR / layer)])
    ] + [f"followup_tui.{layer}"]


def test_core_layers_do_not_load_textual_or_rich():
    modules = [m for layer in CORE for m in _modules(layer)]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core layers loaded: {out.stdout.strip()}"


def test_command_line_without_app_does_not_load_textual():
    code = (
        "import sys\n"
        "from followup_tui.__main__ import build_parser\n"
        "build_parser()\n"
        "import followup_tui.cli\n"
        "print(','.join(sorted(n for n in sys.modules if n.split('.')[0] == 'textual')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_only_storage_imports_tinydb():
    offenders = []
    for path in PACKAGE_DIR.rglob("*.py"):
        rel = path.relative_to(PACKAGE_DIR)
        if rel.parts[0] == "storage":
            continue
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("import tinydb", "from tinydb")):
                offenders.append(str(rel))
    assert offenders == []
