"""What the keys of the main screen start: one small module per workflow.

Each workflow opens its form or question, turns the answer into a ``Change`` (``ui.changes``)
and reacts to the data worker's answers; the main screen only wires its panes and forwards keys
and messages here. A future screen (a call session, an interview form) logs and undoes through
the same ``Changes`` object and the same ``Saver``.
"""
