"""Host facts as the rules see them: the host's own attributes plus a few derived facts.

Derived facts exist because inventories say the same thing in different places (RVTools puts
"CentOS 7 (64-bit)" in the OS column and nothing in a version column). They are computed once
per host, never guessed beyond what the text says: when no source has the fact it stays None
and the rules report it as missing.

Derived host facts:
    os_text     "<os_name> <os_version>", else the VMware Tools or config OS string
    os_release  os_version, else the first version number in os_text (not the "64" of "64-bit")
    os_kind     os_family, else "windows"/"linux" recognised in os_text, else "other"
    arch_norm   x86_64 / x86 / arm64 / other spelling of ``arch``; else from "(64-bit)" text
    os_distro   the distribution or product line named in the OS texts: centos, rhel, rocky,
                alma, sles, ubuntu, oracle, kylin, uos, openeuler, debian, windows_server,
                windows_client, freebsd, solaris, ... ; "unlisted" when an OS text names none
    os_level    the level below the version, normalised: SLES/Kylin service pack "sp1" (SLES
                "12.5" is SP5; Kylin build 2101 is SP1, 2207/2401 SP3), Windows "sp2" / "r2",
                UOS edition+update "1050u2e"; None when the texts do not say (reported as the
                missing fact ``os_service_pack``)
    os_edition  the Windows client edition named in the OS texts: ultimate, professional,
                enterprise, home, education, starter; None when none is named (the agent
                matrix lists one edition per client release, so it is then a missing fact)
    ram_per_mount_mib  memory_mib / mounted file systems (swap not counted); None when either
                is missing
Derived partition facts:
    free_mib    capacity - used, else capacity * free_pct / 100
    free_pct    the recorded free_pct, else computed from capacity and used
"""

from __future__ import annotations

import contextlib
import dataclasses
import operator
import re
from typing import Any

from hmfield.core.assess.rules.conditions import FieldSpace
from hmfield.core.model.records import DiskRecord, HostRecord, NicRecord, PartitionRecord

# a release number; not the "64" of "64-bit", nor one of a list ("CentOS 4/5/6/7") or an open
# range ("CentOS 4/5 or later", "Windows Server 2016 or later"): those do not say which runs
_RELEASE_RE = re.compile(
    r"(?<![\w./])v?(\d+(?:\.\d+)*)(?![\d.])(?!\s*/\s*\d)(?:\s*-?\s*sp\s*\d+)?"
    r"(?!\s*-?\s*(?:bit|位))(?!\s*or\s+later)",
    re.I,
)
_WINDOWS_RE = re.compile(r"windows", re.I)
_LINUX_RE = re.compile(
    r"linux|cent\s*os|red\s*hat|rhel|ubuntu|debian|suse|sles|rocky|alma|kylin|麒麟|\buos\b|"
    r"uniontech|统信|euler|fedora|oracle\s*linux|amazon",
    re.I,
)
_ARCH = {
    "x86_64": "x86_64", "amd64": "x86_64", "x64": "x86_64", "x86-64": "x86_64",
    "em64t": "x86_64", "intel64": "x86_64", "64-bit": "x86_64", "64bit": "x86_64",
    "x86": "x86", "i386": "x86", "i486": "x86", "i586": "x86", "i686": "x86", "ia32": "x86",
    "32-bit": "x86", "32bit": "x86", "aarch64": "arm64", "arm64": "arm64",
}  # fmt: skip
_BITS_RE = re.compile(r"(64|32)\s*-?\s*(?:bit|位)", re.I)
# (distro key, pattern) in test order: the more specific names first
_DISTROS = tuple(
    (key, re.compile(pattern, re.I))
    for key, pattern in (
        ("oracle", r"oracle\s*linux|\boel\b"),
        ("centos", r"cent\s*os"),
        ("rhel", r"red\s*hat|\brhel\b"),
        ("rocky", r"\brocky\b"),
        ("alma", r"\balma"),
        ("sles", r"\bsles\b|suse\s+linux\s+enterprise|\bsuse\b"),
        ("ubuntu", r"ubuntu"),
        ("kylin", r"kylin|麒麟"),
        ("uos", r"\buos\b|uniontech|统信"),
        ("openeuler", r"open\s*euler"),
        ("debian", r"debian"),
        ("fedora", r"fedora"),
        ("windows_server", r"windows.*\bserver\b|windows\s+(?:20\d\d|nt)\b"),
        ("windows_client", r"windows"),
        ("freebsd", r"freebsd|\bbsd\b"),
        ("solaris", r"solaris|sunos"),
    )
)
_SP_RE = re.compile(r"\bsp\s*-?\s*(\d+)\b|service\s*pack\s*(\d+)", re.I)
_R2_RE = re.compile(r"\br2\b", re.I)
_KYLIN_BUILDS = {"2101": "sp1", "2207": "sp3", "2401": "sp3"}  # linux-agent.md: SP1 (2101)...
_KYLIN_BUILD_RE = re.compile(r"\b(2101|2207|2401)\b")
_UOS_RE = re.compile(r"\b(\d{4})\s*-?\s*(u\d+[a-z]?)\b", re.I)
_MINOR_RE = re.compile(r"^\s*v?\d+\.(\d+)")
_EDITIONS = tuple(
    (key, re.compile(pattern, re.I))
    for key, pattern in (
        ("ultimate", r"\bultimate\b|旗舰"),
        ("enterprise", r"\benterprise\b|企业"),
        ("professional", r"\bprofessional\b|\bpro\b|专业"),
        ("education", r"\beducation\b|教育"),
        ("home", r"\bhome\b|家庭"),
        ("starter", r"\bstarter\b|入门"),
    )
)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _os_text(host: Any) -> str | None:
    name, version = _text(getattr(host, "os_name", None)), _text(getattr(host, "os_version", None))
    if name:
        return f"{name} {version}" if version and version not in name else name
    return _text(getattr(host, "os_tools", None)) or _text(getattr(host, "os_config", None))


def _os_release(host: Any, os_text: str | None) -> str | None:
    """os_version; else the first release the texts name. A list of releases or an open range
    ("CentOS 4/5/6/7", "2016 or later") names none, as the importers read it (formats/_os.py)."""
    version = _text(getattr(host, "os_version", None))
    if version:
        return version
    for text in (
        os_text,
        _text(getattr(host, "os_tools", None)),
        _text(getattr(host, "os_config", None)),
    ):
        if text:
            match = _RELEASE_RE.search(text)
            if match:
                return match.group(0).lstrip("vV")
    return None


def _os_kind(host: Any, os_text: str | None) -> str | None:
    family = _text(getattr(host, "os_family", None))
    if family:
        return family.lower()
    texts = [t for t in (os_text, _text(getattr(host, "os_config", None))) if t]
    if not texts:
        return None
    joined = " ".join(texts)
    if _WINDOWS_RE.search(joined):
        return "windows"
    if _LINUX_RE.search(joined):
        return "linux"
    return "other"


def _arch_norm(host: Any, os_text: str | None) -> str | None:
    arch = _text(getattr(host, "arch", None))
    if arch:
        return _ARCH.get(arch.lower(), arch.lower())
    for text in (os_text, _text(getattr(host, "os_config", None))):
        match = _BITS_RE.search(text) if text else None
        if match:
            return "x86_64" if match.group(1) == "64" else "x86"
    return None


def _os_distro(host: Any, os_text: str | None) -> str | None:
    texts = [t for t in (os_text, _text(getattr(host, "os_config", None))) if t]
    if not texts:
        return None
    joined = " ".join(texts)
    for key, pattern in _DISTROS:
        if pattern.search(joined):
            return key
    return "unlisted"


def _os_texts(host: Any, os_text: str | None) -> str:
    """Every text that names the OS: the discovered name, the tools' and the guest's own."""
    parts = (
        os_text,
        _text(getattr(host, "os_tools", None)),
        _text(getattr(host, "os_config", None)),
    )
    return " ".join(t for t in parts if t)


def _os_level(host: Any, os_text: str | None, distro: str | None, release: str | None):
    """The service pack / update level, or None when no text says it (never guessed)."""
    joined = _os_texts(host, os_text)
    if not joined:
        return None
    if distro == "uos":
        match = _UOS_RE.search(joined)
        return (match.group(1) + match.group(2)).lower() if match else None
    if distro and distro.startswith("windows") and _R2_RE.search(joined):
        return "r2"
    match = _SP_RE.search(joined)
    if match:
        return "sp" + str(int(match.group(1) or match.group(2)))
    if distro == "kylin":
        build = _KYLIN_BUILD_RE.search(joined)
        if build:
            return _KYLIN_BUILDS[build.group(1)]
    if distro in ("sles", "kylin") and release:
        minor = _MINOR_RE.match(release)
        if minor:
            return "sp" + str(int(minor.group(1)))
    return None


def _os_edition(host: Any, os_text: str | None, distro: str | None) -> str | None:
    """The Windows client edition the texts name, or None (never guessed)."""
    if distro != "windows_client":
        return None
    joined = _os_texts(host, os_text)
    return next((key for key, pattern in _EDITIONS if pattern.search(joined)), None)


_SOURCE = operator.attrgetter(
    "os_name", "os_version", "os_tools", "os_config", "os_family", "arch", "platform"
)
_DERIVED_CACHE: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _derive(host: Any) -> tuple[Any, ...]:
    """(os_text, os_release, os_kind, arch_norm, platform_key, os_distro, os_level,
    os_edition)."""
    os_text = _os_text(host)
    platform = _text(getattr(host, "platform", None))
    release = _os_release(host, os_text)
    distro = _os_distro(host, os_text)
    return (
        os_text,
        release,
        _os_kind(host, os_text),
        _arch_norm(host, os_text),
        platform.lower() if platform else None,
        distro,
        _os_level(host, os_text, distro, release),
        _os_edition(host, os_text, distro),
    )


class HostFacts:
    """One host wrapped for rule evaluation; derived facts are computed once here."""

    __slots__ = (
        "host", "os_text", "os_release", "os_kind", "arch_norm", "platform_key", "os_distro",
        "os_level", "os_edition",
    )  # fmt: skip

    def __init__(self, host: Any) -> None:
        self.host = host
        key = _SOURCE(host)
        try:
            derived = _DERIVED_CACHE[key]
        except (KeyError, TypeError):
            derived = _derive(host)
            if len(_DERIVED_CACHE) > 4096:
                _DERIVED_CACHE.clear()
            with contextlib.suppress(TypeError):  # an unhashable value in a custom host object
                _DERIVED_CACHE[key] = derived
        (
            self.os_text,
            self.os_release,
            self.os_kind,
            self.arch_norm,
            self.platform_key,
            self.os_distro,
            self.os_level,
            self.os_edition,
        ) = derived

    def value(self, name: str) -> Any:
        """A fact by name (host attribute, derived fact or ``extra.KEY``), for message text."""
        if name in HOST_DERIVED:
            return getattr(self, name)
        if name in HOST_SPACE.derived:
            return HOST_SPACE.derived[name](self)
        if name.startswith("extra."):
            return (getattr(self.host, "extra", None) or {}).get(name[6:])
        return getattr(self.host, name, None)


def _free_mib(p: Any) -> float | None:
    cap, used = getattr(p, "capacity_mib", None), getattr(p, "used_mib", None)
    if cap is not None and used is not None:
        return cap - used
    pct = getattr(p, "free_pct", None)
    return cap * pct / 100 if cap is not None and pct is not None else None


def _free_pct(p: Any) -> float | None:
    pct = getattr(p, "free_pct", None)
    if pct is not None:
        return pct
    cap, used = getattr(p, "capacity_mib", None), getattr(p, "used_mib", None)
    return (cap - used) * 100 / cap if cap and used is not None else None


def _ram_per_mount(facts: HostFacts) -> float | None:
    """Memory per mounted file system (MiB): the Linux agent needs about 300 MB per mount
    point. None when memory or the partitions were not collected."""
    memory = getattr(facts.host, "memory_mib", None)
    mounts = [
        p
        for p in getattr(facts.host, "partitions", None) or ()
        if getattr(p, "mounted", None) is not False
        and str(getattr(p, "filesystem", "") or "").lower() != "swap"
    ]
    if memory is None or not mounts:
        return None
    return float(memory) / len(mounts)


def _names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


HOST_DERIVED = (
    "os_text", "os_release", "os_kind", "arch_norm", "os_distro", "os_level", "os_edition",
)  # fmt: skip

DISK_SPACE = FieldSpace(prefix="disks.", attrs=_names(DiskRecord))
PARTITION_SPACE = FieldSpace(
    prefix="partitions.",
    attrs=_names(PartitionRecord),
    derived={"free_mib": _free_mib, "free_pct": _free_pct},
)
NIC_SPACE = FieldSpace(prefix="nics.", attrs=_names(NicRecord))
HOST_SPACE = FieldSpace(
    prefix="",
    attrs=_names(HostRecord),
    derived={
        **{name: operator.attrgetter(name) for name in HOST_DERIVED},
        "ram_per_mount_mib": _ram_per_mount,
    },
    items={"disks": DISK_SPACE, "partitions": PARTITION_SPACE, "nics": NIC_SPACE},
    host_level=True,
    labels={
        "os_text": "os_name",
        "os_release": "os_version",
        "os_kind": "os_family",
        "arch_norm": "arch",
        "os_distro": "os_name",
        "os_level": "os_service_pack",
    },
)
