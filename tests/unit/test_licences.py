"""The licence texts every build carries, and what --version and About report."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata, resources
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

import balint_desktop
from balint_desktop.__main__ import parse_args
from balint_desktop.core import about, licences
from balint_desktop.crypto.keyfile import FORMAT_VERSION
from balint_desktop.storage.migrations import LATEST_VERSION

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ROOT / "balint_desktop" / "licenses"


def by_name(name: str) -> licences.Component:
    return next(c for c in licences.components() if c.name == name)


@pytest.mark.parametrize("component", licences.components(), ids=lambda c: c.name)
def test_every_component_has_a_non_empty_text(component: licences.Component) -> None:
    text = component.text()
    assert len(text.strip()) > 150
    assert component.licence
    for name in component.files:
        assert (TEXTS / name).is_file()


def test_every_text_file_is_listed_and_in_the_readme() -> None:
    listed = {name for c in licences.components() for name in c.files}
    on_disk = {p.name for p in TEXTS.iterdir() if p.suffix == ".txt"}
    assert listed == on_disk
    readme = (TEXTS / "README").read_text(encoding="utf-8")
    for component in licences.components():
        assert component.name.split()[0] in readme
    for name in on_disk:
        assert name in readme


def test_the_texts_are_read_as_package_resources() -> None:
    # importlib.resources, not a path beside the source: works in a wheel and a bundle.
    folder = resources.files("balint_desktop").joinpath("licenses")
    assert folder.joinpath("LGPL-3.0.txt").read_text(encoding="utf-8") == licences.read_text(
        "LGPL-3.0.txt"
    )


def test_qt_is_under_the_real_lgpl_3_with_the_gpl_it_builds_on() -> None:
    for name in ("Qt", "PySide6", "Shiboken6"):
        text = by_name(name).text()
        assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
        assert "Version 3, 29 June 2007" in text
        assert "GNU GENERAL PUBLIC LICENSE" in text
        assert "https://download.qt.io" in text  # where the source is
        assert "replace" in text  # the user may swap the Qt libraries


def test_bundled_libraries_carry_their_own_notices() -> None:
    assert "ZETETIC LLC" in by_name("SQLCipher").text()
    assert "May you do good and not evil" in by_name("SQLite").text()
    crypto = by_name("cryptography").text()
    assert "Apache License" in crypto
    assert "Redistribution and use in source and binary forms" in crypto
    assert "Apache License" in by_name("OpenSSL").text()
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in by_name("Python").text()


def test_balint_desktop_is_mit_and_the_copy_matches_license() -> None:
    license_file = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_file.startswith("MIT License\n\nCopyright (c) 2026 Balint Desktop developers")
    assert "Permission is hereby granted, free of charge" in license_file
    assert licences.APP.text() == license_file
    assert licences.APP.licence == "MIT"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]


def test_listed_versions_are_the_installed_ones() -> None:
    for component in licences.components():
        if component.distribution is None:
            assert component.installed_version() is None
            continue
        try:
            expected = metadata.version(component.distribution)
        except metadata.PackageNotFoundError:  # tzdata: Windows only
            assert component.installed_version() is None
        else:
            assert component.installed_version() == expected


def test_version_ranges_follow_pyproject_and_hold_for_the_installed_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = " ".join(r.split(";")[0].replace(" ", "") for r in project["dependencies"]).lower()
    for component in licences.THIRD_PARTY:
        if not (component.distribution and component.versions.startswith(">=")):
            continue
        if component.distribution.lower() in pins:
            assert f"{component.distribution}{component.versions}".lower() in pins
        # Shiboken6 and cffi come with PySide6 and cryptography; the range must still hold.
        installed = component.installed_version()
        assert installed is not None
        assert SpecifierSet(component.versions).contains(installed), component.name


def test_the_app_never_loads_pycparser() -> None:
    # The README of licenses/ leaves pycparser out because nothing imports it.
    code = (
        "import sys, tempfile, pathlib, balint_desktop as bd\n"
        "d = pathlib.Path(tempfile.mkdtemp())\n"
        "with bd.Vault.create(d / 'v', 'a long test passphrase', kdf=bd.KdfParams.for_tests())"
        " as v:\n"
        "    v.add_group('Clinician Group'); v.backup()\n"
        "print('cffi' in ''.join(sys.modules), 'pycparser' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.split() == ["True", "False"]


def test_vault_format_is_the_schema_and_key_file_versions() -> None:
    assert about.vault_format() == about.VaultFormat(schema=LATEST_VERSION, key_file=FORMAT_VERSION)


def test_sqlcipher_version_needs_no_vault() -> None:
    cipher, sqlite = about.sqlcipher_versions()
    assert cipher.startswith("4.")
    assert sqlite.startswith("3.")


def test_version_option_prints_app_version_and_vault_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--version"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out == f"balint-desktop {balint_desktop.__version__} (vault format {LATEST_VERSION})\n"
