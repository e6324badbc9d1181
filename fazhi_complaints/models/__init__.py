from . import res_company
from . import res_config_settings
from . import fazhi_complaint_category
from . import fazhi_complaint_time_limit
from . import fazhi_complaint
from . import fazhi_complaint_analysis
from . import fazhi_monthly_report
from . import fazhi_complaint_public_throttle
