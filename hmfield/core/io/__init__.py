"""Import and export of inventories, templates and reports' data (Qt-free)."""
