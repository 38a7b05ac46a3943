"""Regenerate the checked-in JSON Schema: python -m schemas"""

from . import SCHEMA_PATH, render_json_schema

SCHEMA_PATH.write_text(render_json_schema(), encoding="utf-8")
print(f"wrote {SCHEMA_PATH}")
