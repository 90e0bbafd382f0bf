"""Child-process scripts for the crash and concurrency tests (run as separate programs)."""
