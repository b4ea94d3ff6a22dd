package dev.kiln.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.driver.libraries.DriverLibraries;
import dev.kiln.model.ApiError;
import dev.kiln.model.Json;
import dev.kiln.model.node.libraries.NodeLibraries;
import dev.kiln.model.node.libraries.NodeLibrary;
import dev.kiln.model.node.libraries.NodeLibraryStates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The driver's library routes, thin over {@link DriverLibraries}:
 *
 * <pre>
 * POST /libraries  {libraries: [NodeLibrary], cache_dir?}  -> {libraries: [{id, status, message?}]}
 * GET  /libraries                                          -> {libraries: [...]}
 * </pre>
 *
 * The POST queues what the driver has not installed yet and answers at once; installation goes on
 * in the background. Only on a READY driver (else 409 INVALID_STATE).
 */
final class LibraryRoutes {
  private static final ObjectMapper JSON = Json.mapper();
  static final LibraryRoutes NONE = new LibraryRoutes(Optional::empty);

  private final Supplier<Optional<DriverLibraries>> libraries;

  LibraryRoutes(Supplier<Optional<DriverLibraries>> libraries) {
    this.libraries = libraries;
  }

  ContextRoutes.Answer handle(String method, String path, byte[] body) {
    Optional<DriverLibraries> maybe = libraries.get();
    if (maybe.isEmpty()) {
      return new ContextRoutes.Answer(
          409, new ApiError("INVALID_STATE", "Libraries need a ready driver node"));
    }
    DriverLibraries driver = maybe.get();
    String route = method + " " + path.replaceAll("/+$", "");
    switch (route) {
      case "GET /libraries" -> {
        return new ContextRoutes.Answer(200, new NodeLibraryStates(driver.states()));
      }
      case "POST /libraries" -> {
        NodeLibraries request;
        try {
          request =
              JSON.readValue(
                  body.length == 0 ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : body,
                  NodeLibraries.class);
        } catch (IOException e) {
          return invalid("Malformed request: " + e.getMessage());
        }
        List<NodeLibrary> asked = request.libraries() == null ? List.of() : request.libraries();
        for (NodeLibrary library : asked) {
          if (library == null || library.id() == null || library.id().isBlank()) {
            return invalid("Every library needs an id");
          }
        }
        Path cache = request.cacheDir() == null ? null : Path.of(request.cacheDir());
        return new ContextRoutes.Answer(200, new NodeLibraryStates(driver.submit(asked, cache)));
      }
      default -> {
        return new ContextRoutes.Answer(
            404, new ApiError("ENDPOINT_NOT_FOUND", "No route for " + route));
      }
    }
  }

  private static ContextRoutes.Answer invalid(String message) {
    return new ContextRoutes.Answer(400, new ApiError("INVALID_PARAMETER_VALUE", message));
  }
}
