"""Child processes that the crash-safety tests kill with SIGKILL."""
