from . import main
from . import walkin
from . import report
