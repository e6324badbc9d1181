from . import test_unit
