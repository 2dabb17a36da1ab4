"""The stop-business notice (seed stage seven item 3: 编写通知内容，并在审核确认后发布割接通告)
and the business-resumed notice of a wave.

Generated from the wave (business systems, the window in the project's zone with the zone
named, the expected impact, what users must do, the contacts) from the templates in
``resources/runbook/notices.yaml``, in zh and en; the engineer edits the text and a named
person approves it. Editing an approved notice withdraws the approval. :meth:`text` is the
plain text to copy into mail or chat and to print (with the approval line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError, InputError
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import Wave
from hmfield.core.model.project import Person
from hmfield.core.model.runbook import Notice, NoticeKind, Run, Runbook, RunStep
from hmfield.core.runbooks.paper import escalation, report_tz
from hmfield.core.runbooks.service import RunbookService, _get
from hmfield.core.text import fill
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

KINDS = tuple(k.value for k in NoticeKind)
CONTACT_ROLES = ("customer", "msp", "app_operator")


@lru_cache(maxsize=2)
def notice_templates(path: str | None = None) -> dict:
    """The bundled notice templates (validated: every kind with title and body, zh and en)."""
    file = path or str(resource_path("runbook", "notices.yaml"))
    with open(file, encoding="utf-8") as fh:
        doc = load_yaml(fh)
    for kind in KINDS:
        for part in ("title", "body"):
            for lang in ("zh", "en"):
                if not str(((doc.get(kind) or {}).get(part) or {}).get(lang) or "").strip():
                    raise InputError(f"notice '{kind}' has no {part} in '{lang}'", file=file)
    return doc


@dataclass(frozen=True)
class NoticeView:
    """A notice as the screens, the CLI and paper show it."""

    wave_id: str
    kind: str
    text_zh: str
    text_en: str
    saved: bool
    edited: bool
    approved_by: str  # the approver's name ("" while a draft)
    approved_by_id: str | None
    approved_at: datetime | None
    tz: str

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    def body(self, lang: str) -> str:
        return self.text_zh if lang == "zh" else self.text_en


def _zone_text(tz: str, at: datetime | None) -> str:
    zone = ZoneInfo(tz)
    offset = (at or datetime.now(zone)).astimezone(zone).strftime("%z")
    return f"{tz}, UTC{offset[:3]}:{offset[3:]}"


def _local(at: datetime | None, tz: str) -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M") if at else "—"


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise HmError(f"unknown notice kind '{kind}'; use one of {', '.join(KINDS)}")


class NoticeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reads ----------------------------------------------------------------------------
    def draft(self, wave_id: str, kind: str) -> dict[str, str]:
        """The generated text ``{"zh", "en"}`` (nothing saved)."""
        _check_kind(kind)
        tz = report_tz(self.ctx)
        people = escalation(self.ctx)
        with self.ctx.read() as s:
            wave = _get(s, Wave, wave_id, "wave")
            live_end = _live_resumed(s, wave)
        planned = None if live_end else self._planned_resume(wave)
        with self.ctx.read() as s:
            facts = self._facts(s, wave, tz, people, live_end or planned, live_end is None)
        texts = notice_templates()[kind]
        out = {}
        for lang in ("zh", "en"):
            params = {k: (v[lang] if isinstance(v, dict) else v) for k, v in facts.items()}
            title = fill(texts["title"][lang], lang, **params)
            out[lang] = f"{title}\n\n{fill(texts['body'][lang], lang, **params)}"
        return out

    def get(self, wave_id: str, kind: str) -> NoticeView:
        """The saved notice, else the generated draft."""
        _check_kind(kind)
        tz = report_tz(self.ctx)
        with self.ctx.read() as s:
            row = _stored(s, wave_id, kind)
            approver = s.get(Person, row.approved_by_id) if row and row.approved_by_id else None
        if row is None:
            text = self.draft(wave_id, kind)
            return NoticeView(
                wave_id, kind, text["zh"], text["en"], False, False, "", None, None, tz
            )
        return NoticeView(
            wave_id, kind, row.text_zh, row.text_en, True, row.edited,
            approver.name if approver else "", row.approved_by_id, row.approved_at, tz,
        )  # fmt: skip

    def text(self, wave_id: str, kind: str, lang: str = "zh") -> str:
        """The notice as plain text to copy or print, ending with its approval line."""
        return "\n".join(self.paragraphs(wave_id, kind, lang))

    def paragraphs(self, wave_id: str, kind: str, lang: str = "zh") -> list[str]:
        """The notice as lines (the first is the title), the approval line last."""
        view = self.get(wave_id, kind)
        words = notice_templates()["approval"]
        lang = "zh" if lang == "zh" else "en"
        if view.approved:
            at = f"{_local(view.approved_at, view.tz)} ({view.tz})"
            status = words["approved"][lang].format(name=view.approved_by, at=at)
        else:
            status = words["draft"][lang]
        return [*view.body(lang).splitlines(), "", status]

    # -- writes ---------------------------------------------------------------------------
    def save(
        self, wave_id: str, kind: str, text_zh: str | None = None, text_en: str | None = None
    ) -> NoticeView:
        """Store the edited text (either language may stay as it is); an approval is
        withdrawn because what was approved is no longer what is published."""
        _check_kind(kind)
        current = self.get(wave_id, kind)
        values = {
            "text_zh": current.text_zh if text_zh is None else text_zh.strip(),
            "text_en": current.text_en if text_en is None else text_en.strip(),
        }
        if not values["text_zh"] or not values["text_en"]:
            raise HmError("a notice cannot be empty; write it in both languages")
        with self.ctx.write() as uow:
            _get(uow.session, Wave, wave_id, "wave")
            row = _stored(uow.session, wave_id, kind)
            changed = row is None or (row.text_zh, row.text_en) != (
                values["text_zh"],
                values["text_en"],
            )
            values |= (
                {"edited": True, "approved_by_id": None, "approved_at": None} if changed else {}
            )
            if row is None:
                uow.rec.create(Notice(wave_id=wave_id, kind=kind, **values))
            elif changed:
                uow.rec.update(row, values)
        return self.get(wave_id, kind)

    def regenerate(self, wave_id: str, kind: str) -> NoticeView:
        """Replace the text by a fresh draft from the wave as it is now (approval withdrawn)."""
        text = self.draft(wave_id, kind)
        with self.ctx.write() as uow:
            row = _stored(uow.session, wave_id, kind)
            values = {"text_zh": text["zh"], "text_en": text["en"], "edited": False,
                      "approved_by_id": None, "approved_at": None}  # fmt: skip
            if row is None:
                uow.rec.create(Notice(wave_id=wave_id, kind=kind, **values))
            else:
                uow.rec.update(row, values)
        return self.get(wave_id, kind)

    def approve(self, wave_id: str, kind: str, person_id: str) -> NoticeView:
        """A named person approves the notice as it reads now (the draft is saved first)."""
        _check_kind(kind)
        current = self.get(wave_id, kind)
        with self.ctx.write() as uow:
            s = uow.session
            _get(s, Wave, wave_id, "wave")
            person = s.get(Person, person_id) if person_id else None
            if person is None or person.deleted:
                raise HmError("approving a notice needs the name of the person who approved it")
            row = _stored(s, wave_id, kind)
            stamp = {"approved_by_id": person.id, "approved_at": uow.rec.now}
            if row is None:
                uow.rec.create(Notice(wave_id=wave_id, kind=kind, text_zh=current.text_zh,
                                      text_en=current.text_en, **stamp))  # fmt: skip
            else:
                uow.rec.update(row, stamp)
        return self.get(wave_id, kind)

    # -- facts ----------------------------------------------------------------------------
    def _facts(self, s: Session, wave: Wave, tz: str, people, resumed, planned: bool) -> dict:
        words = notice_templates()["approval"]
        # the hosts' systems in host name order (whole Host records: 70 ms a 500-host wave)
        live = (Host.wave_id == wave.id) & (Host.deleted == False)  # noqa: E712
        host_systems = list(
            s.exec(select(Host.business_system_id).where(live).order_by(Host.name))
        )  # one row per host
        ids = list(dict.fromkeys(sid for sid in host_systems if sid))
        ids += [
            b.id
            for b in s.exec(select(BusinessSystem).where(BusinessSystem.wave_id == wave.id))
            if not b.deleted and b.id not in ids
        ]
        objects = _wave_objects(s, wave.id)
        ids += [
            o.business_system_id
            for o in objects
            if o.business_system_id and o.business_system_id not in ids
        ]
        ids = list(dict.fromkeys(ids))
        names = [s.get(BusinessSystem, i).name for i in ids if s.get(BusinessSystem, i)]
        wave_name = wave.name or f"#{wave.order + 1}"
        none = {lang: words["no_systems"][lang].format(wave=wave_name) for lang in ("zh", "en")}
        if not names:  # no business system: name the hosts' wave and the objects themselves
            names = [o.name for o in objects]
        systems = {"zh": "、".join(names), "en": ", ".join(names)} if names else none
        seen: set[str] = set()
        lines = []
        for e in people:
            if e.role not in CONTACT_ROLES or e.name in seen:
                continue
            seen.add(e.name)
            lines.append(" ".join(x for x in (e.name, e.organisation, e.phone, e.email) if x))
        contacts = "\n".join(lines)
        contact = {lang: contacts or words["no_contacts"][lang] for lang in ("zh", "en")}
        mark = words["planned"] if planned else {"zh": "", "en": ""}
        return {
            "wave": wave_name,
            "systems": systems,
            "hosts": len(host_systems),
            "size": {
                lang: fill(
                    (words["size_objects"] if objects else words["size_hosts"])[lang],
                    lang,
                    hosts=len(host_systems),
                    objects=len(objects),
                )
                for lang in ("zh", "en")
            },
            "start": _local(wave.cutover_start, tz),
            "end": _local(wave.cutover_end, tz),
            "zone": _zone_text(tz, wave.cutover_start),
            "contacts": contact,
            "resumed": {lang: _local(resumed, tz) + mark[lang] for lang in ("zh", "en")},
        }

    def _planned_resume(self, wave: Wave) -> datetime | None:
        """When the runbook plans business to resume (the window end without a runbook)."""
        if wave.cutover_start is None:
            return None
        view = RunbookService(self.ctx).view_for_wave(wave.id)
        planned = [p.planned_end for p in view.steps if p.step.key.startswith("resume:")]
        return max(planned) if planned else wave.cutover_end


def _wave_objects(s: Session, wave_id: str) -> list:
    """The non-host objects (databases, shares, buckets) the plan put in the wave."""
    from hmfield.core.model.assess import NonHostObject
    from hmfield.core.model.plan import ObjectWave

    links = s.exec(
        select(ObjectWave).where(ObjectWave.wave_id == wave_id, ObjectWave.deleted == False)  # noqa: E712
    )
    objects = [s.get(NonHostObject, x.object_id) for x in links]
    return [o for o in objects if o is not None and not o.deleted]


def _live_resumed(s: Session, wave: Wave) -> datetime | None:
    """When business resumed in the live run (the last resume step done), if it did."""
    runbook = s.exec(
        select(Runbook).where(Runbook.wave_id == wave.id, Runbook.deleted == False)  # noqa: E712
    ).first()
    if runbook is None:
        return None
    live = s.exec(select(Run).where(Run.runbook_id == runbook.id, Run.kind == "live")).all()
    ends = [
        x.ended_at
        for r in live
        for x in s.exec(select(RunStep).where(RunStep.run_id == r.id))
        if x.key.startswith("resume:") and x.status == "done" and x.ended_at
    ]
    return max(ends) if ends else None


def _stored(s: Session, wave_id: str, kind: str) -> Notice | None:
    return s.exec(
        select(Notice).where(
            Notice.wave_id == wave_id,
            Notice.kind == kind,
            Notice.deleted == False,  # noqa: E712
        )
    ).first()
