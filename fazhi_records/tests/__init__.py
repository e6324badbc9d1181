from . import test_records
