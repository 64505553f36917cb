"""Benchmarks of signed, encrypted question packs (`./run bench`); they measure, they never assert."""
