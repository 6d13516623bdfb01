package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneFileParserTest {

  private static ZoneFileContent parse(String format, String list, String text) throws IOException {
    return ZoneFileParser.parse(
        "test.txt",
        new StringReader(text),
        ListKind.valueOf(list.toUpperCase()),
        ZoneFileFormat.fromName(format));
  }

  private static ZoneFileContent parse(ZoneFileFormat format, String... lines) throws IOException {
    return ZoneFileParser.parse(
        "test.txt", new StringReader(String.join("\n", lines)), ListKind.BLOCK, format);
  }

  private static List<String> values(ZoneFileContent content) {
    return content.entries().stream().map(e -> e.value().canonical()).toList();
  }

  private static String code(ZoneFileEntry entry) {
    return entry.returnCode() == null ? null : ReturnCode.format(entry.returnCode());
  }

  @Test
  void stopsAtTheBadLineAfterTheMostAndTellsOfEveryEntryBeforeItIsKept() throws IOException {
    ZoneFileException stopped =
        catchThrowableOfType(
            ZoneFileException.class,
            () ->
                ZoneFileParser.parse(
                    "t",
                    TextLines.of(new StringReader("300.0.0.1\n192.0.2.1\n300.0.0.2\n300.0.0.3\n")),
                    ListKind.BLOCK,
                    ZoneFileFormat.IP4TRIE,
                    1,
                    () -> {}));
    assertThat(stopped.stoppedAt()).isEqualTo(3);
    assertThat(stopped.errorCount()).isEqualTo(2);

    int[] told = new int[1];
    ZoneFileContent range =
        ZoneFileParser.parse(
            "t",
            TextLines.of(new StringReader("10.0.0.1-10.0.0.6\n")),
            ListKind.BLOCK,
            ZoneFileFormat.IP4SET,
            10,
            () -> told[0]++);
    assertThat(told[0]).as("one call per network of the range").isEqualTo(range.entries().size());
    assertThat(told[0]).isEqualTo(4); // 10.0.0.1/32, 10.0.0.2/31, 10.0.0.4/31, 10.0.0.6/32
  }

  @ParameterizedTest(name = "{0} {1}: \"{2}\" -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ip4set  | block | 192.0.2.1                           | BLOCK | 192.0.2.1       |           |
          ip4set  | block | 192.0.2.0/24                        | BLOCK | 192.0.2.0/24    |           |
          ip4set  | block | 192.0.2                             | BLOCK | 192.0.2.0/24    |           |
          ip4set  | block | 10.1                                | BLOCK | 10.1.0.0/16     |           |
          ip4set  | block | 10/8                                | BLOCK | 10.0.0.0/8      |           |
          ip4set  | block | 127.16/12                           | BLOCK | 127.16.0.0/12   |           |
          ip4set  | block | 127.16-31                           | BLOCK | 127.16.0.0/12   |           |
          ip4set  | block | 127.16-127.31                       | BLOCK | 127.16.0.0/12   |           |
          ip4set  | block | 127.16.0-127.31.255                 | BLOCK | 127.16.0.0/12   |           |
          ip4set  | block | 127.16.0.0-127.31.255.255           | BLOCK | 127.16.0.0/12   |           |
          ip4set  | block | 192.0.2.0-192.0.2.255               | BLOCK | 192.0.2.0/24    |           |
          ip4set  | block | 192.0.2.10-20                       | BLOCK | 192.0.2.10/31 192.0.2.12/30 192.0.2.16/30 192.0.2.20 | |
          ip4set  | block | 192.0.2.1-255                       | BLOCK | 192.0.2.1 192.0.2.2/31 192.0.2.4/30 192.0.2.8/29 192.0.2.16/28 192.0.2.32/27 192.0.2.64/26 192.0.2.128/25 | |
          ip4set  | block | 0.0.0.0-255.255.255.255             | BLOCK | 0.0.0.0/0       |           |
          ip4set  | block | 192.0.2.5-192.0.2.5                 | BLOCK | 192.0.2.5       |           |
          ip4set  | block | 192.0.2.1 :127.0.0.3:Open relay $   | BLOCK | 192.0.2.1       | 127.0.0.3 | Open relay $
          ip4set  | block | 192.0.2.1:3:Open relay              | BLOCK | 192.0.2.1       | 127.0.0.3 | Open relay
          ip4set  | block | 192.0.2.1 :3 :  spaced              | BLOCK | 192.0.2.1       | 127.0.0.3 | spaced
          ip4set  | block | 192.0.2.1 :3                        | BLOCK | 192.0.2.1       | 127.0.0.3 |
          ip4set  | block | 192.0.2.1 :3:                       | BLOCK | 192.0.2.1       | 127.0.0.3 |
          ip4set  | block | 192.0.2.1   Spam: see http://x/?$   | BLOCK | 192.0.2.1       |           | Spam: see http://x/?$
          ip4set  | block | 192.0.2.1\t# a comment              | BLOCK | 192.0.2.1       |           |
          ip4set  | block | 192.0.2.1;comment                   | BLOCK | 192.0.2.1       |           |
          ip4set  | block | "  192.0.2.1  "                     | BLOCK | 192.0.2.1       |           |
          ip4set  | block | !192.0.2.1                          | EXCLUDE | 192.0.2.1       |           |
          ip4set  | block | ! 192.0.2.0/25 :3:value is ignored  | EXCLUDE | 192.0.2.0/25    |           |
          ip4set  | allow | !192.0.2.1                          | EXCLUDE | 192.0.2.1       |           |
          ip4set  | allow | 192.0.2.1 Partner                   | ALLOW | 192.0.2.1       |           | Partner
          ip4trie | block | 192.0.2.128/25                      | BLOCK | 192.0.2.128/25  |           |
          ip4trie | block | 10.1.2                              | BLOCK | 10.1.2.0/24     |           |
          ip4trie | block | 0/0                                 | BLOCK | 0.0.0.0/0       |           |
          ip4trie | block | !192.0.2.7                          | EXCLUDE | 192.0.2.7       |           |
          ip6trie | block | 2001:db8::/32                       | BLOCK | 2001:db8::/32   |           |
          ip6trie | block | 2001:db8:1                          | BLOCK | 2001:db8:1::/48 |           |
          ip6trie | block | 2001:db8:1:2                        | BLOCK | 2001:db8:1:2::/64 |         |
          ip6trie | block | 2001:db8:c000/36                    | BLOCK | 2001:db8:c000::/36 |        |
          ip6trie | block | 2001:0db8:0:0:0:0:0:25              | BLOCK | 2001:db8::25    |           |
          ip6trie | block | 2001:DB8::25 :127.0.0.3:IPv6 $      | BLOCK | 2001:db8::25    | 127.0.0.3 | IPv6 $
          ip6trie | block | 2001:db8::25\t:4                     | BLOCK | 2001:db8::25    | 127.0.0.4 |
          ip6trie | block | 2001:db8::25 # comment              | BLOCK | 2001:db8::25    |           |
          ip6trie | block | !2001:db8::25                       | EXCLUDE | 2001:db8::25    |           |
          ip6tset | block | 2001:db8:1:2                        | BLOCK | 2001:db8:1:2::/64 |         |
          ip6tset | block | 2001:DB8:0:A # comment              | BLOCK | 2001:db8:0:a::/64 |         |
          ip6tset | block | !2001:db8:1:2::7                    | EXCLUDE | 2001:db8:1:2::7 |           |
          ip6tset | block | !2001:db8:1:2:0:0:0:7               | EXCLUDE | 2001:db8:1:2::7 |           |
          ip6tset | allow | !2001:db8:1:2::7                    | EXCLUDE | 2001:db8:1:2::7 |           |
          dnset   | block | example.com                         | BLOCK | example.com     |           |
          dnset   | block | .example.com                        | BLOCK | .example.com    |           |
          dnset   | block | *.example.com                       | BLOCK | *.example.com   |           |
          dnset   | block | Example.COM.                        | BLOCK | example.com     |           |
          dnset   | block | !mail.example.com                   | EXCLUDE | mail.example.com |          |
          dnset   | allow | !*.example.com                      | EXCLUDE | *.example.com   |           |
          dnset   | block | example.com:3:Listed $              | BLOCK | example.com     | 127.0.0.3 | Listed $
          dnset   | block | spam.test Domain $ is listed        | BLOCK | spam.test       |           | Domain $ is listed
          """)
  void readsAcceptedLineAsEntries(
      String format,
      String list,
      String line,
      ListKind kind,
      String values,
      String returnCode,
      String reason)
      throws IOException {
    ZoneFileContent content = parse(format, list, line.replace("\\t", "\t"));

    assertThat(values(content)).containsExactlyElementsOf(Arrays.asList(values.split(" ")));
    assertThat(content.entries())
        .allSatisfy(
            entry -> {
              assertThat(entry.line()).isEqualTo(1);
              assertThat(entry.kind()).isEqualTo(kind);
              assertThat(code(entry)).isEqualTo(returnCode);
              assertThat(entry.reason()).isEqualTo(reason);
            });
    assertThat(content.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}: \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ip4set  | 10                            | '10' is a bare number
          ip4set  | 192.0.2.256                   | '192.0.2.256' is not a valid IPv4 address: octet above 255
          ip4set  | 192.0.300                     | '192.0.300' is not a valid IPv4 address: octet above 255
          ip4set  | 192.0.2.01                    | '192.0.2.01' is not a valid IPv4 address: octet with a leading zero
          ip4set  | 10.01                         | '10.01' is not a valid IPv4 address: octet with a leading zero
          ip4set  | 192..2.1                      | '192..2.1' is not a valid IPv4 address
          ip4set  | 192.0.2.1.                    | '192.0.2.1.' is not an IPv4 address, prefix or range
          ip4set  | 192.0.2.1@x                   | '192.0.2.1@x' is a mail address
          ip4set  | 1.2.3.4.5                     | '1.2.3.4.5' is not an IPv4 address, prefix or range
          ip4set  | example.com                   | 'example.com' is not an IPv4 address, prefix or range
          ip4set  | 192.0.2.1x                    | '192.0.2.1x' is not an IPv4 address
          ip4set  | 192.0.2.0/33                  | invalid prefix length; expected /0 to /32
          ip4set  | 192.0.2.0/                    | invalid prefix length
          ip4set  | 192.0.2.20-192.0.2.10         | the range starts after it ends
          ip4set  | 192.0.2.1-198.51              | same number of octets
          ip4set  | 192.0.2.1-                    | is not an IPv4 address
          ip4set  | 192.0.2.0/24-192.0.2.255      | mixes a range and a prefix length
          ip4trie | 192.0.2.1-192.0.2.5           | ip4trie takes CIDR networks only
          ip4set  | 192.0.2.1 :127.0.0.1:x        | reserved
          ip4set  | 192.0.2.1 :10.0.0.2:x         | outside 127.0.0.0/8
          ip4set  | 192.0.2.1 :127.3:x            | '127.3' is ambiguous
          ip4set  | 192.0.2.1 :256:x              | not an IPv4 address in 127.0.0.0/8
          ip4set  | 192.0.2.1 :Spam source        | needs a return code
          ip4set  | 192.0.2.1 :3 text             | unexpected 'text' after the return code
          ip4set  | :1:default                    | reserved
          ip4set  | :default text                 | needs a return code
          ip4set  | !                             | '!' must be followed by the entry to exclude
          ip6trie | 2001                          | '2001' is a bare number
          ip6trie | 192.0.2.1                     | is not an IPv6 address
          ip6trie | 2001:db8::/129                | invalid prefix length; expected /0 to /128
          ip6trie | 2001:db8::g                   | '2001:db8::g' is not a valid IPv6 address
          ip6trie | /64                           | no address before the prefix length
          dnset   | 192.0.2.1                     | is an IP address; dnset files list domain names
          dnset   | -bad-.example.com             | hyphen
          dnset   | foo*.example.com              | wildcard
          dnset   | *.                            | has no domain name
          dnset   | .                             | '.' has no domain name
          ip4set  | $= See $=                     | base TXT templates ($=) are not supported
          ip4set  | $DATASET ip4set relays @      | combined format
          ip6tset | 2001:db8:1                    | not a /64 written as four groups
          ip6tset | 2001:db8:1:2::/64             | not a /64 written as four groups
          ip6tset | 2001:db8:1:2:3                | not a /64 written as four groups
          ip6tset | 2001:db8::1                   | not a /64 written as four groups
          ip6tset | !2001:db8:1:2                 | not a single address
          ip6tset | !2001:db8::1/128              | not a single address
          ip6tset | 192.0.2.1                     | is not an IPv6 address
          ip6tset | 2001:db8::g                   | is not a valid IPv6 address
          combined | 192.0.2.1                    | entries only after a $DATASET line
          combined | :2:default                   | entries only after a $DATASET line
          combined | $DATASET                     | $DATASET needs a dataset type
          combined | $DATASET generic @           | dataset type 'generic' is not supported
          combined | $DATASET combined:x @        | dataset type 'combined' is not supported
          combined | $DATASET ip4set              | $DATASET names no subzone
          combined | $DATASET ip4set:relays @ relays | subzone 'relays' has no Palisade list
          combined | $DATASET dnset dbl           | subzone 'dbl' has no Palisade list
          """)
  void rejectsBadLineWithReasonAndLineNumber(String format, String line, String message)
      throws IOException {
    String text = "# first line is fine\n" + line + "\n";

    ZoneFileException e =
        catchThrowableOfType(ZoneFileException.class, () -> parse(format, "block", text));

    assertThat(e).as("rejects %s", line).isNotNull();
    assertThat(e.errors()).hasSize(1);
    ZoneFileIssue error = e.errors().get(0);
    assertThat(error.fileName()).isEqualTo("test.txt");
    assertThat(error.line()).isEqualTo(2);
    assertThat(error.text()).isEqualTo(line.strip());
    assertThat(error.message()).contains(message);
  }

  @Test
  void reportsEveryBadLineOfAFileInOneException() {
    String text =
        String.join(
            "\n",
            "192.0.2.1",
            "192.0.2.300",
            "# comment",
            "198.51.100.0/24",
            "10",
            "203.0.113.7 :1:oops",
            "203.0.113.8");

    assertThatThrownBy(() -> parse("ip4set", "block", text))
        .isInstanceOfSatisfying(
            ZoneFileException.class,
            e -> {
              assertThat(e.fileName()).isEqualTo("test.txt");
              assertThat(e.errorCount()).isEqualTo(3);
              assertThat(e.errors()).extracting(ZoneFileIssue::line).containsExactly(2, 5, 6);
              assertThat(e.errors())
                  .extracting(ZoneFileIssue::text)
                  .containsExactly("192.0.2.300", "10", "203.0.113.7 :1:oops");
              assertThat(e.getMessage())
                  .startsWith("test.txt: 3 bad lines")
                  .contains("line 2: ", "line 5: ", "line 6: ");
            });
  }

  @Test
  void keepsTheFirstThousandErrorsButCountsAll() {
    String text = "not-an-address\n".repeat(1500);

    ZoneFileException e =
        catchThrowableOfType(ZoneFileException.class, () -> parse("ip4set", "block", text));

    assertThat(e.errorCount()).isEqualTo(1500);
    assertThat(e.errors()).hasSize(ZoneFileParser.MAX_REPORTED_ISSUES);
    assertThat(e.errors().get(999).line()).isEqualTo(1000);
    assertThat(e.getMessage()).contains("and 1490 more");
  }

  @Test
  void appliesDefaultLinesToTheLinesAfterThem() throws IOException {
    ZoneFileContent content =
        parse(
            ZoneFileFormat.IP4SET,
            "192.0.2.1",
            ":127.0.0.3:Default text for $",
            "192.0.2.2",
            "192.0.2.3 :4",
            "192.0.2.4 :5:",
            "192.0.2.5 Own text",
            ":6",
            "192.0.2.6",
            ":2:",
            "192.0.2.7");

    assertThat(content.entries())
        .extracting(e -> e.value().canonical(), ZoneFileParserTest::code, ZoneFileEntry::reason)
        .containsExactly(
            tuple("192.0.2.1", null, null),
            tuple("192.0.2.2", "127.0.0.3", "Default text for $"),
            tuple("192.0.2.3", "127.0.0.4", "Default text for $"),
            tuple("192.0.2.4", "127.0.0.5", null),
            tuple("192.0.2.5", "127.0.0.3", "Own text"),
            tuple("192.0.2.6", "127.0.0.6", null),
            tuple("192.0.2.7", "127.0.0.2", null));
  }

  @Test
  void returnsSoaNsAndTtlDirectivesAsMetadata() throws IOException {
    ZoneFileContent content =
        parse(
            ZoneFileFormat.IP4SET,
            "$SOA 1h ns1.example.net. hostmaster.example.net 42 2h 30m 1w 5m",
            "$NS 1d ns1.example.net -ns0.example.net ns2.example.net",
            "$TTL 35m",
            "192.0.2.1");

    ZoneFileDirectives directives = content.directives();
    assertThat(directives.soa())
        .isEqualTo(
            new ZoneFileDirectives.Soa(
                1, 3600, "ns1.example.net", "hostmaster.example.net", 42, 7200, 1800, 604800, 300));
    assertThat(directives.nameServers().ttl()).isEqualTo(86400);
    assertThat(directives.nameServers().names())
        .containsExactly("ns1.example.net", "ns2.example.net");
    assertThat(directives.ttl()).isEqualTo(2100);
    assertThat(values(content)).containsExactly("192.0.2.1");
    assertThat(content.warnings()).isEmpty();
  }

  @Test
  void readsDirectivesHiddenBehindCommentCharactersAsRbldnsdDoes() throws IOException {
    ZoneFileContent content = parse(ZoneFileFormat.DNSET, "#$TTL 60", ";$NS 0 ns.example.net");

    assertThat(content.directives().ttl()).isEqualTo(60);
    assertThat(content.directives().nameServers().names()).containsExactly("ns.example.net");
    assertThat(content.entries()).isEmpty();
  }

  @Test
  void skipsMalformedOrUnknownDirectivesWithAWarning() throws IOException {
    ZoneFileContent content =
        parse(
            ZoneFileFormat.IP4SET,
            "$SOA 1h ns1.example.net",
            "$TTL soon",
            "$FOO bar",
            "$SOA 1h a.example b.example 1 1 1 1 1",
            "$SOA 1h c.example d.example 2 2 2 2 2",
            "$TIMESTAMP 2024:01:01",
            "192.0.2.1");

    assertThat(content.warnings())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::message)
        .containsExactly(
            tuple(
                1,
                "expected $SOA ttl origin contact serial refresh retry expire minimum;"
                    + " directive ignored"),
            tuple(2, "'soon' is not a number; expected $TTL time-to-live; directive ignored"),
            tuple(3, "unknown directive $FOO ignored"),
            tuple(5, "only the first $SOA counts (line 4); this one is ignored"),
            tuple(6, "$TIMESTAMP is not enforced; give entries an expiry instead"));
    assertThat(content.directives().soa().origin()).isEqualTo("a.example");
    assertThat(content.directives().ttl()).isNull();
    assertThat(content.warningCount()).isEqualTo(5);
  }

  @Test
  void masksHostBitsWithAWarningNamingTheLine() throws IOException {
    ZoneFileContent content =
        parse(ZoneFileFormat.IP4SET, "192.0.2.0/24", "198.51.100.77/24", "203.0.113.1/16");

    assertThat(values(content)).containsExactly("192.0.2.0/24", "198.51.100.0/24", "203.0.0.0/16");
    assertThat(content.warnings())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::message)
        .containsExactly(
            tuple(
                2,
                "'198.51.100.77/24' has host bits set; listed as 198.51.100.0/24"
                    + " (rbldnsd without -e skips this line)"),
            tuple(
                3,
                "'203.0.113.1/16' has host bits set; listed as 203.0.0.0/16"
                    + " (rbldnsd without -e skips this line)"));
  }

  @Test
  void masksIpv6HostBitsWithAWarning() throws IOException {
    ZoneFileContent content = parse(ZoneFileFormat.IP6TRIE, "2001:db8::1/32");

    assertThat(values(content)).containsExactly("2001:db8::/32");
    assertThat(content.warnings()).singleElement().extracting(ZoneFileIssue::line).isEqualTo(1);
  }

  @Test
  void keepsTheFirstOfARepeatedEntryWithAWarning() throws IOException {
    ZoneFileContent content =
        parse(
            ZoneFileFormat.DNSET,
            "example.com First",
            "EXAMPLE.com. Second",
            "!example.com",
            ".example.com");

    assertThat(content.entries())
        .extracting(e -> e.value().canonical(), ZoneFileEntry::kind, ZoneFileEntry::reason)
        .containsExactly(
            tuple("example.com", ListKind.BLOCK, "First"),
            tuple("example.com", ListKind.EXCLUDE, null),
            tuple(".example.com", ListKind.BLOCK, null));
    assertThat(content.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isEqualTo(2);
              assertThat(w.message())
                  .isEqualTo("'example.com' repeats line 1; the first one counts");
            });
  }

  @Test
  void skipsEntriesLargerThanMaxRange4WithAWarning() throws IOException {
    ZoneFileContent content =
        parse(
            ZoneFileFormat.IP4SET,
            "10.0.0.0/8",
            "$MAXRANGE4 /24",
            "192.0.2.0/24",
            "198.51.100.0/23",
            "203.0.113.0-203.0.114.0",
            "$MAXRANGE4 65536");

    assertThat(values(content)).containsExactly("10.0.0.0/8", "192.0.2.0/24");
    assertThat(content.warnings()).extracting(ZoneFileIssue::line).containsExactly(4, 5, 6);
  }

  @Test
  void expandsSubstitutionVariablesEvenWhenDefinedAfterUse() throws IOException {
    ZoneFileContent content =
        parse(
            ZoneFileFormat.IP4SET,
            ":2:$1/default/$ $2",
            "192.0.2.1 $1/spam/$ $2",
            "192.0.2.2",
            "192.0.2.3 Costs $$5 or $7",
            "192.0.2.4 =Plain text",
            "$1 See https://www.example.org/bl",
            "$2 for details",
            "$2 is ignored: the first definition counts");

    assertThat(content.entries())
        .extracting(ZoneFileEntry::reason)
        .containsExactly(
            "See https://www.example.org/bl/spam/$ for details",
            "See https://www.example.org/bl/default/$ for details",
            "Costs $$5 or $$7",
            "Plain text");
    assertThat(content.warnings()).extracting(ZoneFileIssue::line).containsExactly(8);
  }

  @Test
  void keepsVariableDollarsLiteral() throws IOException {
    ZoneFileContent content = parse(ZoneFileFormat.DNSET, "$1 Pay $5 now", "example.com $1 ($)");

    assertThat(content.entries().get(0).reason()).isEqualTo("Pay $$5 now ($)");
  }

  @Test
  void ignoresBlankLinesCommentsAndAByteOrderMark() throws IOException {
    ZoneFileContent content =
        parse(ZoneFileFormat.IP4TRIE, "\uFEFF# comment", "", "   ", "; comment", "\t192.0.2.1\r");

    assertThat(values(content)).containsExactly("192.0.2.1");
    assertThat(content.entries().get(0).line()).isEqualTo(5);
  }

  @Test
  void readsGzipCompressedFilesAsRbldnsdDoes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write("192.0.2.1\n!192.0.2.2\n".getBytes(StandardCharsets.UTF_8));
    }

    ZoneFileContent content =
        ZoneFileParser.parse(
            "list.gz",
            new ByteArrayInputStream(bytes.toByteArray()),
            ListKind.BLOCK,
            ZoneFileFormat.IP4SET);

    assertThat(content.entries())
        .extracting(ZoneFileEntry::value, ZoneFileEntry::kind)
        .containsExactly(
            tuple(EntryValue.parse("192.0.2.1"), ListKind.BLOCK),
            tuple(EntryValue.parse("192.0.2.2"), ListKind.EXCLUDE));
  }

  @Test
  void readsUtf8DomainNamesAsALabels() throws IOException {
    ZoneFileContent content =
        ZoneFileParser.parse(
            "idn.txt",
            new ByteArrayInputStream("bücher.example\n".getBytes(StandardCharsets.UTF_8)),
            ListKind.BLOCK,
            ZoneFileFormat.DNSET);

    assertThat(values(content)).containsExactly("xn--bcher-kva.example");
  }

  @Test
  void rejectsBytesThatAreNotUtf8WithTheLineNumber() {
    byte[] bytes = {'a', '.', 't', 'e', 's', 't', '\n', (byte) 0xff, '\n', (byte) 0xc3, '\n'};

    ZoneFileException e =
        catchThrowableOfType(
            ZoneFileException.class,
            () ->
                ZoneFileParser.parse(
                    "latin1.txt",
                    new ByteArrayInputStream(bytes),
                    ListKind.BLOCK,
                    ZoneFileFormat.DNSET));

    assertThat(e.errors())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::message)
        .containsExactly(tuple(2, "not valid UTF-8 text"), tuple(3, "not valid UTF-8 text"));
  }

  @Test
  void namesSupportedFormatsForAnUnknownOne() {
    assertThatThrownBy(() -> ZoneFileFormat.fromName("generic"))
        .hasMessageContaining("ip4set, ip4trie, ip6trie, ip6tset, dnset, combined")
        .hasMessageContaining("generic datasets are not supported");
    assertThat(ZoneFileFormat.fromName(" IP4Set ")).isEqualTo(ZoneFileFormat.IP4SET);
  }

  @Test
  void givesEveryIp6tsetEntryTheFilesFirstDefaultLine() throws IOException {
    ZoneFileContent content =
        parse(
            ZoneFileFormat.IP6TSET,
            "2001:db8:0:1",
            ":3:Listed $",
            "2001:db8:0:2 :4:own value",
            "!2001:db8:0:2::25",
            ":5:second default");

    assertThat(content.entries())
        .extracting(ZoneFileEntry::line, ZoneFileEntry::kind, e -> e.value().canonical())
        .containsExactly(
            tuple(1, ListKind.BLOCK, "2001:db8:0:1::/64"),
            tuple(3, ListKind.BLOCK, "2001:db8:0:2::/64"),
            tuple(4, ListKind.EXCLUDE, "2001:db8:0:2::25"));
    assertThat(content.entries().subList(0, 2))
        .allSatisfy(
            entry -> {
              assertThat(code(entry)).isEqualTo("127.0.0.3");
              assertThat(entry.reason()).isEqualTo("Listed $");
            });
    assertThat(content.entries().get(2).reason()).isNull();
    assertThat(content.warnings())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::message)
        .containsExactly(
            tuple(
                3,
                "ip6tset entries share the file's one value; the text after the entry is ignored"
                    + " as rbldnsd does"),
            tuple(
                5,
                "an ip6tset has one value, its first default line; this one is ignored as rbldnsd"
                    + " does"));
  }

  @Test
  void readsEachDatasetOfACombinedFileInItsOwnSyntaxAndDefaults() throws IOException {
    ZoneFileContent content =
        parse(
            ZoneFileFormat.COMBINED,
            "# common section",
            "$SOA 1h ns1.example.net admin.example.net 0 2h 2h 1w 1h",
            "$1 https://bl.example.net/",
            "$DATASET ip4set:proxies @",
            ":2:Open proxy, see $1",
            "192.0.2",
            "!192.0.2.7",
            "$DATASET ip4trie @",
            "198.51.100.0/24",
            "$DATASET ip6trie:v6 @",
            "2001:db8:1 :3:IPv6 $",
            "$DATASET ip6tset @",
            "2001:db8:2:1",
            ":4:tset",
            "$DATASET dnset:domains @",
            ".example.com :5:Domain",
            "!ok.example.com");

    assertThat(content.entries())
        .extracting(
            ZoneFileEntry::line,
            ZoneFileEntry::kind,
            e -> e.value().canonical(),
            ZoneFileParserTest::code,
            ZoneFileEntry::reason)
        .containsExactly(
            tuple(
                6,
                ListKind.BLOCK,
                "192.0.2.0/24",
                "127.0.0.2",
                "Open proxy, see https://bl.example.net/"),
            tuple(7, ListKind.EXCLUDE, "192.0.2.7", null, null),
            // The default line of the first dataset does not reach the next one.
            tuple(9, ListKind.BLOCK, "198.51.100.0/24", null, null),
            tuple(11, ListKind.BLOCK, "2001:db8:1::/48", "127.0.0.3", "IPv6 $"),
            tuple(13, ListKind.BLOCK, "2001:db8:2:1::/64", "127.0.0.4", "tset"),
            tuple(16, ListKind.BLOCK, ".example.com", "127.0.0.5", "Domain"),
            tuple(17, ListKind.EXCLUDE, "ok.example.com", null, null));
    assertThat(content.directives().soa().line()).isEqualTo(2);
    assertThat(content.warnings()).isEmpty();
  }

  @Test
  void refusesACombinedFileNamingEveryBadLineButNotTheLinesOfARefusedDataset() {
    String text =
        String.join(
            "\n",
            "$DATASET ip4set @",
            "192.0.2.1",
            "$DATASET ip4set proxies",
            "192.0.2.2",
            "this line is not read",
            "$DATASET generic @",
            "@ A 127.0.0.8",
            "$DATASET dnset @",
            "192.0.2.3",
            "$2 text",
            "example.com");

    ZoneFileException e =
        catchThrowableOfType(ZoneFileException.class, () -> parse("combined", "block", text));

    assertThat(e.errors())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::text)
        .containsExactly(
            tuple(3, "$DATASET ip4set proxies"),
            tuple(6, "$DATASET generic @"),
            tuple(9, "192.0.2.3"),
            tuple(10, "$2 text"));
    assertThat(e.errors().get(3).message()).contains("define substitution variables");
  }
}
