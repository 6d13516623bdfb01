package dev.palisade.index;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The interned answers of one lookup structure as readers see them. A cell is what one key (a
 * network or a domain pattern) answers: its block answer, its exclusion and its allow answer, any
 * of which may be absent, because the same value can be stored once as block, once as exclusion and
 * once as allow. Of those present, allow wins, then the exclusion, then block (DESIGN §2.3). Tables
 * store a cell's int index instead of objects, so an entry costs a few bytes. Index 0 means "no
 * cell".
 *
 * <p>The exclusion is the top bit of the block word ({@link #EXCLUDED}): return codes are in
 * 127.0.0.0/8, so that bit is never part of one, and a cell costs no more than before exclusions.
 *
 * <p>Immutable as far as readers can tell: the arrays may be shared with later versions of the
 * pool, which only ever write beyond {@link #size}, and a reader only holds indexes below it.
 */
final class Cells {

  static final Cells EMPTY = new Cells(new int[1], new String[1], new int[1], new String[1], 1);

  /** The bit of a block word that marks an exclusion; the rest is the block answer's code. */
  static final int EXCLUDED = 0x8000_0000;

  /**
   * Block words: the return code of the block answer, 0 when the cell has none (return codes are
   * 127.x.y.z), with {@link #EXCLUDED} set when the cell holds an exclusion.
   */
  final int[] blockCode;

  final String[] blockReason;

  /** Return code of the allow answer, 0 when the cell has none. */
  final int[] allowCode;

  final String[] allowReason;

  /** Number of cells, including the unused cell 0. */
  final int size;

  Cells(int[] blockCode, String[] blockReason, int[] allowCode, String[] allowReason, int size) {
    this.blockCode = blockCode;
    this.blockReason = blockReason;
    this.allowCode = allowCode;
    this.allowReason = allowReason;
    this.size = size;
  }

  /**
   * How the cell's own winner ranks on a tie with another cell of the same specificity and scope,
   * as {@link dev.palisade.dnsbl.DecisionRule#rank}: 2 allow, 1 exclusion, 0 block.
   */
  int rank(int cell) {
    if (allowCode[cell] != 0) {
      return 2;
    }
    return blockCode[cell] < 0 ? 1 : 0;
  }

  /**
   * Writes the winning cell's answer into {@code out}, as {@link #verdict} would, without
   * allocating. An exclusion's answer has return code 0 and no reason.
   */
  void fill(int cell, VerdictSlot out) {
    if (allowCode[cell] != 0) {
      out.set(ListKind.ALLOW, allowCode[cell], allowReason[cell]);
    } else if (blockCode[cell] < 0) {
      out.set(ListKind.EXCLUDE, 0, null);
    } else {
      out.set(ListKind.BLOCK, blockCode[cell], blockReason[cell]);
    }
  }

  /** The answers a cell holds, block first; for saving a table. */
  interface AnswerConsumer {
    void accept(ListKind kind, int code, String reason);
  }

  /**
   * Calls the consumer once for each answer the cell holds: its block one, its exclusion (code 0,
   * no reason), then its allow one.
   */
  void forEachAnswer(int cell, AnswerConsumer consumer) {
    int block = blockCode[cell] & ~EXCLUDED;
    if (block != 0) {
      consumer.accept(ListKind.BLOCK, block, blockReason[cell]);
    }
    if (blockCode[cell] < 0) {
      consumer.accept(ListKind.EXCLUDE, 0, null);
    }
    if (allowCode[cell] != 0) {
      consumer.accept(ListKind.ALLOW, allowCode[cell], allowReason[cell]);
    }
  }

  /**
   * Saves the cells below {@link #size} ({@link TableCodec}); {@link CellPool#readFrom} reads them.
   */
  void writeTo(DataOutputStream out) throws IOException {
    TableCodec.writeInts(out, Arrays.copyOf(blockCode, size));
    TableCodec.writeInts(out, Arrays.copyOf(allowCode, size));
    for (int cell = 0; cell < size; cell++) {
      TableCodec.writeString(out, blockReason[cell]);
      TableCodec.writeString(out, allowReason[cell]);
    }
  }

  /**
   * The verdict of a winning cell: its allow answer when it has one, otherwise its exclusion, else
   * its block one.
   */
  Verdict verdict(int cell, EntryValue matched, boolean serverEntry) {
    if (allowCode[cell] != 0) {
      return new Verdict(ListKind.ALLOW, allowCode[cell], allowReason[cell], matched, serverEntry);
    }
    if (blockCode[cell] < 0) {
      return new Verdict(ListKind.EXCLUDE, 0, null, matched, serverEntry);
    }
    return new Verdict(ListKind.BLOCK, blockCode[cell], blockReason[cell], matched, serverEntry);
  }
}
