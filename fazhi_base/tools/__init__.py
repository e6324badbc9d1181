from . import validators
from . import vocabulary
