"""followup-tui ui/screens."""
