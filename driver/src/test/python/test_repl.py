"""The REPL loop and the dbutils wrapper without a JVM (PythonReplUnitTest runs these)."""
import unittest

from kiln_driver.dbutils import DBUtils, FileInfo, WorkflowException
from kiln_driver.repl import HEAD_CHARS, TAIL_CHARS, BoundedOutput, Repl


class ReplTest(unittest.TestCase):
    def setUp(self):
        self.repl = Repl({"bound": 7})

    def run_code(self, code):
        return self.repl.run("t", code)

    def test_last_expression_printed_after_output(self):
        outcome = self.run_code("print('a')\nbound * 6")
        self.assertEqual(("text", "a\n42\n"), (outcome.kind, outcome.data))

    def test_none_and_statements_print_nothing(self):
        self.assertEqual("", self.run_code("None").data)
        self.assertEqual("", self.run_code("x = 1").data)

    def test_variables_persist_between_commands(self):
        self.run_code("def f(v):\n    return v + 1\ny = f(1)")
        self.assertEqual("2\n", self.run_code("y").data)

    def test_error_summary_and_trace(self):
        outcome = self.run_code("def g():\n    raise ValueError('bad')\ng()")
        self.assertEqual("error", outcome.kind)
        self.assertEqual("ValueError: bad", outcome.summary)
        self.assertIn('File "<command-t>", line 3', outcome.cause)
        self.assertIn("raise ValueError('bad')", outcome.cause)
        self.assertNotIn("kiln_driver", outcome.cause)

    def test_syntax_error(self):
        outcome = self.run_code("x = = 1")
        self.assertEqual("SyntaxError: invalid syntax", outcome.summary)

    def test_system_exit_is_an_error_not_an_exit(self):
        self.assertEqual("error", self.run_code("import sys\nsys.exit(2)").kind)

    def test_stderr_is_captured(self):
        self.assertEqual("oops\n", self.run_code("import sys\nprint('oops', file=sys.stderr)").data)

    def test_user_classes_pickle(self):
        outcome = self.run_code(
            "import pickle\nclass P:\n    v = 3\npickle.loads(pickle.dumps(P())).v"
        )
        self.assertEqual("3\n", outcome.data)

    def test_huge_output_keeps_its_start_and_end(self):
        outcome = self.run_code("for i in range(12):\n    print(str(i % 10) * 1_000_000)")
        self.assertTrue(outcome.truncated)
        self.assertTrue(outcome.data.startswith("0" * 1000))
        self.assertTrue(outcome.data.endswith("1" * 1000 + "\n"))
        skipped = 12 * 1_000_001 - HEAD_CHARS - TAIL_CHARS
        self.assertIn("*** WARNING: skipped %d bytes of output ***" % skipped, outcome.data)
        self.assertLess(len(outcome.data), HEAD_CHARS + TAIL_CHARS + 100)

    def test_small_output_is_whole(self):
        self.assertFalse(self.run_code("print('x' * 1000)").truncated)

    def test_keyboard_interrupt_is_a_cancel(self):
        self.assertEqual("cancelled", self.run_code("raise KeyboardInterrupt").kind)


class BoundedOutputTest(unittest.TestCase):
    def test_fits(self):
        out = BoundedOutput(4, 6)
        out.write("abcdefghij")
        self.assertEqual(("abcdefghij", False), (out.getvalue(), out.truncated))

    def test_keeps_head_and_tail_of_many_writes(self):
        out = BoundedOutput(4, 6)
        for c in "abcdefghijklmnopqrstuvwxyz":
            out.write(c)
        self.assertTrue(out.truncated)
        self.assertEqual(
            "abcd\n*** WARNING: skipped 16 bytes of output ***\n\nuvwxyz", out.getvalue()
        )

    def test_one_write_larger_than_both(self):
        out = BoundedOutput(2, 3)
        out.write("0123456789")
        out.write("ab")
        self.assertEqual("01\n*** WARNING: skipped 7 bytes of output ***\n\n9ab", out.getvalue())


class FakeFs:
    def __init__(self):
        self.calls = []

    def ls(self, path):
        return [FakeFile(path + "a.txt", "a.txt", 3, 1000)]

    def put(self, file, contents, overwrite):
        self.calls.append(("put", file, contents, overwrite))
        return True


class FakeFile:
    def __init__(self, path, name, size, mtime):
        self._v = (path, name, size, mtime)

    def path(self):
        return self._v[0]

    def name(self):
        return self._v[1]

    def size(self):
        return self._v[2]

    def modificationTime(self):
        return self._v[3]


class FakeWidgets:
    def __init__(self):
        self.dropdowns = []

    def dropdown(self, name, default, choices, label):
        self.dropdowns.append((name, default, choices, label))

    def getArgument(self, name, default):
        return default


class FakeJavaError(Exception):
    """What py4j raises for a JVM exception: the JVM object is in java_exception."""

    def __init__(self, message):
        super().__init__("An error occurred while calling o1.run. Trace: ...")
        self.java_exception = type("J", (), {"getMessage": lambda _self: message})()


class FakeNotebook:
    def __init__(self):
        self.calls = []

    def run(self, path, timeout, arguments):
        self.calls.append((path, timeout, arguments))
        if path == "bad":
            raise FakeJavaError("Notebook run 7 (/bad) failed: ZeroDivisionError")
        return "child says " + arguments.get("x", "")


class FakeDbUtils:
    def __init__(self):
        self._fs = FakeFs()
        self._widgets = FakeWidgets()
        self._notebook = FakeNotebook()

    def notebook(self):
        return self._notebook

    def fs(self):
        return self._fs

    def widgets(self):
        return self._widgets


class DBUtilsTest(unittest.TestCase):
    def setUp(self):
        self.jvm = FakeDbUtils()
        self.dbutils = DBUtils(lambda: self.jvm, lambda values: ("String[]", tuple(values)))

    def test_fs(self):
        self.assertEqual([FileInfo("dbfs:/x/a.txt", "a.txt", 3, 1000)], self.dbutils.fs.ls("dbfs:/x/"))
        self.assertTrue(self.dbutils.fs.put("/f", "hi"))
        self.assertEqual([("put", "/f", "hi", False)], self.jvm.fs().calls)

    def test_widgets(self):
        self.dbutils.widgets.dropdown("w", "a", ["a", "b"])
        self.assertEqual([("w", "a", ("String[]", ("a", "b")), None)], self.jvm.widgets().dropdowns)
        self.assertEqual("d", self.dbutils.widgets.getArgument("w", "d"))

    def test_notebook_exit_ends_the_command(self):
        repl = Repl({"dbutils": DBUtils(lambda: None, list)})
        outcome = repl.run("e", "print('x')\ndbutils.notebook.exit(42)\nprint('no')")
        self.assertEqual(("text", "42"), (outcome.kind, outcome.data))

    def test_notebook_run_passes_string_arguments_and_returns_the_exit_value(self):
        self.assertEqual("child says 1", self.dbutils.notebook.run("./child", 60.0, {"x": 1, "y": None}))
        self.assertEqual([("./child", 60, {"x": "1", "y": ""})], self.jvm.notebook().calls)

    def test_notebook_run_raises_workflow_exception_with_the_childs_error(self):
        with self.assertRaisesRegex(WorkflowException, r"^Notebook run 7 \(/bad\) failed: ZeroDivisionError$"):
            self.dbutils.notebook.run("bad", 0)

    def test_without_jvm_dbutils(self):
        with self.assertRaisesRegex(RuntimeError, "not available"):
            DBUtils(lambda: None, list).fs.ls("/")


if __name__ == "__main__":
    unittest.main()
