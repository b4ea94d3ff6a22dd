package dev.kiln.it;

import com.databricks.sdk.WorkspaceClient;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One server and one running Single Node cluster per test JVM, shared by the classes marked {@link
 * OnSharedCluster}: classes that only run code on a cluster and change nothing about it (not its
 * size, state, libraries or Spark conf). A cluster's start is the dearest step of most classes;
 * these pay it once per JVM. The first class that asks starts both; they end with the JVM.
 *
 * <p>Classes sharing it see each other's users, notebooks and jobs: they name what they make
 * uniquely and destroy their execution contexts.
 */
public final class SharedCluster {
  /** Marks a test class (of {@link ServerIT} or the UI tests) that runs on the shared cluster. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface OnSharedCluster {}

  private static SharedCluster shared;

  private final TestServer server;
  private final WorkspaceClient admin;
  private final String clusterId;

  private SharedCluster(TestServer server, WorkspaceClient admin, String clusterId) {
    this.server = server;
    this.admin = admin;
    this.clusterId = clusterId;
  }

  /** Whether {@code testClass} runs on the shared cluster. */
  public static boolean usedBy(Class<?> testClass) {
    return testClass.isAnnotationPresent(OnSharedCluster.class);
  }

  /** The shared server, started (with its cluster) by the first caller in this JVM. */
  public static synchronized TestServer server() {
    return get().server;
  }

  /** The shared cluster's id: RUNNING when this returns. */
  public static synchronized String clusterId() {
    return get().clusterId;
  }

  private static SharedCluster get() {
    if (shared == null) {
      TestServer server = TestServer.start();
      WorkspaceClient admin = server.client();
      try {
        String id =
            ClusterCalls.createRunning(admin, ClusterCalls.singleNode("shared")).getClusterId();
        shared = new SharedCluster(server, admin, id);
      } catch (Exception e) {
        server.close();
        throw new IllegalStateException("the shared cluster did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(SharedCluster::stop, "shared-cluster-stop"));
    }
    return shared;
  }

  /** Terminates the cluster (by PID if it will not end) and stops the server. */
  private static void stop() {
    try {
      ClusterCalls.terminate(shared.admin, shared.clusterId);
    } catch (Exception | AssertionError e) {
      System.err.println("SharedCluster: " + e);
    } finally {
      shared.server.close();
    }
  }
}
