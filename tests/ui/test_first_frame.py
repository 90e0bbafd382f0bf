"""The first frame loads only what it draws (issue #17): the forms, the call session (and with it
phonenumbers), Today, Insights (plotext), the record lists and the stylesheet's rules for them
load when first opened.

Each test runs the app in a fresh interpreter, so that ``sys.modules`` shows what the start-up
itself loaded; a new heavy import on that path fails here, named.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_tui.domain.models import Contact
from followup_tui.storage import Store

#: Modules the main screen's first frame must not load (a prefix covers its sub-modules).
#: Select and OptionList are not here: Textual's own command palette loads them with the app.
DEFERRED = (
    "phonenumbers",
    "pendulum",
    "plotext",
    "textual_plotext",
    "holidays",
    "icalendar",
    "vobject",
    "csv",
    "textual.widgets._text_area",
    "textual.widgets._selection_list",
    "textual.widgets._radio_set",
    "followup_tui.io",
    "followup_tui.analytics.insights",
    "followup_tui.analytics.call_queue",
    "followup_tui.analytics.today",
    "followup_tui.analytics.stats",
    "followup_tui.domain.validation",
    "followup_tui.domain.whentext",
    # The Store and TinyDB: the data worker loads them once the contacts frame is drawn.
    "tinydb",
    "followup_tui.storage.store",
    "followup_tui.storage.jsonstorage",
    # The highlighted contact's reachability: asked of the data worker once the file is read.
    "followup_tui.ui.reach",
    # The changes' records: with the first edit, or the data worker's first write.
    "followup_tui.ui.changes",
)
#: The screens that may load with the main screen: none but itself. The help (`?`, F1) and the
#: dialogs (confirm, the file replaced or gone, problems in the file) load when first opened.
EAGER_SCREENS = {"main"}

_PROBE = """
import asyncio, gc, json, sys
from pathlib import Path
from followup_tui.ui.lazy import collection_paused

painted_modules = []

def record_modules(painted):
    def contacts_painted(self):
        painted_modules.extend(sorted(sys.modules))  # what the first frame loaded
        painted(self)
    return contacts_painted

async def main():
    path = Path(sys.argv[1])
    # As the command line starts it: with the file's head already read (contacts first),
    # or as the demo does, without.
    app = make_app(path, head=None if "no-head" in sys.argv else check_before_start(path))
    if "silent" in sys.argv:  # a data file that never answers: the pause's time limit
        app.data.start = lambda post: None
    async with app.run_test(size=(120, 36)) as pilot:
        paused_at_start = not gc.isenabled()
        for _ in range(400):
            await pilot.pause(0.01)
            if app.screen.query(ContactList) and app.screen.query_one(ContactList).visible_rows():
                break
        rows = len(app.screen.query_one(ContactList).visible_rows())
        loaded = painted_modules or sorted(sys.modules)
        css = [place for _, place in app.stylesheet.source if place in ("", "later")]
        # Collection resumes right after the frame that drew the rows; well before the pause's
        # time limit (3 s) even on a busy machine.
        for _ in range(150):
            await pilot.pause(0.01)
            if gc.isenabled():
                break
        collecting = gc.isenabled()
        opened = {}
        if "open" in sys.argv:
            for _ in range(300):  # `l` logs once the whole history is read, after the list
                if app.screen.workspace is not None and app.screen.workspace.loaded:
                    break
                await pilot.pause(0.01)
            await pilot.press("l")
            for _ in range(200):  # the form's module loads when the key asks for it
                await pilot.pause(0.01)
                if "followup_tui.ui.screens.attempt_form" in sys.modules:
                    break
            opened["l"] = "followup_tui.ui.screens.attempt_form" in sys.modules
            for _ in range(200):  # and its rules with it
                await pilot.pause(0.01)
                if app.screen.query(".form"):
                    break
            opened["css"] = [place for _, place in app.stylesheet.source if place in ("", "later")]
        if "silent" in sys.argv:
            await pilot.pause(0.5)
            collecting = gc.isenabled()
    print(json.dumps({
        "rows": rows, "loaded": loaded, "opened": opened, "css": css,
        "paused_at_start": paused_at_start,
        "collecting": collecting, "frozen": gc.get_freeze_count(),
    }))

with collection_paused():  # as the command line starts the app
    import followup_tui.ui.app
    from followup_tui.ui.app import make_app
    from followup_tui.ui.widgets.contact_list import ContactList
    from followup_tui.storage.peek import check_before_start
    from followup_tui.ui.workflows.loading import LoadFlow
    LoadFlow._contacts_painted = record_modules(LoadFlow._contacts_painted)
    if "silent" in sys.argv:
        followup_tui.ui.app.PAUSE_LIMIT_S = 0.3
    asyncio.run(main())
"""


def _first_frame(db: Path, *extra: str) -> dict[str, object]:
    # The machine's zone as $TZ gives it (pendulum is asked only when neither $TZ nor the
    # /etc/localtime link names one).
    env = {**os.environ, "TZ": "Europe/Paris"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(db), *extra],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _data_file(tmp_path: Path) -> Path:
    db = tmp_path / "followup.json"
    store = Store.open(db)
    store.add_contact(Contact(name="Ann Lee", company="Acme", phones=("+12125550134",)))
    store.close()
    return db


def test_the_first_frame_loads_no_form_session_or_chart(tmp_path):
    result = _first_frame(_data_file(tmp_path))
    assert result["rows"] == 1
    loaded = result["loaded"]
    assert isinstance(loaded, list)
    early = [
        name
        for name in loaded
        if any(name == prefix or name.startswith(prefix + ".") for prefix in DEFERRED)
    ]
    assert early == [], f"loaded before the first frame: {early}"
    screens = {
        name.rsplit(".", 1)[1] for name in loaded if name.startswith("followup_tui.ui.screens.")
    }
    assert screens - EAGER_SCREENS == set(), f"screens loaded at start: {screens - EAGER_SCREENS}"
    # The stylesheet's rules for the other screens are not parsed yet (ui.app.stylesheet_parts).
    assert result["css"] == [""]


@pytest.mark.parametrize("how", ["head", "no-head"])
def test_garbage_collection_waits_for_the_first_frame_then_resumes(tmp_path, how):
    # The objects the start-up builds live as long as the app: no collection pass scans them
    # on the way to the first frame; once the contacts are drawn they are frozen (out of every
    # later pass) and collection is back on.
    result = _first_frame(_data_file(tmp_path), how)
    assert result["rows"] == 1
    assert result["paused_at_start"] is True
    assert result["collecting"] is True
    assert isinstance(result["frozen"], int) and result["frozen"] > 10_000


def test_garbage_collection_resumes_even_when_the_file_never_answers(tmp_path):
    result = _first_frame(_data_file(tmp_path), "silent")
    assert result["rows"] == 0
    assert result["paused_at_start"] is True
    assert result["collecting"] is True


def test_a_deferred_screen_loads_when_its_key_is_pressed(tmp_path):
    # The other half of the bargain: `l` still opens the log form, loading it then.
    result = _first_frame(_data_file(tmp_path), "open")
    assert result["opened"] == {"l": True, "css": ["", "later"]}


_START = """
import json, sys
from followup_tui.ui import app as app_module

loaded = []
# Where the app would take over the terminal: what the command line loaded for it by then.
app_module.FollowupApp.run = lambda self, *args, **kwargs: loaded.extend(sorted(sys.modules))

from followup_tui.__main__ import app_start, _dispatch
status = _dispatch(app_start(sys.argv[1:]))
print(json.dumps({"status": status, "loaded": loaded}))
"""


def test_the_command_line_starts_the_app_without_its_own_commands(tmp_path):
    # `followup-tui --db PATH` builds no parser and loads no command's module (cli: argparse's
    # subcommands, the backup hint) before the first frame; a broken file still gets its hint.
    db = _data_file(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _START, "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0
    assert "followup_tui.ui.app" in result["loaded"]
    assert "followup_tui.cli" not in result["loaded"]
    db.write_text("{not json")
    broken = subprocess.run(
        [sys.executable, "-c", _START, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert broken.returncode == 0
    assert json.loads(broken.stdout.strip().splitlines()[-1]) == {"status": 2, "loaded": []}
    assert broken.stderr.startswith(f"followup-tui: {db}: not valid JSON")
