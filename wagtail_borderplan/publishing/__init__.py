"""Publishing driven by the calendar: the scheduled-publishing runner and its heartbeat."""
