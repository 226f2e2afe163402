"""Alembic migrations of the store; ``onnotice.store.db.upgrade`` runs them."""
