package dev.palisade.index;

import dev.palisade.dnsbl.ListKind;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Interns cells (block answer, exclusion, allow answer) for one lookup structure, so equal answers
 * share one index. Append-only: a cell never changes once written, which is what lets published
 * {@link Cells} views share the arrays with this pool while it keeps appending.
 *
 * <p>Cells that no table refers to any more stay until their structure rebuilds itself with a fresh
 * pool (see {@link #needsCompaction(long)}), which bounds the garbage to about the live size.
 *
 * @implNote Not thread-safe: owned by the one writer of its structure.
 */
final class CellPool {

  private int[] blockCode = new int[8];
  private String[] blockReason = new String[8];
  private int[] allowCode = new int[8];
  private String[] allowReason = new String[8];
  private int size = 1; // cell 0 is "no cell"
  private final HashMap<Key, Integer> index = new HashMap<>();

  private record Key(int blockCode, String blockReason, int allowCode, String allowReason) {}

  /**
   * A pool holding the cells {@link Cells#writeTo} saved, at the same indexes, so saved tables that
   * refer to them by index can be used as they are.
   */
  static CellPool readFrom(ByteBuffer in, Map<String, String> strings) {
    int[] blockCode = TableCodec.readInts(in);
    int[] allowCode = TableCodec.readInts(in);
    int size = blockCode.length;
    if (size < 1 || allowCode.length != size || blockCode[0] != 0 || allowCode[0] != 0) {
      throw new IllegalArgumentException("bad cells");
    }
    CellPool pool = new CellPool();
    pool.blockCode = blockCode;
    pool.allowCode = allowCode;
    pool.blockReason = new String[size];
    pool.allowReason = new String[size];
    for (int cell = 0; cell < size; cell++) {
      pool.blockReason[cell] = TableCodec.readString(in, strings);
      pool.allowReason[cell] = TableCodec.readString(in, strings);
      if (cell > 0) {
        pool.index.put(
            new Key(
                blockCode[cell], pool.blockReason[cell], allowCode[cell], pool.allowReason[cell]),
            cell);
      }
    }
    pool.size = size;
    return pool;
  }

  /**
   * The cell with both answers given, 0 when both are absent. {@code blockCode} is a block word of
   * {@link Cells}: the block answer's code, with {@link Cells#EXCLUDED} set for an exclusion.
   */
  int intern(int blockCode, String blockReason, int allowCode, String allowReason) {
    if (blockCode == 0 && allowCode == 0) {
      return 0;
    }
    if ((blockCode & ~Cells.EXCLUDED) == 0) {
      blockReason = null;
    }
    if (allowCode == 0) {
      allowReason = null;
    }
    Key key = new Key(blockCode, blockReason, allowCode, allowReason);
    Integer known = index.get(key);
    if (known != null) {
      return known;
    }
    if (size == this.blockCode.length) {
      int capacity = size + (size >> 1) + 8;
      this.blockCode = Arrays.copyOf(this.blockCode, capacity);
      this.blockReason = Arrays.copyOf(this.blockReason, capacity);
      this.allowCode = Arrays.copyOf(this.allowCode, capacity);
      this.allowReason = Arrays.copyOf(this.allowReason, capacity);
    }
    int cell = size++;
    this.blockCode[cell] = blockCode;
    this.blockReason[cell] = blockReason;
    this.allowCode[cell] = allowCode;
    this.allowReason[cell] = allowReason;
    index.put(key, cell);
    return cell;
  }

  /**
   * The cell that answers like {@code cell} but with the answer of {@code kind} set. An exclusion
   * has no code or reason: both are ignored for it.
   */
  int with(int cell, ListKind kind, int code, String reason) {
    int word = blockCode[cell];
    if (kind == ListKind.EXCLUDE) {
      if ((word & Cells.EXCLUDED) != 0) {
        return cell;
      }
      return intern(word | Cells.EXCLUDED, blockReason[cell], allowCode[cell], allowReason[cell]);
    }
    if (code == 0 || (code & Cells.EXCLUDED) != 0) {
      throw new IllegalArgumentException("return code " + code + " is not an answer");
    }
    if (kind == ListKind.BLOCK) {
      int withCode = (word & Cells.EXCLUDED) | code;
      if (word == withCode && Objects.equals(blockReason[cell], reason)) {
        return cell;
      }
      return intern(withCode, reason, allowCode[cell], allowReason[cell]);
    }
    if (allowCode[cell] == code && Objects.equals(allowReason[cell], reason)) {
      return cell;
    }
    return intern(blockCode[cell], blockReason[cell], code, reason);
  }

  /** The cell that answers like {@code cell} without the answer of {@code kind}; 0 when empty. */
  int without(int cell, ListKind kind) {
    int word = blockCode[cell];
    if (kind == ListKind.BLOCK) {
      return (word & ~Cells.EXCLUDED) == 0
          ? cell
          : intern(word & Cells.EXCLUDED, null, allowCode[cell], allowReason[cell]);
    }
    if (kind == ListKind.EXCLUDE) {
      return (word & Cells.EXCLUDED) == 0
          ? cell
          : intern(word & ~Cells.EXCLUDED, blockReason[cell], allowCode[cell], allowReason[cell]);
    }
    return allowCode[cell] == 0 ? cell : intern(blockCode[cell], blockReason[cell], 0, null);
  }

  /** Copies one cell of another pool into this one, for compaction. */
  int copy(CellPool from, int cell) {
    return intern(
        from.blockCode[cell], from.blockReason[cell], from.allowCode[cell], from.allowReason[cell]);
  }

  /** Number of cells, including the unused cell 0. */
  int size() {
    return size;
  }

  /**
   * Whether this pool holds so many unreferenced cells that its structure should rebuild itself
   * with a fresh pool: more than twice the cell references its tables hold, plus some slack.
   */
  boolean needsCompaction(long liveReferences) {
    return size > 1024 + 2 * liveReferences;
  }

  /** A view of the cells interned so far, for a published structure. */
  Cells view() {
    return new Cells(blockCode, blockReason, allowCode, allowReason, size);
  }

  /** Bytes held by the pool's arrays (reason strings not counted), for memory estimates. */
  long arrayBytes() {
    return 16L * blockCode.length;
  }
}
