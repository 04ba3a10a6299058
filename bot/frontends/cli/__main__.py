"""`python -m bot.frontends.cli`: the `melodybot` command line."""

from bot.frontends.cli.main import main

raise SystemExit(main())
