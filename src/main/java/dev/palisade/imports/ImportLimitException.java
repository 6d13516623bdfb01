package dev.palisade.imports;

/**
 * An import is larger than its {@link ImportLimits} allow: too many bytes once decompressed, too
 * many lines or too many entries. Thrown as soon as the limit is passed, while reading; nothing of
 * the import was stored. The message names the input, the limit and its setting; the REST API and
 * the web UI answer it with 413.
 */
public class ImportLimitException extends RuntimeException {

  private ImportLimitException(String message) {
    super(message);
  }

  static ImportLimitException decompressed(String input, long limit) {
    return new ImportLimitException(
        input
            + ": larger than the limit of "
            + limit
            + " bytes decompressed ("
            + ImportLimits.PREFIX
            + ".max-decompressed-size); nothing was imported");
  }

  static ImportLimitException lines(String input, long limit) {
    return new ImportLimitException(
        input
            + ": more than "
            + limit
            + " lines, the limit ("
            + ImportLimits.PREFIX
            + ".max-lines); nothing was imported");
  }

  static ImportLimitException entries(String input, int limit) {
    return new ImportLimitException(
        input
            + ": more than "
            + limit
            + " entries, the limit ("
            + ImportLimits.PREFIX
            + ".max-entries); nothing was imported");
  }
}
