package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.libraries.LibraryInstallStatus;
import dev.kiln.server.libraries.ClusterLibraryDao;
import dev.kiln.server.libraries.LibraryRow;
import dev.kiln.server.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statement of the cluster libraries' store on the real metadata store (H2, and PostgreSQL in
 * the suite's second pass), without a cluster: the integration tests that install libraries on
 * clusters run on H2 only.
 */
class ClusterLibraryStoreTest {
  @TempDir static Path home;
  private static Database database;
  private static ClusterLibraryDao dao;

  @BeforeAll
  static void open() throws Exception {
    database = StoreDatabase.open(home);
    dao = database.jdbi().onDemand(ClusterLibraryDao.class);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  /** A bare cluster row: libraries belong to a cluster. */
  private static void cluster(String id) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO clusters (cluster_id, cluster_name, spec, source, state,"
                            + " state_message, target_workers, pinned, generation,"
                            + " spark_context_id, spark_secret, start_time, state_since, deleted,"
                            + " created_at, version) VALUES (:id, :id, '{}', 'API', 'TERMINATED',"
                            + " '', 0, FALSE, 1, 1, 's', 0, 0, FALSE, 0, 0)")
                    .bind("id", id)
                    .execute());
  }

  @Test
  void librariesAreKeptInOrderMovedOnlyFromTheStateTheyAreInAndDeleted() {
    cluster("c-1");
    cluster("c-2");
    dao.insert("c-1", "jar:a", "{\"jar\":\"dbfs:/a.jar\"}", "PENDING", null, 1, 10);
    dao.insert("c-1", "pypi:b", "{\"pypi\":{\"package\":\"b\"}}", "PENDING", null, 1, 11);
    dao.insert("c-2", "jar:a", "{\"jar\":\"dbfs:/a.jar\"}", "PENDING", null, 3, 12);

    assertThat(dao.ofCluster("c-1"))
        .extracting(LibraryRow::libraryKey)
        .containsExactly("jar:a", "pypi:b");
    assertThat(dao.clusterIds()).containsExactlyInAnyOrder("c-1", "c-2");
    assertThat(dao.all()).extracting(LibraryRow::clusterId).containsExactly("c-1", "c-1", "c-2");

    LibraryRow a = dao.find("c-1", "jar:a").orElseThrow();
    assertThat(a.status()).isEqualTo(LibraryInstallStatus.PENDING);
    assertThat(a.uninstallRequested()).isFalse();
    assertThat(dao.move(a.id(), "PENDING", 1, "INSTALLING", null, 1, 20)).isTrue();
    // A second mover from the old state loses.
    assertThat(dao.move(a.id(), "PENDING", 1, "FAILED", "[\"late\"]", 1, 21)).isFalse();
    assertThat(dao.move(a.id(), "INSTALLING", 0, "FAILED", "[\"stale\"]", 1, 21)).isFalse();
    assertThat(dao.move(a.id(), "INSTALLING", 1, "FAILED", "[\"no such file\"]", 2, 22)).isTrue();
    LibraryRow failed = dao.find("c-1", "jar:a").orElseThrow();
    assertThat(failed.status()).isEqualTo(LibraryInstallStatus.FAILED);
    assertThat(failed.messages()).isEqualTo("[\"no such file\"]");
    assertThat(failed.generation()).isEqualTo(2);
    assertThat(failed.createdAt()).isEqualTo(10);
    assertThat(failed.updatedAt()).isEqualTo(22);

    dao.requestUninstall(failed.id(), true, 30);
    assertThat(dao.find("c-1", "jar:a").orElseThrow().uninstallRequested()).isTrue();
    dao.delete(failed.id());
    assertThat(dao.find("c-1", "jar:a")).isEmpty();
    assertThat(dao.ofCluster("c-1")).extracting(LibraryRow::libraryKey).containsExactly("pypi:b");

    // A permanently deleted cluster takes its libraries along.
    database.jdbi().useHandle(h -> h.execute("DELETE FROM clusters WHERE cluster_id = 'c-2'"));
    assertThat(dao.clusterIds()).containsExactly("c-1");
  }
}
