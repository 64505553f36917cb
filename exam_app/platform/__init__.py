"""OS adapters (process scan, displays, VM signals, kiosk), each behind a small interface with a fake."""
