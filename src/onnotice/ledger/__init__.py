"""The ledger (pure): canonical entry bytes, RFC 9162 Merkle tree, proofs, signed checkpoints."""
