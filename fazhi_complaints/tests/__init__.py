from . import test_workflow
from . import test_deadlines
from . import test_confidentiality
from . import test_public
from . import test_figures
from . import test_tour
from . import test_public_rate_limit
from . import test_public_hardening
