"""Domain layer: dataclasses and rules. Plain Python: no Textual, no Rich, no TinyDB."""
