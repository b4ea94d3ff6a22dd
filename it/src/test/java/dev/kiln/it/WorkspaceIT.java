package dev.kiln.it;

import static dev.kiln.it.WorkspaceCalls.HOME;
import static dev.kiln.it.WorkspaceCalls.SAMPLES;
import static dev.kiln.it.WorkspaceCalls.b64;
import static dev.kiln.it.WorkspaceCalls.export;
import static dev.kiln.it.WorkspaceCalls.exportText;
import static dev.kiln.it.WorkspaceCalls.folder;
import static dev.kiln.it.WorkspaceCalls.importAs;
import static dev.kiln.it.WorkspaceCalls.importSource;
import static dev.kiln.it.WorkspaceCalls.list;
import static dev.kiln.it.WorkspaceCalls.paths;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.workspace.Delete;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ListWorkspaceRequest;
import com.databricks.sdk.service.workspace.ObjectInfo;
import com.databricks.sdk.service.workspace.ObjectType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Workspace API 2.0 through the official Databricks Java SDK: the tree of folders and notebooks,
 * users' homes, deleting, restarts and racing clients. Formats, uploads and bad input have their
 * own classes: {@link WorkspaceFormatsIT}, {@link WorkspaceUploadIT}, {@link WorkspaceBadInputIT}.
 */
class WorkspaceIT extends ServerIT {

  // ---------------------------------------------------------------------------------------------
  // Home folders and the tree

  @Test
  void rootUsersSharedAndTheAdminsHomeExist() {
    assertThat(admin.workspace().getStatus("/").getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    assertThat(paths(admin, "/")).contains("/Users", "/Shared");
    assertThat(paths(admin, "/Users")).contains(HOME);
    ObjectInfo home = admin.workspace().getStatus(HOME);
    assertThat(home.getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    assertThat(home.getObjectId()).isPositive();
    assertThat(home.getResourceId()).isEqualTo(home.getObjectId().toString());
    assertThat(home.getLanguage()).isNull();
    assertThat(home.getSize()).isNull();
    // /Workspace/... names the same object, as on Databricks.
    assertThat(admin.workspace().getStatus("/Workspace" + HOME).getPath()).isEqualTo(HOME);
  }

  @Test
  void aUserCreatedThroughScimGetsAHomeAndCanUseTheWorkspace() {
    User ann = admin.users().create(new User().setUserName("ws-ann@example.com"));
    ObjectInfo home = admin.workspace().getStatus("/Users/ws-ann@example.com");
    assertThat(home.getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    String token =
        admin
            .tokenManagement()
            .createOboToken(new CreateOboTokenRequest().setApplicationId(ann.getUserName()))
            .getTokenValue();
    WorkspaceClient annClient = server.clientFor(token);
    annClient
        .workspace()
        .importContent(
            new Import()
                .setPath("/Users/ws-ann@example.com/mine")
                .setLanguage(Language.PYTHON)
                .setFormat(ImportFormat.SOURCE)
                .setContent(b64("print('ann')")));
    assertThat(annClient.workspace().getStatus("/Users/ws-ann@example.com/mine").getObjectType())
        .isEqualTo(ObjectType.NOTEBOOK);
  }

  @Test
  void mkdirsCreatesParentsListsByNameAndStopsAtNotebooks(TestInfo info) {
    String dir = folder(admin, info);
    admin.workspace().mkdirs(dir + "/b/c/d");
    admin.workspace().mkdirs(dir + "/b/c/d");
    admin.workspace().mkdirs(dir + "/a");
    assertThat(paths(admin, dir)).containsExactly(dir + "/a", dir + "/b");
    assertThat(admin.workspace().getStatus(dir + "/b/c").getObjectType())
        .isEqualTo(ObjectType.DIRECTORY);
    importSource(admin, dir + "/nb", Language.SQL, "SELECT 1");
    assertThat(paths(admin, dir + "/nb")).containsExactly(dir + "/nb");
    assertThatThrownBy(() -> admin.workspace().mkdirs(dir + "/nb/sub"))
        .isInstanceOf(ResourceAlreadyExists.class)
        .hasMessageContaining(dir + "/nb already exists and it is not a folder");
    assertThatThrownBy(() -> admin.workspace().getStatus(dir + "/nb/sub"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> list(admin, dir + "/missing"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> admin.workspace().getStatus(dir + "/missing"))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void listCanLeaveOutNotebooksModifiedBeforeATime(TestInfo info) {
    String dir = folder(admin, info);
    importSource(admin, dir + "/old", Language.PYTHON, "1");
    admin.workspace().mkdirs(dir + "/sub");
    long cutoff = admin.workspace().getStatus(dir + "/old").getModifiedAt();
    List<ObjectInfo> listed =
        StreamSupport.stream(
                admin
                    .workspace()
                    .list(new ListWorkspaceRequest().setPath(dir).setNotebooksModifiedAfter(cutoff))
                    .spliterator(),
                false)
            .toList();
    assertThat(listed).extracting(ObjectInfo::getPath).containsExactly(dir + "/sub");
  }

  @Test
  void deleteNeedsRecursiveForAFolderThatHoldsAnything(TestInfo info) {
    String dir = folder(admin, info);
    admin.workspace().mkdirs(dir + "/full/inner");
    importSource(admin, dir + "/full/inner/nb", Language.PYTHON, "print(1)");
    assertThatThrownBy(() -> admin.workspace().delete(new Delete().setPath(dir + "/full")))
        .isExactlyInstanceOf(BadRequest.class)
        .satisfies(
            e -> assertThat(((DatabricksError) e).getErrorCode()).isEqualTo("DIRECTORY_NOT_EMPTY"));
    assertThat(admin.workspace().getStatus(dir + "/full/inner/nb").getObjectType())
        .isEqualTo(ObjectType.NOTEBOOK);

    admin.workspace().delete(new Delete().setPath(dir + "/full").setRecursive(true));
    assertThatThrownBy(() -> admin.workspace().getStatus(dir + "/full/inner/nb"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> admin.workspace().getStatus(dir + "/full"))
        .isInstanceOf(ResourceDoesNotExist.class);

    admin.workspace().mkdirs(dir + "/empty");
    admin.workspace().delete(new Delete().setPath(dir + "/empty"));
    importSource(admin, dir + "/nb", Language.R, "x <- 1");
    admin.workspace().delete(new Delete().setPath(dir + "/nb"));
    assertThat(list(admin, dir)).isEmpty();
    assertThatThrownBy(() -> admin.workspace().delete(new Delete().setPath(dir + "/nb")))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () -> admin.workspace().delete(new Delete().setPath("/Users").setRecursive(true)))
        .isInstanceOf(InvalidParameterValue.class);
    assertThat(admin.workspace().getStatus(HOME).getObjectType()).isEqualTo(ObjectType.DIRECTORY);
  }

  // ---------------------------------------------------------------------------------------------
  // Restarts and racing clients

  @Test
  void everythingSurvivesARestart(TestInfo info) throws IOException {
    String dir = folder(admin, info);
    importSource(admin, dir + "/nb", Language.SQL, SAMPLES.get(Language.SQL));
    importAs(admin, dir + "/f.bin", ImportFormat.RAW, new byte[] {9, 8, 7}, false);
    admin.workspace().mkdirs(dir + "/d/e");
    List<ObjectInfo> before = list(admin, dir);
    // A user whose home is missing, as for users created before the workspace existed.
    admin.users().create(new User().setUserName("ws-homeless@example.com"));
    admin.workspace().delete(new Delete().setPath("/Users/ws-homeless@example.com"));
    server.restart();
    // The old client's pooled connections went with the old server; later tests use the new one.
    WorkspaceClient again = server.client();
    admin = again;
    assertThat(StreamSupport.stream(again.workspace().list(dir).spliterator(), false).toList())
        .isEqualTo(before);
    assertThat(exportText(admin, dir + "/nb", ExportFormat.SOURCE))
        .isEqualTo(SAMPLES.get(Language.SQL));
    assertThat(
            Base64.getDecoder()
                .decode(export(admin, dir + "/f.bin", ExportFormat.RAW).getContent()))
        .containsExactly(9, 8, 7);
    assertThat(again.workspace().getStatus(dir + "/d/e").getObjectType())
        .isEqualTo(ObjectType.DIRECTORY);
    assertThat(again.workspace().getStatus(HOME).getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    assertThat(again.workspace().getStatus("/Users/ws-homeless@example.com").getObjectType())
        .isEqualTo(ObjectType.DIRECTORY);
  }

  @Test
  void clientsRacingToCreateTheSamePathsAllSucceed(TestInfo info) throws Exception {
    String dir = folder(admin, info);
    int clients = 8;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(clients);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int n = i;
        done.add(
            pool.submit(
                () -> {
                  admin.workspace().mkdirs(dir + "/x/y/z");
                  importAs(
                      admin,
                      dir + "/x/nb.py",
                      ImportFormat.AUTO,
                      ("# Databricks notebook source\n" + n).getBytes(UTF_8),
                      true);
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(paths(admin, dir + "/x")).containsExactly(dir + "/x/nb", dir + "/x/y");
    assertThat(exportText(admin, dir + "/x/nb", ExportFormat.SOURCE))
        .matches("# Databricks notebook source\n[0-7]");
  }
}
