"""Time zones: the user's zone, a contact's zone, and what an unknown name falls back to."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pendulum
import pytest

from followup_tui.domain.zones import contact_zone_name, local_zone_name, user_zone_name, zone


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
