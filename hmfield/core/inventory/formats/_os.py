"""Operating-system strings -> (family, name, version, arch).

Why: every source names the OS differently (VMware guest ids such as ``CentOS 7 (64-bit)``,
VMware Tools strings such as ``CentOS Linux release 7.9.2009 (Core)``, Azure and CMF free
text, Prophet's type + version pair). The support rules need one vocabulary. Nothing is
guessed: a version written as ``2016 or later`` stays unknown (``None``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from hmfield.core.model.enums import OsFamily

# (pattern, canonical name, family); first match wins, so specific names come first.
_NAMES: list[tuple[re.Pattern[str], str, OsFamily]] = [
    (re.compile(p, re.IGNORECASE), n, f)
    for p, n, f in [
        (r"windows\s+server|win\s*20\d\d", "Windows Server", OsFamily.WINDOWS),
        (r"windows", "Windows", OsFamily.WINDOWS),
        (r"red\s*hat\s+enterprise\s+linux|\brhel\b", "Red Hat Enterprise Linux", OsFamily.LINUX),
        (r"centos", "CentOS", OsFamily.LINUX),
        (r"rocky", "Rocky Linux", OsFamily.LINUX),
        (r"alma\s*linux", "AlmaLinux", OsFamily.LINUX),
        (r"oracle\s+linux|\bol\d", "Oracle Linux", OsFamily.LINUX),
        (r"amazon\s+linux", "Amazon Linux", OsFamily.LINUX),
        (r"opensuse", "openSUSE", OsFamily.LINUX),
        (r"suse|\bsles\b", "SUSE Linux Enterprise", OsFamily.LINUX),
        (r"ubuntu", "Ubuntu", OsFamily.LINUX),
        (r"debian", "Debian", OsFamily.LINUX),
        (r"fedora", "Fedora", OsFamily.LINUX),
        (r"kylin|麒麟", "Kylin", OsFamily.LINUX),
        (r"\buos\b|uniontech|统信", "UOS", OsFamily.LINUX),
        (r"openeuler", "openEuler", OsFamily.LINUX),
        (r"euleros", "EulerOS", OsFamily.LINUX),
        (r"anolis", "Anolis OS", OsFamily.LINUX),
        (r"photon", "Photon OS", OsFamily.LINUX),
        (r"other.*linux|linux.*other", "Other Linux", OsFamily.LINUX),
        (r"linux", "Linux", OsFamily.LINUX),
        (r"freebsd", "FreeBSD", OsFamily.OTHER),
        (r"solaris", "Solaris", OsFamily.OTHER),
        (r"aix", "AIX", OsFamily.OTHER),
        (r"esxi", "VMware ESXi", OsFamily.OTHER),
    ]
]
_BITS = re.compile(r"\(\s*(?:arm\s*)?(32|64)[- ]?bit\s*\)", re.IGNORECASE)
_WIN_VERSION = re.compile(r"\b(20\d\d(?:\s+R2)?|XP|Vista|\d{1,2}(?:\.\d+)?)\b", re.IGNORECASE)
_VERSION = re.compile(r"(?<![\w.])[vV]?(\d+(?:\.\d+)*)(?![\w.])")
_GENERIC = {"Other Linux", "Linux"}
# Windows Server releases Microsoft ships for x64 only (2008 R2 also for Itanium, which the
# text then names): the product name gives the architecture when no column does (AWS CMF
# forms have no bitness column). No Linux release implies it (RHEL 7+ is 64-bit, but also
# ppc64le, s390x and aarch64), nor any Windows client (10 and 11 ship for ARM64 too).
_X64_ONLY_SERVER = re.compile(r"^(2008\s+R2|2012(\s+R2)?|2016|2019|2022|2025)$", re.IGNORECASE)
_NOT_X64 = re.compile(r"itanium|ia-?64|\barm|aarch64", re.IGNORECASE)


@dataclass(frozen=True)
class OsInfo:
    family: str | None = None
    name: str | None = None
    version: str | None = None
    arch: str | None = None

    @property
    def major(self) -> str | None:
        return self.version.split(".")[0].split()[0] if self.version else None


@functools.lru_cache(maxsize=1024)
def parse_arch(text: str | None) -> str | None:
    """``64-bit``/``x86_64``/``AMD64`` -> x86_64, ``32-bit``/``i686`` -> x86, ARM -> aarch64."""
    if not text:
        return None
    low = text.casefold()
    if "aarch64" in low or "arm64" in low or re.search(r"\barm\b", low):
        return "aarch64"
    if re.search(r"x86_64|amd64|x64|64[- ]?bit|\b64\b", low):
        return "x86_64"
    if re.search(r"i[3-6]86|x86|32[- ]?bit|\b32\b", low):
        return "x86"
    return None


@functools.lru_cache(maxsize=4096)
def parse_os(text: str | None) -> OsInfo:
    """Best reading of one OS string; unknown parts are ``None``."""
    if not text or not text.strip():
        return OsInfo()
    text = " ".join(text.split())
    arch = parse_arch(m.group(0)) if (m := _BITS.search(text)) else None
    if arch is None and re.search(r"x86_64|amd64|aarch64|arm64|i[3-6]86", text, re.IGNORECASE):
        arch = parse_arch(text)
    body = _BITS.sub(" ", text)
    for pattern, name, family in _NAMES:
        found = pattern.search(body)
        if not found:
            continue
        rest = body[found.end() :]
        if name in _GENERIC or re.match(r"\s*\S*\s*or later", rest, re.IGNORECASE):
            return OsInfo(family.value, name, None, arch)
        regex = _WIN_VERSION if family is OsFamily.WINDOWS else _VERSION
        ver = regex.search(rest)
        version = None
        after = rest[ver.end() :] if ver else ""
        # "or later" and VMware's guest types for several releases ("CentOS 4/5/6/7") do not
        # say which release runs: the version stays unknown
        if ver and not re.match(r"\s*or later|/\s*\d", after, re.IGNORECASE):
            version = " ".join(ver.group(1).split())
            version = version.replace("r2", "R2")
        if arch is None:
            arch = implied_arch(name, version, text)
        return OsInfo(family.value, name, version, arch)
    family = OsFamily.OTHER.value if re.search(r"\bother\b", body, re.IGNORECASE) else None
    return OsInfo(family, None, None, arch)


def implied_arch(name: str | None, version: str | None, text: str = "") -> str | None:
    """``x86_64`` when the product exists for x64 only (Windows Server 2008 R2 to 2025),
    unless the text names another architecture; else None (never guessed)."""
    if name != "Windows Server" or not version or _NOT_X64.search(text):
        return None
    return "x86_64" if _X64_ONLY_SERVER.match(version.strip()) else None


def disagree(a: OsInfo, b: OsInfo) -> bool:
    """True when two readings name different systems (generic names and gaps don't count)."""
    if not (a.family and b.family):
        return False
    if a.family != b.family:
        return True
    if a.name and b.name and a.name != b.name and not ({a.name, b.name} & _GENERIC):
        return True
    return a.name == b.name and bool(a.major and b.major) and a.major != b.major


def describe(info: OsInfo) -> str:
    return " ".join(p for p in (info.name, info.version) if p) or "unknown"


def merge(primary: OsInfo, fallback: OsInfo) -> OsInfo:
    """Prefer ``primary`` (e.g. VMware Tools) and fill its gaps from ``fallback``."""
    if not primary.family:
        return OsInfo(
            fallback.family, fallback.name, fallback.version, primary.arch or fallback.arch
        )
    arch = primary.arch or fallback.arch
    vague = primary.name is None or primary.name in _GENERIC
    if vague and fallback.family == primary.family and fallback.name:
        return OsInfo(primary.family, fallback.name, fallback.version, arch)
    version = primary.version or (fallback.version if fallback.name == primary.name else None)
    return OsInfo(primary.family, primary.name, version, arch)
