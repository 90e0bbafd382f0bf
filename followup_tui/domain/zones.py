"""Time zones: resolved once and cached, since a zone looked up per record is slow."""

from __future__ import annotations

import os
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FALLBACK_ZONE = "UTC"


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo:
    """The ZoneInfo for an IANA name; UTC for None or an unknown name."""
    if not name:
        return ZoneInfo(FALLBACK_ZONE)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(FALLBACK_ZONE)


@lru_cache(maxsize=1024)
def known_zone(name: str) -> bool:
    """True when ``name`` is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except Exception:  # noqa: BLE001 - ZoneInfo raises several kinds for names it cannot use
        return False
    return True


#: The machine's zone on Linux and macOS: a link into the zone database.
LOCALTIME = "/etc/localtime"


def localtime_zone_name(path: str = LOCALTIME) -> str | None:
    """The zone ``path`` links to (``/usr/share/zoneinfo/Europe/Paris`` → ``Europe/Paris``),
    or None when it is no such link. Read without loading pendulum, whose import alone is a
    good part of the app's start-up."""
    _, found, name = os.path.realpath(path).rpartition("/zoneinfo/")
    for variant in ("posix/", "right/"):  # the same zones, other leap-second conventions
        name = name.removeprefix(variant)
    return name if found and known_zone(name) else None


def local_zone_name() -> str:
    """The machine's IANA zone name (``$TZ`` first, then the ``/etc/localtime`` link, then
    whatever pendulum finds: ``/etc/timezone``, the Windows registry...)."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        try:
            ZoneInfo(env)
            return env
        except (ZoneInfoNotFoundError, ValueError):
            pass
    linked = localtime_zone_name(LOCALTIME)
    if linked:
        return linked
    try:
        from pendulum.tz.local_timezone import get_local_timezone

        name = get_local_timezone().name
        if name:
            return str(name)
    except Exception:  # pragma: no cover - platform specific
        pass
    return FALLBACK_ZONE


def user_zone_name(setting: str | None) -> str:
    """The user's zone: the setting if valid, else the machine's."""
    if setting:
        try:
            ZoneInfo(setting)
            return setting
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return local_zone_name()


def contact_zone_name(contact_zone: str | None, user_zone: str) -> str:
    """A contact's zone, falling back to the user's when unknown."""
    return contact_zone or user_zone
