"""The editable host fields: their kind, bilingual label, choices, and one validator.

Why one table: the inventory screen (inline editors, paste validation), the service
(``update``/``bulk_update``/``set_fields``), our xlsx/CSV template (headers, drop-downs) and
the template parser all need the same answer to "what may this cell hold?". A value typed by
a person or read from our template goes through :func:`validate_field` and comes out as the
stored value (codes for enumerations, MiB for sizes, lists for IPs), or raises
:class:`HmError` with a one-line reason.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hmfield.core.errors import HmError
from hmfield.core.inventory.formats.readers import cell_bool, cell_float
from hmfield.core.model.labels import ENUM_LABELS

_EXTRA_ALIASES: dict[str, dict[str, str]] = {
    "platform": {"vsphere": "vmware", "esxi": "vmware", "physical machine": "physical", "物理": "physical"},
    "arch": {"amd64": "x86_64", "x64": "x86_64", "64-bit": "x86_64", "64位": "x86_64",
             "i386": "x86", "i686": "x86", "32-bit": "x86", "32位": "x86", "arm64": "aarch64"},
    "environment": {"production": "prod", "生产环境": "prod", "测试环境": "test", "开发环境": "dev"},
    "role": {"database": "db", "数据库层": "db", "应用": "app", "web层": "web"},
    "migration_mode": {"agent-based": "agent", "agent based": "agent", "none": "exclude"},
    "power_state": {"poweredon": "on", "poweredoff": "off", "running": "on", "stopped": "off"},
}  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """One editable host field. ``kind``: text | int | float | mib | bool | enum | ips | list
    | ref (a name resolved by the service: business system, wave or owner)."""

    name: str
    zh: str
    en: str
    kind: str = "text"
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False
    choices: tuple[str, ...] = field(default=())

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


def _enum(name: str, zh: str, en: str) -> FieldSpec:
    return FieldSpec(name, zh, en, "enum", choices=tuple(str(c) for c in ENUM_LABELS[name]))


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "名称", "Name", required=True),
    FieldSpec("hostname", "主机名/FQDN", "Hostname / FQDN"),
    FieldSpec("ips", "IP 地址", "IP addresses", "ips"),
    FieldSpec("macs", "MAC 地址", "MAC addresses", "list"),
    _enum("platform", "平台", "Platform"),
    FieldSpec("platform_version", "平台版本", "Platform version"),
    FieldSpec("datacenter", "数据中心", "Datacenter"),
    FieldSpec("cluster", "集群", "Cluster"),
    FieldSpec("hypervisor_host", "宿主机", "Hypervisor host"),
    _enum("power_state", "电源状态", "Power state"),
    FieldSpec("is_template", "模板", "Template", "bool"),
    _enum("os_family", "操作系统类型", "OS family"),
    FieldSpec("os_name", "操作系统", "OS name"),
    FieldSpec("os_version", "系统版本", "OS version"),
    _enum("arch", "架构", "Architecture"),
    FieldSpec("kernel", "内核", "Kernel"),
    _enum("boot", "引导方式", "Boot firmware"),
    FieldSpec("secure_boot", "安全启动", "Secure boot", "bool"),
    FieldSpec("cpu_cores", "CPU 核数", "CPU cores", "int", 0, 4096),
    FieldSpec("memory_mib", "内存 (MiB)", "Memory (MiB)", "mib", 0),
    FieldSpec("disk_total_mib", "磁盘总量 (MiB)", "Disk total (MiB)", "mib", 0),
    FieldSpec("disk_used_mib", "磁盘已用 (MiB)", "Disk used (MiB)", "mib", 0),
    FieldSpec("hw_version", "虚拟硬件版本", "HW version", "int", 1, 100),
    FieldSpec("cbt", "CBT", "CBT", "bool"),
    FieldSpec("tools_status", "Tools 状态", "Tools status"),
    FieldSpec("vm_uuid", "虚拟机 UUID", "VM UUID"),
    FieldSpec("bios_uuid", "BIOS UUID", "BIOS UUID"),
    FieldSpec("vm_id", "虚拟机 ID", "VM ID"),
    FieldSpec("business_system", "业务系统", "Business system", "ref"),
    FieldSpec("wave", "批次", "Wave", "ref"),
    _enum("role", "角色/层级", "Role / tier"),
    _enum("environment", "环境", "Environment"),
    FieldSpec("owner", "负责人", "Owner", "ref"),
    FieldSpec("criticality", "重要性 (1-5)", "Criticality (1-5)", "int", 1, 5),
    _enum("migration_mode", "迁移方式", "Migration mode"),
    FieldSpec("target_flavour", "目标规格", "Target flavour"),
    FieldSpec("target_subnet", "目标子网", "Target subnet"),
    FieldSpec("keep_ip", "保留 IP", "Keep IP", "bool"),
    FieldSpec("target_ip", "目标 IP", "Target IP", "ips"),
    FieldSpec("passthrough_devices", "直通设备", "Passthrough devices", "bool"),
    FieldSpec("bitlocker", "BitLocker", "BitLocker", "bool"),
    FieldSpec("code_page", "代码页", "Code page"),
    FieldSpec("tags", "标签", "Tags", "list"),
    FieldSpec("notes", "备注", "Notes"),
)
SPECS: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
EDITABLE: tuple[str, ...] = tuple(f.name for f in FIELDS)
REF_FIELDS = {"business_system": "business_system_id", "wave": "wave_id", "owner": "owner_id"}

_SPLIT = re.compile(r"[,;，；、\s]+")
_SIZE = re.compile(r"^\s*([0-9.,]+)\s*([kmgtp]?)(?:i?b)?\s*$", re.IGNORECASE)
_SIZE_FACTOR = {"": 1, "k": 1 / 1024, "m": 1, "g": 1024, "t": 1024**2, "p": 1024**3}
_alias_cache: dict[str, dict[str, str]] = {}


def enum_aliases(name: str) -> dict[str, str]:
    """Accepted spellings (case-folded) -> code: codes, zh and en labels, common synonyms."""
    if name not in _alias_cache:
        table: dict[str, str] = {}
        for code, (zh, en) in ENUM_LABELS[name].items():
            for text in (str(code), zh, en):
                table[text.casefold()] = str(code)
                table[text.casefold().replace(" ", "").replace("-", "")] = str(code)
        for text, code in _EXTRA_ALIASES.get(name, {}).items():
            table[text.casefold()] = code
        _alias_cache[name] = table
    return _alias_cache[name]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _reason(spec: FieldSpec, reason: str) -> HmError:
    return HmError(f"{spec.en}: {reason}")


def validate_field(name: str, value: Any) -> Any:
    """Turn text (a typed or pasted cell) or a Python value into the stored value.

    Blank -> ``None`` (``[]`` for list fields, ``""`` for notes). Raises HmError with one
    line naming the field and the reason; the GUI shows it beside the cell.
    """
    spec = SPECS.get(name)
    if spec is None:
        raise HmError(f"{name!r} is not an editable host field")
    blank = value is None or (isinstance(value, str) and not value.strip())
    if isinstance(value, (list, tuple)) and not value:
        blank = True
    if blank:
        if spec.required:
            raise _reason(spec, "must not be empty")
        if spec.kind in ("ips", "list") and spec.name != "target_ip":
            return []
        return "" if name == "notes" else None
    kind = spec.kind
    if kind in ("text", "ref"):
        text = _text(value)
        if len(text) > 10_000:
            raise _reason(spec, "longer than 10,000 characters")
        return text if name == "notes" else text.replace("\n", " ").replace("\r", " ")
    if kind == "enum":
        text = _text(value)
        code = enum_aliases(name).get(text.casefold()) or enum_aliases(name).get(
            text.casefold().replace(" ", "").replace("-", "")
        )
        if code is None:
            allowed = ", ".join(spec.choices)
            raise _reason(spec, f"{text[:40]!r} is not one of {allowed}")
        return code
    if kind == "bool":
        try:
            return cell_bool(value)
        except ValueError:
            raise _reason(spec, f"{_text(value)[:40]!r} is not yes/no (是/否)") from None
    if kind in ("int", "float", "mib"):
        number = _number(spec, value)
        if kind == "int":
            if not float(number).is_integer():
                raise _reason(spec, f"{number:g} is not a whole number")
            number = int(number)
        if spec.minimum is not None and number < spec.minimum:
            raise _reason(spec, f"{number:g} is below {spec.minimum:g}")
        if spec.maximum is not None and number > spec.maximum:
            raise _reason(spec, f"{number:g} is above {spec.maximum:g}")
        return number
    if kind == "ips":
        ips = _ips(spec, value)
        if name == "target_ip":
            if len(ips) > 1:
                raise _reason(spec, "one target IP address only")
            return ips[0]
        return ips
    if kind == "list":
        items = value if isinstance(value, (list, tuple)) else _SPLIT.split(_text(value))
        return [str(v).strip() for v in items if str(v).strip()]
    raise _reason(spec, f"unknown field kind {kind}")  # pragma: no cover (table is fixed)


def _number(spec: FieldSpec, value: Any) -> float:
    if isinstance(value, bool):
        raise _reason(spec, f"{value} is not a number")
    if isinstance(value, (int, float)):
        return value
    text = _text(value)
    if spec.kind == "mib":
        m = _SIZE.match(text)
        if m:
            try:
                number = float(m.group(1).replace(",", ""))
            except ValueError:
                raise _reason(spec, f"{text[:40]!r} is not a size") from None
            mib = number * _SIZE_FACTOR[m.group(2).lower()]
            return int(mib) if float(mib).is_integer() else mib
        raise _reason(spec, f"{text[:40]!r} is not a size (e.g. 16384, 16 GiB)")
    try:
        number = cell_float(text)
    except ValueError:
        raise _reason(spec, f"{text[:40]!r} is not a number") from None
    assert number is not None
    return int(number) if number.is_integer() else number


def _ips(spec: FieldSpec, value: Any) -> list[str]:
    items = value if isinstance(value, (list, tuple)) else _SPLIT.split(_text(value))
    out: list[str] = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        try:
            ip = str(ipaddress.ip_address(text.split("/")[0]))
        except ValueError:
            raise _reason(spec, f"{text[:40]!r} is not an IP address") from None
        if ip not in out:
            out.append(ip)
    return out


def choices(name: str) -> Sequence[str]:
    """The codes an enumerated field accepts (empty for free fields)."""
    spec = SPECS.get(name)
    return spec.choices if spec else ()
