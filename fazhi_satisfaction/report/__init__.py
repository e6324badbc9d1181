from . import fazhi_satisfaction_answers_xlsx
