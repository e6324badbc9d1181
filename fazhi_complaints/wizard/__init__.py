from . import fazhi_complaint_extend_wizard
from . import fazhi_complaint_extension_refuse_wizard
