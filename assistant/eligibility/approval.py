"""Proposed rule data per notice, kept for an administrator to review and approve.

Under ``folder`` (``data_dir/rules``):

* ``proposals/<notice id>.json`` — the :class:`RuleProposal` with its status (proposed / approved);
* ``approved/<notice id>.yaml`` — an approved proposal as a notice rule file, in the format of
  ``knowledge/rules/NNN_*.yaml``, which :func:`assistant.eligibility.rulebook.load_rules` reads with
  ``approved=`` exactly as it reads the hand-written ones.

Every file is written to a temporary name and then put in place, so a reader never sees half of
one. A new version of a notice (another sha256) is proposed afresh and its old approval withdrawn:
approved rules always rest on the text they were read from.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path

import yaml

from assistant.eligibility.proposal import RuleProposal

_SAFE_ID = re.compile(r"^[\w\u4e00-\u9fff（）()\-][\w\u4e00-\u9fff（）()\-.]{0,120}$")
_HEADER = "# {label} — proposed from {file}, approved {when}{by}. Edit the proposal, not this file.\n"


class ProposalError(ValueError):
    """A proposal that cannot be stored or approved (unknown notice, no round year …)."""


class RuleProposals:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()

    @property
    def approved_dir(self) -> Path:
        return self.folder / "approved"

    # ---- reading ------------------------------------------------------------------------------
    def get(self, notice_id: str) -> RuleProposal | None:
        path = self._proposal_path(notice_id)
        return RuleProposal.model_validate_json(path.read_text(encoding="utf-8")) if path.is_file() else None

    def all(self) -> list[RuleProposal]:
        folder = self.folder / "proposals"
        paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
        return [RuleProposal.model_validate_json(p.read_text(encoding="utf-8")) for p in paths]

    # ---- changing -----------------------------------------------------------------------------
    def offer(self, proposal: RuleProposal) -> RuleProposal:
        """Keep a fresh proposal. The notice's approval stands when it rests on the same version of
        the notice; a proposal for a changed notice replaces it and withdraws the approval."""
        with self._lock:
            held = self.get(proposal.notice_id)
            if held and held.status == "approved" and held.notice_sha256 == proposal.notice_sha256:
                return held
            self._approved_path(proposal.notice_id).unlink(missing_ok=True)
            self._save(proposal.model_copy(update={"status": "proposed", "reviewed_at": None, "reviewer": None}))
            return self.get(proposal.notice_id) or proposal

    def approve(self, notice_id: str, reviewer: str = "", leave_out: Iterable[str] = (),
                round: int | None = None) -> RuleProposal:
        """Approve a notice's proposal (without the rule ids in ``leave_out``; with the round year
        when the notice did not say it): its rule file is written for the rule book."""
        with self._lock:
            held = self._held(notice_id)
            approved = held.model_copy(update={
                "status": "approved", "left_out": sorted(set(leave_out)), "reviewer": reviewer or None,
                "reviewed_at": dt.datetime.now(dt.UTC), "round": round if round is not None else held.round})
            rules = self._rules_file(approved)
            self._write(self._approved_path(notice_id), rules)
            self._save(approved)
            return approved

    def withdraw(self, notice_id: str) -> RuleProposal:
        """Back to proposed: the notice's rules leave the rule book."""
        with self._lock:
            held = self._held(notice_id)
            self._approved_path(notice_id).unlink(missing_ok=True)
            back = held.model_copy(update={"status": "proposed", "reviewed_at": None, "reviewer": None})
            self._save(back)
            return back

    def forget(self, notice_id: str) -> None:
        """The notice left the library: its proposal and approved rules go too."""
        with self._lock:
            self._approved_path(notice_id).unlink(missing_ok=True)
            self._proposal_path(notice_id).unlink(missing_ok=True)

    # ---- files --------------------------------------------------------------------------------
    def _held(self, notice_id: str) -> RuleProposal:
        held = self.get(notice_id)
        if held is None:
            raise ProposalError(f"通知 {notice_id} 没有待审核的规则建议。")
        return held

    def _rules_file(self, proposal: RuleProposal) -> str:
        try:
            rules = proposal.notice_rules()
        except ValueError as exc:
            raise ProposalError(str(exc)) from exc
        when = (proposal.reviewed_at or dt.datetime.now(dt.UTC)).date().isoformat()
        header = _HEADER.format(label=rules.label, file=rules.file, when=when,
                                by=f" by {proposal.reviewer}" if proposal.reviewer else "")
        body = yaml.safe_dump(rules.model_dump(mode="json", exclude_defaults=True), allow_unicode=True, sort_keys=False)
        return header + body

    def _save(self, proposal: RuleProposal) -> None:
        self._write(self._proposal_path(proposal.notice_id), proposal.model_dump_json(indent=1))

    def _write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)

    def _proposal_path(self, notice_id: str) -> Path:
        return self.folder / "proposals" / f"{_checked(notice_id)}.json"

    def _approved_path(self, notice_id: str) -> Path:
        return self.approved_dir / f"{_checked(notice_id)}.yaml"


def _checked(notice_id: str) -> str:
    """A notice id usable as a file name (no folders, no leading dot)."""
    if not _SAFE_ID.match(notice_id) or ".." in notice_id:
        raise ProposalError(f"不是有效的通知编号：{notice_id!r}")
    return notice_id
