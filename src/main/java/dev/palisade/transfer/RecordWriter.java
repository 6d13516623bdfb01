package dev.palisade.transfer;

import dev.palisade.dns.AnswerRecords;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.index.Verdict;
import java.util.Objects;
import java.util.function.Consumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Writes the records of one zone's names: a listed name or wildcard answers {@code A} and {@code
 * TXT} exactly as Palisade does ({@link AnswerRecords}); a hole — a name a wildcard above would
 * otherwise cover, but that is not listed — carries one empty record of a private-use type, so the
 * name exists and answers NODATA to A and TXT. Not thread-safe: one per rendering.
 */
final class RecordWriter {

  /**
   * The type of the hole marker: the first private-use type (RFC 6895 §3.1), with empty RDATA, sent
   * and stored in the generic form of RFC 3597 ({@code TYPE65280 \# 0}). No client asks for it.
   */
  static final int HOLE_TYPE = 65280;

  private final AnswerRecords answers;
  private final ListZone list;
  private final Consumer<Record> out;

  RecordWriter(AnswerRecords answers, ListZone list, Consumer<Record> out) {
    this.answers = answers;
    this.list = list;
    this.out = out;
  }

  /**
   * Whether the winning entry lists the name in this zone: a block in bl/dbl, an allow in wl/dwl.
   */
  boolean lists(Verdict verdict) {
    return verdict != null && verdict.kind() == list.lists();
  }

  /**
   * A listed name: the winner's return code and its reason with {@code $} = {@code subject}. Does
   * nothing for a null owner (a name too long to exist).
   */
  void listed(Name owner, Verdict verdict, String subject) {
    if (owner != null) {
      out.accept(answers.a(owner, verdict.returnCode()));
      out.accept(answers.txt(owner, answers.template(verdict.kind(), verdict.reason()), subject));
    }
  }

  /**
   * The wildcard below {@code node}, answering for the names below it that nothing more specific
   * covers: {@code $} cannot be the queried address there, so it is the winning entry itself (the
   * network, or for domains the matched name, as Palisade answers).
   */
  void wildcard(Name node, Verdict verdict) {
    if (node != null) {
      listed(Owners.wildcard(node), verdict, wildcardSubject(verdict));
    }
  }

  /** An RFC 5782 test point: listed with 127.0.0.2 whatever the data. */
  void testPoint(Name owner, String subject) {
    if (owner != null) {
      out.accept(answers.a(owner, TestPoints.RETURN_CODE));
      out.accept(answers.txt(owner, TestPoints.TXT, subject));
    }
  }

  /** A hole: the name exists, so no wildcard above covers it, and answers NODATA to A and TXT. */
  void hole(Name owner) {
    if (owner != null) {
      out.accept(Record.newRecord(owner, HOLE_TYPE, DClass.IN, answers.ttl(), new byte[0]));
    }
  }

  /**
   * Whether two wildcards would answer alike: both not listed here, or both with the same return
   * code and text.
   */
  boolean sameWildcard(Verdict a, Verdict b) {
    boolean listsA = lists(a);
    if (listsA != lists(b)) {
      return false;
    }
    return !listsA
        || (a.returnCode() == b.returnCode() && Objects.equals(wildcardText(a), wildcardText(b)));
  }

  private String wildcardText(Verdict verdict) {
    return answers.text(
        answers.template(verdict.kind(), verdict.reason()), wildcardSubject(verdict));
  }

  private static String wildcardSubject(Verdict verdict) {
    return verdict.matched() instanceof EntryValue.DomainPattern pattern
        ? pattern.name()
        : verdict.matched().canonical();
  }
}
