"""18.0.1.1.0: the instance's default user template is survey's again.

Before, fazhi_satisfaction removed the survey officer group
(``survey.group_survey_user``) from ``base.default_user``, so that no new user
of the whole instance became a survey officer. fazhi now changes rights through
its own roles only (its global record rules keep survey officers off fazhi's
questionnaires and answers): the group survey gives every new user is put back
on the template. In SQL, so that the existing users are left as they are (an
ORM write on the template would add the group to every internal user).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        INSERT INTO res_groups_users_rel (gid, uid)
        SELECT grp.res_id, usr.res_id
          FROM ir_model_data grp, ir_model_data usr
         WHERE grp.module = 'survey' AND grp.name = 'group_survey_user'
           AND usr.module = 'base' AND usr.name = 'default_user'
        ON CONFLICT DO NOTHING
        """
    )
