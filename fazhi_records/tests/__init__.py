from . import test_records
from . import test_case_records
from . import test_licensing_import
