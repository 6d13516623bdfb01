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
 * own and a loopback port of its own.
 */
abstract class Secondary {

  static final String KEY = "palisade-xfr";

  final String name;
  final int port;
  final Path dir;
  private Process process;
  private SimpleResolver resolver;

  Secondary(String name, int port, Path dir) {
    this.name = name;
    this.port = port;
    this.dir = dir;
  }

  /** The daemon's executable; the test is skipped (or fails in CI) when it is missing. */
  abstract String binary();

  /** The configuration file's text for a primary on 127.0.0.1 at {@code primaryPort}. */
  abstract String config(int primaryPort, String secret, List<Name> zones);

  /** The command that runs the daemon in the foreground with {@code conf}. */
  abstract List<String> command(Path conf);

  /** Whether it learns the zones from the catalog (Knot, BIND) or has them listed (NSD). */
  abstract boolean consumesCatalog();

  void start(int primaryPort, String secret, List<Name> zones) throws IOException {
    Files.createDirectories(dir);
    Path conf = dir.resolve(name + ".conf");
    Files.writeString(conf, config(primaryPort, secret, zones));
    process =
        new ProcessBuilder(command(conf))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    resolver.setTimeout(Duration.ofSeconds(2));
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

  /** Knot DNS, a catalog consumer. */
  static final class Knot extends Secondary {
    Knot(int port, Path dir) {
      super("knot", port, dir);
    }

    @Override
    String binary() {
      return find("knotd");
    }

    @Override
    boolean consumesCatalog() {
      return true;
    }

    @Override
    String config(int primaryPort, String secret, List<Name> zones) {
      try {
        Files.createDirectories(dir.resolve("data").resolve("palisade"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return Guide.block("knot")
          .replace("listen: 192.0.2.53@53", "listen: 127.0.0.1@" + port)
          .replace("rundir: /run/knot", "rundir: " + dir)
          .replace("/var/lib/knot", dir.resolve("data").toString())
          .replace("target: syslog", "target: stderr")
          .replace("PASTE-THE-SECRET-HERE", secret)
          .replace("address: 192.0.2.10@53", "address: 127.0.0.1@" + primaryPort)
          .replace("address: 192.0.2.10", "address: 127.0.0.1")
          .text();
    }

    @Override
    List<String> command(Path conf) {
      return List.of(binary(), "-c", conf.toString());
    }
  }

  /** BIND 9, a catalog consumer. */
  static final class Bind extends Secondary {
    Bind(int port, Path dir) {
      super("bind", port, dir);
    }

    @Override
    String binary() {
      return find("named");
    }

    @Override
    boolean consumesCatalog() {
      return true;
    }

    @Override
    String config(int primaryPort, String secret, List<Name> zones) {
      try {
        Files.createDirectories(dir.resolve("palisade"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return Guide.block("bind")
          .replace("PASTE-THE-SECRET-HERE", secret)
          .replace("192.0.2.10 port 53", "127.0.0.1 port " + primaryPort)
          .replace(
              "listen-on port 53 { 192.0.2.53; };", "listen-on port " + port + " { 127.0.0.1; };")
          // Test-only: files in the test's directory, no rndc channel (it would take port 953),
          // no trust anchor upkeep (it would query the root servers).
          .replace(
              "directory \"/var/cache/bind\";",
              "directory \""
                  + dir
                  + "\";\n    pid-file none;\n    session-keyfile \"session.key\";"
                  + "\n    managed-keys-directory \""
                  + dir
                  + "\";\n    dnssec-validation no;")
          .replace("options {", "controls { };\n\noptions {")
          .text();
    }

    @Override
    List<String> command(Path conf) {
      return List.of(binary(), "-g", "-4", "-n", "1", "-c", conf.toString());
    }
  }

  /** NSD 4.6: no catalog consumer, so every zone is listed. */
  static final class Nsd extends Secondary {
    Nsd(int port, Path dir) {
      super("nsd", port, dir);
    }

    @Override
    String binary() {
      return find("nsd");
    }

    @Override
    boolean consumesCatalog() {
      return false;
    }

    @Override
    String config(int primaryPort, String secret, List<Name> zones) {
      StringBuilder listed = new StringBuilder();
      for (Name zone : zones) {
        listed
            .append("zone:\n    name: ")
            .append(zone.toString(true))
            .append("\n    include-pattern: palisade\n\n");
      }
      return Guide.block("nsd")
          .replace("ip-address: 192.0.2.53@53", "ip-address: 127.0.0.1@" + port)
          // Test-only: the test's user and directory, no daemon database.
          .replace(
              "server:\n",
              "server:\n    username: \"\"\n    database: \"\"\n    pidfile: \""
                  + dir.resolve("nsd.pid")
                  + "\"\n    xfrdfile: \""
                  + dir.resolve("xfrd.state")
                  + "\"\n    xfrdir: \""
                  + dir
                  + "\"\n    zonelistfile: \""
                  + dir.resolve("zone.list")
                  + "\"\n    server-count: 1\n    do-ip6: no\n    verbosity: 2\n    rrl-ratelimit: 0\n")
          .replace("zonesdir: /var/lib/nsd", "zonesdir: " + dir)
          .replace("PASTE-THE-SECRET-HERE", secret)
          .replace("192.0.2.10@53", "127.0.0.1@" + primaryPort)
          .replace("allow-notify: 192.0.2.10 ", "allow-notify: 127.0.0.1 ")
          .replace(
              "zone:\n    name: acme.bl.rbl.example.net\n    include-pattern: palisade\n",
              listed.toString())
          .text();
    }

    @Override
    List<String> command(Path conf) {
      return List.of(binary(), "-d", "-c", conf.toString());
    }
  }

  static List<Secondary> all(Path dir) {
    List<Secondary> all = new ArrayList<>();
    all.add(new Knot(freePort(), dir.resolve("knot")));
    all.add(new Bind(freePort(), dir.resolve("bind")));
    all.add(new Nsd(freePort(), dir.resolve("nsd")));
    return all;
  }
}
