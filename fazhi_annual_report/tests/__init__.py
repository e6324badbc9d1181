from . import test_annual_report
from . import test_output
from . import test_rollup
from . import test_tour
from . import test_typical_cases
