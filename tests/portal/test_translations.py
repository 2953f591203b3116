"""Every UI string is in the Japanese catalogue, translated, and the catalogue is current."""

import shutil
from pathlib import Path

import polib
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2] / "localsdg"
CATALOGUE = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def test_every_entry_has_a_japanese_translation() -> None:
    po = polib.pofile(str(CATALOGUE))
    assert po.metadata["Plural-Forms"].startswith("nplurals=1")
    untranslated = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == []
    obsolete = [e.msgid for e in po.obsolete_entries()]
    assert obsolete == []


def test_catalogue_holds_every_string_in_the_code(tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "localsdg"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ja"], ignore_patterns=["core/*"], verbosity=0)
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/ja/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    assert extracted - committed == set(), "run makemessages -l ja and translate the new strings"
