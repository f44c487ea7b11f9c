#!/usr/bin/env python3
"""Read a packet.pdf back with pypdf: page count, the item ids in its text, raw markup
left in the text, and whether every font is embedded. Prints one JSON object."""
import json
import re
import sys

from pypdf import PdfReader

reader = PdfReader(sys.argv[1])
text = "\n".join(page.extract_text() or "" for page in reader.pages)
fonts = []
for page in reader.pages:
    resources = page.get("/Resources") or {}
    for _, ref in (resources.get("/Font") or {}).items():
        font = ref.get_object()
        desc = font.get("/FontDescriptor")
        if desc is None and "/DescendantFonts" in font:
            desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else {}
        fonts.append({"name": str(font.get("/BaseFont")),
                      "embedded": any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))})
print(json.dumps({
    "pages": len(reader.pages),
    "ids": sorted(set(re.findall(r"\b[A-Z]{3}-\d\d\b", text))),
    "raw_markup": bool(re.search(r"<(div|span|table|td|script)\b|\{\{|\}\}", text)),
    "fonts": fonts,
}))
