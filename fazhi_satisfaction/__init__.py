from . import models
from . import controllers
from . import report
from . import wizard


def uninstall_hook(env):
    """The statistics' triggers on Odoo's answer lines go with the module (the
    lines stay for the survey app)."""
    env["fazhi.satisfaction.statistics"]._fazhi_drop_structure()
