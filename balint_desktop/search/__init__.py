"""Full-text search inside the encrypted database. Never imports Qt."""
