"""One module per inventory format. Each exposes ``FORMAT_ID``, ``LABEL_ZH``, ``LABEL_EN``,
``EXPECT`` (what the file looks like, for the "not recognised" message), ``sniff(peek)``
and ``parse(path, progress) -> ParsedInventory``; :mod:`hmfield.core.inventory.formats.registry` lists them.
"""
