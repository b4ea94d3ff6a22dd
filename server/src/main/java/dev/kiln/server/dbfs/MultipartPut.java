package dev.kiln.server.dbfs;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;

/**
 * A multipart {@code put} as the legacy CLI sends it: form fields {@code path} and {@code
 * overwrite} ({@code True}/{@code False}) and a file part named {@code file} (or {@code contents})
 * of any size. The file part is streamed straight into staging, never held in memory; fields may
 * come before or after it.
 */
final class MultipartPut {
  static final Set<String> FILE_PARTS = Set.of("file", "contents");
  private static final int MAX_FIELD_BYTES = 64 * 1024;

  private final DbfsService dbfs;
  private String path;
  private String overwrite;
  private DbfsPath target;

  private MultipartPut(DbfsService dbfs) {
    this.dbfs = dbfs;
  }

  static boolean accepts(HttpServletRequest request) {
    return JakartaServletFileUpload.isMultipartContent(request);
  }

  /** Reads the whole request and, when it is complete and valid, moves the file into place. */
  static void run(HttpServletRequest request, DbfsService dbfs) {
    new MultipartPut(dbfs).read(request);
  }

  private void read(HttpServletRequest request) {
    JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory> upload =
        new JakartaServletFileUpload<>();
    StagedFile staged = null;
    try {
      FileItemInputIterator items = upload.getItemIterator(request);
      if (!items.hasNext()) {
        throw new ApiException(ErrorCode.MALFORMED_REQUEST, "Malformed multipart body: no parts");
      }
      while (items.hasNext()) {
        FileItemInput item = items.next();
        String name = item.getFieldName();
        if (FILE_PARTS.contains(name)) {
          if (staged != null) {
            throw ApiException.invalid("Only one file part may be sent");
          }
          // When the fields came first, refuse before taking in a large upload.
          if (path != null) {
            dbfs.checkWritable(target(), overwrite());
          }
          staged = dbfs.stage();
          try (InputStream in = item.getInputStream()) {
            staged.writeFrom(in);
          }
        } else if ("path".equals(name)) {
          path = field(item, path);
        } else if ("overwrite".equals(name)) {
          overwrite = field(item, overwrite);
        }
      }
      if (staged == null) {
        throw ApiException.invalid(
            "Missing the file part: send the contents as a part named 'file' or 'contents'");
      }
      dbfs.commit(staged, target(), overwrite());
    } catch (FileUploadException e) {
      throw new ApiException(
          ErrorCode.MALFORMED_REQUEST, "Malformed multipart body: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ApiException(
          ErrorCode.IO_ERROR, "Could not read the upload: " + e.getClass().getSimpleName(), e);
    } finally {
      if (staged != null) {
        staged.close();
      }
    }
  }

  private DbfsPath target() {
    if (target == null) {
      target = DbfsPath.parse(path, "path");
    }
    return target;
  }

  /**
   * {@code overwrite} as Python's {@code str(bool)} writes it, or as JSON does; absent is false.
   */
  private boolean overwrite() {
    if (overwrite == null || overwrite.isEmpty()) {
      return false;
    }
    return switch (overwrite.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.invalid("overwrite must be true or false, got '" + overwrite + "'");
    };
  }

  private static String field(FileItemInput item, String previous) throws IOException {
    if (previous != null) {
      throw ApiException.invalid("Field '" + item.getFieldName() + "' was sent more than once");
    }
    try (InputStream in = item.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
      if (bytes.length > MAX_FIELD_BYTES) {
        throw ApiException.invalid("Field '" + item.getFieldName() + "' is too long");
      }
      return new String(bytes, StandardCharsets.UTF_8).trim();
    }
  }
}
