"""Runs one command the way a notebook cell runs: every statement, then the value of a last
expression printed as a REPL prints it; output captured; the outcome as one result."""
import ast
import base64
import collections
import io
import linecache
import sys
import traceback
import types
from contextlib import redirect_stderr, redirect_stdout

from kiln_driver.interrupts import STATE

MAX_SUMMARY = 2000
# What a command's output keeps (the driver's OutputLimits): its first and last part, the rest
# dropped as it is printed, so that a huge print never grows this process nor the driver.
HEAD_CHARS = 1 << 20
TAIL_CHARS = 5 << 20


def marker(skipped):
    return "\n*** WARNING: skipped %d bytes of output ***\n\n" % skipped


class BoundedOutput(io.TextIOBase):
    """stdout and stderr of a command: the first `head` and last `tail` characters written."""

    def __init__(self, head=HEAD_CHARS, tail=TAIL_CHARS):
        super().__init__()
        self._head = []
        self._head_room = head
        self._tail = collections.deque()
        self._tail_size = 0
        self._tail_limit = tail
        self._dropped = 0

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        n = len(s)
        rest = s
        if self._head_room > 0:
            kept = rest[: self._head_room]
            self._head.append(kept)
            self._head_room -= len(kept)
            rest = rest[len(kept) :]
        if rest:
            if len(rest) >= self._tail_limit:
                self._dropped += self._tail_size + len(rest) - self._tail_limit
                self._tail.clear()
                rest = rest[-self._tail_limit :]
                self._tail_size = 0
            self._tail.append(rest)
            self._tail_size += len(rest)
            while self._tail_size - len(self._tail[0]) >= self._tail_limit:
                first = self._tail.popleft()
                self._tail_size -= len(first)
                self._dropped += len(first)
        return n

    @property
    def truncated(self):
        return self._tail_size + self._dropped > self._tail_limit

    def getvalue(self):
        tail = "".join(self._tail)
        skipped = self._dropped
        if len(tail) > self._tail_limit:
            skipped += len(tail) - self._tail_limit
            tail = tail[-self._tail_limit :]
        head = "".join(self._head)
        return head + marker(skipped) + tail if skipped else head + tail


def bounded(text):
    """A text cut as a command's output is."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return text[:HEAD_CHARS] + marker(len(text) - HEAD_CHARS - TAIL_CHARS) + text[-TAIL_CHARS:]


class NotebookExit(Exception):
    """`dbutils.notebook.exit(value)`: ends the command with `value` as its text result."""

    def __init__(self, value):
        super().__init__(value)
        self.value = value


class Outcome:
    """What a command ended with: kind is text, table, image, error or cancelled."""

    def __init__(self, kind, data=None, summary=None, cause=None, truncated=False):
        self.kind = kind
        self.data = data
        self.summary = summary
        self.cause = cause
        self.truncated = truncated

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
        out = BoundedOutput()
        try:
            with redirect_stdout(out), redirect_stderr(out):
                self._execute(code, filename)
        except NotebookExit as e:
            return Outcome("text", data="" if e.value is None else bounded(str(e.value)))
        except KeyboardInterrupt:
            return Outcome("cancelled", data=out.getvalue())
        except BaseException as e:  # noqa: B902 - SystemExit too: the context lives on
            summary, trace = describe(e)
            return Outcome("error", summary=summary, cause=out.getvalue() + bounded(trace))
        finally:
            STATE.stop()
        if self.displayed_table:
            return Outcome("table")
        image = self._image()
        if image is not None:
            return Outcome("image", data=image)
        return Outcome("text", data=out.getvalue(), truncated=out.truncated)

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
