from . import fazhi_satisfaction_answers_xlsx
from . import fazhi_unit_walkin_poster
