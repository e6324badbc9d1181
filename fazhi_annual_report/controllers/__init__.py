from . import main
from . import typical_cases
