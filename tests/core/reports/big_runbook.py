"""A synthetic runbook of any size for the print-at-any-size tests and the benchmark: per host
final sync, launch and boot check, then one business check per system waiting for all of its
hosts, and a closing milestone waiting for everything (a fan-in as wide as the wave)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hmfield.core.runbooks.paper import PaperStep, Participant, RunbookPaper

T0 = datetime(2026, 12, 19, 14, 0, tzinfo=UTC)


def big_paper(steps: int, systems: int = 20) -> RunbookPaper:
    rows: list[PaperStep] = []
    hosts = max((steps - systems - 1) // 3, 1)
    n = 0

    def add(title_zh, title_en, preds, minutes, kind="task", role="msp"):
        nonlocal n
        n += 1
        rows.append(
            PaperStep(
                n, f"s{n}", title_zh, title_en, role, "李敏", ", ".join(map(str, preds)),
                T0 + timedelta(minutes=n % 400), minutes, kind, critical=n % 7 == 0,
            )
        )  # fmt: skip
        return n

    checks: dict[int, list[int]] = {}
    for h in range(hosts):
        if n >= steps - systems - 1:
            break
        name = f"app-srv-{h:05d}"
        a = add(f"最后一次增量同步：{name}", f"Final incremental sync: {name}", [], 30)
        b = add(f"启动割接主机：{name}", f"Start cutover host: {name}", [a], 10)
        c = add(f"【验证】割接主机验证（引导至登录界面）：{name}", f"Boot check: {name}", [b], 15, "validation", "customer")  # fmt: skip
        checks.setdefault(h % systems, []).append(c)
    for s in range(systems):
        if n < steps - 1:
            checks_of = checks.get(s, [])
            add(f"业务验证：核心系统{s:02d}", f"Business check: system {s:02d}", checks_of, 30, "validation", "customer")  # fmt: skip
    while n < steps - 1:
        add("补充步骤", "Extra step", [n], 5)
    add("割接完成", "Cutover complete", list(range(1, n + 1)), 0, "milestone")
    people = [
        Participant("王建国", ("customer",), "华东商业银行", "138 0000 1001"),
        Participant("李敏", ("msp",), "云迁科技（MSP）", "139 0000 2002"),
    ]
    return RunbookPaper(
        "大批次项目", "客户", "W99", "Asia/Shanghai", T0, T0 + timedelta(hours=8), 1, people,
        "核心交易验证失败", "王建国", "", [], rows,
    )  # fmt: skip
