package dev.kiln.driver.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.driver.fs.DbfsAbstractFileSystem;
import dev.kiln.driver.fs.DbfsFileSystem;
import org.junit.jupiter.api.Test;

class DataConfTest {
  @Test
  void fileSystemNamesAreTheClasses() {
    assertThat(DataConf.DBFS_FILE_SYSTEM).isEqualTo(DbfsFileSystem.class.getName());
    assertThat(DataConf.DBFS_ABSTRACT_FILE_SYSTEM)
        .isEqualTo(DbfsAbstractFileSystem.class.getName());
  }
}
