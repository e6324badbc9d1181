"""Checks of the files sent through the public complaint form, on their bytes.

The name of a file only says what its bytes must be: a ``.doc`` must be an OLE2 Word
document, a ``.docx`` an OOXML package without programs, scripts, macros or archives
inside, a ``.pdf`` a PDF, an image an image that Pillow can read, a ``.txt`` text.
``check_upload`` returns ``None`` for an accepted file, else the error to show.
"""

import io
import os
import struct
import zipfile

from PIL import Image

from odoo.tools.mimetypes import guess_mimetype

# Extension -> kind of content expected.
KINDS = {
    ".pdf": "pdf",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".gif": "image",
    ".webp": "image",
    ".txt": "text",
    ".doc": "ole",
    ".xls": "ole",
    ".docx": "ooxml",
    ".xlsx": "ooxml",
}
# For the <input accept="..."> of the form.
ACCEPT = ",".join(sorted(KINDS))
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
IMAGE_MIMETYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Main stream of each OLE2 document accepted (directory entry names are UTF-16LE).
OLE_MAIN_STREAMS = {
    ".doc": ("WordDocument",),
    ".xls": ("Workbook", "Book"),
}
# OLE2 streams of macros (VBA) and of embedded packages (which carry any file).
OLE_REFUSED_STREAMS = ("_VBA_PROJECT", "Macros", "\x01Ole10Native")
OOXML_MAIN_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Members of an OOXML package that are refused by their name.
REFUSED_MEMBER_EXTENSIONS = {
    # programs and scripts
    ".exe", ".dll", ".com", ".scr", ".pif", ".cpl", ".msi", ".msp", ".sys", ".bat", ".cmd",
    ".js", ".jse", ".vbs", ".vbe", ".wsf", ".wsh", ".hta", ".ps1", ".psm1", ".sh", ".jar",
    ".lnk", ".reg", ".elf", ".so", ".dylib", ".app", ".apk", ".py", ".pl", ".php",
    # archives, nested office packages and macro-enabled documents
    ".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".cab", ".iso", ".docx",
    ".xlsx", ".pptx", ".docm", ".xlsm", ".pptm", ".dotm", ".xltm", ".odt", ".ods",
}  # fmt: skip
# Signatures of programs, whatever the name.
PROGRAM_MAGICS = (
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
)
# Signatures refused inside an OOXML package: programs, scripts, archives, OLE2 (macros,
# embedded packages).
MEMBER_MAGICS = (
    *PROGRAM_MAGICS,
    b"MZ",
    b"#!",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"\xfd7zXZ\x00",
    b"MSCF",
    OLE2_MAGIC,
)
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
# Control characters refused in a text file (tab, newlines, form feed are fine).
TEXT_CONTROLS = set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}


def is_program(data):
    """Whether ``data`` starts as a program: Windows (MZ header), ELF, Mach-O."""
    if data.startswith(b"MZ") and len(data) >= 64 and b"\x00" in data[2:64]:
        return True
    return data.startswith(PROGRAM_MAGICS)


def _is_pdf(data):
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-4096:]


def _is_image(data):
    if guess_mimetype(data[:1024], default="") not in IMAGE_MIMETYPES:
        return False
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                return False
            image.verify()
    except Exception:  # noqa: BLE001 - any failure of the decoder means "not an image"
        return False
    return True


def _is_text(data):
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(ord(char) in TEXT_CONTROLS for char in text)
    return False


def ole_entry_name(name):
    """The name of an OLE2 directory entry as stored: UTF-16LE with its terminating NUL."""
    return (name + "\x00").encode("utf-16-le")


def _has_ole_entry(data, name):
    """Whether the OLE2 file ``data`` has a directory entry named ``name``.

    Directory entries are 128 bytes, aligned on 128 bytes in the file (sectors of 512 or
    4096 bytes after a 512-byte header); the name field starts the entry and its length
    in bytes is at offset 64. Matching these, not the bare name, ignores the document's
    own text (Word keeps Chinese text in UTF-16LE as well)."""
    encoded = ole_entry_name(name)
    length = struct.pack("<H", len(encoded))
    position = data.find(encoded)
    while position != -1:
        if position % 128 == 0 and data[position + 64 : position + 66] == length:
            return True
        position = data.find(encoded, position + 1)
    return False


def _check_ole(ext, data):
    """'ok', 'content' (not this kind of document) or 'inside' (macros, packages)."""
    if not data.startswith(OLE2_MAGIC) or len(data) < 1024:
        return "content"
    if not any(_has_ole_entry(data, stream) for stream in OLE_MAIN_STREAMS[ext]):
        return "content"  # another OLE2 file (e.g. a Windows installer, .msi)
    if any(_has_ole_entry(data, stream) for stream in OLE_REFUSED_STREAMS):
        return "inside"
    return "ok"


def _check_ooxml(ext, data):
    """'ok', 'content' (not an OOXML package of this kind) or 'inside' (programs,
    scripts, macros or archives among its members)."""
    if not data.startswith(b"PK\x03\x04"):
        return "content"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            names = {member.filename for member in members}
            if (
                "[Content_Types].xml" not in names
                or OOXML_MAIN_PARTS[ext] not in names
                or len(members) > MAX_MEMBERS
                or sum(member.file_size for member in members) > MAX_UNCOMPRESSED
            ):
                return "content"
            for member in members:
                name = member.filename.replace("\\", "/")
                if member.flag_bits & 0x1:  # encrypted: its content cannot be checked
                    return "inside"
                if os.path.splitext(name)[1].lower() in REFUSED_MEMBER_EXTENSIONS:
                    return "inside"
                if member.is_dir():
                    continue
                with package.open(member) as stream:
                    head = stream.read(64)
                if is_program(head) or head.startswith(MEMBER_MAGICS):
                    return "inside"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return "content"
    except NotImplementedError:  # unknown compression method
        return "content"
    return "ok"


def check_upload(env, name, data):
    """``None`` when the file ``name`` with the bytes ``data`` is accepted, else the
    (translated) reason of the refusal."""
    ext = os.path.splitext(name)[1].lower()
    kind = KINDS.get(ext)
    if kind is None:
        return env._(
            "The file %s is not accepted: send PDF, images (JPG, PNG, GIF, WEBP), text, "
            "Word or Excel files.",
            name,
        )
    if is_program(data):
        return env._("The file %s is not accepted: it is a program, not a document.", name)
    if kind == "ole":
        verdict = _check_ole(ext, data)
    elif kind == "ooxml":
        verdict = _check_ooxml(ext, data)
    else:
        checks = {"pdf": _is_pdf, "image": _is_image, "text": _is_text}
        verdict = "ok" if checks[kind](data) else "content"
    if verdict == "inside":
        return env._(
            "The file %s is not accepted: it contains a program, a script, macros or "
            "another archive.",
            name,
        )
    if verdict == "content":
        labels = {
            "pdf": env._("a PDF document"),
            "image": env._("a JPG, PNG, GIF or WEBP image"),
            "text": env._("a text in UTF-8 or GB18030"),
            "ole": env._("a Word or Excel document"),
            "ooxml": env._("a Word or Excel document"),
        }
        return env._(
            "The file %(name)s is not accepted: its content is not %(kind)s, as its name says.",
            name=name,
            kind=labels[kind],
        )
    return None
