package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/**
 * The DNS server's threads go first: once it runs, the process's other threads are nicer than the
 * answering ones by the steps asked for, threads they start later too, and DNS still answers. Linux
 * with the native library only (the nice values come from {@code /proc}).
 */
class AnsweringPriorityIT {

  /** A background thread of the process, started before the server, parked until the test ends. */
  private final CountDownLatch end = new CountDownLatch(1);

  private int backgroundTid;
  private DnsServer server;

  @BeforeEach
  void startBackgroundThread() throws InterruptedException {
    assumeTrue(NativeUdp.unavailable() == null, "native library: " + NativeUdp.unavailable());
    backgroundTid = parkedThread("test-background");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    end.countDown();
  }

  /**
   * Other tests of this JVM may have started servers already, from this very thread, which then
   * runs at a lowered priority, and so do the answering threads it starts now: hence the
   * comparisons with the answering thread's nice rather than with 0.
   */
  @Test
  void startingTheServerPutsTheOtherThreadsTheGivenStepsBelowTheAnsweringOnes() throws Exception {
    server = start(10, 10);

    int answering = AnsweringPriority.niceOf(tidNamed("dns-udp-0"));
    int expected = Math.min(AnsweringPriority.LOWEST, answering + 10);
    assertThat(AnsweringPriority.niceOf(backgroundTid))
        .as("a background thread's nice, the answering thread's being %d", answering)
        .isEqualTo(expected);
    assertThat(AnsweringPriority.niceOf(tidNamed("dns-tcp-accept"))).isEqualTo(answering);
    assertThat(AnsweringPriority.niceOf(tidNamed("VM Thread")))
        .as("the JVM thread that runs every safepoint, while the answering threads wait for it")
        .isLessThanOrEqualTo(answering);
    assertThat(AnsweringPriority.niceOf(parkedThread("test-started-later")))
        .as("a thread started after the server by a background thread")
        .isEqualTo(expected);
    Message answer =
        new SimpleResolver("127.0.0.1") {
          {
            setPort(server.port());
          }
        }.send(query("3.2.0.192.demo.bl.rbl.palisade.test", "A"));
    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void zeroStepsLeaveEveryThreadAsItWas() throws Exception {
    int before = AnsweringPriority.niceOf(backgroundTid);

    server = start(0, 0);

    assertThat(AnsweringPriority.niceOf(backgroundTid)).isEqualTo(before);
  }

  /**
   * The thread that starts the server goes on to start the web server: it and the threads it starts
   * meanwhile run at the request threads' priority until the application has started; then only the
   * web server's request threads keep it.
   */
  @Test
  void theStarterAndItsThreadsRunAtTheRequestsPriorityUntilTheApplicationHasStarted()
      throws Exception {
    server = start(10, 3);

    int answering = AnsweringPriority.niceOf(tidNamed("dns-udp-0"));
    int requests = Math.min(AnsweringPriority.LOWEST, answering + 3);
    int background = Math.min(AnsweringPriority.LOWEST, answering + 10);
    assertThat(AnsweringPriority.niceOf(NativeUdp.threadId()))
        .as("the thread that started the server")
        .isEqualTo(requests);
    assertThat(AnsweringPriority.niceOf(backgroundTid)).isEqualTo(background);
    int requestThread = parkedThread("http-nio-1-exec-1");
    int poller = parkedThread("https-jsse-nio-1-Poller");
    int job = parkedThread("test-job");
    assertThat(AnsweringPriority.niceOf(job)).isEqualTo(requests);
    // A TCP connection's thread, which the pool keeps once the connection has ended.
    SimpleResolver tcp = new SimpleResolver("127.0.0.1");
    tcp.setPort(server.port());
    tcp.setTCP(true);
    assertThat(tcp.send(query("3.2.0.192.demo.bl.rbl.palisade.test", "A")).getRcode())
        .isEqualTo(Rcode.NOERROR);
    int connection = tidNamed("dns-tcp-conn");

    server.lowerAllButRequests();

    assertThat(AnsweringPriority.niceOf(requestThread)).isEqualTo(requests);
    assertThat(AnsweringPriority.niceOf(poller)).isEqualTo(requests);
    assertThat(AnsweringPriority.niceOf(job)).isEqualTo(background);
    assertThat(AnsweringPriority.niceOf(NativeUdp.threadId())).isEqualTo(background);
    assertThat(AnsweringPriority.niceOf(tidNamed("dns-udp-0"))).isEqualTo(answering);
    assertThat(AnsweringPriority.niceOf(tidNamed("VM Thread"))).isLessThanOrEqualTo(answering);
    assertThat(AnsweringPriority.niceOf(connection))
        .as("a TCP connection's thread, answering the next connection")
        .isEqualTo(answering);
  }

  private DnsServer start(int steps, int requestSteps) {
    FakeIndex index = FakeIndex.standard();
    DnsSettings settings = DnsSettings.defaults().withListener("127.0.0.1", 0);
    DnsServer dns =
        new DnsServer(
            settings,
            new QueryHandler(settings, () -> index),
            AnswerObserver.NONE,
            new RateLimiter(RateLimitSettings.defaults()),
            new TcpCounters(),
            QueryLog.OFF,
            TransferResponder.NONE,
            steps,
            requestSteps);
    dns.start();
    return dns;
  }

  /** Starts a thread from the calling one that waits for the test's end; its id. */
  private int parkedThread(String name) throws InterruptedException {
    AtomicInteger tid = new AtomicInteger();
    CountDownLatch running = new CountDownLatch(1);
    Thread thread =
        new Thread(
            () -> {
              tid.set(NativeUdp.threadId());
              running.countDown();
              try {
                end.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    return tid.get();
  }

  /** The id of this process's thread of that name (as Linux keeps it: 15 characters at most). */
  private static int tidNamed(String name) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          if (Files.readString(task.resolve("comm")).strip().equals(name)) {
            return Integer.parseInt(task.getFileName().toString());
          }
        } catch (IOException e) {
          // ended meanwhile
        }
      }
    }
    throw new AssertionError("no thread named " + name);
  }
}
