from . import fazhi_complaint_extend_wizard
