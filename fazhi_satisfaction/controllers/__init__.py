from . import main
from . import walkin
