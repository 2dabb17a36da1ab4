"""Settings written together reach the file once, at the end of the batch (each write of the
file is a replace and a flush to disk: opening a project wrote it three times)."""

from __future__ import annotations

from hmfield.gui.common.settings import Settings
from hmfield.paths import config_dir


def _on_disk() -> str:
    return (config_dir() / "settings.ini").read_text(encoding="utf-8")


def test_a_batch_writes_the_file_once_with_every_value(qapp, tmp_path):
    settings = Settings()
    settings.set("paths/last_folder", str(tmp_path / "before"))
    written = _on_disk()
    with settings.batch():
        settings.add_recent(str(tmp_path / "p.hmfield"))
        settings.remember_title(str(tmp_path / "p.hmfield"), "银行核心", "ACME")
        settings.set("paths/last_folder", str(tmp_path / "after"))
        assert _on_disk() == written  # nothing written yet
        assert settings.recent_projects() == [str(tmp_path / "p.hmfield")]  # but read back
    text = _on_disk()
    assert "after" in text and "p.hmfield" in text and "before" not in text
    again = Settings()
    assert again.recent_titles()[str(tmp_path / "p.hmfield")] == ("银行核心", "ACME")
    assert again.get("paths/last_folder") == str(tmp_path / "after")


def test_a_single_setting_is_still_written_at_once(qapp, tmp_path):
    settings = Settings()
    settings.set("paths/last_folder", str(tmp_path / "now"))
    assert "now" in _on_disk()
