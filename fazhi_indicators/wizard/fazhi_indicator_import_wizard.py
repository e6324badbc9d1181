import base64
import io
import zipfile

import openpyxl

from odoo import fields, models
from odoo.exceptions import UserError

# Header texts of seed 004's table (the column layout the import reads).
HEADER_CODE = "三级指标序号"
HEADER_TEXT = "三级指标内容"
HEADER_DEPARTMENT = "责任部门"
TITLE_MARK = "指标分解表"
REPORTING_UNIT_LABEL = "上报单位"
INSTRUCTIONS_LABEL = "填表说明"
END_LABEL = "联络员"

# Limits on what the import reads (bad input is refused before anything is
# written). Change them here; the wizard reads them through class attributes.
# 5 MB holds far more than a real checklist (60 000 rows take 1.2 MB).
MAX_FILE_SIZE = 5 * 1024 * 1024
# Uncompressed size of the workbook's parts: a small zip cannot unpack into
# gigabytes of XML (zip bomb).
MAX_UNCOMPRESSED_SIZE = 200 * 1024 * 1024
# Non-empty rows of the first sheet (seed 004's checklist has about 150).
MAX_ROWS = 100_000
# Columns read per row (the checklist has 6; further columns are ignored).
MAX_COLUMNS = 30
# Codes listed in an error message (the rest are counted).
MAX_LISTED_CODES = 20

# Signatures of files people upload by mistake (first bytes).
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc (Office 97-2003)
_ZIP_MAGIC = b"PK\x03\x04"
_EXE_MAGIC = b"MZ"
_PDF_MAGIC = b"%PDF"


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _after_colon(text):
    for colon in ("：", ":"):
        if colon in text:
            return text.split(colon, 1)[1].strip()
    return ""


class FazhiIndicatorImportWizard(models.TransientModel):
    """Import a framework's third-level indicators from an XLSX file laid out
    as seed 004's table: a header row with 三级指标序号, 三级指标内容 and 责任部门
    (other columns are ignored), one row per indicator; a row without code
    continues the text of the previous one; reading stops at 联络员. The title
    (…指标分解表), 上报单位 and 填表说明 lines fill the framework's export texts.
    Codes 九-1-x are bonus items and 九-2-x veto items, as in seed 004.
    """

    _name = "fazhi.indicator.import.wizard"
    _description = "Import an indicator framework"

    _max_file_size = MAX_FILE_SIZE
    _max_uncompressed_size = MAX_UNCOMPRESSED_SIZE
    _max_rows = MAX_ROWS

    file = fields.Binary(string="XLSX file", required=True)
    filename = fields.Char()
    framework_id = fields.Many2one(
        "fazhi.indicator.framework",
        string="Into framework",
        help="Leave empty to create a new framework.",
    )
    framework_name = fields.Char(string="New framework name", help="Defaults to the table's title.")
    update_existing = fields.Boolean(
        string="Update existing codes",
        help="Update indicators whose code already exists instead of refusing the file.",
    )

    def _read_rows(self):
        """The cell texts of the first sheet, row by row, after checking the
        size and the type of the file from its bytes (not its name)."""
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        if len(data) > self._max_file_size:
            # Sizes formatted first: the translation extractor reads literal arguments.
            size = "%.1f" % (len(data) / 1024 / 1024)
            limit = "%g" % (self._max_file_size / 1024 / 1024)
            raise UserError(
                self.env._(
                    "%(file)s is %(size)s MB; the import accepts files of at most %(max)s MB.",
                    file=self.filename or "",
                    size=size,
                    max=limit,
                )
            )
        self._check_xlsx_bytes(data)
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
            raise UserError(
                self.env._("%(file)s is not an XLSX workbook.", file=self.filename or "")
            ) from error
        try:
            rows = []
            sheet = workbook.worksheets[0]
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                row = [_cell_text(v) for v in values]
                if not any(row):
                    # Blank rows mean nothing in the layout (see _parse).
                    continue
                rows.append(row)
                if len(rows) > self._max_rows:
                    raise UserError(
                        self.env._(
                            "%(file)s has more than %(max)s rows; the import reads at most "
                            "%(max)s. Split the file.",
                            file=self.filename or "",
                            max=self._max_rows,
                        )
                    )
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
            raise UserError(
                self.env._("%(file)s is not an XLSX workbook.", file=self.filename or "")
            ) from error
        finally:
            workbook.close()
        return rows

    def _check_xlsx_bytes(self, data):
        """Refuse anything that is not an XLSX workbook: a zip archive holding
        ``[Content_Types].xml`` and ``xl/workbook.xml`` whose parts unpack to at
        most ``_max_uncompressed_size`` bytes. Whatever the file is called."""
        name = self.filename or ""
        if data.startswith(_OLE2_MAGIC):
            kind = self.env._("an Office 97-2003 document (.xls or .doc)")
        elif data.startswith(_EXE_MAGIC):
            kind = self.env._("a program (executable)")
        elif data.startswith(_PDF_MAGIC):
            kind = self.env._("a PDF document")
        elif not data.startswith(_ZIP_MAGIC):
            kind = self.env._("neither a workbook nor an archive")
        else:
            kind = None
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    infos = archive.infolist()
            except (zipfile.BadZipFile, ValueError, OSError):
                kind = self.env._("a damaged archive")
            else:
                names = {info.filename for info in infos}
                if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                    kind = self.env._(
                        "an archive that is not a workbook (for example a .docx or a .zip)"
                    )
                elif sum(info.file_size for info in infos) > self._max_uncompressed_size:
                    limit = "%g" % (self._max_uncompressed_size / 1024 / 1024)
                    raise UserError(
                        self.env._(
                            "%(file)s unpacks to more than %(max)s MB; the import refuses it.",
                            file=name,
                            max=limit,
                        )
                    )
        if kind:
            raise UserError(
                self.env._(
                    "%(file)s is not an XLSX workbook: its content is %(kind)s. Save the "
                    "checklist as an Excel workbook (.xlsx) and import that file.",
                    file=name,
                    kind=kind,
                )
            )

    def _parse(self, rows):
        header_index = next(
            (i for i, row in enumerate(rows) if HEADER_CODE in row and HEADER_TEXT in row), None
        )
        if header_index is None:
            raise UserError(
                self.env._(
                    "No header row with %(code)s and %(text)s: the file does not have the "
                    "checklist layout.",
                    code=HEADER_CODE,
                    text=HEADER_TEXT,
                )
            )
        header = rows[header_index]
        col_code, col_text = header.index(HEADER_CODE), header.index(HEADER_TEXT)
        col_dept = header.index(HEADER_DEPARTMENT) if HEADER_DEPARTMENT in header else None
        meta = {}
        for row in rows[:header_index]:
            text = next((cell for cell in row if cell), "")
            if TITLE_MARK in text and "export_title" not in meta:
                meta["export_title"] = text
            elif text.startswith(REPORTING_UNIT_LABEL):
                meta["default_reporting_unit_name"] = _after_colon(text)
            elif text and "export_title" in meta and "export_subtitle" not in meta:
                meta["export_subtitle"] = text
        items = []
        for row in rows[header_index + 1 :]:
            first = next((cell for cell in row if cell), "")
            if first.startswith(END_LABEL):
                break
            code = row[col_code] if col_code < len(row) else ""
            text = row[col_text] if col_text < len(row) else ""
            dept = row[col_dept] if col_dept is not None and col_dept < len(row) else ""
            if not code and not text:
                continue
            if not code:
                if not items:
                    raise UserError(self.env._("The first indicator row has no code."))
                items[-1]["name"] += text
                continue
            items.append({"code": code, "name": text, "responsible_department_names": dept})
        for row in rows[header_index + 1 :]:
            first = next((cell for cell in row if cell), "")
            if first.startswith(INSTRUCTIONS_LABEL):
                meta["instructions"] = _after_colon(first)
        if not items:
            raise UserError(self.env._("The file has no indicator rows."))
        # One pass with a set: a 60 000-row file is checked in milliseconds.
        seen, duplicates = set(), {}
        for item in items:
            code = item["code"]
            if code in seen:
                duplicates.setdefault(code, None)
            seen.add(code)
        if duplicates:
            raise UserError(
                self.env._(
                    "Duplicate codes in the file (%(count)s): %(codes)s",
                    count=len(duplicates),
                    codes=self._list_codes(list(duplicates)),
                )
            )
        missing_text = [item["code"] for item in items if not item["name"]]
        if missing_text:
            raise UserError(
                self.env._(
                    "Indicators without text: %(codes)s", codes=self._list_codes(missing_text)
                )
            )
        return meta, items

    def _list_codes(self, codes):
        """At most ``MAX_LISTED_CODES`` codes, then how many more."""
        text = ", ".join(codes[:MAX_LISTED_CODES])
        if len(codes) > MAX_LISTED_CODES:
            text += self.env._(" and %(count)s more", count=len(codes) - MAX_LISTED_CODES)
        return text

    @staticmethod
    def _kind(code):
        if code.startswith("九-1-"):
            return "bonus"
        if code.startswith("九-2-"):
            return "veto"
        return "normal"

    def action_import(self):
        """Check the whole file, then write: either every row is imported or,
        on any error, nothing (the writes run in one savepoint)."""
        self.ensure_one()
        meta, items = self._parse(self._read_rows())
        framework = self.framework_id
        existing = {}
        if framework:
            # Archived indicators too: their codes are taken as well.
            existing = {
                indicator.code: indicator
                for indicator in self.env["fazhi.indicator"]
                .with_context(active_test=False)
                .search([("framework_id", "=", framework.id)])
            }
        clashes = [item["code"] for item in items if item["code"] in existing]
        if clashes and not self.update_existing:
            raise UserError(
                self.env._(
                    "Indicators %(codes)s already exist in %(framework)s: this file was imported "
                    "already. Tick 'Update existing codes' to update them.",
                    codes=self._list_codes(clashes),
                    framework=framework.name,
                )
            )
        with self.env.cr.savepoint():
            if not framework:
                framework = self.env["fazhi.indicator.framework"].create(
                    {
                        "name": self.framework_name
                        or meta.get("export_title")
                        or self.filename
                        or self.env._("Imported framework"),
                        **meta,
                    }
                )
            start = max(existing.values(), key=lambda i: i.sequence).sequence if existing else 0
            vals_list = []
            for index, item in enumerate(items, start=1):
                if item["code"] in existing:
                    existing[item["code"]].write(
                        {
                            "name": item["name"],
                            "responsible_department_names": item["responsible_department_names"],
                        }
                    )
                    continue
                vals_list.append(
                    {
                        **item,
                        "framework_id": framework.id,
                        "level": "3",
                        "kind": self._kind(item["code"]),
                        "sequence": start + index * 10,
                    }
                )
            created = self.env["fazhi.indicator"].create(vals_list)
            created._match_responsible_units()
        action = framework.action_view_indicators()
        action["target"] = "current"
        return action
