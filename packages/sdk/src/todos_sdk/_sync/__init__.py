# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""The blocking SDK: generated from todos_sdk/_async, where its code and docs live."""
