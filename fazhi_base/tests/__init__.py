from . import test_unit
from . import test_working_days
from . import test_followup
from . import test_security
from . import test_tour
from . import test_monthly_report
from . import test_followup_confidential
from . import test_rpc_guard
