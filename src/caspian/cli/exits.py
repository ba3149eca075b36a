"""Exit codes of every `caspian` command (README documents them)."""

EXIT_OK = 0
EXIT_ERROR = 1  # an error: the database cannot be opened, a model is missing, ...
EXIT_USAGE = 2  # a usage error: an unknown option value, a stage order that cannot work, ...
EXIT_SOME_FAILED = 3  # some items failed (each named on stderr) and the rest was stored
EXIT_INTERRUPTED = 130
