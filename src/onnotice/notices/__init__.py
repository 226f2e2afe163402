"""Public notices: reading, matching customers, classifying sentences, dating events (pure)."""
