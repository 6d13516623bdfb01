package dev.palisade.index;

import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.ListKind;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One scope's domain patterns: a {@link DomainMap} from names to three cells (the {@code name},
 * {@code .name} and {@code *.name} patterns, each with a block and an allow answer) and a count of
 * names with patterns strictly below. Every ancestor of a pattern's name is kept in the map with
 * that count, so a lookup that walks the query's suffixes from the shortest up can stop at the
 * first suffix the map does not know, and empty non-terminals are answered from the same map.
 *
 * <p>Specificity (DESIGN §2): a longer matched name beats a shorter one; at the queried name
 * itself, {@code name} beats {@code .name}; for a proper subdomain, {@code .name} and {@code
 * *.name} tie, so allow beats exclusion beats block between them, and between two answers of the
 * same kind {@code *.name} is reported (it is the pattern written for subdomains).
 *
 * <p>Immutable; safe for any number of reader threads. Changes go through the scope's long-lived
 * {@link Writer}, which copies only the map segments a change touches.
 */
final class DomainTable {

  /** Result of a lookup that matched nothing. */
  static final long NONE = -1L;

  static final int EXACT = 0;
  static final int SELF_AND_SUBDOMAINS = 1;
  static final int SUBDOMAINS = 2;
  static final int BELOW = 3;

  static final DomainTable EMPTY = new DomainTable(DomainMap.EMPTY, Cells.EMPTY, 0);

  private static final DomainMatch[] MATCHES = {
    DomainMatch.EXACT, DomainMatch.SELF_AND_SUBDOMAINS, DomainMatch.SUBDOMAINS
  };

  private final DomainMap map;
  private final Cells cells;

  /** Number of patterns (cells), for compaction and sizes. */
  private final int patterns;

  private DomainTable(DomainMap map, Cells cells, int patterns) {
    this.map = map;
    this.cells = cells;
    this.patterns = patterns;
  }

  /** Number of patterns (a pattern listed as both block and allow counts once). */
  int size() {
    return patterns;
  }

  Cells cells() {
    return cells;
  }

  /**
   * The most specific pattern matching a name, or {@link #NONE}. The result packs the specificity
   * ({@link #specificity(long)}: longer matched names and exact matches are larger), the pattern's
   * match type and its cell. Allocation-free, also for a name still in a {@link StringBuilder}.
   */
  long match(CharSequence name) {
    int n = name.length();
    int hash = 0;
    long best = NONE;
    for (int i = n - 1; i >= 0; i--) {
      hash = 31 * hash + name.charAt(i);
      if (i > 0 && name.charAt(i - 1) != '.') {
        continue;
      }
      long at = map.locate(name, i, hash);
      if (at < 0) {
        // Every ancestor of a stored name is stored, so no longer suffix can be present.
        break;
      }
      int length = n - i;
      if (i == 0) {
        int exact = map.field(at, EXACT);
        int self = map.field(at, SELF_AND_SUBDOMAINS);
        if (exact != 0) {
          best = pack(length, true, EXACT, exact);
        } else if (self != 0) {
          best = pack(length, false, SELF_AND_SUBDOMAINS, self);
        }
      } else {
        int self = map.field(at, SELF_AND_SUBDOMAINS);
        int sub = map.field(at, SUBDOMAINS);
        if (sub != 0 && (self == 0 || cells.rank(sub) >= cells.rank(self))) {
          best = pack(length, false, SUBDOMAINS, sub);
        } else if (self != 0) {
          best = pack(length, false, SELF_AND_SUBDOMAINS, self);
        }
      }
    }
    return best;
  }

  /** Orders results of {@link #match(CharSequence)}: the larger one is more specific. */
  static long specificity(long match) {
    return match >>> 34;
  }

  /** Writes the answer of a lookup result that is not {@link #NONE} into {@code out}. */
  void fill(long match, VerdictSlot out) {
    cells.fill((int) match, out);
    out.matchedLength((int) (match >>> 35));
    out.domainMatch((int) (match >>> 32) & 3);
  }

  /** The verdict for a lookup result that is not {@link #NONE}. */
  Verdict verdict(String name, long match, boolean serverEntry) {
    int length = (int) (match >>> 35);
    DomainMatch type = MATCHES[(int) (match >>> 32) & 3];
    DomainPattern pattern = new DomainPattern(name.substring(name.length() - length), type);
    return cells.verdict((int) match, pattern, serverEntry);
  }

  /**
   * Whether a pattern covers names strictly below {@code name}: a pattern whose name is below it,
   * or {@code .name} / {@code *.name} itself (RFC 8020 empty non-terminals).
   */
  boolean hasDomainsBelow(CharSequence name) {
    long at = map.locate(name, 0, DomainMap.hash(name));
    return at >= 0
        && (map.field(at, BELOW) != 0
            || map.field(at, SELF_AND_SUBDOMAINS) != 0
            || map.field(at, SUBDOMAINS) != 0);
  }

  /** Hands every answer of the table to the sink. */
  void forEachAnswer(AnswerSink sink) {
    map.forEach(
        (name, fields) -> {
          for (int type = EXACT; type <= SUBDOMAINS; type++) {
            DomainMatch match = MATCHES[type];
            cells.forEachAnswer(
                fields[type], (kind, code, reason) -> sink.domain(name, match, kind, code, reason));
          }
        });
  }

  /** Saves the table's arrays; {@link Writer#readFrom} reads them back. */
  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(patterns);
    map.writeTo(out);
    cells.writeTo(out);
  }

  private static long pack(int length, boolean exact, int type, int cell) {
    return ((long) length << 35)
        | (exact ? 1L << 34 : 0)
        | ((long) type << 32)
        | (cell & 0xffffffffL);
  }

  /** Bytes held by the table's arrays (names and reasons not counted), for memory estimates. */
  long arrayBytes(CellPool pool) {
    return map.arrayBytes() + pool.arrayBytes();
  }

  /**
   * Applies changes to one scope's domain patterns and publishes them as new tables. Changes made
   * since the last {@link #publish()} are invisible to readers until it is called; {@link
   * #discard()} drops them instead.
   *
   * @implNote Not thread-safe: one writer per scope, serialized by its owner.
   */
  static final class Writer {

    private DomainTable current = EMPTY;
    private CellPool pool = new CellPool();
    private DomainMap.Editor editor;
    private int patterns;

    /** The last published table. */
    DomainTable current() {
      return current;
    }

    /**
     * Sets the answer of {@code kind} for a pattern, replacing the one it had; the answer of the
     * other kind stays.
     */
    void put(String name, DomainMatch match, ListKind kind, int code, String reason) {
      DomainMap.Editor editor = editor();
      int type = match.ordinal();
      int old = editor.get(name, type);
      int cell = pool.with(old, kind, code, reason);
      if (cell != old) {
        boolean hadPatterns = hasPatterns(editor, name);
        editor.set(name, type, cell);
        if (old == 0) {
          patterns++;
        }
        if (!hadPatterns) {
          countBelow(editor, name, +1);
        }
      }
    }

    /** Removes the answer of {@code kind} for a pattern; the other kind's answer stays. */
    void remove(String name, DomainMatch match, ListKind kind) {
      if (editor == null && current.size() == 0) {
        return;
      }
      DomainMap.Editor editor = editor();
      int type = match.ordinal();
      int old = editor.get(name, type);
      if (old == 0) {
        return;
      }
      int cell = pool.without(old, kind);
      if (cell != old) {
        editor.set(name, type, cell);
        if (cell == 0) {
          patterns--;
          if (!hasPatterns(editor, name)) {
            countBelow(editor, name, -1);
          }
        }
      }
    }

    /** Publishes the changes made since the last call as a new table, and returns it. */
    DomainTable publish() {
      if (editor == null) {
        return current;
      }
      current = new DomainTable(editor.freeze(), pool.view(), patterns);
      editor = null;
      if (pool.needsCompaction(patterns)) {
        compact();
      }
      return current;
    }

    /**
     * Takes the table {@link DomainTable#writeTo} saved as the current one, with the cells it
     * refers to. For a fresh writer only.
     */
    void readFrom(ByteBuffer in, Map<String, String> strings) {
      if (current != EMPTY || editor != null) {
        throw new IllegalStateException("writer already in use");
      }
      patterns = in.getInt();
      DomainMap map = DomainMap.readFrom(in);
      pool = CellPool.readFrom(in, strings);
      current = new DomainTable(map, pool.view(), patterns);
    }

    /** Drops the changes made since the last {@link #publish()}. */
    void discard() {
      editor = null;
      patterns = current.patterns;
    }

    /** Bytes held by the current table's arrays, for memory estimates. */
    long arrayBytes() {
      return current.arrayBytes(pool);
    }

    private DomainMap.Editor editor() {
      if (editor == null) {
        editor = new DomainMap.Editor(current.map);
      }
      return editor;
    }

    private static boolean hasPatterns(DomainMap.Editor editor, String name) {
      return editor.get(name, EXACT) != 0
          || editor.get(name, SELF_AND_SUBDOMAINS) != 0
          || editor.get(name, SUBDOMAINS) != 0;
    }

    /** Adds {@code delta} to the below-count of every proper ancestor of {@code name}. */
    private static void countBelow(DomainMap.Editor editor, String name, int delta) {
      for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
        String ancestor = name.substring(dot + 1);
        editor.set(ancestor, BELOW, editor.get(ancestor, BELOW) + delta);
      }
    }

    /** Rebuilds the map with a fresh pool holding only the cells still referenced. */
    private void compact() {
      CellPool old = pool;
      CellPool fresh = new CellPool();
      int[] remap = new int[old.size()];
      DomainMap.Editor rebuilt = new DomainMap.Editor(DomainMap.EMPTY);
      current.map.forEach(
          (name, fields) -> {
            for (int field = 0; field < DomainMap.FIELDS; field++) {
              int value = fields[field];
              if (field != BELOW && value != 0) {
                if (remap[value] == 0) {
                  remap[value] = fresh.copy(old, value);
                }
                value = remap[value];
              }
              if (value != 0) {
                rebuilt.set(name, field, value);
              }
            }
          });
      pool = fresh;
      current = new DomainTable(rebuilt.freeze(), pool.view(), patterns);
    }
  }
}
