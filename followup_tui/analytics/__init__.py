"""Analytics: pure functions over attempts (reachability grid, suggestions, statistics)."""
