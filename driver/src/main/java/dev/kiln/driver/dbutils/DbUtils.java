package dev.kiln.driver.dbutils;

import dev.kiln.driver.exec.Redactor;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * The JVM side of {@code dbutils}, one per execution context, with Databricks' names: Scala code
 * calls {@code dbutils.fs.ls("/")} (Java no-argument methods need no parentheses in Scala), Python
 * wraps the same methods through py4j ({@code dbutils.fs().ls("/")}).
 */
public final class DbUtils {
  private final FsUtils fs;
  private final SecretsUtils secrets;
  private final WidgetsUtils widgets = new WidgetsUtils();
  private final NotebookUtils notebook;
  private final JobsUtils jobs = new JobsUtils();
  private volatile String user = "";

  public DbUtils(Supplier<Configuration> hadoopConf, SecretSource secretSource, Redactor redactor) {
    this(hadoopConf, secretSource, null, redactor);
  }

  /** {@code notebookRuns} starts {@code dbutils.notebook.run}'s child runs (null: unavailable). */
  public DbUtils(
      Supplier<Configuration> hadoopConf,
      SecretSource secretSource,
      NotebookRuns notebookRuns,
      Redactor redactor) {
    this.fs = new FsUtils(hadoopConf);
    this.secrets = new SecretsUtils(secretSource, redactor, this::user);
    this.notebook = new NotebookUtils(notebookRuns, this::user);
  }

  public FsUtils fs() {
    return fs;
  }

  public SecretsUtils secrets() {
    return secrets;
  }

  public WidgetsUtils widgets() {
    return widgets;
  }

  public NotebookUtils notebook() {
    return notebook;
  }

  public JobsUtils jobs() {
    return jobs;
  }

  /** The user of the running command (secret ACLs are checked for them). */
  public String user() {
    return user;
  }

  public void user(String name) {
    this.user = name == null ? "" : name;
  }

  @Override
  public String toString() {
    return "dbutils (fs, secrets, widgets, notebook, jobs)";
  }
}
