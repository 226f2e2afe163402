"""Flows: the commands' work, combining the pure core with the store and the ledger in one transaction."""
