from . import test_unit
from . import test_working_days
from . import test_followup
