package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Tables live in one metastore shared by every cluster and kept across control-plane restarts: a
 * Delta table created on one cluster is queried from another, before and after a restart.
 */
class SharedMetastoreIT extends ServerIT {
  // Generous: the first Delta write of a one-core cluster is slow on a busy machine.
  private static final Duration WAIT = Duration.ofMinutes(6);
  private static final List<String> clusters = new ArrayList<>();

  @AfterAll
  static void deleteClusters() {
    for (String id : clusters) {
      try {
        admin.clusters().delete(id).get(WAIT);
        assertNoProcessesLeft(id);
      } catch (Exception e) {
        ClusterCalls.killLeftovers(id);
      }
    }
  }

  @Test
  void aTableCreatedOnOneClusterIsSeenFromAnotherAndAfterARestart() throws Exception {
    String first = start("meta-a");
    String second = start("meta-b");
    sql(first, "CREATE TABLE shared_sales (region STRING, amount INT)");
    sql(first, "INSERT INTO shared_sales VALUES ('north', 10), ('south', 32)");

    assertThat(rows(sql(second, "SELECT sum(amount) FROM shared_sales")))
        .containsExactly(List.of(42));

    server.restart();
    admin = server.client();
    assertThat(rows(sql(second, "SELECT count(*) FROM shared_sales"))).containsExactly(List.of(2));
    sql(second, "INSERT INTO shared_sales VALUES ('east', 1)");
    assertThat(rows(sql(first, "SELECT count(*) FROM shared_sales"))).containsExactly(List.of(3));
  }

  private static String start(String name) throws Exception {
    ClusterDetails c = ClusterCalls.createRunning(admin, ClusterCalls.singleNode(name));
    clusters.add(c.getClusterId());
    return c.getClusterId();
  }

  private static Results sql(String clusterId, String statement) throws Exception {
    var context =
        admin
            .commandExecution()
            .create(new CreateContext().setClusterId(clusterId).setLanguage(Language.SQL))
            .get(WAIT);
    assertThat(context.getStatus()).isEqualTo(ContextStatus.RUNNING);
    CommandStatusResponse done =
        admin
            .commandExecution()
            .execute(
                new Command()
                    .setClusterId(clusterId)
                    .setContextId(context.getId())
                    .setLanguage(Language.SQL)
                    .setCommand(statement))
            .get(WAIT);
    assertThat(done.getStatus()).isEqualTo(CommandStatus.FINISHED);
    Results r = done.getResults();
    assertThat(r.getResultType())
        .as("%s: %s", r.getSummary(), r.getCause())
        .isNotEqualTo(ResultType.ERROR);
    return r;
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> rows(Results r) {
    return (List<List<Object>>) r.getData();
  }
}
