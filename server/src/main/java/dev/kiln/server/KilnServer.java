package dev.kiln.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.driver.catalog.DataConf;
import dev.kiln.model.Json;
import dev.kiln.model.auth.HostMetadata;
import dev.kiln.server.api.ApiServer;
import dev.kiln.server.api.OpenApi;
import dev.kiln.server.api.Router;
import dev.kiln.server.auth.CommandCredentials;
import dev.kiln.server.auth.NodeCommandAuth;
import dev.kiln.server.auth.ScimApi;
import dev.kiln.server.auth.TokenApi;
import dev.kiln.server.auth.TokenService;
import dev.kiln.server.auth.User;
import dev.kiln.server.auth.UserDao;
import dev.kiln.server.auth.UserService;
import dev.kiln.server.clusters.Admission;
import dev.kiln.server.clusters.Autoscaler;
import dev.kiln.server.clusters.ClusterEvents;
import dev.kiln.server.clusters.ClusterLogs;
import dev.kiln.server.clusters.ClusterReconciler;
import dev.kiln.server.clusters.ClusterService;
import dev.kiln.server.clusters.ClusterSpecValidator;
import dev.kiln.server.clusters.ClusterViews;
import dev.kiln.server.clusters.ClustersApi;
import dev.kiln.server.clusters.InitScripts;
import dev.kiln.server.clusters.LogDelivery;
import dev.kiln.server.clusters.NodeLaunchPlan;
import dev.kiln.server.clusters.SparkUiProxy;
import dev.kiln.server.compute.ComputeBackend;
import dev.kiln.server.compute.ExecutorArchive;
import dev.kiln.server.compute.HostCapacity;
import dev.kiln.server.compute.Isolation;
import dev.kiln.server.compute.KilnRuntime;
import dev.kiln.server.compute.LocalCompute;
import dev.kiln.server.compute.NodeAccounts;
import dev.kiln.server.compute.NodeAuth;
import dev.kiln.server.compute.NodeChangesApi;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeSandbox;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import dev.kiln.server.compute.SharedFolder;
import dev.kiln.server.config.ComputeConfig;
import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.dbfs.DbfsApi;
import dev.kiln.server.dbfs.DbfsService;
import dev.kiln.server.execution.ExecutionApi;
import dev.kiln.server.execution.ExecutionService;
import dev.kiln.server.jobs.Jobs;
import dev.kiln.server.jobs.JobsApi;
import dev.kiln.server.jobs.NodeNotebookRunsApi;
import dev.kiln.server.jobs.schedule.JobScheduler;
import dev.kiln.server.libraries.ClusterLibraries;
import dev.kiln.server.libraries.LibrariesApi;
import dev.kiln.server.libraries.LibrariesService;
import dev.kiln.server.libraries.LibraryInstaller;
import dev.kiln.server.libraries.StatusChanges;
import dev.kiln.server.metastore.MetastoreServer;
import dev.kiln.server.permissions.ObjectType;
import dev.kiln.server.permissions.PermissionService;
import dev.kiln.server.permissions.PermissionsApi;
import dev.kiln.server.pools.PoolReconciler;
import dev.kiln.server.pools.PoolService;
import dev.kiln.server.pools.PoolsApi;
import dev.kiln.server.pools.PoolsForClusters;
import dev.kiln.server.secrets.NodeSecretsApi;
import dev.kiln.server.secrets.ScopeService;
import dev.kiln.server.secrets.SecretAclService;
import dev.kiln.server.secrets.SecretCipher;
import dev.kiln.server.secrets.SecretKeyLoader;
import dev.kiln.server.secrets.SecretService;
import dev.kiln.server.secrets.SecretsApi;
import dev.kiln.server.store.Database;
import dev.kiln.server.store.Settings;
import dev.kiln.server.web.SessionApi;
import dev.kiln.server.web.WebUi;
import dev.kiln.server.workspace.WorkspaceApi;
import dev.kiln.server.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control plane, wired by hand in one place: store, services, then routes. */
public final class KilnServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KilnServer.class);
  static final String ADMIN_USER = "admin";

  private final KilnConfig config;
  private final Database database;
  private final ApiServer api;
  private final DbfsService dbfs;
  private final Reconcilers reconciler;
  private final LibrariesService libraries;
  private final LibraryInstaller libraryInstaller;
  private final Jobs jobs;
  private final MetastoreServer metastore;
  private final JobScheduler scheduler;
  private final String workspaceId;

  private KilnServer(
      KilnConfig config,
      Database database,
      ApiServer api,
      DbfsService dbfs,
      Reconcilers reconciler,
      LibrariesService libraries,
      LibraryInstaller libraryInstaller,
      Jobs jobs,
      MetastoreServer metastore,
      JobScheduler scheduler,
      String workspaceId) {
    this.config = config;
    this.database = database;
    this.api = api;
    this.dbfs = dbfs;
    this.reconciler = reconciler;
    this.libraries = libraries;
    this.libraryInstaller = libraryInstaller;
    this.jobs = jobs;
    this.metastore = metastore;
    this.scheduler = scheduler;
    this.workspaceId = workspaceId;
  }

  /** Opens the store, wires every area and starts serving. */
  public static KilnServer start(KilnConfig config, Clock clock) throws IOException {
    long started = System.nanoTime();
    Files.createDirectories(config.home());
    // The home holds the store, the keys and the admin's token: the control plane's alone.
    Files.setPosixFilePermissions(config.home(), PosixFilePermissions.fromString("rwx------"));
    // Before the store opens: a malformed key stops the start with nothing touched.
    byte[] secretsKey = SecretKeyLoader.load(config.secretsKey(), config.home());
    SecretCipher secretCipher = new SecretCipher(secretsKey);
    // Names the user of each command sent to a driver; its key is derived, never sent to nodes.
    CommandCredentials commandCredentials = new CommandCredentials(secretsKey, clock);
    Database database = Database.open(config);
    DbfsService dbfs = null;
    Reconcilers reconciler = null;
    LibraryInstaller libraryInstaller = null;
    Jobs jobs = null;
    MetastoreServer metastore = null;
    JobScheduler scheduler = null;
    try {
      Settings settings = new Settings(database.jdbi());
      String workspaceId = settings.getOrCreate("workspace_id", KilnServer::newWorkspaceId);
      ObjectMapper mapper = Json.mapper();

      TokenService tokens = new TokenService(database.jdbi(), clock);
      WorkspaceService workspace = new WorkspaceService(database.jdbi(), clock);
      workspace.ensureBaseFolders();
      UserDao userLookup = database.jdbi().onDemand(UserDao.class);
      SecretAclService secretAcls =
          new SecretAclService(database.jdbi(), name -> userLookup.byName(name).isPresent());
      PermissionService permissions =
          new PermissionService(
              database.jdbi(),
              name ->
                  userLookup
                      .byName(name)
                      .map(u -> u.displayName() == null ? u.userName() : u.displayName()));
      UserService users =
          new UserService(
              database.jdbi(),
              clock,
              workspace::ensureHome,
              name -> {
                secretAcls.forgetUser(name);
                permissions.forgetUser(name);
              });
      SecretService secrets = new SecretService(database.jdbi(), clock, secretCipher);
      secrets.checkKey();
      dbfs = DbfsService.open(config.dbfsRoot(), clock);

      ApiServer api =
          new ApiServer(config.host(), config.maxBodyBytes(), mapper, tokens::authenticate);
      Router router = api.router();
      ObjectNode openApi = OpenApi.load();
      router
          .get(
              "/.well-known/databricks-config",
              ctx -> ctx.json(new HostMetadata(workspaceId, "AWS")))
          .get("/openapi.json", ctx -> ctx.json(openApi));
      new TokenApi(tokens, users, api.requests(), () -> workspaceId).register(router);
      new SessionApi().register(router);
      new ScimApi(users, api.requests(), () -> workspaceId).register(router);
      ScopeService scopes = new ScopeService(database.jdbi(), clock);
      new SecretsApi(scopes, secrets, secretAcls, api.requests()).register(router);
      NodeCommandAuth commandCallers =
          new NodeCommandAuth(new NodeAuth(database.jdbi()), commandCredentials, users);
      new NodeSecretsApi(commandCallers, scopes, secrets).register(router);
      // Any authenticated user may use the whole workspace until the Permissions API arrives.
      new WorkspaceApi(workspace, api.requests()).register(router);
      new DbfsApi(dbfs, api.requests(), config.maxBodyBytes()).register(router);
      metastore = MetastoreServer.start(config);
      MetastoreServer metastoreDb = metastore;
      String dbfsRoot = dbfs.rootDir().toString();
      Compute compute =
          clusters(
              config,
              database,
              clock,
              workspace,
              dbfs,
              api,
              router,
              permissions,
              commandCredentials,
              cores -> DataConf.sparkConf(dbfsRoot, metastoreDb.connection(), cores));
      new PermissionsApi(permissions, api.requests()).register(router);
      reconciler = compute.reconcilers();
      // Cluster libraries: the Libraries API, and the installer that puts them on drivers. The
      // jobs engine installs a task's libraries through `libraries` (a ClusterLibraries).
      StatusChanges libraryChanges = new StatusChanges();
      libraryInstaller =
          new LibraryInstaller(
              database.jdbi(),
              compute.clusters(),
              libraryChanges,
              dbfs,
              workspace,
              // A cache shared by every cluster is one that any cluster's user code could poison:
              // isolated nodes keep their downloads in their own folders.
              Isolation.parse(config.compute().isolation(), Isolation.runningAsRoot())
                      == Isolation.NONE
                  ? config.home().resolve("cache").resolve("libraries")
                  : null,
              clock,
              LibraryInstaller.TICK);
      LibrariesService libraries =
          new LibrariesService(
              database.jdbi(), compute.clusters(), clock, libraryInstaller::wake, libraryChanges);
      new LibrariesApi(libraries, api.requests()).register(router);
      // Jobs and their scheduler need each other: schedules are stored with their job, and a
      // due schedule records a run.
      Jobs[] jobsRef = new Jobs[1];
      scheduler =
          new JobScheduler(
              database.jdbi(),
              (jobId, due) -> jobsRef[0].scheduledRuns().fire(jobId, due),
              clock,
              JobScheduler.Settings.defaults());
      jobs =
          new Jobs(
              new Jobs.Needs(
                  database.jdbi(),
                  clock,
                  scheduler,
                  libraries,
                  compute.clusters(),
                  spec ->
                      ClusterSpecValidator.validate(spec, compute.runtimes(), compute.nodeTypes()),
                  compute.execution(),
                  workspace,
                  dbfs,
                  () -> "http://" + config.host() + ":" + api.port(),
                  Duration.ofMillis(200)));
      jobsRef[0] = jobs;
      new JobsApi(jobs, api.requests()).register(router);
      new NodeNotebookRunsApi(commandCallers, jobs, api.requests()).register(router);
      WebUi.register(api);

      if (users.isEmpty()) {
        createFirstAdmin(config.home(), users, tokens);
      }
      // Users created before the workspace existed get their home too; ensureHome is idempotent.
      users.all().forEach(user -> workspace.ensureHome(user.userName()));
      api.start(config.port());
      // Only now: the reconciler adopts running nodes and links their UI through this port.
      reconciler.start();
      libraryInstaller.start();
      // Runs the store holds unfinished are resumed (or failed cleanly) from here on.
      jobs.start();
      // Only once the API serves: a fired schedule starts a run, which may call back into it.
      scheduler.start();
      KilnServer server =
          new KilnServer(
              config,
              database,
              api,
              dbfs,
              reconciler,
              libraries,
              libraryInstaller,
              jobs,
              metastore,
              scheduler,
              workspaceId);
      LOG.info(
          "Kiln is ready at {} (home {}, store {}, started in {} ms)",
          server.url(),
          config.home(),
          config.isPostgres() ? "PostgreSQL" : "H2",
          (System.nanoTime() - started) / 1_000_000);
      return server;
    } catch (IOException | RuntimeException e) {
      if (scheduler != null) {
        scheduler.close();
      }
      if (jobs != null) {
        jobs.close();
      }
      if (libraryInstaller != null) {
        libraryInstaller.close();
      }
      if (reconciler != null) {
        reconciler.close();
      }
      if (metastore != null) {
        metastore.close();
      }
      if (dbfs != null) {
        dbfs.close();
      }
      database.close();
      throw e;
    }
  }

  /** What the clusters area gives the areas built on it. */
  private record Compute(
      Reconcilers reconcilers,
      ClusterService clusters,
      ExecutionService execution,
      RuntimeCatalog runtimes,
      NodeTypeCatalog nodeTypes) {}

  /** Clusters and pools on the local compute backend: catalogs, services, reconcilers, routes. */
  private static Compute clusters(
      KilnConfig config,
      Database database,
      Clock clock,
      WorkspaceService workspace,
      DbfsService dbfs,
      ApiServer api,
      Router router,
      PermissionService permissions,
      CommandCredentials commandCredentials,
      IntFunction<Map<String, String>> dataConf)
      throws IOException {
    ComputeConfig compute = config.compute();
    HostCapacity detected = HostCapacity.detect();
    HostCapacity capacity =
        new HostCapacity(
            compute.cores() > 0 ? compute.cores() : detected.cores(),
            compute.memoryMb() > 0 ? compute.memoryMb() : detected.memoryMb());
    boolean installed =
        Files.isRegularFile(compute.runtimeDir().resolve(RuntimeCatalog.DESCRIPTOR));
    if (!installed) {
      LOG.warn(
          "No Kiln Runtime at {}: clusters cannot start until it is built (mvn -pl runtime -am"
              + " package) or runtime.dir points at one",
          compute.runtimeDir());
    }
    RuntimeCatalog runtimes =
        installed ? RuntimeCatalog.load(compute.runtimeDir()) : RuntimeCatalog.of(List.of());
    KilnRuntime runtime = installed ? runtimes.find(runtimes.keys().get(0)).orElseThrow() : null;
    NodeTypeCatalog nodeTypes = new NodeTypeCatalog(capacity);
    ClusterEvents events = new ClusterEvents(database.jdbi(), clock);
    Path clustersHome = config.home().resolve("clusters");
    PoolsForClusters clusterPools = new PoolsForClusters(database.jdbi(), permissions);
    Admission admission = new Admission(database.jdbi(), nodeTypes, capacity);
    ComputeBackend local = localCompute(config, runtime, capacity, database);
    NodeLaunchPlan plans =
        new NodeLaunchPlan(
            nodeTypes,
            new InitScripts(workspace, dbfs),
            clustersHome,
            compute.nodeOrphanTimeoutSeconds(),
            () -> "http://" + config.host() + ":" + api.port(),
            dataConf,
            clock);
    if (runtime != null) {
      plans.withExecutorArchive(executorArchive(config, runtime));
    }
    // Built before the services: a request wakes the reconciler, which reads only the store.
    ClusterReconciler reconciler =
        new ClusterReconciler(
            database.jdbi(),
            events,
            local,
            nodeTypes,
            plans,
            new LogDelivery(database.jdbi(), dbfs, clock),
            clock,
            ClusterReconciler.Settings.defaults(),
            clustersHome,
            admission,
            clusterPools,
            new Autoscaler(database.jdbi(), events, clock, compute.autoscaling()));
    PoolReconciler poolReconciler =
        new PoolReconciler(
            database.jdbi(),
            local,
            nodeTypes,
            admission,
            clock,
            PoolReconciler.Settings.defaults(compute.nodeOrphanTimeoutSeconds()),
            config.home().resolve("pools"),
            () -> "http://" + config.host() + ":" + api.port(),
            runtime == null ? null : executorArchive(config, runtime));
    ClusterService service =
        new ClusterService(
            database.jdbi(),
            events,
            runtimes,
            nodeTypes,
            clock,
            reconciler::wake,
            clusterPools,
            new ClusterViews(
                database.jdbi(), nodeTypes, () -> "http://" + config.host() + ":" + api.port()));
    PoolService poolService =
        new PoolService(
            database.jdbi(), nodeTypes, runtimes, clock, poolReconciler::wake, permissions);
    permissions.register(ObjectType.INSTANCE_POOLS, poolService::requireExists);
    new PoolsApi(poolService, api.requests()).register(router);
    new NodeChangesApi(new NodeAuth(database.jdbi()), reconciler::wake, poolReconciler::wake)
        .register(router);
    new ClustersApi(service, new ClusterLogs(service), runtimes, nodeTypes, api.requests())
        .register(router);
    new SparkUiProxy(service, api).register(router);
    ExecutionService execution = new ExecutionService(service, commandCredentials);
    new ExecutionApi(execution, api.requests()).register(router);
    return new Compute(
        new Reconcilers(reconciler, poolReconciler), service, execution, runtimes, nodeTypes);
  }

  /**
   * The local backend with the isolation the configuration asks for: see {@link Isolation}. Under
   * accounts, DBFS is made the nodes' group's (they share it; their folders stay their own).
   */
  private static LocalCompute localCompute(
      KilnConfig config, KilnRuntime runtime, HostCapacity capacity, Database database)
      throws IOException {
    Isolation isolation = Isolation.parse(config.compute().isolation(), Isolation.runningAsRoot());
    if (isolation == Isolation.NONE) {
      LOG.warn(
          "compute.isolation is none: user code on clusters runs as Kiln's own account and can"
              + " read its home (tokens, keys, database). Use it only when every user is trusted.");
      return new LocalCompute(runtime, capacity, config.compute().nodeJvmOptions());
    }
    Path archives =
        runtime == null
            ? config.home().resolve(ExecutorArchive.FOLDER)
            : executorArchive(config, runtime).getParent();
    Files.createDirectories(archives);
    Files.createDirectories(config.dbfsRoot());
    NodeSandbox sandbox =
        new NodeSandbox(
            isolation,
            config.home(),
            Path.of(System.getProperty("user.home")),
            config.dbfsRoot(),
            Stream.concat(
                    Stream.of(config.compute().runtimeDir(), archives),
                    NodeSandbox.toolchains(config.compute().runtimeDir()).stream())
                .toList());
    NodeAccounts accounts = null;
    if (isolation == Isolation.ACCOUNTS) {
      accounts = new NodeAccounts();
      SharedFolder.share(config.dbfsRoot(), NodeAccounts.GROUP, accounts.group());
      // Uploads are staged beside DBFS and moved in: they must carry the group's ACL already.
      Path staging = config.dbfsRoot().resolveSibling(config.dbfsRoot().getFileName() + "-staging");
      Files.createDirectories(staging);
      SharedFolder.share(staging, NodeAccounts.GROUP, accounts.group());
    }
    LOG.info("Compute isolation: {}", isolation.name().toLowerCase(java.util.Locale.ROOT));
    NodeDao nodes = database.jdbi().onDemand(NodeDao.class);
    return new LocalCompute(
        runtime, capacity, config.compute().nodeJvmOptions(), sandbox, accounts, nodes::all);
  }

  /** Where executors' class data archive of a runtime lives (written by pool warm-ups). */
  static Path executorArchive(KilnConfig config, KilnRuntime runtime) {
    return ExecutorArchive.of(config.home(), runtime);
  }

  /** The admin user and a token that never expires, written where only its owner can read it. */
  private static void createFirstAdmin(Path home, UserService users, TokenService tokens)
      throws IOException {
    User admin = users.create(ADMIN_USER, "Kiln admin", true, true);
    String token = tokens.createPermanent(admin.id(), "admin token created at first start");
    Path file = adminTokenFile(home);
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    LOG.info("Created user '{}'; its token is in {}", ADMIN_USER, file);
  }

  public static Path adminTokenFile(Path home) {
    return home.resolve("admin-token");
  }

  private static String newWorkspaceId() {
    // Databricks workspace ids are 15-16 digit numbers; keep the first digit non-zero.
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder().append(1 + random.nextInt(9));
    for (int i = 0; i < 15; i++) {
      id.append(random.nextInt(10));
    }
    return id.toString();
  }

  public String url() {
    return "http://" + config.host() + ":" + api.port();
  }

  public int port() {
    return api.port();
  }

  public String workspaceId() {
    return workspaceId;
  }

  public KilnConfig config() {
    return config;
  }

  /** The admin token written at first start. */
  public String adminToken() throws IOException {
    return Files.readString(adminTokenFile(config.home())).trim();
  }

  public List<Router.Route> routes() {
    return api.router().routes();
  }

  /** Cluster libraries as the jobs engine uses them (install, then wait until installed). */
  public ClusterLibraries libraries() {
    return libraries;
  }

  @Override
  public void close() {
    scheduler.close();
    jobs.close();
    libraryInstaller.close();
    reconciler.close();
    api.stop();
    metastore.close();
    dbfs.close();
    database.close();
  }
}
