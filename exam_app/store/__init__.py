"""SQLAlchemy models, sessions and migrations: the only place SQL lives."""
