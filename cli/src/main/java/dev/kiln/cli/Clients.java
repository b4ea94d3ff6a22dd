package dev.kiln.cli;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import java.util.Map;

/** Makes the SDK client the Databricks way: environment, then a ~/.databrickscfg profile. */
final class Clients {
  private Clients() {}

  static WorkspaceClient workspace(Map<String, String> env, String profile) {
    DatabricksConfig config = new DatabricksConfig();
    // The SDK reads the process environment itself; the injected map wins, so tests (and
    // embedders) never depend on the real user's environment or ~/.databrickscfg.
    String host = env.get("DATABRICKS_HOST");
    if (host != null) {
      config.setHost(host);
    }
    String token = env.get("DATABRICKS_TOKEN");
    if (token != null) {
      config.setToken(token);
    }
    String file = env.get("DATABRICKS_CONFIG_FILE");
    if (file != null) {
      config.setConfigFile(file);
    }
    String chosen = profile != null ? profile : env.get("DATABRICKS_CONFIG_PROFILE");
    if (chosen != null) {
      config.setProfile(chosen);
    }
    return new WorkspaceClient(config);
  }
}
