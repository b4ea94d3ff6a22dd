package dev.kiln.driver.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What execution contexts see of the libraries installed on the cluster: the class loader holding
 * their jars (commands and interpreters run with it as their context class loader), the jars in the
 * order they were installed (Scala compiles against them, and picks up new ones before its next
 * command), and the folder of Python packages (first on every Python process's path).
 */
public interface ContextLibraries {
  /** The loader of the installed jars, a child of the runtime's. */
  ClassLoader classLoader();

  /** The installed jars, oldest first; the list only grows. */
  List<Path> jars();

  /** Where installed Python packages are, if Python libraries can be installed here. */
  Optional<Path> pythonPath();

  /** No libraries: the runtime's class loader and nothing else. */
  ContextLibraries NONE =
      new ContextLibraries() {
        @Override
        public ClassLoader classLoader() {
          return ContextLibraries.class.getClassLoader();
        }

        @Override
        public List<Path> jars() {
          return List.of();
        }

        @Override
        public Optional<Path> pythonPath() {
          return Optional.empty();
        }
      };
}
