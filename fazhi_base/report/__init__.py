from . import fazhi_monthly_summary_xlsx
