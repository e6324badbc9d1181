from . import test_monthly_figures
from . import test_translations
