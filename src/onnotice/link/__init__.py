"""Linking listings into the operations behind them: shared identifiers and reused text (pure)."""
