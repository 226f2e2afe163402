"""The scan path as it was before the speed work (commit fae4e41), kept to test against.

The faster readers must give exactly what these gave; ``test_differential.py`` runs both
over a synthetic corpus and over generated text. Frozen copies: do not edit or import
from ``src``.
"""
