package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a mail admin runs it, in-process against a private H2 database: exit codes,
 * messages, and that import and export round-trip.
 */
class ZoneFileCommandIT {

  @TempDir Path dir;

  private final String database = "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private String out;
  private String err;

  @Test
  void helpIsForAMailAdmin() {
    assertThat(run("--help")).isZero();
    assertThat(out)
        .contains("java -jar palisade.jar import --account=ACCOUNT")
        .contains("Exit codes");
  }

  @Test
  void missingOptionIsAUsageError() {
    assertThat(run("import", "--account=demo", "--format=ip4set", "x.txt")).isEqualTo(2);
    assertThat(err).contains("--list is missing");
  }

  @Test
  void badFileImportsNothingAndCreatesNothing() throws Exception {
    Path good = write("good.txt", "192.0.2.1\n");
    Path bad = write("bad.txt", "192.0.2.2\n192.0.2.300\n");

    assertThat(
            run(
                "import",
                "--account=acme",
                "--create",
                "--list=block",
                "--format=ip4set",
                good.toString(),
                bad.toString()))
        .isEqualTo(1);
    assertThat(err).contains("bad.txt:2:").contains("nothing was imported");
    assertThat(run("export", "--account=acme", "--list=block", "--format=ip4set"))
        .as("the account was not created")
        .isEqualTo(2);
  }

  /**
   * The first sign-in and the first API token are the server's to make and show: made here, an
   * export to standard output (which logs nothing) left a database whose admin password and token
   * were never shown, and the server's first start then found a user and a token and showed none.
   */
  @Test
  void theCommandLineMakesNoSignInOrTokenOfItsOwn() throws Exception {
    assertThat(run("export", "--account=acme", "--list=block", "--format=ip4set")).isEqualTo(2);
    Path block = write("block.txt", "192.0.2.1\n");
    assertThat(importFile("ip4set", block)).as(err).isZero();

    try (Connection connection = DriverManager.getConnection(database, "sa", "");
        Statement statement = connection.createStatement();
        ResultSet counts =
            statement.executeQuery(
                "select (select count(*) from app_user), (select count(*) from api_token)")) {
      counts.next();
      assertThat(counts.getLong(1)).as("web UI users").isZero();
      assertThat(counts.getLong(2)).as("API tokens").isZero();
    }
  }

  @Test
  void importThenExportRoundTrips() throws Exception {
    Path block = write("block.txt", ":2:Blocked $\n198.51.100.0/24\n!198.51.100.25\n");
    Path output = dir.resolve("export.txt");

    assertThat(
            run(
                "import",
                "--account=acme",
                "--server=mx1",
                "--create",
                "--list=block",
                "--format=ip4set",
                block.toString()))
        .as(err)
        .isZero();
    assertThat(out).contains("imported 2 entries from 1 file into the block list of acme/mx1");
    assertThat(
            run(
                "export",
                "--account=acme",
                "--server=mx1",
                "--list=block",
                "--format=ip4trie",
                "--output=" + output))
        .as(err)
        .isZero();
    assertThat(Files.readString(output))
        .contains("\n198.51.100.0/24 :127.0.0.2:Blocked $\n")
        .contains("\n!198.51.100.25\n");
  }

  @Test
  void importsCsvAsTheWebUiAndTheApiDo() throws Exception {
    Path csv =
        write("list.csv", "value,reason,return code\n192.0.2.50,\"Trap, twice\",127.0.0.4\n");

    assertThat(importFile("csv", csv)).as(err).isZero();
    assertThat(out).contains("imported 1 entries from 1 file into the block list of acme");
    assertThat(run("export", "--account=acme", "--list=block", "--format=ip4trie")).isZero();
    assertThat(out).contains("\n192.0.2.50 :127.0.0.4:Trap, twice\n");
  }

  @Test
  void importsGzipCompressedLinesWhateverTheFileIsCalled() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write("# from the trap\n192.0.2.51 seen in the trap\n".getBytes(StandardCharsets.UTF_8));
    }
    Path lines = Files.write(dir.resolve("more.lst"), compressed.toByteArray());

    assertThat(importFile("lines", lines)).as(err).isZero();
    assertThat(run("export", "--account=acme", "--list=block", "--format=ip4trie")).isZero();
    assertThat(out).contains("\n192.0.2.51 :127.0.0.2:seen in the trap\n");
  }

  @Test
  void aTruncatedGzipFileIsBadDataNamedWithWhatIsWrong() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write("192.0.2.53\n".repeat(500).getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = compressed.toByteArray();
    Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(whole, whole.length / 2));

    assertThat(importFile("lines", cut)).as(err).isEqualTo(1);
    assertThat(err)
        .contains(cut + ": the gzip data ends too early: the file is truncated")
        .contains("nothing was imported");
  }

  @Test
  void importsACombinedFileIntoAddressesAndNames() throws Exception {
    Path combined =
        write("all.txt", "$DATASET ip4set:a @\n192.0.2.52\n$DATASET dnset:b @\n.spam.example\n");

    assertThat(importFile("combined", combined)).as(err).isZero();
    assertThat(out).contains("imported 2 entries from 1 file into the block list of acme");
    assertThat(run("export", "--account=acme", "--list=block", "--format=ip4trie")).isZero();
    assertThat(out).contains("\n192.0.2.52 :127.0.0.2:");
    assertThat(run("export", "--account=acme", "--list=block", "--format=dnset")).isZero();
    assertThat(out).contains("\n.spam.example :127.0.0.2:");
  }

  private int importFile(String format, Path file) {
    return run(
        "import",
        "--account=acme",
        "--create",
        "--list=block",
        "--format=" + format,
        file.toString());
  }

  @Test
  void aCombinedDatasetOfAnotherTypeIsABadLine() throws Exception {
    Path combined = write("all.txt", "$DATASET ip4set @\n192.0.2.1\n$DATASET acl @\n0/0 :pass\n");

    assertThat(
            run(
                "import",
                "--account=acme",
                "--create",
                "--list=block",
                "--format=combined",
                combined.toString()))
        .isEqualTo(1);
    assertThat(err)
        .contains("all.txt:3: dataset type 'acl' is not supported")
        .contains("nothing was imported");
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--spring.datasource.url=" + database);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code =
        ZoneFileCommand.run(
            PalisadeApplication.class,
            all.toArray(String[]::new),
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));
    out = stdout.toString(StandardCharsets.UTF_8);
    err = stderr.toString(StandardCharsets.UTF_8);
    return code;
  }
}
