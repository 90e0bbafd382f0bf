"""followup-tui ui/widgets."""
