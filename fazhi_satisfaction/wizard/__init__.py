from . import fazhi_satisfaction_campaign_reopen
from . import fazhi_satisfaction_answer_export
