"""Thin Qt layer: views hold layout, controllers connect signals to core services."""
