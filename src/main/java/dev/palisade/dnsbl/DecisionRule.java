package dev.palisade.dnsbl;

import java.util.Comparator;
import java.util.function.Function;

/**
 * The decision rule (DESIGN §2): of the entries that match one queried address or name, which one
 * decides what DNS answers. For a server scope the contenders are the server's and its account's
 * entries; for an account scope, the account's.
 *
 * <ol>
 *   <li>The most specific match wins ({@link #specificity}): the longest prefix; for names the
 *       longest matched name, and at equal names an exact entry ({@code example.com}) before {@code
 *       .example.com}, which beats {@code .com}.
 *   <li>On a tie, a server entry beats an account entry.
 *   <li>On a tie within one scope, allow beats exclude, which beats block: an exclusion takes a
 *       name out of a blocked range of the same scope and length, an allow entry still allows it.
 *   <li>What is left tied is a {@code .name} and a {@code *.name} entry of one scope and list, both
 *       matching a subdomain: they list it alike, and {@code *.name} is reported, the pattern
 *       written for subdomains (the index answers with its return code and reason).
 * </ol>
 *
 * <p>The lookup tool ranks the store's matching entries with it; the index encodes it in its own
 * structures for speed and is tested against it. Stateless and thread-safe.
 */
public final class DecisionRule {

  private DecisionRule() {}

  /**
   * What the rule weighs of one entry that matches the query.
   *
   * @param value the entry's value; it matches the query
   * @param serverEntry whether the entry belongs to the mail server asked about, not its account
   * @param kind block, allow or exclude
   */
  public record Match(EntryValue value, boolean serverEntry, ListKind kind) {}

  /**
   * Orders the matches of one query, the winner first. Matches of different queries, or of an
   * address and a name, are not comparable in any useful way.
   */
  public static final Comparator<Match> BEST_FIRST =
      Comparator.comparingInt((Match m) -> specificity(m.value()))
          .thenComparing(Match::serverEntry)
          .thenComparingInt(m -> rank(m.kind()))
          .thenComparing(
              m ->
                  m.value() instanceof EntryValue.DomainPattern p
                      && p.match() == EntryValue.DomainMatch.SUBDOMAINS)
          .reversed();

  /**
   * How a kind ranks on a tie of specificity and scope, higher first: allow, then exclude, then
   * block.
   */
  public static int rank(ListKind kind) {
    return switch (kind) {
      case ALLOW -> 2;
      case EXCLUDE -> 1;
      case BLOCK -> 0;
    };
  }

  /** Orders things that describe matches of one query, the winner first. */
  public static <T> Comparator<T> bestFirst(Function<? super T, Match> match) {
    return Comparator.comparing(match, BEST_FIRST);
  }

  /**
   * How specific an entry that matches a query is: the prefix length for addresses; for names,
   * twice the labels of the matched name, plus one for an exact entry — so {@code example.com}
   * beats {@code .example.com}, which beats {@code .com}.
   */
  public static int specificity(EntryValue matched) {
    if (matched instanceof EntryValue.Ip4Network n) {
      return n.prefixLength();
    }
    if (matched instanceof EntryValue.Ip6Network n) {
      return n.prefixLength();
    }
    EntryValue.DomainPattern d = (EntryValue.DomainPattern) matched;
    return 2 * labels(d.name()) + (d.match() == EntryValue.DomainMatch.EXACT ? 1 : 0);
  }

  private static int labels(String name) {
    int labels = 1;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.') {
        labels++;
      }
    }
    return labels;
  }
}
