package dev.palisade.transfer;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.index.AnswerSink;
import dev.palisade.index.Verdict;
import dev.palisade.index.ZoneView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * Renders a {@code dbl} or {@code dwl} zone as ordinary records, streaming. Every name an entry is
 * written for, and each of its ancestors, is a node of the zone; each node gets A and TXT when the
 * index's winner for the name lists it, a wildcard {@code *.name} when the winner for the names
 * below it that no entry names lists them ({@code .example.com}, {@code *.example.com}, or such a
 * pattern above), and a hole record when neither, but the wildcard of its parent would list it.
 * {@code $} in TXT is the matched pattern's name, for a wildcard as for a name, as Palisade
 * answers.
 *
 * <p>The names come in DNS order (RFC 4034 §6.1) from {@link SortedBatches}, so a name's ancestors
 * come before it and each node is rendered once, holding only the path to the current name.
 *
 * @implNote Not thread-safe: one per rendering.
 */
final class DomainZoneRenderer {

  private final ZoneView view;
  private final Owners owners;
  private final RecordWriter out;
  private final int batch;
  private final Collection<String> extraNames;

  /**
   * @param extraNames further names to treat as entries' names when finding the nodes (their
   *     answers come from the view); empty for a whole zone
   */
  DomainZoneRenderer(
      ZoneView view, Owners owners, RecordWriter out, int batch, Collection<String> extraNames) {
    this.view = view;
    this.owners = owners;
    this.out = out;
    this.batch = batch;
    this.extraNames = extraNames;
  }

  void render() {
    List<String> path = new ArrayList<>();
    new SortedBatches<String>(DomainZoneRenderer::canonicalOrder, batch)
        .forEach(
            this::names,
            name -> {
              while (!path.isEmpty() && !atOrBelow(name, path.get(path.size() - 1))) {
                path.remove(path.size() - 1);
              }
              int known = path.isEmpty() ? 0 : path.get(path.size() - 1).length();
              // The suffixes of the name longer than the deepest node on the path, shortest first.
              for (int end = name.length(); end > 0; ) {
                int start = name.lastIndexOf('.', end - 1) + 1;
                int suffix = name.length() - start;
                if (suffix > known) {
                  String node = name.substring(start);
                  path.add(node);
                  renderNode(node);
                }
                end = start - 1;
              }
            });
  }

  private void names(Consumer<String> each) {
    AnswerSink sink =
        new AnswerSink() {
          @Override
          public void ip4(int network, int length, ListKind kind, int code, String reason) {}

          @Override
          public void ip6(
              long high, long low, int length, ListKind kind, int code, String reason) {}

          @Override
          public void domain(
              String name, DomainMatch match, ListKind kind, int code, String reason) {
            // RFC 5782 §5: "invalid" and every name below it are never listed, whatever the data.
            if (!TestPoints.isUnlistedDomain(name)) {
              each.accept(name);
            }
          }
        };
    view.forEachAnswer(ValueType.DOMAIN, sink, sink);
    each.accept(TestPoints.LISTED_DOMAIN);
    extraNames.forEach(each);
  }

  private void renderNode(String name) {
    Name node = owners.domain(name);
    boolean exists = false;
    if (TestPoints.isListedDomain(name)) {
      out.testPoint(node, name);
      exists = true;
    } else {
      Verdict self = view.domain(name);
      if (out.lists(self)) {
        out.listed(node, self, ((EntryValue.DomainPattern) self.matched()).name());
        exists = true;
      }
    }
    Verdict below = view.domainBelow(name);
    if (out.lists(below)) {
      out.wildcard(node, below);
      exists = true;
    }
    int dot = name.indexOf('.');
    if (!exists && dot > 0 && out.lists(view.domainBelow(name.substring(dot + 1)))) {
      out.hole(node);
    }
  }

  /** Whether {@code name} is {@code ancestor} or below it. */
  static boolean atOrBelow(String name, String ancestor) {
    int extra = name.length() - ancestor.length();
    return name.endsWith(ancestor) && (extra == 0 || (extra > 0 && name.charAt(extra - 1) == '.'));
  }

  /**
   * DNS order (RFC 4034 §6.1) of lower-case names: label by label from the rightmost, a name before
   * the names below it, so that every subtree is contiguous.
   */
  static int canonicalOrder(String a, String b) {
    int endA = a.length();
    int endB = b.length();
    while (true) {
      int startA = a.lastIndexOf('.', endA - 1) + 1;
      int startB = b.lastIndexOf('.', endB - 1) + 1;
      int lengthA = endA - startA;
      int lengthB = endB - startB;
      for (int i = 0; i < Math.min(lengthA, lengthB); i++) {
        int byChar = Character.compare(a.charAt(startA + i), b.charAt(startB + i));
        if (byChar != 0) {
          return byChar;
        }
      }
      if (lengthA != lengthB) {
        return Integer.compare(lengthA, lengthB);
      }
      boolean moreA = startA > 0;
      boolean moreB = startB > 0;
      if (!moreA || !moreB) {
        return Boolean.compare(moreA, moreB);
      }
      endA = startA - 1;
      endB = startB - 1;
    }
  }
}
