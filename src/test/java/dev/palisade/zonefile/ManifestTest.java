package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.ListKind;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

  @TempDir Path directory;

  @BeforeEach
  void createDataFiles() throws IOException {
    Files.writeString(directory.resolve("block.txt"), "192.0.2.1\n");
    Files.writeString(directory.resolve("allow.txt"), "192.0.2.2\n");
    Files.createDirectory(directory.resolve("sub"));
    Files.writeString(directory.resolve("sub/domains.txt"), "example.com\n");
  }

  private Manifest parse(String text) throws IOException {
    return Manifest.parse("manifest.txt", new StringReader(text), directory);
  }

  @Test
  void readsFileScopeListAndFormatPerLine() throws IOException {
    Manifest manifest =
        parse(
            """
            # file           scope     list   format
            block.txt        demo      block  ip4set
            allow.txt        demo/mx1  allow  IP4TRIE   # trailing comment
            sub/domains.txt  demo      block  dnset
            """);

    assertThat(manifest.directory()).isEqualTo(directory.toAbsolutePath().normalize());
    assertThat(manifest.entries())
        .extracting(
            ManifestEntry::line,
            e -> directory.relativize(e.file()).toString().replace('\\', '/'),
            ManifestEntry::account,
            ManifestEntry::server,
            ManifestEntry::label,
            ManifestEntry::list,
            ManifestEntry::format)
        .containsExactly(
            tuple(2, "block.txt", "demo", null, "demo", ListKind.BLOCK, ZoneFileFormat.IP4SET),
            tuple(
                3, "allow.txt", "demo", "mx1", "demo-mx1", ListKind.ALLOW, ZoneFileFormat.IP4TRIE),
            tuple(
                4, "sub/domains.txt", "demo", null, "demo", ListKind.BLOCK, ZoneFileFormat.DNSET));
    assertThat(manifest.entries().get(0).accountWide()).isTrue();
    assertThat(manifest.entries().get(1).accountWide()).isFalse();
  }

  @Test
  void reportsEveryBadLineWithItsNumber() {
    String text =
        """
        block.txt    demo       block  ip4set
        block.txt    demo       block
        missing.txt  demo       block  ip4set
        ../block.txt demo       block  ip4set
        block.txt    Demo       block  ip4set
        block.txt    demo/-mx1  block  ip4set
        block.txt    demo       deny   ip4set
        block.txt    demo       block  generic
        block.txt    demo       block  ip4set
        """;

    ZoneFileException e = catchThrowableOfType(ZoneFileException.class, () -> parse(text));

    assertThat(e.fileName()).isEqualTo("manifest.txt");
    assertThat(e.errors())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::message)
        .containsExactly(
            tuple(2, "expected 4 columns: file scope list format (found 3)"),
            tuple(3, "file 'missing.txt' does not exist"),
            tuple(4, "file '../block.txt' is outside the manifest's directory"),
            tuple(
                5,
                "account slug 'Demo' must be 1-63 lower-case letters, digits or '-',"
                    + " not starting or ending with '-'"),
            tuple(
                6,
                "server name '-mx1' must be 1-63 lower-case letters, digits or '-',"
                    + " not starting or ending with '-'"),
            tuple(7, "list 'deny' is not 'block' or 'allow'"),
            tuple(
                8,
                "unknown format 'generic'; supported: ip4set, ip4trie, ip6trie, ip6tset, dnset,"
                    + " combined (generic datasets are not supported)"),
            tuple(9, "repeats an earlier line: same file, scope and list"));
  }

  @Test
  void readsAManifestFileAgainstItsOwnDirectory() throws IOException {
    Path manifestFile = directory.resolve("manifest.txt");
    Files.writeString(manifestFile, "block.txt demo block ip4set\n");

    Manifest manifest = Manifest.read(manifestFile);

    assertThat(manifest.entries())
        .singleElement()
        .extracting(ManifestEntry::file)
        .isEqualTo(directory.resolve("block.txt").toAbsolutePath().normalize());
  }
}
