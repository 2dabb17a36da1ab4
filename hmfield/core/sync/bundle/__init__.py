"""The ``*.hmbundle`` container: a verified, optionally encrypted zip moved between laptops.

Members are opaque bytes here; the project-data payload and the merge live elsewhere.
"""

from hmfield.core.sync.bundle.container import (
    BUNDLE_SUFFIX,
    inspect_bundle,
    read_bundle,
    write_bundle,
)
from hmfield.core.sync.bundle.errors import BundleError, BundleProblem
from hmfield.core.sync.bundle.manifest import BUNDLE_FORMAT_VERSION, Manifest, MemberInfo
from hmfield.core.sync.bundle.reader import OpenedBundle
from hmfield.core.sync.bundle.safety import DEFAULT_LIMITS, Limits

__all__ = [
    "BUNDLE_FORMAT_VERSION",
    "BUNDLE_SUFFIX",
    "DEFAULT_LIMITS",
    "BundleError",
    "BundleProblem",
    "Limits",
    "Manifest",
    "MemberInfo",
    "OpenedBundle",
    "inspect_bundle",
    "read_bundle",
    "write_bundle",
]
