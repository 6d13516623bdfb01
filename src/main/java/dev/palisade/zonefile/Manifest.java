package dev.palisade.zonefile;

import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A zone manifest ({@code zones/manifest.txt}): which data file feeds which scope's block or allow
 * list, in which format. One line per file:
 *
 * <pre>
 * # file                   scope      list   format
 * demo-block-ip4.txt       demo       block  ip4set
 * mx1-allow-ip4.txt        demo/mx1   allow  ip4trie
 * </pre>
 *
 * <p>Columns are separated by blanks; {@code #} starts a comment. The file is relative to the
 * manifest's directory and must stay inside it. The scope is an account slug ({@code demo}) or
 * {@code account/server} for one mail server ({@code demo/mx1}, zone label {@code demo-mx1}); slugs
 * and server names are lower-case DNS labels. Reading is all or nothing, like data files: every bad
 * line is reported in one {@link ZoneFileException}.
 *
 * @param directory the directory data files are resolved against
 * @param entries the manifest's lines in order
 */
public record Manifest(Path directory, List<ManifestEntry> entries) {

  public Manifest {
    entries = List.copyOf(entries);
  }

  /**
   * Reads a manifest file; data files are resolved against its directory and must exist.
   *
   * @throws ZoneFileException if any line is bad, listing them all
   * @throws IOException if reading fails
   */
  public static Manifest read(Path manifestFile) throws IOException {
    Path directory = manifestFile.toAbsolutePath().getParent();
    try (Reader in = Files.newBufferedReader(manifestFile, StandardCharsets.UTF_8)) {
      return parse(manifestFile.toString(), in, directory);
    }
  }

  /**
   * Reads a manifest from characters; data files are resolved against {@code directory} and must
   * exist.
   *
   * @param fileName names the manifest in errors
   * @throws ZoneFileException if any line is bad, listing them all
   * @throws IOException if reading fails
   */
  public static Manifest parse(String fileName, Reader in, Path directory) throws IOException {
    Path base = directory.toAbsolutePath().normalize();
    IssueCollector errors = new IssueCollector(fileName);
    List<ManifestEntry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
    int lineNumber = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      int hash = line.indexOf('#');
      String content = (hash < 0 ? line : line.substring(0, hash)).strip();
      if (content.isEmpty()) {
        continue;
      }
      try {
        ManifestEntry entry = entry(lineNumber, content.split("[ \t]+"), base);
        String key = entry.file() + " " + entry.label() + " " + entry.list();
        if (!seen.add(key)) {
          throw new IllegalArgumentException("repeats an earlier line: same file, scope and list");
        }
        entries.add(entry);
      } catch (IllegalArgumentException e) {
        errors.add(lineNumber, line, e.getMessage());
      }
    }
    errors.throwIfAny();
    return new Manifest(base, entries);
  }

  private static ManifestEntry entry(int lineNumber, String[] columns, Path base) {
    if (columns.length != 4) {
      throw new IllegalArgumentException(
          "expected 4 columns: file scope list format (found " + columns.length + ")");
    }
    Path file = file(columns[0], base);
    String scope = columns[1];
    int slash = scope.indexOf('/');
    String account = slash < 0 ? scope : scope.substring(0, slash);
    String server = slash < 0 ? null : scope.substring(slash + 1);
    checkLabel(account, "account slug");
    if (server != null) {
      checkLabel(server, "server name");
      if (account.length() + 1 + server.length() > 63) {
        throw new IllegalArgumentException(
            "scope '" + scope + "' makes a zone label longer than 63 characters");
      }
    }
    ListKind list;
    try {
      list = ListKind.ofZoneName(columns[2]);
    } catch (InvalidEntryException e) {
      throw new IllegalArgumentException("list '" + columns[2] + "' is not 'block' or 'allow'", e);
    }
    ZoneFileFormat format = ZoneFileFormat.fromName(columns[3]);
    return new ManifestEntry(lineNumber, file, account, server, list, format);
  }

  private static Path file(String name, Path base) {
    Path file;
    try {
      Path relative = Path.of(name);
      if (relative.isAbsolute()) {
        throw new IllegalArgumentException(
            "file '" + name + "' must be relative to the manifest's directory");
      }
      file = base.resolve(relative).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("file '" + name + "' is not a valid path");
    }
    if (!file.startsWith(base)) {
      throw new IllegalArgumentException("file '" + name + "' is outside the manifest's directory");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("file '" + name + "' does not exist");
    }
    return file;
  }

  private static void checkLabel(String label, String what) {
    boolean valid = !label.isEmpty() && label.length() <= 63;
    for (int i = 0; valid && i < label.length(); i++) {
      char c = label.charAt(i);
      valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
    if (!valid || label.startsWith("-") || label.endsWith("-")) {
      throw new IllegalArgumentException(
          what
              + " '"
              + label
              + "' must be 1-63 lower-case letters, digits or '-', not starting or ending with '-'");
    }
  }
}
