"""Qt-free domain core of hmfield: models, storage, services, import/export, reports."""
