package dev.kiln.driver.dbutils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.driver.exec.Redactor;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbUtilsTest {
  @TempDir Path dir;
  private final DbUtils dbutils = new DbUtils(Configuration::new, null, new Redactor(), () -> "");

  @Test
  void fsRoundTripsOnLocalPaths() {
    String base = "file:" + dir;
    FsUtils fs = dbutils.fs();
    assertThat(fs.mkdirs(base + "/a/b")).isTrue();
    assertThat(fs.put(base + "/a/f.txt", "hello world", false)).isTrue();
    assertThatThrownBy(() -> fs.put(base + "/a/f.txt", "again", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fs.head(base + "/a/f.txt", 5)).isEqualTo("hello");
    List<FileInfo> ls = fs.ls(base + "/a");
    assertThat(ls).extracting(FileInfo::name).containsExactly("b/", "f.txt");
    assertThat(ls.get(1).size()).isEqualTo(11);
    assertThat(ls.get(0).path()).endsWith("/a/b/");
    assertThat(fs.cp(base + "/a/f.txt", base + "/g.txt", false)).isTrue();
    assertThat(fs.mv(base + "/g.txt", base + "/h.txt", false)).isTrue();
    assertThat(fs.head(base + "/h.txt", 100)).isEqualTo("hello world");
    assertThat(fs.rm(base + "/a", true)).isTrue();
    assertThat(fs.ls(base)).extracting(FileInfo::name).containsExactly("h.txt");
  }

  @Test
  void widgetsKeepTheirValuesAndFailForUnknownNames() {
    WidgetsUtils w = dbutils.widgets();
    w.text("name", "ann", "Name");
    w.dropdown("color", "red", new String[] {"red", "blue"}, "Color");
    assertThat(w.get("name")).isEqualTo("ann");
    assertThat(w.get("color")).isEqualTo("red");
    assertThat(w.getArgument("missing", "dflt")).isEqualTo("dflt");
    assertThatThrownBy(() -> w.get("missing")).hasMessageContaining("InputWidgetNotDefined");
    w.remove("name");
    assertThatThrownBy(() -> w.get("name")).hasMessageContaining("InputWidgetNotDefined");
    w.removeAll();
    assertThat(w.all()).isEmpty();
  }

  @Test
  void widgetsTakeScalaSeqChoicesAndListThemselvesAsJson() {
    WidgetsUtils w = dbutils.widgets();
    w.text("who", "ann");
    w.dropdown(
        "color",
        "red",
        scala.jdk.javaapi.CollectionConverters.asScala(List.of("red", "blue")).toSeq());
    w.bind(java.util.Map.of("who", "bob"));
    assertThat(w.toJson())
        .isEqualTo(
            "[{\"name\":\"who\",\"kind\":\"text\",\"label\":null,\"value\":\"bob\",\"default\":\"ann\","
                + "\"choices\":[]},{\"name\":\"color\",\"kind\":\"dropdown\",\"label\":null,"
                + "\"value\":\"red\",\"default\":\"red\",\"choices\":[\"red\",\"blue\"]}]");
    assertThatThrownBy(
            () ->
                w.dropdown(
                    "bad",
                    "x",
                    scala.jdk.javaapi.CollectionConverters.asScala(List.of("a")).toSeq()))
        .hasMessageContaining("not one of the choices");
  }

  @Test
  void notebookExitStopsWithItsValueAndTaskValuesAnswerDebugValueOutsideJobs() {
    assertThatThrownBy(() -> dbutils.notebook().exit("v"))
        .isInstanceOfSatisfying(NotebookExit.class, e -> assertThat(e.value()).isEqualTo("v"));
    assertThat(dbutils.notebook().exitValue()).isEqualTo("v");
    dbutils.notebook().reset();
    assertThat(dbutils.notebook().exitValue()).isNull();
    JobsUtils.TaskValues tv = dbutils.jobs().taskValues();
    tv.set("k", 3);
    assertThat(tv.values()).containsEntry("k", 3);
    assertThat(tv.get("up", "k", 1, 2)).isEqualTo(2);
  }
}
