package dev.kiln.server.clusters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Web storage for the Spark UI's pages inside the proxy's sandbox. Their origin is opaque, where
 * touching {@code localStorage} or {@code sessionStorage} throws a SecurityError; Spark's scripts
 * keep small UI state there (the Executors tab, the stage page, the DAG and timeline toggles) and
 * stop drawing when it throws. A script put first in each proxied HTML page gives such a page
 * storage kept in its own memory for its own lifetime: nothing is shared with Kiln's origin (the
 * sandbox still forbids that), nor even between two proxied pages.
 *
 * <p>The page streams through: only its beginning, up to {@link #SCAN_LIMIT} bytes, is held to find
 * where the script goes.
 */
final class StorageShim {
  /**
   * Defines in-memory storages only where the real ones throw; entries are not properties, so a
   * page sees the same empty storage a fresh origin would.
   */
  static final String SCRIPT =
      "<script data-kiln=\"storage-shim\">(()=>{for(const n of"
          + "['localStorage','sessionStorage']){try{window[n];continue}catch(e){}"
          + "const m=new Map(),s={},f={getItem:k=>m.has(''+k)?m.get(''+k):null,"
          + "setItem:(k,v)=>{m.set(''+k,''+v)},removeItem:k=>{m.delete(''+k)},"
          + "clear:()=>{m.clear()},key:i=>{const a=[...m.keys()];return i in a?a[i]:null}};"
          + "for(const k in f)Object.defineProperty(s,k,{value:f[k]});"
          + "Object.defineProperty(s,'length',{get:()=>m.size});"
          + "Object.defineProperty(window,n,{value:s,configurable:true})}})()</script>";

  /** How much of a page is read ahead at most to find its {@code <head>}. */
  static final int SCAN_LIMIT = 16 * 1024;

  private static final byte[] SCRIPT_BYTES = SCRIPT.getBytes(StandardCharsets.US_ASCII);
  private static final String UTF8_BOM = "\u00ef\u00bb\u00bf";

  private StorageShim() {}

  /** Whether an answer of this content type gets the script. */
  static boolean applies(String contentType) {
    return contentType != null
        && contentType.strip().toLowerCase(java.util.Locale.ROOT).startsWith("text/html");
  }

  /**
   * The page with the script first in its head: read ahead lazily (on the first read), up to {@link
   * #SCAN_LIMIT} bytes, the rest streamed as it comes.
   */
  static InputStream inject(InputStream page) {
    return new InputStream() {
      private InputStream out;

      private InputStream out() throws IOException {
        if (out == null) {
          out = withScript(page);
        }
        return out;
      }

      @Override
      public int read() throws IOException {
        return out().read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return out().read(b, off, len);
      }

      @Override
      public void close() throws IOException {
        page.close();
      }
    };
  }

  private static InputStream withScript(InputStream page) throws IOException {
    byte[] buffer = new byte[SCAN_LIMIT];
    int length = 0;
    int at = -1;
    boolean ended = false;
    while (at < 0 && length < buffer.length) {
      int n = page.read(buffer, length, buffer.length - length);
      if (n < 0) {
        ended = true;
        break;
      }
      length += n;
      at = insertionPoint(new String(buffer, 0, length, StandardCharsets.ISO_8859_1), false);
    }
    if (at < 0) {
      at = insertionPoint(new String(buffer, 0, length, StandardCharsets.ISO_8859_1), true);
    }
    ByteArrayOutputStream start = new ByteArrayOutputStream(length + SCRIPT_BYTES.length);
    start.write(buffer, 0, at);
    start.write(SCRIPT_BYTES);
    start.write(buffer, at, length - at);
    InputStream first = new ByteArrayInputStream(start.toByteArray());
    return ended ? first : new SequenceInputStream(first, page);
  }

  /**
   * Where the script goes in the beginning of a page (bytes as ISO-8859-1 characters, so indexes
   * are byte offsets): right after the {@code <head>} tag, or before the first script or the body
   * when there is no head before them, so it runs before any of the page's own scripts. -1 while
   * more of the page is needed; once {@code whole} (the page ended, or the read-ahead is full),
   * after a leading doctype or else at the very start.
   */
  static int insertionPoint(String start, boolean whole) {
    int i = start.indexOf('<');
    while (i >= 0) {
      if (start.startsWith("<!--", i)) {
        int end = start.indexOf("-->", i + 4);
        if (end < 0) {
          break;
        }
        i = start.indexOf('<', end + 3);
        continue;
      }
      if (isTag(start, i, "head")) {
        int end = start.indexOf('>', i);
        if (end >= 0) {
          return end + 1;
        }
        break;
      }
      if (isTag(start, i, "script") || isTag(start, i, "body")) {
        return i;
      }
      i = start.indexOf('<', i + 1);
    }
    if (!whole) {
      return -1;
    }
    // After a UTF-8 byte order mark and a doctype: before either, the page would change meaning.
    int lead = start.startsWith(UTF8_BOM) ? UTF8_BOM.length() : 0;
    int text = lead;
    while (text < start.length() && Character.isWhitespace(start.charAt(text))) {
      text++;
    }
    if (start.regionMatches(true, text, "<!doctype", 0, 9)) {
      int end = start.indexOf('>', text);
      if (end >= 0) {
        return end + 1;
      }
    }
    return lead;
  }

  /** Whether a start tag named {@code name} begins at {@code i} (not a longer name). */
  private static boolean isTag(String s, int i, String name) {
    int after = i + 1 + name.length();
    if (!s.regionMatches(true, i + 1, name, 0, name.length()) || after >= s.length()) {
      return false;
    }
    char c = s.charAt(after);
    return c == '>' || c == '/' || Character.isWhitespace(c);
  }
}
