from . import fazhi_indicator_checklist_xlsx
