"""The encrypted database: connection, schema, migrations. Never imports Qt."""
