package dev.kiln.driver.fs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;

/**
 * {@code dbfs:/} for Hadoop's {@code FileContext} (Hadoop setting {@code
 * fs.AbstractFileSystem.dbfs.impl}): Delta's default log store writes commits through it.
 */
public class DbfsAbstractFileSystem extends DelegateToFileSystem {
  public DbfsAbstractFileSystem(URI uri, Configuration conf)
      throws IOException, URISyntaxException {
    super(uri, new DbfsFileSystem(), conf, DbfsFileSystem.SCHEME, false);
  }

  @Override
  public int getUriDefaultPort() {
    return -1;
  }
}
