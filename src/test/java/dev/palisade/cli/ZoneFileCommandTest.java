package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.imports.ImportFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the command line says before it opens a database: help and usage errors. */
class ZoneFileCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ZoneFileCommand.run(
        Object.class,
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(ImportFormat.class)
  void helpExplainsEveryImportFormat(ImportFormat format) {
    assertThat(run("--help")).isEqualTo(ZoneFileCommand.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("\\b" + format + "\\b");
  }

  @Test
  void helpFitsAnEightyColumnTerminalAndNamesTheExitCodes() {
    run("help");
    String help = out.toString(StandardCharsets.UTF_8);

    assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    assertThat(help)
        .contains("Formats for export: ip4set, ip4trie, ip6trie, dnset")
        .contains("Exit codes: 0 done, 1 a file has bad lines");
  }

  @Test
  void wrongUsageExitsWithTwoAndPointsToTheHelp() {
    assertThat(run("import", "--account=a", "--list=block", "--format=xml", "f"))
        .isEqualTo(ZoneFileCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("palisade: unknown format 'xml'")
        .contains("Try 'java -jar palisade.jar --help'.");
  }

  @Test
  void anUnreadableFileExitsWithThreeBeforeTheDatabaseIsOpened() {
    assertThat(run("import", "--account=a", "--list=block", "--format=lines", "/no/such/file.txt"))
        .isEqualTo(ZoneFileCommand.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read /no/such/file.txt");
  }
}
