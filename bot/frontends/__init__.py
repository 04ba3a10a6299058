"""Front ends: each turns platform events into service calls and results into messages.

`console`, `cli`, `discord` and `telegram`; none imports another.
"""
