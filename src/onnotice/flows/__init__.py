"""Flows: the commands' work, the pure core with the store and the ledger in one transaction."""
