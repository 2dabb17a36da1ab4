"""hmfield.core must never load Qt: imported in a fresh interpreter, PySide6 stays unloaded."""

import pkgutil
import subprocess
import sys

import hmfield.core


def test_core_modules_do_not_import_pyside6():
    names = [m.name for m in pkgutil.walk_packages(hmfield.core.__path__, "hmfield.core.")]
    assert len(names) > 10
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}:\n"
        "    importlib.import_module(n)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'hmfield.gui')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"core pulled in: {out.stdout}"


def test_network_is_blocked_in_tests():
    import socket

    import pytest

    s = socket.socket()
    with pytest.raises(RuntimeError, match="network access blocked"):
        s.connect(("192.0.2.1", 80))
    s.close()
