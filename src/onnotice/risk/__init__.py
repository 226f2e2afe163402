"""Customer risk as of a date, in both clocks: what was known and what was public (pure)."""
