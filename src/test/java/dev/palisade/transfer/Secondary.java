package dev.palisade.transfer;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/**
 * A real secondary — Knot, BIND or NSD from their Debian packages — run by a test as a child
 * process in the foreground, with the configuration of deploy/secondaries.md in a directory of its
 * own and a loopback port of its own. What differs between the three is one row of {@link Server}
 * and the guide's block edited for the test ({@link #edits}).
 */
final class Secondary {

  static final String KEY = "palisade-xfr";

  /** The three servers: executable, catalog consumer or not, zone directory, arguments. */
  enum Server {
    /** Knot DNS, a catalog consumer. */
    KNOT("knot", "knotd", true, "data/palisade", List.of("-c")),
    /** BIND 9, a catalog consumer. */
    BIND("bind", "named", true, "palisade", List.of("-g", "-4", "-n", "1", "-c")),
    /** NSD 4.6: no catalog consumer, so every zone is listed. */
    NSD("nsd", "nsd", false, null, List.of("-d", "-c"));

    final String name;
    final String executable;
    final boolean consumesCatalog;

    /** The directory below the secondary's own that its configuration expects, or null. */
    final String zoneDirectory;

    /** The arguments that run it in the foreground, before the configuration file. */
    final List<String> arguments;

    Server(
        String name,
        String executable,
        boolean consumesCatalog,
        String zoneDirectory,
        List<String> arguments) {
      this.name = name;
      this.executable = executable;
      this.consumesCatalog = consumesCatalog;
      this.zoneDirectory = zoneDirectory;
      this.arguments = arguments;
    }
  }

  final Server server;
  final String name;
  final int port;
  final Path dir;
  private Process process;
  private SimpleResolver resolver;

  Secondary(Server server, int port, Path dir) {
    this.server = server;
    this.name = server.name;
    this.port = port;
    this.dir = dir;
  }

  /** The daemon's executable; the test is skipped (or fails in CI) when it is missing. */
  String binary() {
    return find(server.executable);
  }

  /** Whether it learns the zones from the catalog (Knot, BIND) or has them listed (NSD). */
  boolean consumesCatalog() {
    return server.consumesCatalog;
  }

  void start(int primaryPort, String secret, List<Name> zones) throws IOException {
    Files.createDirectories(dir);
    if (server.zoneDirectory != null) {
      Files.createDirectories(dir.resolve(server.zoneDirectory));
    }
    Path conf = dir.resolve(name + ".conf");
    Files.writeString(conf, config(primaryPort, secret, zones));
    List<String> command = new ArrayList<>();
    command.add(binary());
    command.addAll(server.arguments);
    command.add(conf.toString());
    process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    resolver.setTimeout(Duration.ofSeconds(2));
  }

  /** The configuration file's text for a primary on 127.0.0.1 at {@code primaryPort}. */
  String config(int primaryPort, String secret, List<Name> zones) {
    Guide guide = Guide.block(name);
    for (String[] edit : edits(primaryPort, secret, zones)) {
      guide.replace(edit[0], edit[1]);
    }
    return guide.text();
  }

  /**
   * The guide's block as the test runs it, a table of (text in the guide, text for the test), in
   * order: loopback addresses and ports instead of the examples, the test's directory, the secret.
   */
  private String[][] edits(int primaryPort, String secret, List<Name> zones) {
    return switch (server) {
      case KNOT ->
          new String[][] {
            {"listen: 192.0.2.53@53", "listen: 127.0.0.1@" + port},
            {"rundir: /run/knot", "rundir: " + dir},
            {"/var/lib/knot", dir.resolve("data").toString()},
            {"target: syslog", "target: stderr"},
            {"PASTE-THE-SECRET-HERE", secret},
            {"address: 192.0.2.10@53", "address: 127.0.0.1@" + primaryPort},
            {"address: 192.0.2.10", "address: 127.0.0.1"},
          };
      case BIND ->
          new String[][] {
            {"PASTE-THE-SECRET-HERE", secret},
            {"192.0.2.10 port 53", "127.0.0.1 port " + primaryPort},
            {"listen-on port 53 { 192.0.2.53; };", "listen-on port " + port + " { 127.0.0.1; };"},
            // Test-only: files in the test's directory, no rndc channel (it would take port 953),
            // no trust anchor upkeep (it would query the root servers).
            {
              "directory \"/var/cache/bind\";",
              "directory \""
                  + dir
                  + "\";\n    pid-file none;\n    session-keyfile \"session.key\";"
                  + "\n    managed-keys-directory \""
                  + dir
                  + "\";\n    dnssec-validation no;"
            },
            {"options {", "controls { };\n\noptions {"},
          };
      case NSD ->
          new String[][] {
            {"ip-address: 192.0.2.53@53", "ip-address: 127.0.0.1@" + port},
            // Test-only: the test's user and directory, no daemon database.
            {
              "server:\n",
              "server:\n    username: \"\"\n    database: \"\"\n    pidfile: \""
                  + dir.resolve("nsd.pid")
                  + "\"\n    xfrdfile: \""
                  + dir.resolve("xfrd.state")
                  + "\"\n    xfrdir: \""
                  + dir
                  + "\"\n    zonelistfile: \""
                  + dir.resolve("zone.list")
                  + "\"\n"
                  + "    server-count: 1\n"
                  + "    do-ip6: no\n"
                  + "    verbosity: 2\n"
                  + "    rrl-ratelimit: 0\n"
            },
            {"zonesdir: /var/lib/nsd", "zonesdir: " + dir},
            {"PASTE-THE-SECRET-HERE", secret},
            {"192.0.2.10@53", "127.0.0.1@" + primaryPort},
            {"allow-notify: 192.0.2.10 ", "allow-notify: 127.0.0.1 "},
            {
              "zone:\n    name: acme.bl.rbl.example.net\n    include-pattern: palisade\n",
              listed(zones)
            },
          };
    };
  }

  /** NSD's zone entries, one per zone, each taking the guide's pattern. */
  private static String listed(List<Name> zones) {
    StringBuilder listed = new StringBuilder();
    for (Name zone : zones) {
      listed
          .append("zone:\n    name: ")
          .append(zone.toString(true))
          .append("\n    include-pattern: palisade\n\n");
    }
    return listed.toString();
  }

  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The end of the daemon's log, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** Asks the secondary over UDP; null when it does not answer. */
  Message ask(Name qname, int type) {
    try {
      return resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
    } catch (IOException e) {
      return null;
    }
  }

  /** A loopback port free for both TCP and UDP right now. */
  static int freePort() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
          return port;
        } catch (IOException e) {
          // taken for UDP: try another
        }
      } catch (IOException e) {
        // try another
      }
    }
    throw new IllegalStateException("no free loopback port");
  }

  /** Where an executable is, or null. */
  static String find(String executable) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin")) {
      Path path = Path.of(dir, executable);
      if (Files.isExecutable(path)) {
        return path.toString();
      }
    }
    return null;
  }

  static List<Secondary> all(Path dir) {
    List<Secondary> all = new ArrayList<>();
    for (Server server : Server.values()) {
      all.add(new Secondary(server, freePort(), dir.resolve(server.name)));
    }
    return all;
  }
}
