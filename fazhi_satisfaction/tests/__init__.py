from . import test_counterpart
from . import test_questionnaire
