"""Answers of an archived year (fazhi.satisfaction.archive) are locked.

The lock is checked in ``write``, ``unlink``, ``_mark_done`` and when lines are
added, for every user, the supervision office and ``sudo()`` included: there
is no context key or group that lifts it. Only SQL bypasses it (e.g. the
database cascade when a questionnaire itself is deleted).
"""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        answers = super().create(vals_list)
        answers._fazhi_check_not_archived()
        return answers

    def write(self, vals):
        self._fazhi_check_not_archived()
        res = super().write(vals)
        if {"fazhi_unit_id", "fazhi_task_id"} & vals.keys():
            # not moved into an archived year either
            self._fazhi_check_not_archived()
        return res

    def unlink(self):
        self._fazhi_check_not_archived()
        return super().unlink()

    def _mark_done(self):
        self._fazhi_check_not_archived()
        return super()._mark_done()

    # ------------------------------------------------------------------
    # Lock
    # ------------------------------------------------------------------
    def _fazhi_locking_archives(self):
        """``{answer id: archive}`` for the answers of ``self`` whose unit and
        year are archived (one query)."""
        # Only answers given for a unit can be archived: the other surveys'
        # answers cost no query. sudo: only whether an answer has a unit
        ids = tuple(
            answer.id
            for answer in self.sudo()
            if isinstance(answer.id, int) and answer.fazhi_unit_id
        )
        if not ids:
            return {}
        self.flush_model(["fazhi_unit_id", "fazhi_task_id"])
        self.env["fazhi.satisfaction.task"].flush_model(["month"])
        Archive = self.env["fazhi.satisfaction.archive"]
        Archive.flush_model(["unit_id", "year", "state"])
        month = self.env["fazhi.satisfaction.answer.report"]._month_sql("ui", "task")
        self.env.cr.execute(
            SQL(
                """
                SELECT ui.id, archive.id
                FROM survey_user_input ui
                LEFT JOIN fazhi_satisfaction_task task ON task.id = ui.fazhi_task_id
                JOIN fazhi_satisfaction_archive archive
                    ON archive.unit_id = ui.fazhi_unit_id
                    AND archive.state = 'archived'
                    AND archive.year = EXTRACT(YEAR FROM %s)::int
                WHERE ui.id IN %s
                """,
                month,
                ids,
            )
        )
        # sudo: the archive that locks (named in the refusal), whoever may read it
        return {
            answer_id: Archive.sudo().browse(archive_id)
            for answer_id, archive_id in self.env.cr.fetchall()
        }

    def _fazhi_check_not_archived(self):
        """Raise a ``UserError`` when an answer of ``self`` is archived."""
        locked = self._fazhi_locking_archives()
        if not locked:
            return
        archive = next(iter(locked.values()))
        raise UserError(
            self.env._(
                "The answers of %(unit)s for %(year)s are archived (%(archive)s, kept by "
                "%(custodian)s): they can no longer be changed or deleted, not even by the "
                "supervision office.",
                unit=archive.unit_id.display_name,
                year=archive.year,
                archive=archive.display_name,
                custodian=archive.custodian_id.name or self.env._("nobody"),
            )
        )


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    @api.model_create_multi
    def create(self, vals_list):
        input_ids = {vals["user_input_id"] for vals in vals_list if vals.get("user_input_id")}
        self.env["survey.user_input"].browse(input_ids)._fazhi_check_not_archived()
        return super().create(vals_list)

    def write(self, vals):
        # sudo: the lines' answers, only to check whether they are locked
        answers = self.sudo().user_input_id
        if vals.get("user_input_id"):
            answers |= answers.browse(vals["user_input_id"])
        answers._fazhi_check_not_archived()
        return super().write(vals)

    def unlink(self):
        # sudo: the lines' answers, only to check whether they are locked
        self.sudo().user_input_id._fazhi_check_not_archived()
        return super().unlink()
