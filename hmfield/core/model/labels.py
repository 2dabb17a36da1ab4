"""The zh and en labels of every enumeration code a host carries (platform, OS family, role,
...): one table for the inventory, the verdict reasons, the screens and the paper."""

from __future__ import annotations

from functools import lru_cache

from hmfield.core.model.enums import (
    BootFirmware,
    Environment,
    MigrationMode,
    OsFamily,
    PersonRole,
    Platform,
    PowerState,
    RecommendedMode,
    Role,
    SourceAccess,
    TargetTakeover,
    Verdict,
)

# enumeration code -> (zh, en) label
ENUM_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "platform": {
        Platform.PHYSICAL: ("物理机", "Physical"),
        Platform.VMWARE: ("VMware", "VMware"),
        Platform.OPENSTACK: ("OpenStack", "OpenStack"),
        Platform.FUSIONCOMPUTE: ("FusionCompute", "FusionCompute"),
        Platform.HYPERV: ("Hyper-V", "Hyper-V"),
        Platform.KVM: ("KVM", "KVM"),
        Platform.AWS: ("AWS", "AWS"),
        Platform.HUAWEI_CLOUD: ("华为云", "Huawei Cloud"),
        Platform.ORACLE_CLOUD: ("Oracle 云", "Oracle Cloud"),
        Platform.HCS: ("华为云Stack (HCS)", "HCS"),
        Platform.OTHER: ("其他", "Other"),
    },
    "power_state": {
        PowerState.ON: ("开机", "On"),
        PowerState.OFF: ("关机", "Off"),
        PowerState.SUSPENDED: ("挂起", "Suspended"),
    },
    "os_family": {
        OsFamily.WINDOWS: ("Windows", "Windows"),
        OsFamily.LINUX: ("Linux", "Linux"),
        OsFamily.OTHER: ("其他", "Other"),
    },
    "boot": {BootFirmware.BIOS: ("BIOS", "BIOS"), BootFirmware.UEFI: ("UEFI", "UEFI")},
    "role": {
        Role.WEB: ("Web 层", "Web"),
        Role.APP: ("应用层", "App"),
        Role.DB: ("数据库", "DB"),
        Role.MIDDLEWARE: ("中间件", "Middleware"),
        Role.OTHER: ("其他", "Other"),
    },
    "environment": {
        Environment.PROD: ("生产", "Prod"),
        Environment.TEST: ("测试", "Test"),
        Environment.DEV: ("开发", "Dev"),
    },
    "migration_mode": {
        MigrationMode.AGENT: ("有代理", "Agent"),
        MigrationMode.AGENTLESS: ("无代理", "Agentless"),
        MigrationMode.ALTERNATIVE: ("替代方案", "Alternative"),
        MigrationMode.EXCLUDE: ("不迁移", "Excluded"),
    },
    "person_role": {  # who executes or takes part (the seed's 执行方, stage seven's roles)
        PersonRole.CUSTOMER: ("客户", "Customer"),
        PersonRole.MSP: ("迁移服务商", "MSP"),
        PersonRole.CLOUD_PLATFORM: ("云平台", "Cloud platform"),
        PersonRole.ONEPROCLOUD: ("OneProCloud", "OneProCloud"),
        PersonRole.APP_OPERATOR: ("应用操作员", "App operator"),
        PersonRole.APP_USER: ("应用用户", "App user"),
        PersonRole.APP_VENDOR: ("应用供应商", "App vendor"),
    },
    "verdict": {
        Verdict.SUPPORTED: ("支持", "supported"),
        Verdict.SUPPORTED_WITH_CONDITIONS: ("有条件支持", "supported with conditions"),
        Verdict.NOT_SUPPORTED: ("不支持", "not supported"),
        Verdict.UNKNOWN: ("待确认", "unknown"),
    },
    "source_access": {  # how HyperMotion reaches the source hosts (the project's scenario)
        SourceAccess.AGENT: ("有代理（Agent）", "Agent"),
        SourceAccess.AGENTLESS: ("无代理（Agentless）", "Agentless"),
        SourceAccess.MIXED: ("混合", "Mixed"),
    },
    "target_takeover": {  # how the target hosts are taken over after the cutover
        TargetTakeover.AUTOMATED: ("自动化", "Automated"),
        TargetTakeover.GENERIC: ("通用方式", "Generic"),
    },
    "arch": {
        "x86_64": ("x86_64 (64 位)", "x86_64 (64-bit)"),
        "x86": ("x86 (32 位)", "x86 (32-bit)"),
        "aarch64": ("ARM64", "aarch64"),
    },
}


# the rules' recommendation: a migration mode (the same words), or none at all
ENUM_LABELS["recommended_mode"] = {
    **{m: ENUM_LABELS["migration_mode"][m] for m in RecommendedMode if m != RecommendedMode.NONE},
    RecommendedMode.NONE: ("无可用方式", "No mode"),
}


def choice_label(name: str, code: str | None, lang: str = "zh") -> str:
    """Human label of an enumeration code ("" for None; the code itself when unknown)."""
    if code is None:
        return ""
    labels = ENUM_LABELS.get(name, {}).get(code)
    if labels is None:
        return str(code)
    return labels[0] if lang == "zh" else labels[1]


def cell_label(name: str, code: str | None, lang: str = "zh") -> str:
    """A code's word as a table cell, a column or a list shows it: :func:`choice_label` with
    its first letter in capitals in English ("Supported with conditions"; sentences use the
    label as it is: "113 supported with conditions")."""
    text = choice_label(name, code, lang)
    return text[:1].upper() + text[1:] if lang != "zh" else text


def mode_label(code: str | None, lang: str = "zh") -> str:
    """A host's mode in words: the migration mode chosen, else the rules' recommended one;
    "none" (no mode the rules allow) is 无可用方式 / No mode. The one reading of a mode for
    the Assess screen, the plan and the CLI's tables."""
    if code == RecommendedMode.NONE:
        return cell_label("recommended_mode", code, lang)
    return cell_label("migration_mode", code, lang)


def os_text(os_name: str | None, os_version: str | None, os_tools: str | None = None) -> str:
    """A host's operating system in words, as every screen, report and the CLI print it:
    name and version ("Windows Server 2012"), else what the VMware Tools report, else ""."""
    return " ".join(p for p in (os_name, os_version) if p) or (os_tools or "")


FIELDS_FILE = ("labels", "fields.yaml")


@lru_cache(maxsize=1)
def field_names() -> dict:
    """resources/labels/fields.yaml: ``{"version", "internal": [...], "fields": {column:
    {"zh", "en"}}}``, the name in words of every recorded field."""

    from hmfield.core.yamltext import load_yaml  # when first asked: yaml is not a start-up cost
    from hmfield.paths import resource_path

    with resource_path(*FIELDS_FILE).open(encoding="utf-8") as fh:
        return load_yaml(fh)


def field_name(field: str, lang: str = "zh") -> str:
    """A recorded field (a column) in words in ``lang``; the field itself when unnamed."""
    names = field_names()["fields"].get(field)
    if not names:
        return field
    return names.get(lang) or names.get("en") or field


def internal_field(field: str) -> bool:
    """A bookkeeping field (ids, hashes, counters) that a record's summary leaves out."""
    return field in field_names()["internal"]
