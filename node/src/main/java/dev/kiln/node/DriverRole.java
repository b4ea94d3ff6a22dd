package dev.kiln.node;

import dev.kiln.driver.catalog.MetastoreSchema;
import dev.kiln.driver.connect.SparkConnectSettings;
import dev.kiln.driver.dbutils.ControlPlaneNotebookRuns;
import dev.kiln.driver.dbutils.ControlPlaneSecrets;
import dev.kiln.driver.dbutils.DbUtils;
import dev.kiln.driver.exec.ExecutionService;
import dev.kiln.driver.exec.Interpreters;
import dev.kiln.driver.libraries.DriverLibraries;
import dev.kiln.driver.python.PythonEnvironment;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.SparkWorkerInfo;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.deploy.DeployMessages;
import org.apache.spark.deploy.master.ExecutorDesc;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.master.WorkerInfo;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.RpcTimeout;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple3;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The driver node: a Spark Master in this JVM, then the cluster's SparkSession on it (or on what
 * {@code spark.master} in the spec says, e.g. {@code local[*]} for a single node).
 */
public final class DriverRole implements SparkRole {
  private static final Logger log = LoggerFactory.getLogger(DriverRole.class);
  private static final RpcTimeout ASK_TIMEOUT =
      new RpcTimeout(new FiniteDuration(5, TimeUnit.SECONDS), "kiln.node.masterStateTimeout");
  private static final ClassTag<DeployMessages.MasterStateResponse> MASTER_STATE =
      ClassTag$.MODULE$.apply(DeployMessages.MasterStateResponse.class);

  private static volatile SparkSession session;

  private final NodeSpec spec;
  private final JobActivity activity = new JobActivity();
  private final TaskLoad load = new TaskLoad();
  private volatile RpcEnv masterEnv;
  private volatile RpcEndpointRef master;
  private volatile int masterUiPort;
  private volatile String masterUrl;
  private final Path contextsDir;
  private final Path librariesDir;
  private volatile ExecutionService executions;
  private volatile DriverLibraries libraries;

  DriverRole(NodeSpec spec) {
    this(spec, Path.of("contexts").toAbsolutePath(), Path.of("libraries").toAbsolutePath());
  }

  /**
   * {@code contextsDir} holds the execution contexts' private folders, {@code librariesDir} the
   * libraries installed on this driver.
   */
  DriverRole(NodeSpec spec, Path contextsDir, Path librariesDir) {
    this.spec = spec;
    this.contextsDir = contextsDir;
    this.librariesDir = librariesDir;
  }

  /** The execution contexts, once the SparkSession is up. */
  Optional<ExecutionService> executions() {
    return Optional.ofNullable(executions);
  }

  /** The cluster's libraries on this driver, once the SparkSession is up. */
  Optional<DriverLibraries> libraries() {
    return Optional.ofNullable(libraries);
  }

  /** The cluster's SparkSession once the driver is ready (commands run in it). */
  public static Optional<SparkSession> session() {
    return Optional.ofNullable(session);
  }

  @Override
  public void start(Runnable news) {
    SparkConf masterConf = new SparkConf(false);
    masterConf.set("spark.master.rest.enabled", "false");
    SparkRpcSecurity.apply(spec.sparkSecret(), masterConf::set);
    Tuple3<RpcEnv, Object, scala.Option<Object>> started =
        Master.startRpcEnvAndEndpoint("127.0.0.1", 0, 0, masterConf);
    masterEnv = started._1();
    masterUiPort = (Integer) started._2();
    masterUrl = "spark://127.0.0.1:" + masterEnv.address().port();
    master = masterEnv.setupEndpointRef(masterEnv.address(), Master.ENDPOINT_NAME());
    log.info("Master up at {} (UI port {})", masterUrl, masterUiPort);
    news.run();

    Map<String, String> conf = sessionConf(spec, masterUrl);
    MetastoreSchema.prepare(conf);
    SparkSession.Builder builder = SparkSession.builder();
    conf.forEach(builder::config);
    SparkSession created = builder.getOrCreate();
    created.sparkContext().addSparkListener(activity);
    created.sparkContext().addSparkListener(load);
    created.sparkContext().addSparkListener(new ExecutorNews(news));
    session = created;
    log.info("SparkSession up: application {}", created.sparkContext().applicationId());
    ControlPlaneSecrets secrets =
        new ControlPlaneSecrets(spec.controlPlaneUrl(), spec.instanceId(), spec.nodeSecret());
    ControlPlaneNotebookRuns notebookRuns =
        new ControlPlaneNotebookRuns(spec.controlPlaneUrl(), spec.instanceId(), spec.nodeSecret());
    PythonEnvironment python =
        PythonEnvironment.resolve(created.sparkContext().getConf(), System.getenv());
    DriverLibraries installed =
        DriverLibraries.open(
            created,
            librariesDir,
            Files.isExecutable(python.python()) ? Optional.of(python.python()) : Optional.empty(),
            Path.of(System.getenv().getOrDefault("SPARK_HOME", ".")));
    libraries = installed;
    executions =
        new ExecutionService(
            created,
            Interpreters.discover(DriverRole.class.getClassLoader()),
            (redactor, credential) ->
                new DbUtils(
                    () -> created.sparkContext().hadoopConfiguration(),
                    secrets,
                    notebookRuns,
                    redactor,
                    credential),
            contextsDir,
            installed);
  }

  /**
   * The SparkSession's settings: the spec's merged {@code spark_conf} over the defaults (master,
   * application name), then what Kiln needs regardless: RPC authentication and encryption, a free
   * UI port, the UI proxy base, {@code -Dkiln.cluster} on every executor command line, and Spark
   * Connect on 127.0.0.1 (a free port) behind Kiln's token check ({@link SparkConnectSettings}).
   */
  static Map<String, String> sessionConf(NodeSpec spec, String masterUrl) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.master", masterUrl);
    conf.put("spark.app.name", spec.clusterName());
    conf.putAll(spec.sparkConf());
    conf.put("spark.ui.port", "0");
    conf.putAll(SparkRpcSecurity.settings(spec.sparkSecret()));
    String tag = "-Dkiln.cluster=" + spec.clusterId();
    String executorOptions = conf.getOrDefault("spark.executor.extraJavaOptions", "").strip();
    conf.put(
        "spark.executor.extraJavaOptions",
        executorOptions.isEmpty() ? tag : executorOptions + " " + tag);
    if (spec.uiProxyBase() != null && !spec.uiProxyBase().isEmpty()) {
      conf.put("spark.ui.proxyBase", spec.uiProxyBase());
    }
    return SparkConnectSettings.apply(conf, spec.controlPlaneUrl(), 0);
  }

  @Override
  public RoleStatus status() {
    SparkSession s = session;
    SparkContext sc = s == null ? null : s.sparkContext();
    Integer uiPort = null;
    Integer executors = null;
    String appId = null;
    Integer connectPort = null;
    Integer pending = null;
    Integer running = null;
    Integer slots = null;
    if (sc != null && !sc.isStopped()) {
      pending = TaskLoad.pending(sc);
      running = load.running();
      slots = load.slots(sc);
      connectPort = SparkConnectSettings.port().orElse(null);
      appId = sc.applicationId();
      executors = Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
      if (sc.uiWebUrl().isDefined()) {
        uiPort = URI.create(sc.uiWebUrl().get()).getPort();
      }
    }
    return new RoleStatus(
        masterEnv == null ? null : masterEnv.address().port(),
        uiPort,
        masterUiPort,
        masterUrl,
        appId,
        workers(appId),
        executors,
        activity.activeJobs(),
        activity.activityCount() + (executions == null ? 0 : executions.activityCount()),
        executions == null ? null : executions.activeCommands(),
        connectPort,
        pending,
        running,
        slots);
  }

  /** The Master's workers, with the executors of {@code appId} on each and their running tasks. */
  private List<SparkWorkerInfo> workers(String appId) {
    RpcEndpointRef ref = master;
    if (ref == null) {
      return null;
    }
    try {
      DeployMessages.MasterStateResponse state =
          ref.askSync(DeployMessages.RequestMasterState$.MODULE$, ASK_TIMEOUT, MASTER_STATE);
      List<SparkWorkerInfo> workers = new ArrayList<>();
      for (WorkerInfo w : state.workers()) {
        int executors = 0;
        int tasks = 0;
        for (ExecutorDesc e :
            scala.jdk.javaapi.CollectionConverters.asJava(w.executors()).values()) {
          if (appId != null && appId.equals(e.application().id())) {
            executors++;
            tasks += load.running(Integer.toString(e.id()));
          }
        }
        workers.add(
            new SparkWorkerInfo(
                w.id(),
                w.host(),
                w.port(),
                w.state().toString(),
                w.cores(),
                w.memory(),
                executors,
                tasks));
      }
      return workers;
    } catch (RuntimeException e) {
      log.warn("Could not read the Master's workers: {}", e.toString());
      return null;
    }
  }

  @Override
  public Optional<String> problem() {
    SparkSession s = session;
    if (s != null && s.sparkContext().isStopped()) {
      return Optional.of("The SparkContext stopped (see the driver log)");
    }
    return Optional.empty();
  }

  @Override
  public void stop() {
    ExecutionService e = executions;
    if (e != null) {
      log.info("Closing the execution contexts");
      e.close();
    }
    DriverLibraries l = libraries;
    if (l != null) {
      l.close();
    }
    SparkSession s = session;
    if (s != null) {
      log.info("Stopping the SparkSession");
      s.stop();
    }
    RpcEnv env = masterEnv;
    if (env != null) {
      log.info("Stopping the Master");
      env.shutdown();
      env.awaitTermination();
    }
  }
}
