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

MAX_FILE_SIZE = 5 * 1024 * 1024


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
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        if len(data) > MAX_FILE_SIZE:
            raise UserError(self.env._("The file is larger than 5 MB."))
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise UserError(
                self.env._("%(file)s is not an XLSX workbook.", file=self.filename or "")
            ) from error
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows

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
        codes = [item["code"] for item in items]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise UserError(
                self.env._("Duplicate codes in the file: %(codes)s", codes=", ".join(duplicates))
            )
        missing_text = [item["code"] for item in items if not item["name"]]
        if missing_text:
            raise UserError(
                self.env._("Indicators without text: %(codes)s", codes=", ".join(missing_text))
            )
        return meta, items

    @staticmethod
    def _kind(code):
        if code.startswith("九-1-"):
            return "bonus"
        if code.startswith("九-2-"):
            return "veto"
        return "normal"

    def action_import(self):
        self.ensure_one()
        meta, items = self._parse(self._read_rows())
        framework = self.framework_id
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
        existing = {
            indicator.code: indicator
            for indicator in self.env["fazhi.indicator"].search(
                [("framework_id", "=", framework.id)]
            )
        }
        clashes = [item["code"] for item in items if item["code"] in existing]
        if clashes and not self.update_existing:
            raise UserError(
                self.env._(
                    "Indicators %(codes)s already exist in %(framework)s: this file was imported "
                    "already. Tick 'Update existing codes' to update them.",
                    codes=", ".join(clashes[:20]),
                    framework=framework.name,
                )
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
