"""Active content in an uploaded PDF: what a PDF reader could run, open or send by itself.

Reviewers and HQ open the files applicants upload, so a PDF is refused when any of its
objects, at any depth, carries JavaScript, an XFA form, an action that starts a program,
opens another file or sends or imports data, additional actions (on opening, on a page, on
a form field), a form field with an action, an embedded file or multimedia.

The walk visits every object of the file once, iteratively (no recursion, no depth limit):
everything reachable from the trailer and every object listed in the cross-reference
table, reachable or not. A visited set stops reference cycles; `MAX_PDF_OBJECTS` bounds the
work an uploaded file can ask for (a 9 MB, 1,080-page manual has about 21,000).

Accepted: plain navigation, a link to a web page or an e-mail address (`/GoTo`, `/URI` with
http, https or mailto, `/Named` page moves, article threads), which is what a word
processor writes ("open at page 1", a table of contents, a hyperlink).
"""

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# The bound on the objects (dictionaries, arrays and indirect objects) one upload may make
# the walk visit; a file over it is refused as too complex to check.
MAX_PDF_OBJECTS = 100_000

LAUNCH = "launch"
SCRIPT = "script"
XFA = "xfa"
EMBEDDED = "embedded"
RICH_MEDIA = "rich_media"
ACTION = "action"
TOO_COMPLEX = "too_complex"

# When a file has several, the one named to the applicant (most dangerous first).
PRIORITY = (TOO_COMPLEX, LAUNCH, SCRIPT, XFA, EMBEDDED, RICH_MEDIA, ACTION)

# Action types (the /S of an action dictionary) a reader would run that are not plain
# navigation; each with the kind of active content it is.
REFUSED_ACTIONS = {
    "/JavaScript": SCRIPT,
    "/Launch": LAUNCH,
    "/SubmitForm": ACTION,
    "/ImportData": ACTION,
    "/GoToR": ACTION,
    "/GoToE": EMBEDDED,
    "/Rendition": RICH_MEDIA,
    "/Movie": RICH_MEDIA,
    "/Sound": RICH_MEDIA,
    "/RichMediaExecute": RICH_MEDIA,
}
# Annotation subtypes that hold a file or play media.
REFUSED_ANNOTATIONS = {
    "/FileAttachment": EMBEDDED,
    "/RichMedia": RICH_MEDIA,
    "/Movie": RICH_MEDIA,
    "/Sound": RICH_MEDIA,
    "/Screen": RICH_MEDIA,
}
# Keys whose mere presence is active content, wherever they appear.
REFUSED_KEYS = {
    "/JS": SCRIPT,  # the script of a JavaScript action (a string or a stream)
    "/JavaScript": SCRIPT,  # the document-level scripts (a name tree)
    "/XFA": XFA,  # an XFA form (its scripts live in its XML)
    "/AA": ACTION,  # additional actions: on opening, closing, a page, a field's keystroke
    "/EmbeddedFiles": EMBEDDED,  # the document's attached files (a name tree)
    "/EF": EMBEDDED,  # a file specification carrying the file itself
    "/RichMediaContent": RICH_MEDIA,
    "/RichMediaSettings": RICH_MEDIA,
}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def pdf_active_content(reader: PdfReader) -> str:
    """The kind of active content the PDF carries (one of PRIORITY, the most dangerous
    found), or "" when it has none. Reads the whole file; raises what pypdf raises on a
    damaged one."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    stack += [IndirectObject(idnum, generation, reader)
              for generation, table in reader.xref.items() for idnum in table]
    stack += [IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return TOO_COMPLEX
        if isinstance(obj, DictionaryObject):
            found |= _dictionary_kinds(obj)
            stack += [value for value in obj.values() if _is_container(value)]
        elif isinstance(obj, ArrayObject):
            stack += [value for value in obj if _is_container(value)]
    return next((kind for kind in PRIORITY if kind in found), "")


def _is_container(value) -> bool:
    return isinstance(value, (IndirectObject, DictionaryObject, ArrayObject))


def _dictionary_kinds(obj: DictionaryObject) -> set[str]:
    """The kinds of active content this one dictionary carries itself (not its children)."""
    kinds = {kind for key, kind in REFUSED_KEYS.items() if key in obj}
    action_type = _value(obj, "/S")
    if action_type in REFUSED_ACTIONS:
        kinds.add(REFUSED_ACTIONS[action_type])
    if action_type == "/URI" and _scripted_uri(_value(obj, "/URI")):
        kinds.add(SCRIPT)
    subtype = _value(obj, "/Subtype")
    if subtype in REFUSED_ANNOTATIONS:
        kinds.add(REFUSED_ANNOTATIONS[subtype])
    if _value(obj, "/Type") == "/EmbeddedFile":
        kinds.add(EMBEDDED)
    # A form field (or its widget) that does something when used: submit, reset, run.
    if ("/FT" in obj or subtype == "/Widget") and "/A" in obj:
        kinds.add(ACTION)
    return kinds


def _value(obj: DictionaryObject, key: str):
    """obj[key] with an indirect reference followed (a name may be stored as one)."""
    value = dict.get(obj, key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _scripted_uri(uri) -> bool:
    if isinstance(uri, bytes):
        uri = uri.decode("latin-1")
    return isinstance(uri, str) and "".join(uri.split()).lower().startswith(SCRIPT_SCHEMES)
