"""docs/cli.md, generated: the grammar, the input files, and for every noun one example per
verb, the top-level keys of its ``--json`` answer and its ``--help`` text.

``python -m hmfield.cli.docs > docs/cli.md`` rewrites it; ``tests/cli/test_docs.py`` fails
when the file and the parser disagree, and runs every example on a demo project checking
the documented JSON keys, so the page cannot rot.
"""

from __future__ import annotations

import contextlib
import io
import os

P = "demo.hmfield"  # the examples run in this order on `hmfield demo demo.hmfield --hosts 24`

# files the examples read (written next to the project by the docs test)
INPUT_FILES = {
    "deps.csv": "from,to,kind,port,protocol,criticality,notes\n"
    "core-app07,core-db19,database,3306,tcp,5,ledger database\n"
    "oa-web05,oa-app11,call,8080,http,,\n",
    "hosts.txt": "# one host name a line\nloan-app09\nloan-db15\n",
    "hosts.json": '[{"name": "loan-app09", "owner": "陈涛", "criticality": 3},\n'
    ' {"name": "loan-web03", "environment": "prod", "role": "web"}]\n',
    "waves.json": '[{"wave": "W05", "cutover_start": "2027-01-09 22:00",'
    ' "cutover_end": "2027-01-10 05:00", "observation_days": 10},\n'
    ' {"wave": "W06 extra", "drill_start": "2027-01-16 20:00",'
    ' "drill_end": "2027-01-16 23:30"}]\n',
    "minutes.txt": "kick-off minutes\n",
}

# noun -> [(verb, arguments after the verb, top-level JSON keys or None when no --json)]
EXAMPLES: dict[str, list[tuple[str, str, tuple[str, ...] | None]]] = {
    "person": [
        (
            "add",
            f"{P} 'Grace Ho' --organisation Bank --phone 138 --role customer --json",
            ("id", "name", "organisation", "phone", "email", "roles"),
        ),
        (
            "set",
            f"{P} 'Grace Ho' --phone 139 --json",
            ("id", "name", "organisation", "phone", "email", "roles"),
        ),
        ("list", f"{P} --json", ("people",)),
        ("delete", f"{P} 'Grace Ho'", None),
    ],
    "host": [
        (
            "set",
            f"{P} loan-app09 loan-db15 --system 信贷管理 --criticality 4 --json",
            ("matched", "changed"),
        ),
        ("set", f"{P} --where environment=test --owner 陈涛 --json", ("matched", "changed")),
        ("set", f"{P} --from hosts.json --json", ("matched", "changed")),
        ("list", f"{P} --where business_system=信贷管理 --json", ("hosts",)),
        ("delete", f"{P} --from hosts.txt --json", ("deleted", "count")),
        ("restore", f"{P} loan-app09 loan-db15 --json", ("restored", "count")),
    ],
    "system": [
        (
            "add",
            f"{P} Payments --owner 王建国 --criticality 5 --downtime-min 120 --json",
            (
                "id",
                "name",
                "owner",
                "criticality",
                "tolerated_downtime_min",
                "wave",
                "hosts",
                "notes",
            ),
        ),
        (
            "set",
            f"{P} Payments --wave W05 --json",
            (
                "id",
                "name",
                "owner",
                "criticality",
                "tolerated_downtime_min",
                "wave",
                "hosts",
                "notes",
            ),
        ),
        ("list", f"{P} --json", ("systems",)),
        ("delete", f"{P} Payments", None),
    ],
    "object": [
        (
            "add",
            f"{P} orders-db --kind mysql --size-gib 20 --host core-app07 --json",
            (
                "id",
                "name",
                "kind",
                "size_gib",
                "tool",
                "throughput_mbps",
                "business_system",
                "linked_hosts",
                "status",
                "plan",
                "notes",
            ),
        ),
        (
            "set",
            f"{P} orders-db --status in_progress --json",
            (
                "id",
                "name",
                "kind",
                "size_gib",
                "tool",
                "throughput_mbps",
                "business_system",
                "linked_hosts",
                "status",
                "plan",
                "notes",
            ),
        ),
        ("list", f"{P} --json", ("objects",)),
        ("delete", f"{P} orders-db", None),
    ],
    "assess": [
        ("list", f"{P} --lang en --json", ("summary", "hosts")),
        (
            "override",
            f"{P} dw-suse01 --verdict supported --mode agent --reason 'vendor OK' --json",
            ("hosts",),
        ),
        ("clear", f"{P} dw-suse01 --json", ("cleared",)),
        (
            "override",
            f"{P} --where os_family=linux --where environment=test --verdict supported "
            "--mode agent --reason 'vendor tested' --json",
            ("hosts",),
        ),
        ("clear", f"{P} --where os_family=linux --where environment=test", None),
    ],
    "deps": [
        ("import", f"{P} deps.csv --dry-run --json", None),
        (
            "add",
            f"{P} loan-app09 loan-db15 --kind database --port 5432 --json",
            (
                "id",
                "from",
                "from_type",
                "to",
                "to_type",
                "kind",
                "port",
                "protocol",
                "criticality",
                "notes",
            ),
        ),
        ("list", f"{P} --json", ("dependencies",)),
        (
            "delete",
            f"{P} loan-app09 loan-db15 --port 5432 --json",
            (
                "id",
                "from",
                "from_type",
                "to",
                "to_type",
                "kind",
                "port",
                "protocol",
                "criticality",
                "notes",
            ),
        ),
    ],
    "network": [
        (
            "set",
            f"{P} --bandwidth-mbps 500 --usable-share 0.5 --concurrency 4 --json",
            (
                "connection_type",
                "bandwidth_mbps",
                "usable_share",
                "ip_kept",
                "daily_change_rate",
                "concurrency",
                "notes",
            ),
        ),
        ("show", f"{P} --json", ("network",)),
    ],
    "wave": [
        (
            "add",
            f"{P} 'W06 extra' --cutover '2027-01-16 22:00' '2027-01-17 04:00' --json",
            (
                "id",
                "number",
                "name",
                "status",
                "drill_start",
                "drill_end",
                "cutover_start",
                "cutover_end",
                "time_zone",
                "observation_days",
                "notes",
            ),
        ),
        (
            "set",
            f"{P} W05 --observation-days 14 --json",
            (
                "id",
                "number",
                "name",
                "status",
                "drill_start",
                "drill_end",
                "cutover_start",
                "cutover_end",
                "time_zone",
                "observation_days",
                "notes",
            ),
        ),
        ("set", f"{P} --from waves.json --json", ("waves",)),
        ("list", f"{P} --json", ("time_zone", "waves")),
        ("delete", f"{P} 'W06 extra'", None),
    ],
    "risk": [
        (
            "add",
            f"{P} 'Vendor late' --likelihood 4 --impact 5 --owner 李敏 --json",
            (
                "id",
                "title",
                "category",
                "likelihood",
                "impact",
                "score",
                "mitigation",
                "owner",
                "status",
            ),
        ),
        (
            "set",
            f"{P} 'Vendor late' --status mitigating --json",
            (
                "id",
                "title",
                "category",
                "likelihood",
                "impact",
                "score",
                "mitigation",
                "owner",
                "status",
            ),
        ),
        ("list", f"{P} --json", ("risks",)),
        ("delete", f"{P} 'Vendor late'", None),
    ],
    "rollback": [
        (
            "set",
            f"{P} W05 --triggers 'loan approval fails' --decider 王建国 "
            "--point-of-no-return '2027-01-10 02:00' --max-minutes 90 --json",
            (
                "wave",
                "triggers",
                "method_access_path",
                "method_source_recovery",
                "target_resources",
                "data_rule",
                "decision_process",
                "deciders",
                "point_of_no_return",
                "time_zone",
                "max_rollback_minutes",
                "rehearsed",
            ),
        ),
        ("show", f"{P} W05 --json", ("rollback",)),
        ("list", f"{P} --json", ("time_zone", "waves")),
    ],
    "drillplan": [
        (
            "set",
            f"{P} 信贷管理 --scope 'all hosts' --date 2027-01-02 --json",
            ("system", "scope", "method", "verification", "planned_date"),
        ),
        ("show", f"{P} 信贷管理 --json", ("drillplan",)),
        ("list", f"{P} --json", ("drillplans",)),
    ],
    "runbook": [
        (
            "save",
            f"{P} --wave W05 --json",
            ("wave", "runbook_id", "version", "steps", "rollback_steps"),
        ),
        (
            "edit",
            f"{P} --wave W05 --add 'Call the branch managers' --minutes 5 --after 1 --json",
            ("wave", "step"),
        ),
        ("edit", f"{P} --wave W05 --step 1 --minutes 15 --json", ("wave", "step")),
        (
            "show",
            f"{P} --wave W05 --lang en --json",
            (
                "wave",
                "time_zone",
                "window_start",
                "window_end",
                "saved",
                "planned_minutes",
                "end_known",
                "unknown_steps",
                "run",
                "steps",
                "rollback_branch",
                "escalation",
                "notices",
            ),
        ),
        ("list", f"{P} --json", ("runbooks",)),
    ],
    "drill": [
        (
            "start",
            f"{P} --wave W05 --json",
            (
                "id",
                "wave_id",
                "business_system_id",
                "status",
                "started_at",
                "ended_at",
                "notes",
                "results",
                "findings",
            ),
        ),
        (
            "record",
            f"{P} --wave W05 --host loan-web03 --launched --boot ok --business pass --json",
            (
                "id",
                "wave_id",
                "business_system_id",
                "status",
                "started_at",
                "ended_at",
                "notes",
                "results",
                "findings",
            ),
        ),
        (
            "record",
            f"{P} --wave W05 --finding 'licence bound to MAC' --must-fix --host loan-web03",
            None,
        ),
        ("record", f"{P} --wave W05 --all --cleaned-up", None),
        (
            "finish",
            f"{P} --wave W05 --json",
            (
                "id",
                "wave_id",
                "business_system_id",
                "status",
                "started_at",
                "ended_at",
                "notes",
                "results",
                "findings",
            ),
        ),
        ("list", f"{P} --wave W05 --json", ("drills",)),
    ],
    "run": [
        ("start", f"{P} --wave W05 --json", None),
        (
            "status",
            f"{P} --wave W05 --json",
            (
                "wave",
                "run",
                "time_zone",
                "now",
                "window_start",
                "window_end",
                "rolling_back",
                "point_of_no_return_passed",
                "forecast",
                "ready",
                "steps",
            ),
        ),
        ("step", f"{P} 1 --wave W05 --done --json", None),
        ("step", f"{P} 2 --skip --reason 'notice sent yesterday by mail'", None),
        ("gate", f"{P} 3 --wave W05 --go --by 王建国 --json", None),
        ("rollback", f"{P} --wave W05 --reason 'loan approval fails' --by 王建国", None),
        ("finish", f"{P} --wave W05 --abort --reason 'rehearsal only' --json", None),
        ("list", f"{P} --json", ("runs",)),
    ],
    "checklist": [
        ("list", f"{P} --phase plan --lang en --json", ("items", "components")),
        ("list", f"{P} --phase migrate --lang en", None),
        ("show", f"{P} assess.1 --lang en", None),
        ("show", f"{P} assess.2 --json", "item and facts"),
        ("set", f"{P} assess.3 --status done --json", None),
        ("assign", f"{P} assess.3 --to 李敏 --json", None),
        ("sign", f"{P} assess.3 --signer 王建国 --json", None),
        ("evidence", f"{P} assess.3 minutes.txt --json", ("item", "attachments")),
        ("print", f"{P} -o checklist.xlsx", None),
    ],
    "conflicts": [
        ("list", f"{P} --json", None),
    ],
    "audit": [
        (
            "list",
            f"{P} --person 王建国 --entity run_step --limit 5 --json",
            ("time_zone", "events"),
        ),
    ],
}
# the other nouns: shown, not run by the docs test (they write reports, start the app, ...)
SHOWN: dict[str, list[str]] = {
    "gui": [P],
    "deps": [f"strength {P} 3f2a9c1d 7be0a4c2 --hard"],
    "new": [
        "bank.hmfield --name 'Bank migration' --customer 'East Bank' --scenario agent-automated"
    ],
    "info": [f"{P} --json"],
    "verify": [P],
    "demo": [f"{P} --hosts 24"],
    "backups": [P, f"{P} --restore 1"],
    "inventory": [f"{P} --json"],
    "export": [f"{P} --inventory template.xlsx --lang en"],
    "import": [f"{P} rvtools.xlsx --dry-run --json", f"{P} rvtools.xlsx --by 李敏"],
    "plan": [
        f"waves {P} --max-hosts 20 --apply",
        f"check {P} --json",
        f"groups {P} --json",
        f"groups {P} --accept",
        f"pin {P} 'Loan system' 3",
        f"apart {P} 'Loan system' 'Card system'",
        f"settings {P} --sync-start '2027-01-04 20:00' --final-interval-h 0.25 --json",
        f"settings {P} --json",
    ],
    "notice": [f"{P} --wave W05 --kind stop_business --lang en"],
    "bundle": [
        "export demo.hmfield usb/demo.hmbundle --by 李敏",
        "import usb/demo.hmbundle --into demo.hmfield --dry-run --json",
    ],
    "observe": [
        f"add {P} --wave W02 --host oa-web05 --cpu 40 --business pass",
        f"list {P} --wave W02 --json",
    ],
    "incident": [f"add {P} --symptom 'slow login' --wave W02", f"list {P} --json"],
    "accept": [f"{P} --wave W02 --by 王建国"],
    "archive": [f"{P} delivery.zip"],
    "reopen": [f"{P} --reason 'late invoice'"],
    "conflicts": [
        "resolve demo.hmfield 3f2a9c --theirs --by 李敏",
        "resolve demo.hmfield 3f2a9c --value 4 --json",
    ],
    "report": [f"{P} --kind plan -o plan.pdf --lang en"],
    "scope": [
        f"set {P} vc01 veeam-proxy01 --out --reason infrastructure",
        f"set {P} --where name~old- --out --reason retire",
        f"set {P} vc01 --in",
        f"list {P} --out-only --json",
    ],
    "office": [
        "init postgresql://hm@office-db:5432/migrations",
        "import postgresql://hm@office-db:5432/migrations usb/*.hmbundle --json",
        "status postgresql://hm@office-db:5432/migrations --json",
        "status postgresql://hm@office-db:5432/migrations 'Bank migration'",
        "export postgresql://hm@office-db:5432/migrations 'Bank migration' usb/bank.hmbundle",
        "verify postgresql://hm@office-db:5432/migrations",
    ],
}
# the keys inside: (noun, verb) -> {top-level key: keys of its object, or of its list's items}
NESTED: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("person", "list"): {"people": ("id", "name", "organisation", "phone", "email", "roles")},
    ("host", "list"): {"hosts": (
        "id", "name", "hostname", "ips", "platform", "os_family", "os_name", "os_version",
        "arch", "kernel", "boot", "cpu_cores", "memory_mib", "disk_total_mib", "disk_used_mib",
        "business_system", "role", "environment", "owner", "wave", "migration_mode", "verdict",
        "mode", "disk_count", "criticality", "notes", "deleted")},
    ("wave", "list"): {"waves": (
        "id", "number", "name", "status", "drill_start", "drill_end", "cutover_start",
        "cutover_end", "time_zone", "observation_days", "notes")},
    ("risk", "list"): {"risks": (
        "id", "title", "category", "likelihood", "impact", "score", "mitigation", "owner",
        "status")},
    ("deps", "list"): {"dependencies": (
        "id", "from", "from_type", "to", "to_type", "kind", "port", "protocol", "criticality",
        "notes")},
    ("run", "status"): {
        "run": ("id", "kind", "status", "started_at", "ended_at"),
        "forecast": ("state", "forecast_end", "planned_end", "slip_minutes", "buffer_minutes",
                     "minutes_left_in_window", "remaining_minutes", "remaining_critical_path",
                     "end_known", "unknown_steps"),
        "steps": ("number", "key", "title", "type", "branch", "status", "started_at",
                  "ended_at", "skip_reason", "gate_decision", "decided_by"),
    },
    ("run", "list"): {"runs": ("wave", "id", "kind", "status", "started_at", "ended_at")},
    ("drill", "list"): {"drills": (
        "id", "wave_id", "business_system_id", "status", "started_at", "ended_at", "notes",
        "results", "findings")},
    ("audit", "list"): {"events": (
        "id", "device_id", "seq", "at", "person_id", "person_name", "entity", "entity_id",
        "action", "field", "old_value", "new_value", "prev_hash", "hash")},
    ("runbook", "list"): {"runbooks": ("wave", "saved", "version", "steps", "rollback_steps")},
}  # fmt: skip
ITEM_KEYS = ("id", "phase", "stage", "title", "kind", "executor_roles", "assignee", "status",
             "reason", "planned_date", "started_at", "completed_at", "note")  # fmt: skip
RUN_KEYS = EXAMPLES["run"][1][2]
for _i, (_v, _a, _k) in enumerate(EXAMPLES["run"]):
    if _k is None and "--json" in _a:
        EXAMPLES["run"][_i] = (_v, _a, RUN_KEYS)
for _i, (_v, _a, _k) in enumerate(EXAMPLES["checklist"]):
    if _k is None and "--json" in _a:
        EXAMPLES["checklist"][_i] = (_v, _a, ITEM_KEYS)
    elif _k == "item and facts":  # checklist show: the item and the project's figures
        EXAMPLES["checklist"][_i] = (_v, _a, (*ITEM_KEYS, "facts"))

INTRO = """# hmfield on the command line

Generated by `python -m hmfield.cli.docs > docs/cli.md` from the parser and the examples in
`hmfield/cli/docs.py`; `tests/cli/test_docs.py` fails when they disagree and runs every
example below, in order, on `hmfield demo demo.hmfield --hosts 24`.

## The grammar

    hmfield <noun> <verb> <project> [arguments]

Every noun has `list` (with `--json`) and the verbs it needs. Every write takes `--by NAME`
(who makes the change; default: this install's engineer), goes through the same core
service as the app (audited, as in the app) and prints one line saying what changed, or its
JSON with `--json`. The older forms still work: `checklist PROJECT [set ITEM ...]`,
`assess PROJECT`, `runbook PROJECT --wave W`, `conflicts PROJECT`, `inventory PROJECT` (=
`host list`), `plan waves|check PROJECT`, `deps import PROJECT FILE`.

Times are typed in the project's zone (`YYYY-MM-DD HH:MM`, or ISO 8601 with an offset) and
given back in JSON as ISO 8601 UTC with the zone named in `time_zone`.

Many hosts or waves at once are one transaction: `host set`, `scope set`, `assess
override|clear` (hosts by name, `--where FIELD=VALUE`, or `--from FILE`), `drill record`
(`--host` repeated, or `--all`) and `wave set --from FILE` change everything or, on the
first problem, nothing.

`--wave` may be left out when the project has one wave (runbook, run, drill and notice
verbs); the `run` verbs also find it from `--run ID` or from the one run that is running.
Otherwise the command names the waves there are and asks for one.

Exit codes: 0 done; 1 a user error (one line on stderr: `hmfield: ...`, nothing changed);
2 a usage error (wrong or missing arguments); no traceback.

## JSON

`--json` prints one JSON value (UTF-8, indented). Its top-level keys are listed with every
example below and are stable: keys may be added, never renamed or removed. Lists are
wrapped in an object named after them (`{"hosts": [...]}`), except the older `inventory`
and `conflicts list` answers, which are bare lists.

## Input files

- **Dependency CSV** (`deps import`): see `hmfield deps import --help` below (our columns
  `from,to,kind,port,protocol,criticality,notes`, or Azure Migrate's export; `--skip-unknown`).
- **Host names** (`host set|delete|restore --from FILE`, `assess override|clear --from
  FILE`): a text file, one host name a line,
  `#` starts a comment.
- **Host updates** (`host set --from FILE.json`): a JSON list of objects, each with `name` and
  the fields to set (`business_system`, `owner`, `criticality`, `environment`, `role`, `notes`
  or any editable host field).
- **Waves** (`wave set --from FILE.json`): a JSON list of objects with `wave` (W01, number or
  name; a wave not found is added), and any of `name`, `drill_start`, `drill_end`,
  `cutover_start`, `cutover_end` (project zone), `observation_days`, `notes`.
- **Inventory files** (`import`): every discovery format `hmfield import --help` lists, and our
  template (`hmfield export PROJECT --inventory OUT.xlsx`).

The examples' files:
"""


def _help(parser) -> str:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        return parser.format_help().rstrip()
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def nouns(parser) -> dict:
    return next(a for a in parser._actions if a.dest == "command").choices


def verbs_of(parser) -> dict:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def render() -> str:
    from hmfield.cli.app import build_parser

    parser = build_parser()
    out = [INTRO]
    for name, text in INPUT_FILES.items():
        out.append(f"`{name}`:\n\n```text\n{text.rstrip()}\n```\n")
    out.append("## Commands\n")
    out.append(f"```text\n{_help(parser)}\n```\n")
    for name, p in nouns(parser).items():
        out.append(f"### {name}\n")
        for verb, args, keys in EXAMPLES.get(name, []):
            out.append(f"    hmfield {name} {verb} {args}")
            if keys:
                out.append(f"    # JSON keys: {', '.join(keys)}")
            for key, inner in NESTED.get((name, verb), {}).items():
                out.append(f"    #   {key}: {', '.join(inner)}")
        for args in SHOWN.get(name, []):
            out.append(f"    hmfield {name} {args}")
        if name in EXAMPLES or name in SHOWN:
            out.append("")
        out.append(f"```text\n{_help(p)}\n```\n")
        for vname, vp in verbs_of(p).items():
            if vp.prog.endswith(f" {vname}"):  # aliases share the parser: shown once
                out.append(f"```text\n{_help(vp)}\n```\n")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    with contextlib.redirect_stderr(io.StringIO()):
        text = render()
    print(text, end="")
