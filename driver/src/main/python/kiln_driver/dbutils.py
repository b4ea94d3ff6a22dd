"""`dbutils` in Python: a thin wrapper over the JVM dbutils of the running command (Databricks
names and signatures), with JVM values turned into Python ones."""
import json
from collections import namedtuple

from kiln_driver.repl import NotebookExit

FileInfo = namedtuple("FileInfo", ["path", "name", "size", "modificationTime"])
SecretMetadata = namedtuple("SecretMetadata", ["key"])


class SecretScope(namedtuple("SecretScope", ["name"])):
    def getName(self):
        return self.name


def _py(value):
    """A JVM value (py4j collections included) as a plain Python one."""
    if value is None or isinstance(value, (str, bytes, bool, int, float)):
        return value
    if hasattr(value, "keySet") or isinstance(value, dict):
        return {k: _py(value[k]) for k in (value.keySet() if hasattr(value, "keySet") else value)}
    if hasattr(value, "iterator") or isinstance(value, (list, tuple)):
        return [_py(v) for v in value]
    return value


class DBUtils:
    """`get_jvm()` gives the running command's JVM dbutils (or None); `string_array(list)` makes
    a Java String[]."""

    def __init__(self, get_jvm, string_array):
        self._get_jvm = get_jvm
        self._string_array = string_array
        self.fs = _FS(self)
        self.secrets = _Secrets(self)
        self.widgets = _Widgets(self)
        self.notebook = _Notebook(self)
        self.jobs = _Jobs(self)

    def jvm(self):
        j = self._get_jvm()
        if j is None:
            raise RuntimeError("dbutils is not available in this context")
        return j

    def __repr__(self):
        return "Package 'dbutils'. Modules: fs, secrets, widgets, notebook, jobs"


class WorkflowException(Exception):
    """dbutils.notebook.run's child could not start, failed, timed out or was cancelled."""


def _java_message(error):
    """The message of a JVM exception raised through py4j, else the error's own text."""
    java = getattr(error, "java_exception", None)
    if java is not None:
        try:
            return str(java.getMessage())
        except Exception:  # the gateway may be gone
            pass
    return str(error)


class _Module:
    def __init__(self, owner):
        self._owner = owner


class _FS(_Module):
    def _fs(self):
        return self._owner.jvm().fs()

    def ls(self, path):
        return [
            FileInfo(f.path(), f.name(), f.size(), f.modificationTime()) for f in self._fs().ls(path)
        ]

    def cp(self, source, dest, recurse=False):
        return _py(self._fs().cp(source, dest, recurse))

    def mv(self, source, dest, recurse=False):
        return _py(self._fs().mv(source, dest, recurse))

    def rm(self, dir, recurse=False):  # noqa: A002 - the Databricks parameter name
        return _py(self._fs().rm(dir, recurse))

    def mkdirs(self, dir):  # noqa: A002
        return _py(self._fs().mkdirs(dir))

    def put(self, file, contents, overwrite=False):
        return _py(self._fs().put(file, contents, overwrite))

    def head(self, file, max_bytes=65536):
        return _py(self._fs().head(file, max_bytes))


class _Secrets(_Module):
    def _secrets(self):
        return self._owner.jvm().secrets()

    def get(self, scope, key):
        return _py(self._secrets().get(scope, key))

    def getBytes(self, scope, key):
        return bytes(self._secrets().getBytes(scope, key))

    def list(self, scope):
        return [SecretMetadata(m.key()) for m in self._secrets().list(scope)]

    def listScopes(self):
        return [SecretScope(s.name()) for s in self._secrets().listScopes()]


class _Widgets(_Module):
    def _widgets(self):
        return self._owner.jvm().widgets()

    def text(self, name, defaultValue, label=None):
        self._widgets().text(name, defaultValue, label)

    def dropdown(self, name, defaultValue, choices, label=None):
        self._widgets().dropdown(name, defaultValue, self._owner._string_array(choices), label)

    def get(self, name):
        return _py(self._widgets().get(name))

    def getArgument(self, name, defaultValue=None):
        return _py(self._widgets().getArgument(name, defaultValue))

    def remove(self, name):
        self._widgets().remove(name)

    def removeAll(self):
        self._widgets().removeAll()


class _Notebook(_Module):
    def exit(self, value):
        """Ends the command with `value` as its result (the JVM records it first)."""
        j = self._owner._get_jvm()
        if j is not None:
            try:
                j.notebook().exit(str(value))
            except Exception as e:  # the JVM's NotebookExit, by design
                if "NotebookExit" not in type(e).__name__ + str(e):
                    raise
        raise NotebookExit(str(value))

    def run(self, path, timeout_seconds, arguments=None):
        """Runs another notebook as a child run on this cluster and returns its exit value; a
        failed, timed-out or cancelled child raises WorkflowException."""
        args = {str(k): "" if v is None else str(v) for k, v in (arguments or {}).items()}
        try:
            return _py(self._owner.jvm().notebook().run(str(path), int(timeout_seconds), args))
        except Exception as e:
            raise WorkflowException(_java_message(e)) from None


class _TaskValues(_Module):
    def _task_values(self):
        return self._owner.jvm().jobs().taskValues()

    def set(self, key, value):
        """Any JSON-serialisable value, as on Databricks."""
        self._task_values().setJson(key, json.dumps(value))

    def get(self, taskKey, key, default=None, debugValue=None):
        values = self._task_values()
        if not values.hasTask(taskKey):
            return debugValue if debugValue is not None else default
        found = values.getJson(taskKey, key)
        return default if found is None else json.loads(found)


class _Jobs(_Module):
    def __init__(self, owner):
        super().__init__(owner)
        self.taskValues = _TaskValues(owner)
