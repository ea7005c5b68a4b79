"""Helpers of the issue-6 benchmark harness (`bench/harness.py`): settings and bench-only views
for the server under test, the load generator and CPU accounting."""
