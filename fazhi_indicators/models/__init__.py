from . import fazhi_indicator_framework
from . import fazhi_indicator
from . import fazhi_indicator_campaign
from . import fazhi_indicator_assignment
from . import fazhi_indicator_entry
from . import fazhi_indicator_feedback
from . import fazhi_monthly_report
from . import fazhi_home
