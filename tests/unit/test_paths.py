"""The data, backup and lock files where platformdirs puts them on Linux, macOS and Windows, for a
user whose name has spaces and letters outside ASCII."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import platformdirs
import platformdirs.macos
import platformdirs.unix
import platformdirs.windows
import pytest

from followup_tui.__main__ import main
from followup_tui.domain.models import Contact
from followup_tui.storage import Store, default_db_path

USER = "Zoë Ångström-Łukasz 山田 O'Brien"
T0 = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)


def mode(path: Path) -> int:
    return os.lstat(path).st_mode & 0o777


@pytest.fixture(params=["linux", "darwin", "win32"])
def home(request, tmp_path: Path, monkeypatch) -> Path:
    """A home folder for USER, and platformdirs answering as on the system named."""
    home = tmp_path / "Users" / USER
    home.mkdir(parents=True)
    monkeypatch.delenv("FOLLOWUP_TUI_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    monkeypatch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
    kind = {
        "linux": platformdirs.unix.Unix,
        "darwin": platformdirs.macos.MacOS,
        "win32": platformdirs.windows.Windows,
    }[request.param]
    if request.param == "win32":  # the known-folder lookup needs Windows: use the variables
        monkeypatch.setattr(
            platformdirs.windows,
            "_RESOLVE_WIN_FOLDER",
            platformdirs.windows.get_win_folder_from_env_vars,
        )
    monkeypatch.setattr(
        platformdirs,
        "user_data_path",
        lambda appname, appauthor=None: kind(appname, appauthor=appauthor).user_data_path,
    )
    return home


EXPECTED = {
    "linux": (".local", "share", "followup-tui"),
    "darwin": ("Library", "Application Support", "followup-tui"),
    "win32": ("AppData", "Local", "followup-tui"),
}


def test_data_backup_and_lock_live_under_a_non_ascii_home(
    home: Path, capsys, request: pytest.FixtureRequest
) -> None:
    system = request.node.callspec.params["home"]
    path = default_db_path()
    assert path == home.joinpath(*EXPECTED[system], "followup.json")
    clock = {"now": T0}
    s = Store.open(path, clock=lambda: clock["now"])
    s.add_contact(Contact(name=f"{USER} (self)"))
    clock["now"] = T0 + timedelta(days=1)
    s.add_contact(Contact(name="Ann Lee"))
    s.close()
    assert main(["log", "Ann Lee", "--outcome", "voicemail", "--note", "café"]) == 0
    assert main(["due"]) == 0
    assert "Ann Lee" in capsys.readouterr().out
    data = orjson.loads(path.read_bytes())
    assert [a["note"] for a in data["attempts"].values()] == ["café"]
    assert data["contacts"]["1"]["name"] == f"{USER} (self)"
    assert Path(str(path) + ".lock").is_file()
    assert [p.name for p in Store.open(path).backups()][-1] == "followup.json.bak-20261126"
    folder = home
    for part in EXPECTED[system]:  # every folder followup-tui made is private
        folder = folder / part
        assert mode(folder) == 0o700, folder


def test_the_data_file_named_in_the_environment_is_used(tmp_path: Path, monkeypatch) -> None:
    from followup_tui.storage.paths import resolve_db_path

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("FOLLOWUP_TUI_DB", "~/search/followup.json")
    assert resolve_db_path() == tmp_path / "search" / "followup.json"
    assert resolve_db_path("~/other.json") == tmp_path / "other.json"  # --db wins
    monkeypatch.setenv("FOLLOWUP_TUI_DB", "")
    assert resolve_db_path() == default_db_path()
