"""18.0.1.1.0: the statistics columns of the answer lines are fazhi's only.

Before, ``fazhi_unit_id``, ``fazhi_company_id``, ``fazhi_campaign_id``,
``fazhi_month`` and ``fazhi_submitted`` of ``survey_user_input_line`` were
stored computed fields, filled for every answer line of every survey. They are
now plain columns filled for the lines of answers given for a unit only
(``survey_user_input_line.py``): the other lines are emptied, and
the full index of ``fazhi_month`` is dropped so that the ORM creates it again
as a partial index (``btree_not_null``), without the other surveys' lines.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS survey_user_input_line__fazhi_month_index")
    cr.execute(
        """
        UPDATE survey_user_input_line
           SET fazhi_company_id = NULL, fazhi_campaign_id = NULL,
               fazhi_month = NULL, fazhi_submitted = NULL
         WHERE fazhi_unit_id IS NULL
           AND (fazhi_company_id IS NOT NULL OR fazhi_campaign_id IS NOT NULL
                OR fazhi_month IS NOT NULL OR fazhi_submitted IS NOT NULL)
        """
    )
