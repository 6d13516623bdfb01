package dev.palisade.imports;

import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.util.ArrayList;
import java.util.List;

/**
 * Thrown when one or more inputs of an import have bad lines; nothing of the import was stored. It
 * carries each failing input's {@link ZoneFileException}, so every bad line can be reported.
 */
public class ImportException extends RuntimeException {

  private final transient List<ZoneFileException> files;

  ImportException(List<ZoneFileException> files) {
    super(summary(files));
    this.files = List.copyOf(files);
  }

  /** One exception per input with bad lines, in the order the inputs were read. */
  public List<ZoneFileException> files() {
    return files;
  }

  /** Every reported bad line of every input. */
  public List<ZoneFileIssue> errors() {
    List<ZoneFileIssue> all = new ArrayList<>();
    files.forEach(file -> all.addAll(file.errors()));
    return all;
  }

  /** How many bad lines were found, including those not reported. */
  public int errorCount() {
    return files.stream().mapToInt(ZoneFileException::errorCount).sum();
  }

  /**
   * How many bad lines, or where reading stopped for too many, e.g. {@code 2 bad lines} or {@code
   * more than 10000 bad lines; reading stopped at line 10002 (palisade.imports.max-bad-lines)}.
   */
  public String count() {
    int count = errorCount();
    ZoneFileException last = files.isEmpty() ? null : files.get(files.size() - 1);
    if (last != null && last.stoppedAt() > 0) {
      // The collector threw at the bad line after its most, so that most is one less.
      return "more than "
          + (last.errorCount() - 1)
          + " bad lines; reading stopped at line "
          + last.stoppedAt()
          + " ("
          + ImportLimits.PREFIX
          + ".max-bad-lines)";
    }
    return count + (count == 1 ? " bad line" : " bad lines");
  }

  private static String summary(List<ZoneFileException> files) {
    StringBuilder out = new StringBuilder("nothing was imported:");
    for (ZoneFileException file : files) {
      out.append('\n').append(file.getMessage());
    }
    return out.toString();
  }
}
