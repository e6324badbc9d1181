from odoo import fields, models


class FazhiCallbackFinding(models.Model):
    """A problem a counterpart reports during a case callback (回访发现的问题).

    The entries of seeds 000 and 001 are shipped as data (不作为, 不及时作为,
    吃拿卡要, 刁难办事群众, 应一次告知而多次告知, 乱收费乱罚款, 其他); the office
    may add more. Any finding of a callback opens an accountability follow-up.
    """

    _name = "fazhi.callback.finding"
    _description = "Callback finding"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    requires_text = fields.Boolean(
        string="Requires a description",
        help="The callback officer must describe the finding in words when ticking it (e.g. 其他).",
    )
    description = fields.Text(help="What this finding covers, as a hint for callback officers.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A callback finding with this name already exists."),
    ]
