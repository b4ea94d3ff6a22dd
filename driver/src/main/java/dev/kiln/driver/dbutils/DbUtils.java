package dev.kiln.driver.dbutils;

import dev.kiln.driver.exec.Redactor;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * The JVM side of {@code dbutils}, one per execution context, with Databricks' names: Scala code
 * calls {@code dbutils.fs.ls("/")} (Java no-argument methods need no parentheses in Scala), Python
 * wraps the same methods through py4j ({@code dbutils.fs().ls("/")}).
 *
 * <p>Calls that act for a user on the control plane (secrets, notebook runs) send the running
 * command's credential, which the control plane minted for the command's user. It comes from the
 * context (a supplier the execution service owns); nothing here lets user code set or swap it.
 */
public final class DbUtils {
  private final FsUtils fs;
  private final SecretsUtils secrets;
  private final WidgetsUtils widgets = new WidgetsUtils();
  private final NotebookUtils notebook;
  private final JobsUtils jobs = new JobsUtils();

  public DbUtils(
      Supplier<Configuration> hadoopConf,
      SecretSource secretSource,
      Redactor redactor,
      Supplier<String> credential) {
    this(hadoopConf, secretSource, null, redactor, credential);
  }

  /**
   * @param notebookRuns starts {@code dbutils.notebook.run}'s child runs (null: unavailable)
   * @param credential the running command's credential (null or empty: none)
   */
  public DbUtils(
      Supplier<Configuration> hadoopConf,
      SecretSource secretSource,
      NotebookRuns notebookRuns,
      Redactor redactor,
      Supplier<String> credential) {
    this.fs = new FsUtils(hadoopConf);
    this.secrets = new SecretsUtils(secretSource, redactor, credential);
    this.notebook = new NotebookUtils(notebookRuns, credential);
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

  @Override
  public String toString() {
    return "dbutils (fs, secrets, widgets, notebook, jobs)";
  }
}
