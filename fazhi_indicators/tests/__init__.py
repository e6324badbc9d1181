from . import test_checklist_data
from . import test_entry
from . import test_campaign
from . import test_export_import
from . import test_tour
from . import test_rpc_guard
from . import test_readability_tour
from . import test_live_values
