"""Project files: SQLite engine, schema version and migrations, lock, backups."""
