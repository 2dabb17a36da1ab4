"""Credential columns, for every format: a header that names a password, secret, token or key
is blanked before any column is read, so no credential value can reach a record, its
``extra``, a problem message, a log or the store; the preview names what was dropped."""

from __future__ import annotations

import re

from hmfield.core.inventory.formats.aliases import header_key
from hmfield.core.inventory.formats.readers import SheetTable
from hmfield.core.model.records import ParsedInventory

# Any header containing one of these is a credential column (matched on the header key).
_SECRET_WORDS = (
    "password", "passwd", "pwd", "secret", "token", "credential", "key_path", "keypath",
    "private key", "private_key", "privatekey", "api key", "api_key", "apikey", "access key",
    "access_key", "密码", "口令", "密钥", "凭据", "凭证", "令牌",
)  # fmt: skip
# ... or has one of these as a whole word: ``key``, ``SSH Key``, ``ssh_key`` (not ``keyboard``).
_SECRET_TOKENS = frozenset({"key", "keys", "pass", "passphrase", "pin"})
_TOKEN_SPLIT = re.compile(r"[^0-9a-z]+")
# Headers of the exports we read that have "key" as a word and hold no secret (exact header
# keys; anything else with such a word is still dropped: better a lost column than a leaked
# password). RVTools vInfo: the lowest EVC mode the VM needs (a CPU feature level).
_NOT_SECRET = frozenset({"min required evc mode key"})


def is_secret(header: str) -> bool:
    """True for a header that names a credential (password, secret, token, key, 密码 ...)."""
    key = header_key(header)
    if key in _NOT_SECRET:
        return False
    if any(word in key for word in _SECRET_WORDS):
        return True
    return any(t in _SECRET_TOKENS for t in _TOKEN_SPLIT.split(key))


def drop_secrets(table: SheetTable, inv: ParsedInventory) -> None:
    """Blank every credential column of ``table`` in place and record that it was dropped."""
    secret = [(i, h) for i, h in enumerate(table.header) if h and is_secret(h)]
    if not secret:
        return
    for _, row in table.rows:
        for i, _h in secret:
            if i < len(row):
                row[i] = ""
    for i, h in secret:
        table.header[i] = ""
        if h not in inv.dropped_columns:
            inv.dropped_columns.append(h)
    where = f" (sheet {table.sheet})" if table.sheet else ""
    inv.notes.append(
        f"credential column(s) dropped{where}: {', '.join(h for _, h in secret)}; their values"
        " were not imported (enter credentials in HyperMotion itself)"
    )
