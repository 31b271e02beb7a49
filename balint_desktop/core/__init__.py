"""Domain model, services and errors. Never imports Qt."""
