"""A symbolic link swapped in between a file's check and its opening."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest


def link_swapped_in(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, link: Path, content: bytes
) -> None:
    """Make ``link`` a symbolic link to a file holding ``content``, and let ``module``'s check
    (``lstat_no_symlink``) see the target instead, as if the link replaced the file just after
    the check. The open that follows must still refuse it."""
    target = link.with_name(link.name + ".elsewhere")
    target.write_bytes(content)
    link.symlink_to(target)
    monkeypatch.setattr(module, "lstat_no_symlink", lambda p: os.stat(p))
