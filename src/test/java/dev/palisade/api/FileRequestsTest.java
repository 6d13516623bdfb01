package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportException;
import dev.palisade.imports.ImportFormat;
import dev.palisade.imports.ReadImport;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileRequestsTest {

  @Test
  void readsTheFormatAndListParameters() {
    assertThat(FileRequests.format("CSV")).isEqualTo(ImportFormat.CSV);
    assertThat(FileRequests.list("allow")).isEqualTo(ListKind.ALLOW);
    assertThat(FileRequests.body(new byte[] {1})).containsExactly(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing format | format | format is missing: expected one of lines, csv, ip4set",
        "unknown format | format | unknown format 'xml'",
        "missing list   | list   | list is missing",
        "empty body     | body   | the body is empty; send the data file",
      })
  void namesTheFieldOfAWrongParameter(String what, String field, String message) {
    assertThatThrownBy(
            () -> {
              switch (what) {
                case "missing format" -> FileRequests.format(" ");
                case "unknown format" -> FileRequests.format("xml");
                case "missing list" -> FileRequests.list(null);
                default -> FileRequests.body(new byte[0]);
              }
            })
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.getMessage()).startsWith(message);
              assertThat(e.errors()).extracting(InvalidField::field).containsExactly(field);
            });
  }

  @Test
  void listsEveryBadLineWithItsNumberAndAWholeFileProblemWithout() {
    ImportException refused =
        refused(
            new ZoneFileException(
                "body",
                List.of(
                    new ZoneFileIssue("body", 2, "10.0.0.999", "not an address"),
                    new ZoneFileIssue("body", 0, "", "too many entries")),
                3));

    InvalidRequestException problem = FileRequests.badLines(refused);

    assertThat(problem.getMessage()).isEqualTo("3 bad lines; nothing was imported");
    assertThat(problem.errors())
        .extracting(InvalidField::line, InvalidField::field, InvalidField::message)
        .containsExactly(
            tuple(2, "body", "not an address [10.0.0.999]"),
            tuple(null, "body", "too many entries"));
  }

  private static ImportException refused(ZoneFileException failure) {
    try {
      new ReadImport(List.of("body"), List.of(), List.of(failure), List.of(), 0, List.of())
          .requireGood();
    } catch (ImportException e) {
      return e;
    }
    throw new AssertionError("a failure must refuse the import");
  }
}
