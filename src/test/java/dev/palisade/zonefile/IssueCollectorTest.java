package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class IssueCollectorTest {

  @Test
  void keepsTheFirstIssuesAndCountsAll() {
    IssueCollector issues = new IssueCollector("big.txt");
    for (int i = 1; i <= ZoneFileParser.MAX_REPORTED_ISSUES + 5; i++) {
      issues.add(i, "  line " + i + "  ", "bad");
    }

    assertThat(issues.count()).isEqualTo(ZoneFileParser.MAX_REPORTED_ISSUES + 5);
    assertThat(issues.reported()).hasSize(ZoneFileParser.MAX_REPORTED_ISSUES);
    assertThat(issues.reported().get(0))
        .isEqualTo(new ZoneFileIssue("big.txt", 1, "line 1", "bad"));
  }

  @Test
  void theProblemAfterTheMostThrowsAllSoFarNamingWhereReadingStopped() {
    IssueCollector issues = new IssueCollector("f", 2);
    issues.add(3, "a", "bad");
    issues.add(5, "b", "bad");

    ZoneFileException stopped =
        catchThrowableOfType(ZoneFileException.class, () -> issues.add(8, "c", "bad"));

    assertThat(stopped.stoppedAt()).isEqualTo(8);
    assertThat(stopped.errorCount()).isEqualTo(3);
    assertThat(stopped.errors()).extracting(ZoneFileIssue::line).containsExactly(3, 5, 8);
    assertThat(stopped.getMessage())
        .startsWith("f: more than 2 bad lines; reading stopped at line 8");
    assertThat(issues.stoppedAt()).isEqualTo(8);
    IssueCollector taker = new IssueCollector("f", 1);
    assertThatNoException().isThrownBy(() -> taker.addAll(stopped));
    assertThat(taker.toException().stoppedAt()).as("kept when taken over").isEqualTo(8);
  }

  @Test
  void cutsVeryLongLineText() {
    IssueCollector issues = new IssueCollector("f");
    issues.add(1, "x".repeat(500), "too long");

    assertThat(issues.reported().get(0).text())
        .hasSize(IssueCollector.MAX_QUOTED_TEXT + 3)
        .endsWith("...");
  }

  @Test
  void takesOverIssuesCollectedElsewhereWithTheirCount() {
    IssueCollector issues = new IssueCollector("f");
    issues.add(1, "a", "first");
    ZoneFileIssue parsed = new ZoneFileIssue("f", 9, "b", "from the parser");
    issues.addAll(List.of(parsed), 40);

    assertThat(issues.count()).isEqualTo(41);
    assertThat(issues.reported()).extracting(ZoneFileIssue::line).containsExactly(1, 9);
  }

  @Test
  void throwsOnlyWhenSomethingWasCollected() {
    IssueCollector issues = new IssueCollector("f");
    assertThatNoException().isThrownBy(issues::throwIfAny);

    issues.add(3, "x", "bad");
    ZoneFileException e = catchThrowableOfType(ZoneFileException.class, issues::throwIfAny);
    assertThat(e.fileName()).isEqualTo("f");
    assertThat(e.errorCount()).isEqualTo(1);
    assertThat(e).hasMessage("f: 1 bad line\n  line 3: bad");
  }

  @Test
  void knowsEveryBadLineNumberBeyondTheReportedOnes() {
    IssueCollector issues = new IssueCollector("big.txt");
    int last = ZoneFileParser.MAX_REPORTED_ISSUES + 5;
    for (int i = 1; i <= last; i++) {
      issues.add(2 * i, "x", "bad");
    }
    issues.add(0, "", "too many entries");

    ZoneFileException e = issues.toException();

    assertThat(e.errors()).hasSize(ZoneFileParser.MAX_REPORTED_ISSUES);
    assertThat(e.badLines().cardinality()).isEqualTo(last);
    assertThat(e.badLines().get(2 * last)).isTrue();
    assertThat(e.badLines().get(3)).isFalse();

    IssueCollector merged = new IssueCollector("big.txt");
    merged.addAll(e);
    assertThat(merged.lines()).isEqualTo(e.badLines());
    assertThat(merged.count()).isEqualTo(last + 1);
  }
}
