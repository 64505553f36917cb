"""Pure-Python core: question model, packs, keys and crypto. Never imports Qt, the store or OS adapters."""
