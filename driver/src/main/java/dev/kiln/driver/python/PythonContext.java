package dev.kiln.driver.python;

import java.nio.file.Path;

/** Who a Python context is for and where its process works. */
public record PythonContext(String contextId, String user, Path workDir) {}
