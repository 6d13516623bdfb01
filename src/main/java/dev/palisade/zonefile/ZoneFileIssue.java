package dev.palisade.zonefile;

/**
 * A problem found on one line of a data file or manifest: an error that rejects the file, or a
 * warning about something accepted in rbldnsd's way.
 *
 * @param fileName the file as the caller named it
 * @param line the 1-based line number
 * @param text the offending line, shortened if very long
 * @param message what is wrong, naming the offending part
 */
public record ZoneFileIssue(String fileName, int line, String text, String message) {

  @Override
  public String toString() {
    return fileName + ":" + line + ": " + message + " [" + text + "]";
  }
}
