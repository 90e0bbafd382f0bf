"""What the keys of the main screen start: one small module per workflow.

Each workflow opens its form or question, turns the answer into a ``Change`` (``ui.changes``)
and reacts to the data worker's answers; the main screen only wires its panes and forwards keys
and messages here. A screen pushed over the main screen (a call session, an interview form, the
news bank) logs and undoes through the same objects: ``app.main_screen.attempts.logged(attempt)``
shows the attempt at once and writes it after the frame, ``.undo()`` takes back the last one,
and the one ``Changes`` of the workspace decides what is saved, unsaved or undone.
"""
