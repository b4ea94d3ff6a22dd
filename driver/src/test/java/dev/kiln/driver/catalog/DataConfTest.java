package dev.kiln.driver.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.driver.fs.DbfsAbstractFileSystem;
import dev.kiln.driver.fs.DbfsFileSystem;
import org.junit.jupiter.api.Test;

class DataConfTest {
  @Test
  void namesTheFileSystemClassesItCannotLoad() {
    assertThat(DataConf.FILE_SYSTEM).isEqualTo(DbfsFileSystem.class.getName());
    assertThat(DataConf.ABSTRACT_FILE_SYSTEM).isEqualTo(DbfsAbstractFileSystem.class.getName());
    assertThat(DataConf.sparkConf("/dbfs", null, 2))
        .containsEntry("spark.hadoop.fs.dbfs.impl", DataConf.FILE_SYSTEM)
        .containsEntry("spark.hadoop.kiln.dbfs.root", "/dbfs")
        .containsEntry("spark.sql.sources.default", "delta");
  }
}
