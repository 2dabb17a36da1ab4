"""Small file helpers shared by writers of reports, exports and evidence copies."""

from __future__ import annotations

import os


def usual_mode(path) -> None:
    """Give a file made with ``tempfile.mkstemp`` (0600) the permissions a normally created
    file gets (0666 less the umask), so a report on a shared folder is readable by others."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
