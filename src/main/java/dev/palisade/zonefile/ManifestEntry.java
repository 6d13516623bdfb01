package dev.palisade.zonefile;

import dev.palisade.dnsbl.ListKind;
import java.nio.file.Path;

/**
 * One line of a zone manifest: a data file and the list it feeds.
 *
 * @param line the 1-based line in the manifest
 * @param file the data file, resolved against the manifest's directory
 * @param account the account's slug
 * @param server the mail server's name within the account, or null for the whole account
 * @param list the list the file feeds; its exclusions feed the other one
 * @param format the file's rbldnsd dataset type
 */
public record ManifestEntry(
    int line, Path file, String account, String server, ListKind list, ZoneFileFormat format) {

  /** Whether the entries apply to the whole account rather than one of its mail servers. */
  public boolean accountWide() {
    return server == null;
  }

  /** The scope's default DNS label: the account slug, or {@code <account>-<server>}. */
  public String label() {
    return server == null ? account : account + "-" + server;
  }
}
