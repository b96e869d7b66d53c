"""`make test` on a fresh machine: the system packages come first.

Run as root on Debian it installs the missing ones; otherwise it stops before anything
else with the one command to run. The Makefile runs here against stand-ins for dpkg-query,
id and apt-get on an isolated PATH, so nothing is installed and root is not needed.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make") or "make"


def _packages():
    text = (ROOT / "Makefile").read_text()
    block = re.search(r"^SYSTEM_PACKAGES := (.*?)(?<!\\)\n", text, re.M | re.S)
    return block.group(1).replace("\\\n", " ").split() if block else []


PACKAGES = _packages()

STUBS = {
    "dpkg-query": """#!/bin/sh
for last; do :; done
case " $INSTALLED " in
  *" $last "*) printf 'install ok installed' ;;
  *) echo "dpkg-query: no packages found matching $last" >&2; exit 1 ;;
esac
""",
    "id": '#!/bin/sh\necho "$FAKE_UID"\n',
    "apt-get": '#!/bin/sh\necho "$*" >> "$APT_LOG"\n',
    "python3": '#!/bin/sh\necho "$*" >> "$PYTHON_LOG"\n',
}


@pytest.fixture
def machine(tmp_path):
    """run(installed, uid, target="system-packages", debian=True) -> CompletedProcess."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(shutil.which("grep"), bin_dir / "grep")
    for name, script in STUBS.items():
        path = bin_dir / name
        path.write_text(script)
        path.chmod(0o755)

    def run(installed, uid, target="system-packages", debian=True):
        if not debian:
            (bin_dir / "dpkg-query").unlink(missing_ok=True)
        env = {
            "PATH": str(bin_dir),
            "INSTALLED": " ".join(installed),
            "FAKE_UID": str(uid),
            "APT_LOG": str(tmp_path / "apt.log"),
            "PYTHON_LOG": str(tmp_path / "python.log"),
            "HOME": str(tmp_path),
        }
        return subprocess.run(  # noqa: S603
            [MAKE, "--no-print-directory", "-C", str(ROOT), target, f"PYTHON={bin_dir}/python3"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    run.apt_log = tmp_path / "apt.log"
    run.python_log = tmp_path / "python.log"
    return run


def test_the_list_is_the_one_the_readme_names():
    assert PACKAGES == [
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz0b",
        "libharfbuzz-subset0",
        "fonts-dejavu-core",
        "postgresql-client",
        "zbar-tools",
        "poppler-utils",
        "chromium",
    ]
    readme = (ROOT / "README.md").read_text().split("---")[0]
    for package in ("chromium", "zbar-tools", "poppler-utils", "libharfbuzz-subset0"):
        assert package in readme


def test_nothing_happens_when_every_package_is_installed(machine):
    result = machine(PACKAGES, uid=1000)
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""
    assert not machine.apt_log.exists()


def test_without_root_it_stops_with_the_one_command_to_run(machine):
    result = machine(PACKAGES[:-3], uid=1000)
    assert result.returncode != 0
    assert "make test needs these system packages: zbar-tools poppler-utils chromium" in (
        result.stderr
    )
    assert "  sudo make system-packages" in result.stderr
    assert not machine.apt_log.exists()


def test_as_root_on_debian_it_installs_only_the_missing_ones(machine):
    result = machine([p for p in PACKAGES if p != "chromium" and p != "zbar-tools"], uid=0)
    assert result.returncode == 0, result.stderr
    assert machine.apt_log.read_text().splitlines() == [
        "update -qq",
        "install -y -qq --no-install-recommends zbar-tools chromium",
    ]


def test_on_a_system_without_dpkg_it_names_the_packages_and_stops(machine):
    result = machine([], uid=0, debian=False)
    assert result.returncode != 0
    assert " ".join(PACKAGES) in result.stderr
    assert "make test SYSTEM_PACKAGES=" in result.stderr
    assert not machine.apt_log.exists()


def test_make_test_stops_before_setting_up_or_running_anything(machine):
    result = machine(PACKAGES[:-1], uid=1000, target="test")
    assert result.returncode != 0
    assert "sudo make system-packages" in result.stderr
    assert not machine.python_log.exists()  # neither uv, pip nor pytest ran


def test_make_test_checks_the_packages_first():
    dry_run = subprocess.run(  # noqa: S603
        [MAKE, "--no-print-directory", "-n", "-C", str(ROOT), "test", "PYTHON=python3"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert dry_run.index("dpkg-query") < dry_run.index("-m pytest")


def test_ci_only_starts_the_services_and_runs_the_readme_commands():
    script = (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in script and "dpkg" not in script
    commands = re.findall(r"^\s*(?:env .*?|\S+=\S+ \\\n\s*)*make (\w+)", script, re.M)
    assert commands == ["lint", "test", "test"]
    assert "postgres://" in script and "CELERY_BROKER_URL=" in script
