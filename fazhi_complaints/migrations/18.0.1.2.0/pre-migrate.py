"""18.0.1.2.0: the complaint desk group moves from fazhi_base to fazhi_complaints.

``fazhi_base.group_fazhi_complaint_desk`` becomes
``fazhi_complaints.group_fazhi_complaint_desk``: the external id is renamed
before the module's data is loaded, so the group record stays the same and its
users, access rights and record rules keep it. (fazhi_base no longer declares
the group: without the rename, the end of the update would delete it.)
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_model_data
           SET module = 'fazhi_complaints'
         WHERE module = 'fazhi_base'
           AND name = 'group_fazhi_complaint_desk'
           AND NOT EXISTS (
               SELECT 1 FROM ir_model_data
                WHERE module = 'fazhi_complaints' AND name = 'group_fazhi_complaint_desk'
           )
        """
    )
