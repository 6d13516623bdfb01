package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportLimitException;
import dev.palisade.imports.ImportLimits;
import dev.palisade.listing.EntryDraft;
import dev.palisade.web.BulkPreview.BadLine;
import dev.palisade.web.BulkPreview.Result;
import dev.palisade.zonefile.ZoneFileParser;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class BulkPreviewTest {

  private static final Instant EXPIRY = Instant.parse("2099-01-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final ImportLimits LIMITS =
      new ImportLimits(DataSize.ofMegabytes(64), 2_000_000, 100_000, 10_000);

  @Test
  void readsLinesWithReasonsSkippingCommentsAndBlankLines() {
    Result result =
        BulkPreview.read(
            "# from the trap\n192.0.2.1 hit the trap twice\n\n  .example.com\r\n2001:db8::/32",
            "lines",
            ListKind.BLOCK,
            null,
            NOW,
            LIMITS);
    assertThat(result.ok()).isTrue();
    assertThat(result.drafts())
        .extracting(d -> d.value().canonical())
        .containsExactly("192.0.2.1", ".example.com", "2001:db8::/32");
    assertThat(result.drafts().get(0).reason()).isEqualTo("hit the trap twice");
    assertThat(result.drafts().get(1).reason()).isNull();
    assertThat(result.drafts()).allMatch(d -> d.kind() == ListKind.BLOCK);
  }

  @Test
  void reportsEveryBadLineWithItsNumberAndSavesNothing() {
    Result result =
        BulkPreview.read(
            "192.0.2.1\n192.0.2.1/24\nexample..com\n198.51.100.7",
            "lines",
            ListKind.BLOCK,
            null,
            NOW,
            LIMITS);
    assertThat(result.ok()).isFalse();
    assertThat(result.badCount()).isEqualTo(2);
    assertThat(result.bad()).extracting(BadLine::line).containsExactly(2, 3);
    assertThat(result.bad())
        .extracting(BadLine::text)
        .containsExactly("192.0.2.1/24", "example..com");
    assertThat(result.bad().get(0).message()).contains("192.0.2.1/24");
    assertThat(result.bad().get(1).message()).contains("empty label");
  }

  @Test
  void dropsTheBadLinesSoTheRestCanBeCheckedAgain() {
    String text = "192.0.2.1\nnot/an/address\n198.51.100.7";
    Result result = BulkPreview.read(text, "lines", ListKind.ALLOW, null, NOW, LIMITS);
    String fixed = BulkPreview.withoutBadLines(text, result);
    assertThat(fixed).isEqualTo("192.0.2.1\n198.51.100.7");
    assertThat(BulkPreview.read(fixed, "lines", ListKind.ALLOW, null, NOW, LIMITS).ok()).isTrue();
  }

  @Test
  void readsCsvWithHeaderQuotesReturnCodesAndExpiries() {
    Result result =
        BulkPreview.read(
            "value,reason,return code,expires\n"
                + "192.0.2.1,\"spam, and more\",127.0.0.3,2098-06-01T00:00:00Z\n"
                + "example.com\n",
            "csv",
            ListKind.BLOCK,
            EXPIRY,
            NOW,
            LIMITS);
    assertThat(result.ok()).isTrue();
    EntryDraft first = result.drafts().get(0);
    assertThat(first.reason()).isEqualTo("spam, and more");
    assertThat(first.returnCode()).isEqualTo(0x7f000003);
    assertThat(first.expiresAt()).isEqualTo(Instant.parse("2098-06-01T00:00:00Z"));
    EntryDraft second = result.drafts().get(1);
    assertThat(second.value().canonical()).isEqualTo("example.com");
    assertThat(second.expiresAt()).isEqualTo(EXPIRY); // the form's expiry when the line has none
  }

  @Test
  void explainsEachBadCsvLine() {
    Result result =
        BulkPreview.read(
            "192.0.2.1,ok,127.0.0.1\n"
                + "192.0.2.2,ok,,tomorrow\n"
                + "192.0.2.3,ok,,2001-01-01T00:00:00Z\n"
                + "192.0.2.4,a,b,c,d\n"
                + "192.0.2.5,\"open\n"
                + "192.0.2.6,fine",
            "csv",
            ListKind.BLOCK,
            null,
            NOW,
            LIMITS);
    assertThat(result.bad())
        .extracting(BadLine::line, BadLine::message)
        .containsExactly(
            tuple(
                1,
                "return code '127.0.0.1' is reserved: 127.0.0.1 means 'not listed' to many"
                    + " clients (RFC 5782)"),
            tuple(2, "expiry 'tomorrow' is not a date such as 2030-01-31T12:00:00Z"),
            tuple(3, "expiry '2001-01-01T00:00:00Z' is not in the future"),
            tuple(4, "5 columns; expected value,reason,return code,expires"),
            tuple(5, "a quote is not closed"));
    assertThat(result.drafts()).hasSize(1);
    assertThat(result.ok()).isFalse();
  }

  @Test
  void readsRbldnsdFilesAndReportsTheirBadLines() {
    Result good =
        BulkPreview.read(
            "192.0.2\n10/8 :127.0.0.4:listed\n", "ip4set", ListKind.BLOCK, null, NOW, LIMITS);
    assertThat(good.ok()).isTrue();
    assertThat(good.drafts())
        .extracting(d -> d.value().canonical())
        .containsExactly("192.0.2.0/24", "10.0.0.0/8");

    Result bad =
        BulkPreview.read("192.0.2.1\n300.1.2.3\n", "ip4set", ListKind.BLOCK, null, NOW, LIMITS);
    assertThat(bad.ok()).isFalse();
    assertThat(bad.bad()).extracting(BadLine::line).containsExactly(2);
    assertThat(bad.drafts()).isEmpty();
  }

  @Test
  void isNotReadyWithNothingToAdd() {
    assertThat(
            BulkPreview.read("# only a comment\n\n", "lines", ListKind.BLOCK, null, NOW, LIMITS)
                .ok())
        .isFalse();
    assertThat(BulkPreview.read(null, "csv", ListKind.BLOCK, null, NOW, LIMITS).drafts()).isEmpty();
  }

  @Test
  void refusesMoreEntriesThanTheLimitsAllow() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i <= LIMITS.maxEntries(); i++) {
      text.append("10.").append(i >> 16).append('.').append((i >> 8) & 255).append('.');
      text.append(i & 255).append('\n');
    }
    assertThatThrownBy(
            () -> BulkPreview.read(text.toString(), "lines", ListKind.BLOCK, null, NOW, LIMITS))
        .isInstanceOf(ImportLimitException.class)
        .hasMessage(
            "input: more than 100000 entries, the limit (palisade.imports.max-entries);"
                + " nothing was imported");
  }

  @Test
  void dropsEveryBadLineInOneStepEvenBeyondTheOnesShown() {
    int badLines = ZoneFileParser.MAX_REPORTED_ISSUES + 500;
    String text =
        IntStream.rangeClosed(1, badLines)
                .mapToObj(i -> "bad/" + i)
                .collect(Collectors.joining("\n"))
            + "\n192.0.2.1\n198.51.100.7";
    Result result = BulkPreview.read(text, "lines", ListKind.BLOCK, null, NOW, LIMITS);
    assertThat(result.badCount()).isEqualTo(badLines);
    assertThat(result.bad()).hasSize(ZoneFileParser.MAX_REPORTED_ISSUES);

    String fixed = BulkPreview.withoutBadLines(text, result);

    assertThat(fixed).isEqualTo("192.0.2.1\n198.51.100.7");
    assertThat(BulkPreview.read(fixed, "lines", ListKind.BLOCK, null, NOW, LIMITS).ok()).isTrue();
  }

  @Test
  void dropsEveryBadLineOfAnRbldnsdFileInOneStep() {
    int badLines = ZoneFileParser.MAX_REPORTED_ISSUES + 500;
    String text =
        "192.0.2.1\n"
            + IntStream.rangeClosed(1, badLines)
                .mapToObj(i -> "300.1.2." + (i % 250))
                .collect(Collectors.joining("\n"))
            + "\n198.51.100.7";
    Result result = BulkPreview.read(text, "ip4set", ListKind.BLOCK, null, NOW, LIMITS);
    assertThat(result.badCount()).isEqualTo(badLines);

    String fixed = BulkPreview.withoutBadLines(text, result);

    assertThat(fixed).isEqualTo("192.0.2.1\n198.51.100.7");
    assertThat(BulkPreview.read(fixed, "ip4set", ListKind.BLOCK, null, NOW, LIMITS).ok()).isTrue();
  }
}
