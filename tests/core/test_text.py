from hmfield.core.text import fill, singular_en


def test_one_is_singular_and_other_counts_stay_plural():
    assert singular_en("1 hosts") == "1 host"
    assert singular_en("21 hosts") == "21 hosts"
    assert singular_en("0 hosts") == "0 hosts"
    assert singular_en("1,001 hosts and 0.1 hosts") == "1,001 hosts and 0.1 hosts"
    assert singular_en("1 of 1 hosts done") == "1 of 1 host done"


def test_phrases_win_over_nouns_and_words_stay_whole():
    assert singular_en("1 hosts have no wave: a") == "1 host has no wave: a"
    assert singular_en("1 Sync Proxies (10 hosts each)") == "1 Sync Proxy (10 hosts each)"
    assert singular_en("1 hostsx") == "1 hostsx"  # not a word of ours


def test_fill_fixes_english_only():
    assert fill("{n} hosts, {m} steps", "en", n=1, m=2) == "1 host, 2 steps"
    assert fill("共 {n} 台主机 hosts", "zh", n=1) == "共 1 台主机 hosts"


def test_real_templates_read_right_with_one():
    from hmfield.core.plan.messages import PlanMessages

    assert PlanMessages("en").word("policy_conc_net", n=1) == "1 host in parallel (network plan)"
    assert PlanMessages("en").word("policy_conc_net", n=8) == "8 hosts in parallel (network plan)"
    assert PlanMessages("zh").word("policy_conc_net", n=1) == "并发 1 台（网络规划）"


def test_unknown_step_minutes_read_right_with_one():
    """The wave check's and the runbook's unknown-minutes sentences agree with their count
    (the demo's W01 printed "the minutes of 1 step is unknown")."""
    from hmfield.core.plan.maths.notes import PlanFinding
    from hmfield.core.plan.messages import PlanMessages

    def sentence(count: int) -> str:
        params = {"wave": 0, "count": count, "needed_min": 551.8, "inputs": ["size"]}
        return PlanMessages("en").text(PlanFinding("final_sync_unknown", "", "warning", params))

    assert sentence(1).startswith("wave 1: 1 step has unknown minutes (")
    assert sentence(2).startswith("wave 1: 2 steps have unknown minutes (")
