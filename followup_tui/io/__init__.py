"""Import and export formats, and demo data. No Textual, no TinyDB."""
