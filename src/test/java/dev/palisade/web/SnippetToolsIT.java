package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReturnCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each configuration snippet of a mail server's page, checked by the tool that reads it: Postfix's
 * {@code postconf} and {@code postmap}, {@code unbound-checkconf}, {@code spamassassin --lint},
 * {@code rspamadm configtest} and {@code exim -bV}. Once with the usual return code and once with a
 * code outside 127.0.0.x, which changes every filter. A missing tool skips its test, except in CI
 * ({@code CI=true}), where it fails: {@code .ci/run} installs them all (Exim unpacked beside
 * Postfix under {@code /var/cache/palisade-ci/exim}, or {@code PALISADE_TEST_EXIM}).
 */
class SnippetToolsIT {

  private static final Path EXIM =
      Path.of(
          System.getenv().getOrDefault("PALISADE_TEST_EXIM", "/var/cache/palisade-ci/exim")
              + "/usr/sbin/exim4");

  @TempDir Path dir;

  /** The snippets for acme's mx1 under rbl.example.net, every list answering these codes. */
  private static ZoneSnippets.Snippets snippets(String codes) {
    Map<String, String> zones = new LinkedHashMap<>();
    Map<ListZone, SortedSet<Integer>> inUse = new EnumMap<>(ListZone.class);
    for (ListZone list : ListZone.values()) {
      zones.put(list.label(), "acme-mx1." + list.label() + ".rbl.example.net");
      TreeSet<Integer> set = new TreeSet<>();
      Arrays.stream(codes.split(" ")).forEach(code -> set.add(ReturnCode.parse(code)));
      inUse.put(list, set);
    }
    return ZoneSnippets.render(
        zones, inUse, ZoneSnippets.unbound("rbl.example.net", "127.0.0.1", 5353));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "127.0.0.2 127.0.1.2"})
  void postconfReadsTheLinesAddedToAnExistingListTheWholeSettingAndPostscreen(String codes)
      throws IOException {
    Path postconf = tool("/usr/sbin/postconf", "postfix");
    ZoneSnippets.Snippets s = snippets(codes);
    Files.copy(Path.of("/etc/postfix/master.cf"), dir.resolve("master.cf"));

    // The lines as the page says to add them: into an existing list, after
    // reject_unauth_destination and before the final permit.
    Files.writeString(
        dir.resolve("main.cf"),
        String.join(
            "\n",
            "compatibility_level = 3.6",
            "smtpd_recipient_restrictions =",
            "    permit_mynetworks,",
            "    reject_unauth_destination,",
            s.postfixLines(),
            "    permit",
            ""));
    Result added = run(postconf.toString(), "-c", dir.toString(), "-n");
    assertThat(added.ok()).as(added.output()).isTrue();
    assertThat(added.output())
        .doesNotContain("warning")
        .contains("reject_unauth_destination, permit_dnswl_client acme-mx1.wl.rbl.example.net=")
        .contains("reject_rhsbl_sender acme-mx1.dbl.rbl.example.net=");

    // The whole setting, the reply map and postscreen together, each map file where it says.
    Map<String, String> files = new LinkedHashMap<>();
    for (String snippet : List.of(s.postfix(), s.replyMaps(), s.postscreen())) {
      files(snippet).forEach((name, text) -> files.merge(name, text, (a, b) -> a + "\n" + b));
    }
    assertThat(files).containsOnlyKeys("main.cf", "rbl_reply", "dnsbl_reply");
    String mainCf =
        "compatibility_level = 3.6\n"
            + files.get("main.cf").replace("/etc/postfix/", dir.toString() + "/");
    Files.writeString(dir.resolve("main.cf"), mainCf);
    Files.writeString(dir.resolve("rbl_reply"), files.get("rbl_reply"));
    Files.writeString(dir.resolve("dnsbl_reply"), files.get("dnsbl_reply"));
    Result whole = run(postconf.toString(), "-c", dir.toString(), "-n");
    assertThat(whole.ok()).as(whole.output()).isTrue();
    assertThat(whole.output())
        .doesNotContain("warning")
        .contains("postscreen_dnsbl_sites = acme-mx1.bl.rbl.example.net=")
        .contains("*3, acme-mx1.wl.rbl.example.net=");

    // postmap finds each reply under the key Postfix looks up: the list exactly as written in
    // the restriction for rbl_reply_maps, the bare zone for postscreen's reply map.
    String restriction =
        Arrays.stream(s.postfixLines().split("\n"))
            .filter(line -> line.contains("reject_rbl_client"))
            .map(line -> line.strip().replace("reject_rbl_client ", "").replace(",", ""))
            .findFirst()
            .orElseThrow();
    Path postmap = tool("/usr/sbin/postmap", "postfix");
    Result reply =
        run(
            postmap.toString(),
            "-c",
            dir.toString(),
            "-q",
            restriction,
            "texthash:" + dir.resolve("rbl_reply"));
    assertThat(reply.ok()).as(restriction + ": " + reply.output()).isTrue();
    assertThat(reply.output()).contains("$rbl_code 5.7.1");
    Result screen =
        run(
            postmap.toString(),
            "-c",
            dir.toString(),
            "-q",
            "acme-mx1.bl.rbl.example.net",
            "texthash:" + dir.resolve("dnsbl_reply"));
    assertThat(screen.ok()).as(screen.output()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2"})
  void unboundChecksTheStubZone(String codes) throws IOException {
    Path checkconf = tool("/usr/sbin/unbound-checkconf", "unbound");
    String snippet = snippets(codes).unbound();
    Path conf = dir.resolve("unbound.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "server:",
            "    chroot: \"\"",
            "    username: \"\"",
            "    directory: \"" + dir + "\"",
            "    pidfile: \"\"",
            snippet));
    Result result = run(checkconf.toString(), conf.toString());
    assertThat(result.ok()).as(snippet + result.output()).isTrue();
    assertThat(result.output()).contains("no errors");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "127.0.0.2 127.0.1.2"})
  void spamAssassinLintsTheRules(String codes) throws IOException {
    Path spamassassin = tool("/usr/bin/spamassassin", "spamassassin");
    String snippet = snippets(codes).spamAssassin();
    Path site = Files.createDirectories(dir.resolve("site"));
    // The plugins (DNSEval's check_rbl among them) are loaded by the .pre files of the site
    // directory; without them every eval rule would be unknown.
    try (var pre = Files.list(Path.of("/etc/spamassassin"))) {
      for (Path file : pre.filter(p -> p.toString().endsWith(".pre")).toList()) {
        Files.copy(file, site.resolve(file.getFileName()));
      }
    }
    Files.writeString(site.resolve("palisade.cf"), snippet);
    Result result =
        run(spamassassin.toString(), "--lint", "-L", "--siteconfigpath=" + site, "-D", "config");
    assertThat(result.ok()).as(snippet + result.output()).isTrue();
    assertThat(result.output()).contains("palisade.cf");

    // And lint does fail on a broken rule: the check is not empty.
    // (lint checks directives, not the names of eval functions or the regular expressions)
    Files.writeString(site.resolve("palisade.cf"), snippet.replace("tflags ", "tflag "));
    assertThat(run(spamassassin.toString(), "--lint", "-L", "--siteconfigpath=" + site).ok())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "127.0.0.2 127.0.1.2"})
  void rspamdAcceptsTheRblSettings(String codes) throws IOException {
    Path rspamadm = tool("/usr/bin/rspamadm", "rspamd");
    String snippet = snippets(codes).rspamd();
    Path local = Files.createDirectories(dir.resolve("local.d"));
    Map<String, String> files = files(snippet);
    assertThat(files).containsOnlyKeys("rbl.conf", "rbl_group.conf");
    files.forEach((name, text) -> write(local.resolve(name), text));
    // Not --strict: that also fails on the stock fuzzy servers, which cannot be resolved here.
    // A setting the RBL module rejects is reported as "invalid config for <rule>".
    Result result = rspamdConfigTest(rspamadm);
    assertThat(result.ok()).as(snippet + result.output()).isTrue();
    assertThat(result.output()).as(snippet).doesNotContainIgnoringCase("palisade");
    Result dump =
        run(
            rspamadm.toString(),
            "--var=LOCAL_CONFDIR=" + dir,
            "configdump",
            "-c",
            "/etc/rspamd/rspamd.conf",
            "rbl");
    assertThat(dump.output()).contains("acme-mx1.bl.rbl.example.net", "PALISADE_DBL");

    write(local.resolve("rbl.conf"), files.get("rbl.conf").replace("rbl = ", "rbl_zone = "));
    assertThat(rspamdConfigTest(rspamadm).output()).contains("invalid config for palisade_bl");
  }

  private Result rspamdConfigTest(Path rspamadm) throws IOException {
    return run(
        rspamadm.toString(),
        "--var=LOCAL_CONFDIR=" + dir,
        "configtest",
        "-c",
        "/etc/rspamd/rspamd.conf");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.2", "127.0.0.2 127.0.1.2"})
  void eximAcceptsTheAclStatements(String codes) throws IOException {
    Path exim = tool(EXIM.toString(), "exim");
    String snippet = snippets(codes).exim();
    Path conf = dir.resolve("exim.conf");
    Files.writeString(conf, eximConfig(snippet));
    Result result = run(exim.toString(), "-bV", "-C", conf.toString());
    assertThat(result.ok()).as(snippet + result.output()).isTrue();
    assertThat(result.output()).contains("Configuration file is " + conf);

    Files.writeString(conf, eximConfig(snippet.replace("dnslists  =", "dnslist  =")));
    assertThat(run(exim.toString(), "-bV", "-C", conf.toString()).ok()).isFalse();
  }

  /** A small Exim configuration whose RCPT ACL holds the statements. */
  private String eximConfig(String statements) {
    return String.join(
        "\n",
        "primary_hostname = mx1.example.net",
        "spool_directory = " + dir.resolve("spool"),
        "log_file_path = " + dir.resolve("%slog"),
        "acl_smtp_rcpt = acl_check_rcpt",
        "",
        "begin acl",
        "",
        "acl_check_rcpt:",
        "  deny    !authenticated = *",
        "          !hosts = 192.0.2.0/24",
        "          !verify = recipient",
        statements,
        "  accept",
        "");
  }

  /**
   * A snippet split into the files it names: each line {@code # /path/name ...} starts the file
   * {@code name}; a snippet without one is all {@code main.cf}.
   */
  private static Map<String, String> files(String snippet) {
    Map<String, String> files = new LinkedHashMap<>();
    String name = "main.cf";
    List<String> lines = new ArrayList<>();
    for (String line : snippet.split("\n", -1)) {
      if (line.startsWith("# /etc/")) {
        if (!lines.isEmpty()) {
          files.merge(name, String.join("\n", lines), (a, b) -> a + "\n" + b);
        }
        String path = line.substring(2).split("[ :]")[0];
        name = path.substring(path.lastIndexOf('/') + 1);
        lines = new ArrayList<>();
        continue;
      }
      lines.add(line);
    }
    files.merge(name, String.join("\n", lines) + "\n", (a, b) -> a + "\n" + b);
    files.values().removeIf(String::isBlank);
    return files;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tool, or the test skipped (failed in CI) without it. */
  private static Path tool(String path, String what) {
    Path tool = Path.of(path);
    if (!Files.isExecutable(tool)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(what + " is not installed at " + path + "; CI must run this test (see .ci/run)");
      }
      Assumptions.abort(what + " is not installed at " + path);
    }
    return tool;
  }

  private record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }

  private Result run(String... command) throws IOException {
    Path out = dir.resolve("out-" + System.nanoTime());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
