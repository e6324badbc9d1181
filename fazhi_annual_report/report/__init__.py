from . import annual_report_docx
from . import annual_report_pdf
