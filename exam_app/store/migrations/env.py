"""Alembic environment of the review store: run by `review_database`, never from an alembic.ini.

The caller puts an open SQLAlchemy connection in `config.attributes["connection"]`; offline mode (SQL
scripts for a database administrator) uses `config.get_main_option("sqlalchemy.url")`.
`render_as_batch` makes ALTER TABLE work on SQLite by copying the table, as SQLite's ALTER cannot.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from exam_app.store.review_models import ReviewBase

config = context.config
options: dict[str, Any] = {
    "target_metadata": ReviewBase.metadata,
    "render_as_batch": True,
    "compare_type": True,
}

if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options)
    with context.begin_transaction():
        context.run_migrations()
else:
    context.configure(connection=config.attributes["connection"], **options)
    with context.begin_transaction():
        context.run_migrations()
