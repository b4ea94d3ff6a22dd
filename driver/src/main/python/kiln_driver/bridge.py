"""The context's process: connect to the driver JVM (py4j, pinned threads, auth token), bind
`spark`, `sc`, `dbutils` and `display()` over the JVM's SparkSession, then run the commands the JVM
hands over until it closes the context or goes away."""
import os
import platform
import sys
import threading

from py4j.clientserver import ClientServer, JavaClient, JavaParameters, PythonParameters
from py4j.java_gateway import java_import
from py4j.protocol import Py4JError

from kiln_driver import interrupts
from kiln_driver.dbutils import DBUtils
from kiln_driver.repl import Outcome, Repl

POLL_MILLIS = 1000


def _exit_when_jvm_goes():
    """The JVM holds our stdin open; end of file means it is gone (even after a SIGKILL)."""
    try:
        while os.read(0, 4096):
            pass
    finally:
        os._exit(0)


def _connect():
    token = os.environ["KILN_GATEWAY_TOKEN"]
    gateway = ClientServer(
        java_parameters=JavaParameters(
            port=int(os.environ["KILN_GATEWAY_PORT"]),
            auth_token=token,
            auto_convert=True,
            auto_close=True,
        ),
        python_parameters=PythonParameters(port=0, eager_load=False, auth_token=token),
    )
    # What PySpark's launch_gateway imports into the JVM view.
    for name in [
        "org.apache.spark.SparkConf",
        "org.apache.spark.api.java.*",
        "org.apache.spark.api.python.*",
        "org.apache.spark.ml.python.*",
        "org.apache.spark.mllib.api.python.*",
        "org.apache.spark.resource.*",
        "org.apache.spark.sql.*",
        "org.apache.spark.sql.Encoders",
        "org.apache.spark.sql.OnSuccessCall",
        "org.apache.spark.sql.functions",
        "org.apache.spark.sql.classic.*",
        "org.apache.spark.sql.api.python.*",
        "org.apache.spark.sql.hive.*",
        "scala.Tuple2",
    ]:
        java_import(gateway.jvm, name)
    return gateway


def _refuse_stop(*args, **kwargs):
    print("The cluster's SparkContext is shared by all contexts: it is not stopped from here.")


def _library_path_for_workers(sc):
    """The cluster's installed Python libraries, first on the path of this context's workers."""
    libraries = os.environ.get("KILN_LIBRARY_PATH")
    if libraries:
        current = sc.environment.get("PYTHONPATH")
        sc.environment["PYTHONPATH"] = libraries + (os.pathsep + current if current else "")


def _bindings(gateway, bridge, repl_holder):
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    jsc = bridge.javaSparkContext()
    sc = SparkContext(gateway=gateway, jsc=jsc, conf=SparkConf(_jconf=jsc.getConf()))
    _library_path_for_workers(sc)
    spark = SparkSession(sc, bridge.sparkSession())
    sc.stop = _refuse_stop
    spark.stop = _refuse_stop

    def string_array(values):
        array = gateway.new_array(gateway.jvm.java.lang.String, len(values))
        for i, v in enumerate(values):
            array[i] = v
        return array

    dbutils = DBUtils(bridge.dbutils, string_array)

    def display(obj=None, *args, **kwargs):
        """A DataFrame as the command's table; a figure as its image; anything else printed."""
        repl = repl_holder[0]
        if obj is not None and hasattr(obj, "_jdf"):
            bridge.display(obj._jdf)
            repl.displayed_table = True
        elif type(obj).__name__ == "DataFrame" and hasattr(obj, "to_dict"):  # pandas
            display(spark.createDataFrame(obj))
        elif hasattr(obj, "savefig"):
            repl.figure = obj
        else:
            print(obj)

    def displayHTML(html):
        print(html)

    return {
        "spark": spark,
        "sc": sc,
        "dbutils": dbutils,
        "display": display,
        "displayHTML": displayHTML,
        "getArgument": dbutils.widgets.getArgument,
        "table": spark.table,
        "sql": spark.sql,
    }


def _finish(bridge, command_id, outcome):
    if outcome.kind == "text":
        bridge.finishText(command_id, outcome.data, bool(outcome.truncated))
    elif outcome.kind == "table":
        bridge.finishTable(command_id)
    elif outcome.kind == "image":
        bridge.finishImage(command_id, outcome.data)
    elif outcome.kind == "cancelled":
        bridge.finishCancelled(command_id)
    else:
        bridge.finishError(command_id, outcome.summary, outcome.cause)


def main():
    threading.Thread(target=_exit_when_jvm_goes, name="jvm-watch", daemon=True).start()
    gateway = _connect()
    bridge = gateway.entry_point
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    repl_holder = [None]
    bindings = _bindings(gateway, bridge, repl_holder)
    repl = Repl(bindings)
    repl_holder[0] = repl
    # After SparkContext's own SIGINT handler (it would cancel every job of the shared context).
    interrupts.install(JavaClient)
    import pyspark

    bridge.ready("Python %s, PySpark %s" % (platform.python_version(), pyspark.__version__))
    while True:
        try:
            command = bridge.nextCommand(POLL_MILLIS)
        except Py4JError:
            break  # the JVM is gone
        if command is None:
            if bridge.isClosed():
                break
            continue
        command_id = command.commandId()
        interrupts.STATE.start()
        try:
            try:
                if bridge.begin(command_id):
                    raise KeyboardInterrupt()
                outcome = repl.run(command_id, command.code())
            except KeyboardInterrupt:
                outcome = Outcome("cancelled")
            finally:
                interrupts.STATE.stop()
            _finish(bridge, command_id, outcome)
        except KeyboardInterrupt:
            bridge.finishCancelled(command_id)
    os._exit(0)
