package dev.kiln.it;

import static dev.kiln.it.SecretsCalls.createScope;
import static dev.kiln.it.SecretsCalls.put;
import static dev.kiln.it.SecretsCalls.putAcl;
import static dev.kiln.it.SecretsCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.RunType;
import com.databricks.sdk.service.workspace.AclPermission;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.server.auth.CommandCredentials;
import dev.kiln.server.secrets.SecretKeyLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane decides who a command runs as, on a real cluster, as a non-admin user: their
 * commands' dbutils act only for them (a secret only admins can read stays out of reach, a
 * permitted one is redacted however it is printed), the node's own secret and a changed, stolen or
 * outdated credential act for nobody, and {@code dbutils.notebook.run} children run as the caller.
 */
@SharedCluster.OnSharedCluster
class CommandCredentialsIT extends ServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANN = "ann-" + UUID.randomUUID().toString().substring(0, 6) + "@x.io";
  private static final String TEAM_VALUE = "team-s3cret-value";
  private static final String ADMIN_VALUE = "admin-only-value";
  private static final String DIR =
      "/Shared/creds-it/" + UUID.randomUUID().toString().substring(0, 8);

  /** Python that finds node.json above its working folder and calls the node routes with it. */
  private static final String NODE_CALL =
      """
      import json, os, urllib.request, urllib.error
      d = os.getcwd()
      while d != '/' and not os.path.exists(os.path.join(d, 'node.json')):
          d = os.path.dirname(d)
      spec = json.load(open(os.path.join(d, 'node.json')))
      def node_call(path, credential=None, body=None):
          h = {'X-Kiln-Instance': spec['instance_id'],
               'Authorization': 'Bearer ' + spec['node_secret']}
          if credential:
              h['X-Kiln-Command-Credential'] = credential
          data = None
          if body is not None:
              data = json.dumps(body).encode()
              h['Content-Type'] = 'application/json'
          url = spec['control_plane_url'].rstrip('/') + '/api/2.0/kiln/node/' + path
          req = urllib.request.Request(url, data=data, headers=h)
          try:
              with urllib.request.urlopen(req) as r:
                  return '%d %s' % (r.status, json.loads(r.read()).get('run_id', ''))
          except urllib.error.HTTPError as e:
              return '%d %s' % (e.code, json.loads(e.read()).get('error_code'))
      """;

  /** Scala that prints the running command's own credential, read from dbutils by reflection. */
  private static final String OWN_CREDENTIAL =
      "val f = dbutils.secrets.getClass.getDeclaredField(\"credential\")\n"
          + "f.setAccessible(true)\n"
          + "println(\"CRED \" + f.get(dbutils.secrets)"
          + ".asInstanceOf[java.util.function.Supplier[String]].get())";

  private static String clusterId;
  private static WorkspaceClient ann;
  private static String teamScope;
  private static String adminScope;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterId = SharedCluster.clusterId();
    ann = SecretsCalls.userClient(server, admin, ANN);
    teamScope = unique("team");
    adminScope = unique("admin-only");
    createScope(admin, teamScope);
    put(admin, teamScope, "pw", TEAM_VALUE);
    putAcl(admin, teamScope, ANN, AclPermission.READ);
    createScope(admin, adminScope);
    put(admin, adminScope, "pw", ADMIN_VALUE);
    admin.workspace().mkdirs(DIR);
    WorkspaceCalls.importSource(
        admin,
        DIR + "/child",
        com.databricks.sdk.service.workspace.Language.PYTHON,
        "# Databricks notebook source\ndbutils.notebook.exit(\"child ran\")");
  }

  @Test
  void aUsersCommandReadsOnlyTheirSecretsAndThoseAreRedactedHoweverPrinted() throws Exception {
    String scala = context(ann, Language.SCALA);
    // The old way to become someone else is gone: dbutils has no user setter.
    Results swap = run(ann, scala, Language.SCALA, "dbutils.user(\"admin\")");
    assertThat(swap.getSummary() + swap.getCause()).contains("user");
    assertThat(swap.getResultType().toString()).isEqualToIgnoringCase("error");
    assertThat(failure(run(ann, scala, Language.SCALA, get(adminScope) + ".mkString(\" \")")))
        .contains("PERMISSION_DENIED");
    // The legitimate path: a permitted secret, hidden as itself, spread out and reversed.
    String shown =
        text(
            run(
                ann,
                scala,
                Language.SCALA,
                "val pw = "
                    + get(teamScope)
                    + "\nprintln(pw)\nprintln(pw.mkString(\" \"))\nprintln(pw.mkString(\",\"))"
                    + "\nprintln(pw.reverse)\nprintln(pw.length)"));
    assertThat(shown).contains("[REDACTED]\n[REDACTED]\n[REDACTED]\n[REDACTED]\n17");
    assertThat(shown).doesNotContain(TEAM_VALUE).doesNotContain("t e a m");

    String py = context(ann, Language.PYTHON);
    assertThat(failure(run(ann, py, Language.PYTHON, pyGet(adminScope))))
        .contains("PERMISSION_DENIED");
    assertThat(
            text(
                run(
                    ann,
                    py,
                    Language.PYTHON,
                    "v = " + pyGet(teamScope) + "\nprint(' '.join(v))\nprint(list(v))")))
        .isEqualTo("[REDACTED]\n['[REDACTED]']");
    // Admins still read what admins may.
    String mine = context(admin, Language.PYTHON);
    assertThat(text(run(admin, mine, Language.PYTHON, "print(len(" + pyGet(adminScope) + "))")))
        .isEqualTo(String.valueOf(ADMIN_VALUE.length()));
  }

  @Test
  void theNodesSecretAndChangedStolenOrOutdatedCredentialsActForNobody() throws Exception {
    String scala = context(ann, Language.SCALA);
    String own = ownCredential(scala);
    String py = context(ann, Language.PYTHON);
    run(ann, py, Language.PYTHON, NODE_CALL);
    String teamGet = "secrets/get?scope=" + teamScope + "&key=pw";
    String adminGet = "secrets/get?scope=" + adminScope + "&key=pw";

    // The legitimate path: the command's own credential reads what its user may, nothing more.
    assertThat(call(py, teamGet, own)).isEqualTo("200");
    assertThat(call(py, adminGet, own)).isEqualTo("403 PERMISSION_DENIED");
    // The node's secret alone, or with a user parameter, acts for nobody.
    assertThat(call(py, adminGet, null)).isEqualTo("401 UNAUTHENTICATED");
    assertThat(call(py, adminGet + "&user=admin", null)).isEqualTo("400 INVALID_PARAMETER_VALUE");
    assertThat(call(py, adminGet + "&user=admin", own)).isEqualTo("400 INVALID_PARAMETER_VALUE");
    assertThat(call(py, "secrets/scopes?user=admin", own)).isEqualTo("400 INVALID_PARAMETER_VALUE");
    // A credential changed to name the admin fails its MAC.
    ObjectNode claims = payload(own);
    assertThat(claims.path("user").asText()).isEqualTo(ANN);
    assertThat(call(py, adminGet, withPayload(own, claims.deepCopy().put("user", "admin"))))
        .isEqualTo("401 UNAUTHENTICATED");
    assertThat(call(py, adminGet, "kcc1.e30.AAAA")).isEqualTo("401 UNAUTHENTICATED");
    // Valid credentials of the admin, but for another cluster or another generation of this one
    // (stolen from there, or from before a restart), are refused here.
    CommandCredentials keyed =
        new CommandCredentials(SecretKeyLoader.load(null, server.home()), Clock.systemUTC());
    String instance = claims.path("instance").asText();
    int generation = claims.path("generation").asInt();
    String otherCluster =
        keyed.mint(
            "admin",
            new CommandCredentials.Driver("0000-000000-other", generation, instance),
            "1",
            Duration.ofHours(1));
    String olderGeneration =
        keyed.mint(
            "admin",
            new CommandCredentials.Driver(clusterId, generation - 1, instance),
            "1",
            Duration.ofHours(1));
    assertThat(call(py, adminGet, otherCluster)).isEqualTo("403 PERMISSION_DENIED");
    assertThat(call(py, adminGet, olderGeneration)).isEqualTo("403 PERMISSION_DENIED");
    // Once its context is destroyed, a command's credential is dead.
    ann.commandExecution()
        .destroy(new DestroyContext().setClusterId(clusterId).setContextId(scala));
    assertThat(call(py, teamGet, own)).isEqualTo("401 UNAUTHENTICATED");
  }

  @Test
  void notebookRunsRunAsTheCallingUserWhoeverTheBodyNames() throws Exception {
    String py = context(ann, Language.PYTHON);
    assertThat(
            text(
                run(
                    ann,
                    py,
                    Language.PYTHON,
                    "print(dbutils.notebook.run('" + DIR + "/child', 120))")))
        .isEqualTo("child ran");
    assertThat(childRuns()).isNotEmpty().allMatch(r -> ANN.equals(r.getCreatorUserName()));

    String scala = context(ann, Language.SCALA);
    String own = ownCredential(scala);
    run(ann, py, Language.PYTHON, NODE_CALL);
    String body = "{'path': '" + DIR + "/child', 'user': 'admin'}";
    assertThat(call(py, "notebooks/run?user=admin", own, body))
        .isEqualTo("400 INVALID_PARAMETER_VALUE");
    assertThat(call(py, "notebooks/run", null, body)).isEqualTo("401 UNAUTHENTICATED");
    String started = call(py, "notebooks/run", own, body);
    assertThat(started).startsWith("200 ");
    long runId = Long.parseLong(started.substring(4).trim());
    assertThat(admin.jobs().getRun(runId).getCreatorUserName()).isEqualTo(ANN);
  }

  // ---- helpers

  private static String get(String scope) {
    return "dbutils.secrets.get(\"" + scope + "\", \"pw\")";
  }

  private static String pyGet(String scope) {
    return "dbutils.secrets.get('" + scope + "', 'pw')";
  }

  private static List<BaseRun> childRuns() {
    return StreamSupport.stream(
            admin
                .jobs()
                .listRuns(
                    new ListRunsRequest().setRunType(RunType.WORKFLOW_RUN).setExpandTasks(true))
                .spliterator(),
            false)
        .filter(r -> r.getTasks() != null && r.getTasks().size() == 1)
        .filter(
            r ->
                (DIR + "/child")
                    .equals(r.getTasks().iterator().next().getNotebookTask().getNotebookPath()))
        .toList();
  }

  /** The credential of a command in {@code scalaContext}, as the command itself can read it. */
  private static String ownCredential(String scalaContext) throws Exception {
    String out = text(run(ann, scalaContext, Language.SCALA, OWN_CREDENTIAL));
    String line = out.lines().filter(l -> l.startsWith("CRED kcc1.")).findFirst().orElseThrow();
    return line.substring("CRED ".length()).trim();
  }

  private static String call(String py, String path, String credential) throws Exception {
    return call(py, path, credential, null);
  }

  /** {@code node_call} from the user's Python context: "status error_code-or-run_id". */
  private static String call(String py, String path, String credential, String body)
      throws Exception {
    String code =
        "print(node_call('"
            + path
            + "', "
            + (credential == null ? "None" : "'" + credential + "'")
            + ", "
            + (body == null ? "None" : body)
            + "))";
    return text(run(ann, py, Language.PYTHON, code)).trim();
  }

  private static ObjectNode payload(String credential) throws Exception {
    String part = credential.split("\\.")[1];
    return (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(part));
  }

  private static String withPayload(String credential, JsonNode payload) throws Exception {
    String[] parts = credential.split("\\.");
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + encoded + "." + parts[2];
  }

  private static String context(WorkspaceClient w, Language language) throws Exception {
    return ClusterCalls.newContext(w, clusterId, language);
  }

  private static Results run(WorkspaceClient w, String context, Language language, String code)
      throws Exception {
    CommandStatusResponse done = ClusterCalls.execute(w, clusterId, context, language, code);
    assertThat(done.getStatus()).isIn(CommandStatus.FINISHED, CommandStatus.ERROR);
    return done.getResults();
  }

  private static String text(Results r) {
    assertThat(r.getResultType().toString())
        .as("%s: %s", r.getSummary(), r.getCause())
        .isEqualToIgnoringCase("text");
    return String.valueOf(r.getData());
  }

  private static String failure(Results r) {
    assertThat(r.getResultType().toString()).isEqualToIgnoringCase("error");
    return r.getSummary() + " " + r.getCause();
  }
}
