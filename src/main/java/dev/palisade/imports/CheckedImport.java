package dev.palisade.imports;

import dev.palisade.zonefile.ZoneFileException;
import java.util.List;

/**
 * An import whose inputs were read once and checked, keeping none of their entries ({@link
 * Imports#check}); {@link Imports#storeChecked} reads them again to store them. Not thread-safe:
 * one per import.
 */
public final class CheckedImport {

  private final ImportStream stream;
  private final ReadImport read;
  private final long entries;
  private final List<String> wide;
  private final long wideCount;
  private final String digest;

  CheckedImport(ImportStream stream, ImportStream.Checked checked) {
    this.stream = stream;
    this.read = checked.read();
    this.entries = checked.entries();
    this.wide = checked.wide();
    this.wideCount = checked.wideCount();
    this.digest = checked.digest();
  }

  ImportStream stream() {
    return stream;
  }

  /** The inputs' names, bad lines, warnings and directives; no drafts. */
  public ReadImport read() {
    return read;
  }

  /** Whether no line of any input is bad, so the import may be stored. */
  public boolean ok() {
    return read.ok();
  }

  /** One exception per input with bad lines. */
  public List<ZoneFileException> failures() {
    return read.failures();
  }

  /** How many entries the inputs hold, values given more than once counted each time. */
  public long entries() {
    return entries;
  }

  /**
   * Why the first wide entries need confirming ({@code listing.EntryGuard#wide}), at most {@value
   * ImportStream#WIDE_SHOWN}; empty when none does.
   */
  public List<String> wide() {
    return wide;
  }

  /** The inputs' {@link InputDigest} as {@link ImportFingerprints} keeps it, or null. */
  String digest() {
    return digest;
  }

  /** How many entries need confirming before the import may be stored. */
  public long wideCount() {
    return wideCount;
  }
}
