from . import validators
from . import vocabulary
from . import digest
