package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Writes the entries one change removed and added into the bytes the change feed keeps ({@code
 * change_log.changes}), and reads them back as the {@link EntriesChanged} a node applies to its
 * index. Each entry as DNS answers it: id, scope, kind, canonical value, effective return code and
 * reason; deflated, since bulk changes repeat reasons and prefixes.
 *
 * <p>Format 2: a version byte, then the removed and the added entries, each list as a count and its
 * entries, each entry ending with its expiry (epoch milliseconds, {@link Long#MIN_VALUE} for none),
 * so every node's index removes it on time by itself. Format 1, without expiries, is still read.
 *
 * <p>Format 3, {@link #unlisted()}: the version byte alone, for a change too large to list ({@link
 * ListingSettings#maxListedChange()}): it reads as {@link EntriesChanged#unlisted}, which names no
 * previous serial, so a follower reads the scope again from the database and a zone transfer sends
 * the whole zone across it.
 *
 * <p>Format 4: format 2's layout, where an entry's kind may also be {@link ListKind#EXCLUDE}. A
 * change without an exclusion is still written as format 2, so a node of an older version, which
 * knows no exclusions, keeps following every change it can apply; one with an exclusion is written
 * as format 4, which such a node refuses ("change format 4 is not known") instead of reading the
 * exclusion as something else. Stateless and thread-safe.
 */
final class EntryChangeCodec {

  private static final int VERSION = 2;

  /** Format 2's layout with exclusions among the entries. */
  private static final int VERSION_WITH_EXCLUSIONS = 4;

  /** Entries without their expiry. */
  private static final int VERSION_1 = 1;

  /** A change too large to list: "read the scope again". */
  private static final int UNLISTED = 3;

  /** The expiry of an entry that does not expire. */
  private static final long NEVER = Long.MIN_VALUE;

  private static final ValueType[] TYPES = ValueType.values();
  private static final ListKind[] KINDS = ListKind.values();

  private EntryChangeCodec() {}

  /** The change's removed and added entries as bytes. */
  static byte[] encode(EntriesChanged change) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * entries(change));
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DataOutputStream out =
        new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 8192))) {
      out.writeByte(hasExclusion(change) ? VERSION_WITH_EXCLUSIONS : VERSION);
      write(out, change.removed());
      write(out, change.added());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  /**
   * The bytes of a change too large to list: a reader reads the scope again ({@link #decode} gives
   * {@link EntriesChanged#unlisted}).
   */
  static byte[] unlisted() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater))) {
      out.writeByte(UNLISTED);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  /**
   * The change these bytes describe, as one scope's change from {@code previousSerial} to {@code
   * serial}.
   *
   * @return the change, or {@link EntriesChanged#unlisted} for a change too large to list ({@link
   *     #unlisted()}): the reader then reads the scope again
   * @throws IllegalArgumentException when the bytes are not a change this version can read
   */
  static EntriesChanged decode(long scopeId, long previousSerial, long serial, byte[] changes) {
    try (DataInputStream in =
        new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(changes)))) {
      int version = in.readUnsignedByte();
      if (version == UNLISTED) {
        return EntriesChanged.unlisted(scopeId, serial);
      }
      if (version != VERSION && version != VERSION_1 && version != VERSION_WITH_EXCLUSIONS) {
        throw new IllegalArgumentException("change format " + version + " is not known");
      }
      boolean expiries = version != VERSION_1;
      boolean exclusions = version == VERSION_WITH_EXCLUSIONS;
      List<ActiveEntry> removed = read(in, expiries, exclusions);
      List<ActiveEntry> added = read(in, expiries, exclusions);
      return new EntriesChanged(scopeId, previousSerial, serial, removed, added);
    } catch (IOException | InvalidEntryException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "change " + serial + " of scope " + scopeId + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static boolean hasExclusion(EntriesChanged change) {
    for (List<ActiveEntry> entries : List.of(change.removed(), change.added())) {
      for (ActiveEntry entry : entries) {
        if (entry.kind() == ListKind.EXCLUDE) {
          return true;
        }
      }
    }
    return false;
  }

  private static int entries(EntriesChanged change) {
    return change.removed().size() + change.added().size();
  }

  private static void write(DataOutputStream out, List<ActiveEntry> entries) throws IOException {
    out.writeInt(entries.size());
    for (ActiveEntry entry : entries) {
      out.writeLong(entry.id());
      out.writeLong(entry.scopeId());
      out.writeByte(entry.kind().ordinal());
      out.writeByte(entry.value().type().ordinal());
      out.writeUTF(entry.value().canonical());
      out.writeInt(entry.returnCode());
      out.writeBoolean(entry.reason() != null);
      if (entry.reason() != null) {
        out.writeUTF(entry.reason());
      }
      out.writeLong(entry.expiresAt() == null ? NEVER : entry.expiresAt().toEpochMilli());
    }
  }

  private static List<ActiveEntry> read(DataInputStream in, boolean expiries, boolean exclusions)
      throws IOException {
    int count = in.readInt();
    if (count < 0) {
      throw new IOException("negative count " + count);
    }
    List<ActiveEntry> entries = new ArrayList<>(Math.min(count, 1 << 16));
    String lastReason = null;
    for (int i = 0; i < count; i++) {
      long id = in.readLong();
      long scopeId = in.readLong();
      ListKind kind = KINDS[in.readUnsignedByte()];
      if (kind == ListKind.EXCLUDE && !exclusions) {
        throw new IOException("an exclusion in a change of a format without exclusions");
      }
      ValueType type = TYPES[in.readUnsignedByte()];
      EntryValue value = EntryValue.parseStored(type, in.readUTF());
      int returnCode = in.readInt();
      String reason = in.readBoolean() ? in.readUTF() : null;
      // Bulk changes mostly repeat one reason: hold it once.
      if (reason != null && reason.equals(lastReason)) {
        reason = lastReason;
      }
      lastReason = reason;
      long expires = expiries ? in.readLong() : NEVER;
      Instant expiresAt = expires == NEVER ? null : Instant.ofEpochMilli(expires);
      entries.add(new ActiveEntry(id, scopeId, kind, value, returnCode, reason, expiresAt));
    }
    return entries;
  }
}
