from . import test_monthly_figures
from . import test_monthly_figures_batch
from . import test_translations
from . import test_role_home
from . import test_role_tours
from . import test_demo_chatter
