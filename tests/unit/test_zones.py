"""Time zones: the user's zone, a contact's zone, and what an unknown name falls back to."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pendulum
import pytest

import followup_tui.domain.zones as zones
from followup_tui.domain.zones import (
    contact_zone_name,
    local_zone_name,
    localtime_zone_name,
    user_zone_name,
    zone,
)


@pytest.mark.parametrize("name", ["America/New_York", "Asia/Kolkata", "UTC"])
def test_known_zones(name: str) -> None:
    assert zone(name) == ZoneInfo(name)
    assert zone(name) is zone(name)  # resolved once


@pytest.mark.parametrize(
    "name", [None, "", "Mars/Olympus_Mons", "../../etc/passwd", "/abs", "a\x00b"]
)
def test_unknown_or_missing_zones_fall_back_to_utc(name: str | None) -> None:
    assert zone(name) == ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("tz", "expected"), [("Europe/Paris", "Europe/Paris"), (":Asia/Tokyo", "Asia/Tokyo")]
)
def test_the_machine_zone_comes_from_tz_first(
    monkeypatch: pytest.MonkeyPatch, tz: str, expected: str
) -> None:
    monkeypatch.setenv("TZ", tz)
    assert local_zone_name() == expected


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "../etc", ":"])
def test_a_bad_tz_is_not_used(monkeypatch: pytest.MonkeyPatch, tz: str) -> None:
    monkeypatch.setenv("TZ", tz)
    name = local_zone_name()
    assert name != tz.lstrip(":")
    ZoneInfo(name)  # a real zone


def test_without_tz_the_machine_zone_is_the_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    assert local_zone_name() == pendulum.local_timezone().name


def test_the_user_setting_wins_when_it_is_a_real_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert user_zone_name("Asia/Kolkata") == "Asia/Kolkata"
    assert user_zone_name("Mars/Olympus_Mons") == "Europe/Paris"
    assert user_zone_name("../etc") == "Europe/Paris"
    assert user_zone_name("") == "Europe/Paris"
    assert user_zone_name(None) == "Europe/Paris"


def test_a_contact_without_a_zone_is_read_in_the_users() -> None:
    assert contact_zone_name("Asia/Tokyo", "Europe/London") == "Asia/Tokyo"
    assert contact_zone_name(None, "Europe/London") == "Europe/London"
    assert contact_zone_name("", "Europe/London") == "Europe/London"


def _link(tmp_path: Path, target: str) -> str:
    link = tmp_path / "localtime"
    link.symlink_to(tmp_path / target)
    return str(link)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("usr/share/zoneinfo/Europe/Paris", "Europe/Paris"),
        (
            "var/db/timezone/zoneinfo/America/Argentina/Buenos_Aires",
            "America/Argentina/Buenos_Aires",
        ),
        ("usr/share/zoneinfo/posix/Asia/Tokyo", "Asia/Tokyo"),
        ("usr/share/zoneinfo/right/Asia/Kolkata", "Asia/Kolkata"),
        ("usr/share/zoneinfo/Etc/UTC", "Etc/UTC"),
        # A tree that has a zoneinfo folder inside another (a Nix or Guix store): the last one.
        ("opt/zoneinfo/share/zoneinfo/Europe/Paris", "Europe/Paris"),
        ("usr/share/zoneinfo/Mars/Olympus_Mons", None),
        ("usr/share/zoneinfo/", None),
        ("usr/share/Europe/Paris", None),
    ],
)
def test_the_localtime_link_names_the_machine_zone(
    tmp_path: Path, target: str, expected: str | None
) -> None:
    assert localtime_zone_name(_link(tmp_path, target)) == expected


def test_a_localtime_that_is_a_file_or_missing_names_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "localtime"
    copy.write_bytes(b"TZif2")
    assert localtime_zone_name(str(copy)) is None
    assert localtime_zone_name(str(tmp_path / "nothing")) is None


def test_without_tz_the_localtime_link_is_read_before_pendulum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(zones, "LOCALTIME", _link(tmp_path, "usr/share/zoneinfo/Asia/Kolkata"))
    assert local_zone_name() == "Asia/Kolkata"
    # No link: pendulum's answer (here the test machine's own zone).
    monkeypatch.setattr(zones, "LOCALTIME", str(tmp_path / "nothing"))
    assert local_zone_name() == pendulum.local_timezone().name
