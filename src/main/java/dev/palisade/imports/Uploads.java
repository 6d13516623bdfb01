package dev.palisade.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Uploaded files saved to disk before they are imported, so that an upload of any size costs disk,
 * not heap, and can be read twice (checked, then stored). Saved as they came, gzip staying gzip, in
 * the JVM's temporary directory ({@code java.io.tmpdir}). Stateless; thread-safe.
 */
public final class Uploads {

  private Uploads() {}

  /**
   * Saves the stream to a new temporary file, which the caller deletes (or hands to {@link
   * ImportJobs#submit}, which does). Nothing is left behind when saving fails.
   */
  public static Path save(InputStream in) throws IOException {
    Path file = Files.createTempFile("palisade-import-", ".upload");
    try {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }
}
