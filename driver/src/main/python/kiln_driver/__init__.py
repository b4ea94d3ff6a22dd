"""Kiln's side of a Python execution context: the REPL a driver JVM runs per context."""
