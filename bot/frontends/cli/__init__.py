"""The `melodybot` command line (`main`), and its audio output (`audio`)."""
