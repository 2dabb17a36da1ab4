"""The layout of our own inventory template (xlsx and CSV), shared by export and import.

Why a shared module: the exporter and the parser must agree on sheet names, the hidden key
column, the marker that says "this is an hmfield template" and the column headers; keeping
them in one place makes a round trip exact by construction.
"""

from __future__ import annotations

from hmfield.core.inventory.fields import SPECS
from hmfield.core.inventory.formats.aliases import header_key
from hmfield.core.workbook import SheetColumn

TEMPLATE_VERSION = "1"
MARKER = "hmfield-inventory-template"
HOSTS_SHEET = "主机清单 Hosts"
INFO_SHEET = "说明 Instructions"
KEY_FIELD = "host_id"
KEY_COLUMN = SheetColumn(KEY_FIELD, "主机键（勿改）", "Host key (do not edit)", width=34)
BOOL_CHOICES = {"zh": ("是", "否"), "en": ("yes", "no")}

# column order as people read a server list: identity, ownership, OS and size, placement
FIELD_ORDER: tuple[str, ...] = (
    "name", "hostname", "ips", "business_system", "role", "environment", "owner",
    "criticality", "migration_mode", "wave", "platform", "os_family", "os_name",
    "os_version", "arch", "kernel", "boot", "secure_boot", "cpu_cores", "memory_mib",
    "disk_total_mib", "disk_used_mib", "datacenter", "cluster", "hypervisor_host",
    "power_state", "is_template", "platform_version", "hw_version", "cbt", "tools_status",
    "vm_uuid", "bios_uuid", "vm_id", "macs", "target_flavour", "target_subnet", "keep_ip",
    "target_ip", "passthrough_devices", "bitlocker", "code_page", "tags", "notes",
)  # fmt: skip
_WIDTHS = {"name": 24, "hostname": 28, "ips": 26, "notes": 40, "os_name": 26, "kernel": 28}


def columns(lang: str = "zh", systems: tuple[str, ...] = ()) -> list[SheetColumn]:
    """Template columns: the hidden key first, then every editable field."""
    out = [KEY_COLUMN]
    for name in FIELD_ORDER:
        spec = SPECS[name]
        choices: tuple[str, ...] = ()
        if spec.kind == "enum":
            choices = spec.choices
        elif spec.kind == "bool":
            choices = BOOL_CHOICES[lang]
        elif name == "business_system":
            choices = systems
        fmt = "0" if spec.kind in ("int", "mib") else None
        out.append(SheetColumn(name, spec.zh, spec.en, _WIDTHS.get(name), choices, fmt))
    return out


def header_lookup() -> dict[str, str]:
    """Normalised header text (zh, en or the field code) -> field name."""
    table = {header_key(KEY_COLUMN.zh): KEY_FIELD, header_key(KEY_COLUMN.en): KEY_FIELD}
    table[KEY_FIELD] = KEY_FIELD
    for name in FIELD_ORDER:
        spec = SPECS[name]
        for text in (spec.zh, spec.en, name):
            table[header_key(text)] = name
    return table


KEY_HEADERS = frozenset({header_key(KEY_COLUMN.zh), header_key(KEY_COLUMN.en)})

INSTRUCTIONS: tuple[tuple[str, str], ...] = (
    ("hmfield 主机清单模板", "hmfield host inventory template"),
    (
        "在“主机清单 Hosts”工作表中编辑，然后在 hmfield 中导入（清单 > 导入）。导入前会先显示预览：新增、修改（逐字段）、未变与问题。",
        "Edit the 'Hosts' sheet, then import it in hmfield (Inventory > Import). A preview shows"
        " new, changed (field by field), unchanged rows and problems before anything is written.",
    ),
    (
        "第一行为中文表头，第二行为英文表头，请勿修改或删除表头，也不要修改隐藏的“主机键”列：它用于精确匹配已有主机。",
        "Row 1 holds the Chinese headers and row 2 the English ones: do not change them, and do"
        " not edit the hidden 'Host key' column: it matches rows to stored hosts exactly.",
    ),
    (
        "新主机：在末尾添加一行，主机键留空。删除某行不会删除主机（请在 hmfield 中删除）。",
        "New hosts: add a row at the end with an empty host key. Removing a row does not delete"
        " the host (delete it in hmfield).",
    ),
    (
        "带下拉列表的列只接受列表中的值。容量单位为 MiB（16 GiB = 16384）。多个 IP 用逗号分隔。",
        "Columns with a drop-down accept its values only. Sizes are MiB (16 GiB = 16384)."
        " Separate several IP addresses with commas.",
    ),
    (
        "清空某个单元格即清空该字段。在 hmfield 中手工填写的值只会被本模板中您修改过的单元格覆盖。",
        "Clearing a cell clears the field. Values typed by hand in hmfield change only where you"
        " changed the cell in this template.",
    ),
)
