"""``python -m onnotice``: the same as the ``onnotice`` command."""

from __future__ import annotations

from onnotice.cli import main

if __name__ == "__main__":
    main()
