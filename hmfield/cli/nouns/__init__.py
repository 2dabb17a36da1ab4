"""The nouns of the one CLI grammar that have no older command: one *_cmds.py each."""
