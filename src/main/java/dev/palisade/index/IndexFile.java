package dev.palisade.index;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.Networks;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.listing.ActiveEntry;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The binary file an index is saved to, so a restart can take scopes from it instead of reading
 * every entry from the database. It holds each scope's lookup tables as they were published, and
 * for each scope the {@link Stamp} the start-up compares with the database before trusting it. The
 * database stays the source of truth: the file is a cache of it.
 *
 * <p>Layout, big-endian: magic, format version, the source (bytes naming the database and the
 * settings the answers were resolved with), when it was written, the expiry horizon, the scopes
 * (each: id, stamp, the scope as DNS knows it — label, account link, serial, query ACL — so a start
 * without the database can answer from the file alone, number of entries, length and bytes of its
 * tables, and its entries still to expire), and a CRC-32C of everything before it. A scope's tables
 * are saved as their own arrays (each structure writes its own, see {@link TableCodec}): reading
 * them back is a few bulk copies, where rebuilding the tables entry by entry cost seconds of CPU
 * and just-in-time compilation for a million entries — most of what a restart would save. The
 * arrays depend on the structures' hashing and layout, so any change to those must change {@link
 * #FORMAT}.
 *
 * <p>Written to a temporary file in the same directory, forced to disk and renamed over the old
 * one, so a reader finds the old file or the new one, never half of one. Thread-safe: no state.
 */
public final class IndexFile {

  /**
   * Changes whenever the layout or the meaning of its content changes. Format 4 may hold exclusions
   * (a flag bit in the cells, kind 2 among the entries to expire); an older Palisade refuses it and
   * loads from the database.
   */
  static final int FORMAT = 4;

  /**
   * The format before exclusions: the same layout, which never sets the exclusion bit, so it is
   * read as it is.
   */
  static final int FORMAT_WITHOUT_EXCLUSIONS = 3;

  /** An absent account link or expiry in the file. */
  private static final long NONE = Long.MIN_VALUE;

  private static final long MAGIC = 0x50414c4953414445L; // "PALISADE"

  private IndexFile() {}

  /**
   * What must still hold for a saved scope to be taken from the file: the stored scope's serial and
   * a fingerprint of its entry rows, as read from the database when the file was written.
   *
   * @param serial the stored scope's serial, which every write through Palisade renews
   * @param maxEntryId the highest id among the scope's entry rows; {@link Long#MIN_VALUE} for none
   * @param lastUpdate the latest update time of the scope's entry rows in epoch microseconds;
   *     {@link Long#MIN_VALUE} for none
   */
  public record Stamp(long serial, long maxEntryId, long lastUpdate) {

    /** The fingerprint of a stamp written while the database could not be read. */
    public static final long UNCHECKED = Long.MAX_VALUE;

    /**
     * A stamp for entries known to be those of this serial, written while the database could not be
     * read for their fingerprint: a start with the database loads the scope from it, a start
     * without takes it from the file.
     */
    public static Stamp unchecked(long serial) {
      return new Stamp(serial, UNCHECKED, UNCHECKED);
    }
  }

  /**
   * A file that cannot be used: missing, truncated, corrupt, or of another format. The message says
   * which, for one log line.
   */
  public static final class UnusableException extends Exception {
    UnusableException(String message) {
      super(message);
    }
  }

  /**
   * Writes the scopes of an image that have a stamp to {@code file}, replacing it atomically.
   * Scopes without a stamp are left out: the next start loads them from the database.
   *
   * @param source identifies the database and settings; a reader compares it with its own
   * @param expiryHorizon every entry that expired by this moment is out of the image's tables
   * @return the number of answers written
   */
  public static long write(
      Path file, byte[] source, Instant expiryHorizon, IndexImage image, Map<Long, Stamp> stamps)
      throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
    long answers = 0;
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        OutputStream raw = Channels.newOutputStream(channel);
        CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32C());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, 1 << 16));
        out.writeLong(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(source.length);
        out.write(source);
        out.writeLong(System.currentTimeMillis());
        out.writeLong(expiryHorizon.getEpochSecond());
        out.writeInt(expiryHorizon.getNano());
        List<IndexImage.Scope> saved = new ArrayList<>();
        for (IndexImage.Scope scope : image.scopes()) {
          if (stamps.containsKey(scope.id())) {
            saved.add(scope);
          }
        }
        out.writeInt(saved.size());
        ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 16);
        for (IndexImage.Scope scope : saved) {
          Stamp stamp = stamps.get(scope.id());
          AnswerCount count = new AnswerCount();
          scope.tables().forEachAnswer(count);
          body.reset();
          scope.tables().writeTo(new DataOutputStream(body));
          out.writeLong(scope.id());
          out.writeLong(stamp.serial());
          out.writeLong(stamp.maxEntryId());
          out.writeLong(stamp.lastUpdate());
          writeInfo(out, scope.info());
          out.writeLong(count.answers);
          out.writeInt(body.size());
          body.writeTo(out);
          writeExpiring(out, scope.expiring());
          answers += count.answers;
        }
        out.flush();
        int checksum = (int) checked.getChecksum().getValue();
        new DataOutputStream(raw).writeInt(checksum);
        channel.force(true);
      }
      move(temporary, file);
    } finally {
      Files.deleteIfExists(temporary);
    }
    syncDirectory(directory);
    return answers;
  }

  /** Reads and checks a file; its scopes are replayed later, the ones still valid only. */
  public static Saved read(Path file) throws UnusableException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UnusableException("there is none");
    } catch (IOException e) {
      throw new UnusableException("cannot read it: " + e);
    }
    if (bytes.length < 16) {
      throw new UnusableException("it is truncated (" + bytes.length + " bytes)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (buffer.getLong() != MAGIC) {
      throw new UnusableException("it is not a Palisade index file");
    }
    int format = buffer.getInt();
    if (format != FORMAT && format != FORMAT_WITHOUT_EXCLUSIONS) {
      throw new UnusableException(
          "it has format "
              + format
              + ", this version of Palisade reads formats "
              + FORMAT_WITHOUT_EXCLUSIONS
              + " and "
              + FORMAT);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
      throw new UnusableException("it is truncated or corrupt (checksum mismatch)");
    }
    try {
      byte[] source = new byte[buffer.getInt()];
      buffer.get(source);
      Instant writtenAt = Instant.ofEpochMilli(buffer.getLong());
      Instant horizon = Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
      int count = buffer.getInt();
      List<SavedScope> scopes = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        long id = buffer.getLong();
        Stamp stamp = new Stamp(buffer.getLong(), buffer.getLong(), buffer.getLong());
        ScopeInfo info = readInfo(buffer, id);
        long answers = buffer.getLong();
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining() - 4) {
          throw new UnusableException("it is corrupt (scope " + id + " runs past its end)");
        }
        ByteBuffer body = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        List<ActiveEntry> expiring = readExpiring(buffer, id);
        scopes.add(new SavedScope(id, stamp, info, answers, body, expiring));
      }
      if (buffer.remaining() != 4) {
        throw new UnusableException("it is corrupt (" + buffer.remaining() + " bytes left over)");
      }
      return new Saved(source, writtenAt, horizon, scopes);
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new UnusableException("it is corrupt (" + e + ")");
    }
  }

  private static void writeInfo(DataOutputStream out, ScopeInfo info) throws IOException {
    out.writeUTF(info.label());
    out.writeLong(info.accountScopeId() == null ? NONE : info.accountScopeId());
    out.writeLong(info.serial());
    out.writeBoolean(info.allowQuery() != null);
    if (info.allowQuery() != null) {
      out.writeUTF(info.allowQuery().text());
    }
  }

  private static ScopeInfo readInfo(ByteBuffer in, long id) {
    String label = readUtf(in);
    long account = in.getLong();
    long serial = in.getLong();
    Networks allowQuery = in.get() != 0 ? Networks.parse(readUtf(in)) : null;
    return new ScopeInfo(id, label, account == NONE ? null : account, serial, allowQuery);
  }

  /** Each entry still to expire: id, kind, value type, canonical value, expiry in epoch ms. */
  private static void writeExpiring(DataOutputStream out, List<ActiveEntry> expiring)
      throws IOException {
    out.writeInt(expiring.size());
    for (ActiveEntry entry : expiring) {
      out.writeLong(entry.id());
      out.writeByte(entry.kind().ordinal());
      out.writeByte(entry.value().type().ordinal());
      out.writeUTF(entry.value().canonical());
      out.writeLong(entry.expiresAt().toEpochMilli());
    }
  }

  private static List<ActiveEntry> readExpiring(ByteBuffer in, long scopeId) {
    int count = in.getInt();
    if (count < 0 || count > in.remaining()) {
      throw new IllegalArgumentException("scope " + scopeId + " has " + count + " expiries");
    }
    List<ActiveEntry> expiring = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long id = in.getLong();
      ListKind kind = ListKind.values()[in.get()];
      ValueType type = ValueType.values()[in.get()];
      EntryValue value = EntryValue.parseStored(type, readUtf(in));
      Instant expiresAt = Instant.ofEpochMilli(in.getLong());
      // Only what removing it takes: the answer itself is in the tables.
      expiring.add(new ActiveEntry(id, scopeId, kind, value, 0, null, expiresAt));
    }
    return expiring;
  }

  /** Reads what {@link DataOutputStream#writeUTF} wrote. */
  private static String readUtf(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    byte[] bytes = new byte[2 + length];
    bytes[0] = (byte) (length >>> 8);
    bytes[1] = (byte) length;
    in.get(bytes, 2, length);
    try {
      return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(bytes)));
    } catch (IOException e) {
      throw new IllegalArgumentException("a text does not decode: " + e);
    }
  }

  /**
   * The content of a file that passed its checks: the source it was written for, its expiry horizon
   * and its scopes.
   */
  public record Saved(
      byte[] source, Instant writtenAt, Instant expiryHorizon, List<SavedScope> scopes) {

    /** Whether the file was written for this source (same database, same settings). */
    public boolean isFor(byte[] expected) {
      return Arrays.equals(source, expected);
    }
  }

  /**
   * One saved scope: its id, its stamp, the scope as it was saved, its tables (not yet decoded) and
   * its entries still to expire.
   */
  public static final class SavedScope {
    private final long id;
    private final Stamp stamp;
    private final ScopeInfo info;
    private final long answers;
    private final ByteBuffer body;
    private final List<ActiveEntry> expiring;

    SavedScope(
        long id,
        Stamp stamp,
        ScopeInfo info,
        long answers,
        ByteBuffer body,
        List<ActiveEntry> expiring) {
      this.id = id;
      this.stamp = stamp;
      this.info = info;
      this.answers = answers;
      this.body = body;
      this.expiring = List.copyOf(expiring);
    }

    /** The scope as the index knew it when the file was written. */
    public ScopeInfo info() {
      return info;
    }

    /** The entries of the scope that were still to expire when the file was written. */
    List<ActiveEntry> expiring() {
      return expiring;
    }

    public long id() {
      return id;
    }

    public Stamp stamp() {
      return stamp;
    }

    /** The number of answers (active entries) saved. */
    public long answers() {
      return answers;
    }

    /**
     * Makes the saved tables the scope's tables; returns the number of entries they hold. Throws
     * {@link IllegalStateException} when the bytes do not decode, which the checksum makes unlikely
     * but not impossible.
     */
    long replay(ScopeState state) {
      ByteBuffer in = body.slice();
      try {
        state.readFrom(in, new HashMap<>());
      } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new IllegalStateException("saved scope " + id + " does not decode: " + e, e);
      }
      if (in.hasRemaining()) {
        throw new IllegalStateException("saved scope " + id + " has bytes left over");
      }
      return answers;
    }
  }

  /** Counts a scope's answers: one per active entry. */
  private static final class AnswerCount implements AnswerSink {
    long answers;

    @Override
    public void ip4(int network, int length, ListKind kind, int code, String reason) {
      answers++;
    }

    @Override
    public void ip6(long high, long low, int length, ListKind kind, int code, String reason) {
      answers++;
    }

    @Override
    public void domain(String name, DomainMatch match, ListKind kind, int code, String reason) {
      answers++;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename itself durable; not every platform can open a directory, which is fine. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // The rename is done; only its durability across a power cut is not guaranteed here.
    }
  }
}
