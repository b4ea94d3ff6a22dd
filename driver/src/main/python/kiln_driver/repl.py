"""Runs one command the way a notebook cell runs: every statement, then the value of a last
expression printed as a REPL prints it; output captured; the outcome as one result."""
import ast
import base64
import io
import linecache
import sys
import traceback
import types
from contextlib import redirect_stderr, redirect_stdout

from kiln_driver.interrupts import STATE

MAX_SUMMARY = 2000


class NotebookExit(Exception):
    """`dbutils.notebook.exit(value)`: ends the command with `value` as its text result."""

    def __init__(self, value):
        super().__init__(value)
        self.value = value


class Outcome:
    """What a command ended with: kind is text, table, image, error or cancelled."""

    def __init__(self, kind, data=None, summary=None, cause=None):
        self.kind = kind
        self.data = data
        self.summary = summary
        self.cause = cause

    def __repr__(self):
        return "Outcome(%r, data=%r, summary=%r)" % (self.kind, self.data, self.summary)


class Repl:
    """One context's variables (a fresh `__main__` module) and how commands run in it."""

    def __init__(self, bindings=None):
        self.module = types.ModuleType("__main__")
        self.module.__dict__["__builtins__"] = __builtins__
        self.namespace = self.module.__dict__
        self.namespace.update(bindings or {})
        self.displayed_table = False
        self.figure = None
        # Pickle (and PySpark's cloudpickle) find user classes and functions in `__main__`.
        sys.modules["__main__"] = self.module

    def run(self, command_id, code):
        filename = "<command-%s>" % command_id
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        self.displayed_table = False
        self.figure = None
        out = io.StringIO()
        try:
            with redirect_stdout(out), redirect_stderr(out):
                self._execute(code, filename)
        except NotebookExit as e:
            return Outcome("text", data="" if e.value is None else str(e.value))
        except KeyboardInterrupt:
            return Outcome("cancelled", data=out.getvalue())
        except BaseException as e:  # noqa: B902 - SystemExit too: the context lives on
            summary, trace = describe(e)
            return Outcome("error", summary=summary, cause=out.getvalue() + trace)
        finally:
            STATE.stop()
        if self.displayed_table:
            return Outcome("table")
        image = self._image()
        if image is not None:
            return Outcome("image", data=image)
        return Outcome("text", data=out.getvalue())

    def _execute(self, code, filename):
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, filename, "exec", dont_inherit=True), self.namespace)
        if last is not None:
            value = eval(compile(last, filename, "eval", dont_inherit=True), self.namespace)
            if value is not None:
                self.namespace["_"] = value
                print(repr(value))

    def _image(self):
        """The figure passed to display(), else the last open pyplot figure, as a PNG data URL."""
        figure = self.figure
        pyplot = sys.modules.get("matplotlib.pyplot")
        if figure is None and pyplot is not None and pyplot.get_fignums():
            figure = pyplot.figure(pyplot.get_fignums()[-1])
        if figure is None:
            return None
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        if pyplot is not None:
            pyplot.close("all")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def describe(e):
    """The summary (`ZeroDivisionError: division by zero`) and the traceback from the user's
    code on (the REPL's own frames left out)."""
    tb = e.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<command-"):
        tb = tb.tb_next
    trace = "".join(traceback.format_exception(type(e), e, tb))
    lines = traceback.format_exception_only(type(e), e)
    if isinstance(e, SyntaxError):
        lines = lines[-1:]  # the source line and caret stay in the trace
    text = "".join(lines).splitlines()
    summary = "\n".join(line for line in text if not line.lstrip().startswith("at ")).strip()
    if len(summary) > MAX_SUMMARY:
        summary = summary[:MAX_SUMMARY] + "..."
    return summary, trace
