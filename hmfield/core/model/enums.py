"""Enumerations shared by the whole domain. Values are stable codes stored in the database and
in bundles; user-facing labels (zh/en) live in ``resources/labels/``."""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    PHYSICAL = "physical"
    VMWARE = "vmware"
    OPENSTACK = "openstack"
    FUSIONCOMPUTE = "fusioncompute"
    HYPERV = "hyperv"
    KVM = "kvm"
    AWS = "aws"
    HUAWEI_CLOUD = "huawei_cloud"
    ORACLE_CLOUD = "oracle_cloud"
    HCS = "hcs"
    OTHER = "other"


class OsFamily(StrEnum):
    WINDOWS = "windows"
    LINUX = "linux"
    OTHER = "other"


class BootFirmware(StrEnum):
    BIOS = "bios"
    UEFI = "uefi"


class PowerState(StrEnum):
    ON = "on"
    OFF = "off"
    SUSPENDED = "suspended"


class Role(StrEnum):
    WEB = "web"
    APP = "app"
    DB = "db"
    MIDDLEWARE = "middleware"
    OTHER = "other"


class Environment(StrEnum):
    PROD = "prod"
    TEST = "test"
    DEV = "dev"


class MigrationMode(StrEnum):
    AGENT = "agent"
    AGENTLESS = "agentless"
    ALTERNATIVE = "alternative"
    EXCLUDE = "exclude"


class Verdict(StrEnum):
    SUPPORTED = "supported"
    SUPPORTED_WITH_CONDITIONS = "supported_with_conditions"
    NOT_SUPPORTED = "not_supported"
    UNKNOWN = "unknown"


class RecommendedMode(StrEnum):
    AGENT = "agent"
    AGENTLESS = "agentless"
    ALTERNATIVE = "alternative"
    NONE = "none"


class SourceAccess(StrEnum):
    AGENT = "agent"
    AGENTLESS = "agentless"
    MIXED = "mixed"


class TargetTakeover(StrEnum):
    AUTOMATED = "automated"
    GENERIC = "generic"


class PersonRole(StrEnum):
    """Roles named by the seed document (执行方 and stage seven's participants)."""

    CUSTOMER = "customer"  # 用户/客户
    MSP = "msp"  # 迁移服务提供商
    CLOUD_PLATFORM = "cloud_platform"  # 云平台
    ONEPROCLOUD = "oneprocloud"
    APP_OPERATOR = "app_operator"  # 应用程序操作员
    APP_USER = "app_user"  # 应用程序用户
    APP_VENDOR = "app_vendor"  # 应用程序供应商


class ExecutorRole(StrEnum):
    """Who executes a checklist item (the seed's 执行方 column)."""

    CUSTOMER = "customer"
    MSP = "msp"
    CLOUD_PLATFORM = "cloud_platform"
    ONEPROCLOUD = "oneprocloud"


class Language(StrEnum):
    ZH = "zh_CN"
    EN = "en"
