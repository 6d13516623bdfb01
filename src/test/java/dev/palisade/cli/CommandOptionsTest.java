package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.cli.CommandOptions.Command;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportFormat;
import dev.palisade.zonefile.ZoneFileFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandOptionsTest {

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "import --account=a                       | true",
        "--spring.profiles.active=postgres export | true",
        "help                                     | true",
        "--help                                   | true",
        "-h                                       | true",
        "--server.port=8081                       | false",
        "''                                       | false",
        "serve                                    | false",
      })
  void tellsACommandFromAServerStart(String line, boolean command) {
    assertThat(CommandOptions.isCommand(args(line))).isEqualTo(command);
  }

  @Test
  void readsAnImportWithItsFilesAndPassesConfigurationOn() {
    CommandOptions options =
        CommandOptions.parse(
            args(
                "import --account=acme --server=mx1 --list=Allow --format=CSV --create"
                    + " --spring.datasource.url=jdbc:h2:mem:x a.csv b.csv.gz"));

    assertThat(options.command).isEqualTo(Command.IMPORT);
    assertThat(options.account).isEqualTo("acme");
    assertThat(options.server).isEqualTo("mx1");
    assertThat(options.scopeName()).isEqualTo("acme/mx1");
    assertThat(options.list).isEqualTo(ListKind.ALLOW);
    assertThat(options.importFormat).isEqualTo(ImportFormat.CSV);
    assertThat(options.create).isTrue();
    assertThat(options.files).containsExactly(Path.of("a.csv"), Path.of("b.csv.gz"));
    assertThat(options.springArgs).containsExactly("--spring.datasource.url=jdbc:h2:mem:x");
  }

  @Test
  void readsAnExport() {
    CommandOptions options =
        CommandOptions.parse(
            args("export --account=acme --list=block --format=ip4trie --output=bl.txt"));

    assertThat(options.command).isEqualTo(Command.EXPORT);
    assertThat(options.scopeName()).isEqualTo("acme");
    assertThat(options.exportFormat).isEqualTo(ZoneFileFormat.IP4TRIE);
    assertThat(options.output).isEqualTo(Path.of("bl.txt"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "''",
        "help",
        "--help import --account=x",
        "import --account=x -h",
      })
  void asksForHelp(String line) {
    assertThat(CommandOptions.parse(args(line)).command).isEqualTo(Command.HELP);
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "serve --account=a                                  | unknown command 'serve'",
        "import --list=block --format=lines f               | --account is missing",
        "import --account=a --format=lines f                | --list is missing (block, allow or exclude)",
        "import --account=a --list=deny --format=lines f    | --list must be block, allow or exclude, not 'deny'",
        "export --account=a --list=exclude --format=ip4trie | --list=exclude has no zone to export: export block or allow, whose files hold the exclusions as '!' lines",
        "import --account=a --list=block f                  | --format is missing (lines, csv, ip4set, ip4trie, ip6trie, ip6tset, dnset, combined)",
        "import --account=a --list=block --format=json f    | unknown format 'json'; supported: lines, csv",
        "import --account=a --list=block --format=lines     | no file to import",
        "import --account= --list=block --format=lines f    | --account needs a value, as in --account=...",
        "export --account=a --list=block                    | --format is missing (ip4set, ip4trie, ip6trie or dnset)",
        "export --account=a --list=block --format=csv       | --format=csv is for imports; export as ip4set, ip4trie, ip6trie or dnset",
        "export --account=a --list=block --format=combined  | --format=combined is for imports",
        "export --account=a --list=block --format=ip6tset   | --format=ip6tset is for imports",
        "export --account=a --list=block --format=json      | unknown format 'json'",
        "export --account=a --list=block --format=dnset f   | export takes no file arguments; use --output=FILE",
      })
  void explainsWrongUsage(String line, String message) {
    assertThatThrownBy(() -> CommandOptions.parse(args(line)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void anUnknownExportFormatNamesTheFormatsAnExportWrites() {
    assertThatThrownBy(
            () -> CommandOptions.parse(args("export --account=a --list=block --format=xml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown format 'xml'; export as ip4set, ip4trie, ip6trie or dnset");
  }

  private static String[] args(String line) {
    return line.isBlank() ? new String[0] : line.strip().split(" +");
  }
}
