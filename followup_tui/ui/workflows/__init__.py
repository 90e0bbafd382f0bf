"""What the keys of the main screen start: one small module per workflow.

Each workflow opens its form or question, turns the answer into a ``Change`` (``ui.changes``)
and reacts to the data worker's answers; the main screen only wires its panes and forwards keys
and messages here. A screen pushed over the main screen (a call session, an interview form, the
news bank) logs and undoes through the same objects: ``app.main_screen.attempts.logged(attempt)``
shows the attempt at once, writes it after the frame and returns its ``Change``; ``.undo()``
takes back the last one (``.undo(since=token)`` only those logged after ``Changes.last_token``
was noted, as a call session does), and the one ``Changes`` of the workspace decides what is
saved, unsaved or undone. ``app.main_screen.call_session.start(only=ids)`` starts a call
session (Today's ``c``).
"""
