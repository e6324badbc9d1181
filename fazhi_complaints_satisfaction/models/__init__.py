from . import fazhi_complaint
