package dev.kiln.server.dbfs;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.BodyLimit;
import dev.kiln.server.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemHeaders;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;

/**
 * A multipart {@code put} as the legacy CLI sends it: form fields {@code path} and {@code
 * overwrite} ({@code True}/{@code False}) and a file part named {@code file} (or {@code contents})
 * of any size. The file part is streamed straight into staging, never held in memory; fields may
 * come before or after it. fileupload2 parses the content type and the part headers; {@link
 * MultipartReader} scans the bytes.
 */
final class MultipartPut {
  static final Set<String> FILE_PARTS = Set.of("file", "contents");
  private static final int MAX_FIELD_BYTES = 64 * 1024;

  private final DbfsUploads dbfs;
  private final JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory> upload =
      new JakartaServletFileUpload<>();
  private String path;
  private String overwrite;
  private DbfsPath target;

  private MultipartPut(DbfsUploads dbfs) {
    this.dbfs = dbfs;
  }

  static boolean accepts(HttpServletRequest request) {
    return JakartaServletFileUpload.isMultipartContent(request);
  }

  /** Reads the whole request and, when it is complete and valid, moves the file into place. */
  static void run(HttpServletRequest request, DbfsUploads dbfs) {
    BodyLimit.lift(request); // the file part goes to disk, never into memory
    new MultipartPut(dbfs).read(request);
  }

  private void read(HttpServletRequest request) {
    byte[] boundary = upload.getBoundary(request.getContentType());
    if (boundary == null || boundary.length == 0 || boundary.length > 70) {
      throw malformed("the content type has no valid boundary");
    }
    StagedFile staged = null;
    try {
      MultipartReader reader =
          new MultipartReader(
              MultipartReader.sourceOf(request.getInputStream()),
              boundary,
              StagedFile.BUFFER_BYTES);
      int parts = 0;
      for (String headers; (headers = reader.nextPart()) != null; parts++) {
        String name = fieldName(headers);
        if (name != null && FILE_PARTS.contains(name)) {
          if (staged != null) {
            throw ApiException.invalid("Only one file part may be sent");
          }
          // When the fields came first, refuse before taking in a large upload.
          if (path != null) {
            dbfs.checkWritable(target(), overwrite());
          }
          staged = dbfs.stage();
          reader.writeBody(staged);
        } else if ("path".equals(name)) {
          path = field(reader, name, path);
        } else if ("overwrite".equals(name)) {
          overwrite = field(reader, name, overwrite);
        }
      }
      if (parts == 0) {
        throw malformed("no parts");
      }
      if (staged == null) {
        throw ApiException.invalid(
            "Missing the file part: send the contents as a part named 'file' or 'contents'");
      }
      dbfs.commit(staged, target(), overwrite());
    } catch (MultipartReader.MalformedException e) {
      throw malformed(e.getMessage());
    } catch (IOException e) {
      throw new ApiException(
          ErrorCode.IO_ERROR, "Could not read the upload: " + e.getClass().getSimpleName(), e);
    } finally {
      if (staged != null) {
        staged.close();
      }
    }
  }

  private String fieldName(String headers) {
    try {
      FileItemHeaders parsed = upload.getParsedHeaders(headers);
      return upload.getFieldName(parsed);
    } catch (RuntimeException e) {
      throw malformed("unreadable part headers");
    }
  }

  private static ApiException malformed(String why) {
    return new ApiException(ErrorCode.MALFORMED_REQUEST, "Malformed multipart body: " + why);
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

  private static String field(MultipartReader reader, String name, String previous)
      throws IOException {
    if (previous != null) {
      throw ApiException.invalid("Field '" + name + "' was sent more than once");
    }
    return reader.readText(MAX_FIELD_BYTES).trim();
  }
}
