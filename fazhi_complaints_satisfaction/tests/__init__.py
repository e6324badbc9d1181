from . import test_case_link
