"""Sub-commands of `caspian` that live with their capability (search, facts, entities, web ...).

Each module here defines `register(app, eval_app, bench_app)` and adds its commands to the Typer
apps it is given; `caspian.cli` calls every module it finds, so a capability adds its commands
without editing the core CLI. Modules import their heavy dependencies inside the commands, so
`caspian --help` stays fast. Option types shared with the core CLI (`DbOption`, `JsonOption`,
`QuietOption`) are in `caspian.commands._common`; import them at module level there, since
Typer reads the annotations of a command's signature.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def register_all(app: Any, eval_app: Any, bench_app: Any) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):  # helpers such as _common, not command modules
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(app, eval_app, bench_app)
