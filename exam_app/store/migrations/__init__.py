"""Alembic migrations of the review store, shipped in the package and driven from `review_database`."""
