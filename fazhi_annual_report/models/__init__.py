from . import res_company
from . import res_config_settings
from . import fazhi_annual_figures
from . import fazhi_annual_text
from . import fazhi_annual_report
from . import fazhi_annual_assessment
from . import fazhi_monthly_summary
