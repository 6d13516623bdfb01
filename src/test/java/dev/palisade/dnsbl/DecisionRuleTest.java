package dev.palisade.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.DecisionRule.Match;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionRuleTest {

  // Each row: two entries that match one query, written "owner list value", the winner first.
  @ParameterizedTest(name = "{1}: {2} beats {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // 1. The most specific match wins: the longest prefix ...
        "192.0.2.1       | longer prefix     | account block 192.0.2.1          | account allow 192.0.2.0/24",
        "192.0.2.1       | allow punches a hole | account allow 192.0.2.1       | account block 192.0.2.0/24",
        "192.0.2.1       | before the scope  | account block 192.0.2.0/25       | server allow 192.0.2.0/24",
        "192.0.2.1       | /0 is a match too | account allow 128.0.0.0/1        | server block 0.0.0.0/0",
        "2001:db8::1     | longer v6 prefix  | account block 2001:db8::/48      | server allow 2001:db8::/32",
        // ... for names the longest matched name, an exact entry before .name before .parent.
        "mail.example.com | longer name      | account block mail.example.com   | server allow .example.com",
        "mail.example.com | longer pattern   | account block .example.com       | server allow .com",
        "mail.example.com | longer wildcard  | account block *.example.com      | server allow .com",
        "example.com     | exact before .name | account block example.com       | server allow .example.com",
        // 2. On a tie, a server entry beats an account entry, whatever its list.
        "192.0.2.1       | server on a tie   | server block 192.0.2.0/24        | account allow 192.0.2.0/24",
        "192.0.2.1       | server allow      | server allow 192.0.2.1           | account block 192.0.2.1",
        "mail.example.com | server pattern   | server block *.example.com       | account allow .example.com",
        // 3. On a tie within one scope, allow beats exclude, which beats block.
        "192.0.2.1       | allow on a tie    | account allow 192.0.2.0/24       | account block 192.0.2.0/24",
        "2001:db8::1     | allow on a v6 tie | server allow 2001:db8::/64       | server block 2001:db8::/64",
        "mail.example.com | allow .name      | account allow .example.com       | account block *.example.com",
        "mail.example.com | allow *.name     | server allow *.example.com       | server block .example.com",
        // ... and an exclusion between them: it beats block, loses to allow.
        "192.0.2.1       | exclusion on a tie | account exclude 192.0.2.0/24    | account block 192.0.2.0/24",
        "192.0.2.1       | allow over exclusion | server allow 192.0.2.1        | server exclude 192.0.2.1",
        "mail.example.com | exclusion *.name | account exclude *.example.com    | account block .example.com",
        // An exclusion is ranked like any entry: longer first, then the server's.
        "192.0.2.1       | longer exclusion  | account exclude 192.0.2.1        | server block 192.0.2.0/24",
        "192.0.2.1       | longer block      | account block 192.0.2.1          | server exclude 192.0.2.0/24",
        "192.0.2.1       | server exclusion  | server exclude 192.0.2.1         | account block 192.0.2.1",
        "192.0.2.1       | server block      | server block 192.0.2.1           | account exclude 192.0.2.1",
        "192.0.2.1       | server exclusion over account allow | server exclude 192.0.2.1 | account allow 192.0.2.1",
        // 4. Left tied: *.name is reported before .name.
        "mail.example.com | *.name reported  | account block *.example.com      | account block .example.com",
      })
  void theWinnerComesFirst(String query, String why, String winner, String loser) {
    Match won = match(winner);
    Match lost = match(loser);
    assertThat(matches(won.value(), query)).as("%s matches %s", winner, query).isTrue();
    assertThat(matches(lost.value(), query)).as("%s matches %s", loser, query).isTrue();

    assertThat(DecisionRule.BEST_FIRST.compare(won, lost)).as(why).isNegative();
    assertThat(DecisionRule.BEST_FIRST.compare(lost, won)).as(why).isPositive();
    assertThat(DecisionRule.BEST_FIRST.compare(won, match(winner))).isZero();
  }

  @Test
  void ranksEveryMatchOfAServerScopeQueryBestFirst() {
    List<Match> ranked =
        List.of(
            match("server allow 192.0.2.1"),
            match("account block 192.0.2.1"),
            match("account allow 192.0.2.0/25"),
            match("server block 192.0.2.0/24"),
            match("server allow 192.0.0.0/16"),
            match("account allow 192.0.0.0/16"),
            match("account block 192.0.0.0/16"),
            match("account block 0.0.0.0/0"));
    List<Match> shuffled = new ArrayList<>(ranked);
    Collections.shuffle(shuffled, new Random(7));

    shuffled.sort(DecisionRule.BEST_FIRST);

    assertThat(shuffled).containsExactlyElementsOf(ranked);
  }

  @Test
  void ordersAnythingThatDescribesAMatch() {
    record Row(String text) {}
    List<Row> rows =
        new ArrayList<>(
            List.of(
                new Row("account block .com"),
                new Row("account block example.com"),
                new Row("server block .example.com")));

    rows.sort(DecisionRule.bestFirst(row -> match(row.text())));

    assertThat(rows)
        .extracting(Row::text)
        .containsExactly(
            "account block example.com", "server block .example.com", "account block .com");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "192.0.2.1, 32",
    "192.0.2.0/24, 24",
    "0.0.0.0/0, 0",
    "2001:db8::/32, 32",
    "2001:db8::1, 128",
    "example.com, 5",
    ".example.com, 4",
    "*.example.com, 4",
    ".com, 2",
    "mail.example.com, 7",
  })
  void specificityIsThePrefixLengthOrTwiceTheLabelsPlusOneIfExact(String value, int expected) {
    assertThat(DecisionRule.specificity(EntryValue.parse(value))).isEqualTo(expected);
  }

  /** "server allow 192.0.2.1" as a match. */
  private static Match match(String text) {
    String[] words = text.trim().split(" +");
    return new Match(
        EntryValue.parse(words[2]),
        words[0].equals("server"),
        ListKind.valueOf(words[1].toUpperCase(Locale.ROOT)));
  }

  /** Whether an entry's value matches a query; keeps the table honest. */
  private static boolean matches(EntryValue entry, String query) {
    EntryValue asked = EntryValue.parseQuery(query.trim());
    if (entry instanceof EntryValue.Ip4Network n) {
      return asked instanceof EntryValue.Ip4Network a && n.contains(a.address());
    }
    if (entry instanceof EntryValue.Ip6Network n) {
      return asked instanceof EntryValue.Ip6Network a && n.contains(a.high(), a.low());
    }
    EntryValue.DomainPattern p = (EntryValue.DomainPattern) entry;
    String name = ((EntryValue.DomainPattern) asked).name();
    boolean below = name.endsWith("." + p.name());
    return switch (p.match()) {
      case EXACT -> name.equals(p.name());
      case SELF_AND_SUBDOMAINS -> name.equals(p.name()) || below;
      case SUBDOMAINS -> below;
    };
  }
}
