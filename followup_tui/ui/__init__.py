"""followup-tui ui."""
