"""Cancellation: SIGINT raises KeyboardInterrupt in the running command, except inside a call into
the JVM, where it is deferred until the call returns (the JVM cancels the command's Spark jobs, so
the call ends soon): interrupting a py4j call half-way would leave its connection out of step."""
import signal
import threading


class State:
    def __init__(self):
        self.running = False  # a command is in flight
        self.cancel_requested = False
        self.java_depth = 0  # nesting of py4j calls on the main thread

    def start(self):
        self.cancel_requested = False
        self.running = True

    def stop(self):
        self.running = False
        self.cancel_requested = False


STATE = State()


def _on_sigint(signum, frame):
    if not STATE.running:
        return
    STATE.cancel_requested = True
    if STATE.java_depth == 0:
        STATE.cancel_requested = False
        raise KeyboardInterrupt()


def install(java_client_class=None):
    """Installs the SIGINT handler and, given py4j's client class, tracks calls into the JVM."""
    signal.signal(signal.SIGINT, _on_sigint)
    if java_client_class is None:
        return
    original = java_client_class.send_command

    def send_command(self, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            return original(self, *args, **kwargs)
        STATE.java_depth += 1
        try:
            return original(self, *args, **kwargs)
        finally:
            STATE.java_depth -= 1
            if STATE.java_depth == 0 and STATE.running and STATE.cancel_requested:
                STATE.cancel_requested = False
                raise KeyboardInterrupt()

    java_client_class.send_command = send_command
