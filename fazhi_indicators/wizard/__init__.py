from . import fazhi_indicator_import_wizard
