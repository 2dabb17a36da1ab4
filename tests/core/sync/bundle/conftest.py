import pytest

from hmfield.core.sync.bundle import crypto


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    """Cheap scrypt so the fuzz-style tests can open encrypted bundles thousands of times."""
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
