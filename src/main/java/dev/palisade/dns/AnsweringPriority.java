package dev.palisade.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets DNS answers go first on a busy core: the threads that answer register themselves, then
 * {@link #lowerTheRest()} gives every other thread of the process a nice value {@code steps} above
 * theirs (at most 19), all but the JVM's VM Thread, on which every answer can wait, and the thread
 * that started the server, which goes on to start the web server: it gets {@code requestSteps}
 * instead, and so do the web server's request threads it starts. Once the whole application has
 * started, {@link #lowerAllButRequests()} gives every thread but those the background's value too.
 * Linux only, through {@link NativeUdp}; elsewhere, or with {@code steps} 0, it does nothing.
 *
 * <p>Why: on a core shared by the answering thread and background work (the statistics, expiry,
 * index saves, imports, H2, the garbage collector and the compilers), the kernel shares the core
 * fairly, and every time a background thread is runnable the answering thread waits its turn for a
 * slice of a few milliseconds while queries pile up in the socket. Ten nice steps give the
 * answering thread about nine times the background's share whenever both want the core; a quiet DNS
 * leaves the background the whole core. A process may always raise its own threads' nice values, so
 * this needs no privilege.
 *
 * <p>Why the request threads apart: a write through the API or the web UI returns once DNS answers
 * it, and its thread also applies it to the index. Ten steps down, it got a tenth of the core while
 * the answering thread was busy and shared the rest with the statistics and H2 (deploy/bench,
 * "Write → DNS visibility and the request threads' priority").
 *
 * <p>Threads started later take the nice value of the thread that starts them: background threads
 * started by background threads stay low, a TCP connection's thread, started by the acceptor,
 * answers at the acceptor's, a request thread started by the web server's poller gets the request
 * threads' value. A background thread that a request thread starts would keep the request threads'
 * value: such executors start their thread with the application instead (as {@code
 * imports.ImportJobs} does). A thread already nicer than the value it would get is left alone. A
 * server stopped and started again from a thread this lowered starts its answering threads at that
 * thread's value (raising a priority needs CAP_SYS_NICE); Palisade starts its server once.
 *
 * <p>Thread-safe: {@link #register()} is called by each answering thread, {@link #lowerTheRest()}
 * by whoever starts them.
 */
final class AnsweringPriority {

  private static final Logger log = LoggerFactory.getLogger(AnsweringPriority.class);

  /** Where Linux lists the threads of this process, one directory per thread id. */
  private static final Path TASKS = Path.of("/proc/self/task");

  /**
   * Threads that keep the answering threads' priority although they do not answer: the JVM's VM
   * Thread runs every safepoint operation while all Java threads, the answering ones included, wait
   * for it to finish. Lowered, it ran a routine safepoint in 100-140 ms instead of 0.1 ms on a busy
   * core (deploy/bench/README.md, "Answering first"). And a TCP connection's thread ({@code
   * dns-tcp-conn}): it answers, but the pool that keeps it between connections started it before it
   * could register, so a lowering while it waits would leave the next connection's queries behind
   * the background.
   */
  private static final Set<String> ON_THE_ANSWERING_PATH = Set.of("VM Thread", "dns-tcp-conn");

  /**
   * How the web server's request threads are named: Tomcat names a connector's threads after its
   * protocol and port ({@code http-nio-8080-exec-1}, {@code http-nio-8080-Poller}, {@code
   * https-jsse-nio-8443-Acceptor}); the poller starts the request threads beyond the first ten.
   */
  private static final Pattern REQUEST_THREADS = Pattern.compile("https?-.*");

  /** The highest nice value Linux has. */
  static final int LOWEST = 19;

  private final int steps;
  private final int requestSteps;
  private final boolean available;
  private final Set<Integer> answering = ConcurrentHashMap.newKeySet();

  /**
   * @param steps nice steps between the answering threads and the rest, 0 to 19; 0 leaves every
   *     thread as it is
   * @param requestSteps nice steps between the answering threads and the web server's request
   *     threads, 0 to 19; at most {@code steps} take effect
   */
  AnsweringPriority(int steps, int requestSteps) {
    if (steps < 0 || steps > LOWEST) {
      throw new IllegalArgumentException(
          "palisade.dns.background-nice must be 0 to 19, not " + steps);
    }
    if (requestSteps < 0 || requestSteps > LOWEST) {
      throw new IllegalArgumentException(
          "palisade.dns.request-nice must be 0 to 19, not " + requestSteps);
    }
    this.steps = steps;
    this.requestSteps = Math.min(requestSteps, steps);
    this.available = steps > 0 && NativeUdp.unavailable() == null;
  }

  /** Forgets the threads registered so far: those of a server that has stopped. */
  void forgetThreads() {
    answering.clear();
  }

  /** Notes the calling thread as one that answers DNS. */
  void register() {
    if (available) {
      answering.add(NativeUdp.threadId());
    }
  }

  /**
   * Gives every thread of the process that has not {@linkplain #register() registered} the
   * answering threads' nice value plus {@code steps}, unless it is nicer already; the calling
   * thread, which goes on to start the web server, gets the request threads' value instead.
   *
   * @return how many threads were lowered
   */
  int lowerTheRest() {
    return available ? lower(NativeUdp.threadId(), "DNS first") : 0;
  }

  /**
   * Once the whole application has started: gives every thread but the answering ones and the web
   * server's request threads the background's nice value, unless it is nicer already; the calling
   * thread too. The request threads get the request threads' value, unless nicer already.
   *
   * @return how many threads were lowered
   */
  int lowerAllButRequests() {
    return lower(-1, "Requests next");
  }

  /** Lowers the threads as the two methods above say; {@code starter}, -1 for none, as requests. */
  private int lower(int starter, String what) {
    if (!available || answering.isEmpty()) {
      return 0;
    }
    int answeringNice = LOWEST;
    for (int tid : answering) {
      int nice = niceOf(tid);
      if (nice != Integer.MIN_VALUE) {
        answeringNice = Math.min(answeringNice, nice);
      }
    }
    int background = Math.min(LOWEST, answeringNice + steps);
    int requests = Math.min(LOWEST, answeringNice + requestSteps);
    int lowered = 0;
    for (int tid : threads()) {
      String name = nameOf(tid);
      if (answering.contains(tid) || ON_THE_ANSWERING_PATH.contains(name)) {
        continue;
      }
      int target =
          tid == starter || REQUEST_THREADS.matcher(name).matches() ? requests : background;
      int nice = niceOf(tid);
      if (nice != Integer.MIN_VALUE && nice < target && NativeUdp.setNice(tid, target) == 0) {
        lowered++;
      }
    }
    log.info(
        "{}: {} other threads lowered, the background at nice {}, the web server's requests at {},"
            + " the {} answering at {} (palisade.dns.background-nice={}, request-nice={})",
        what,
        lowered,
        background,
        requests,
        answering.size(),
        answeringNice,
        steps,
        requestSteps);
    return lowered;
  }

  /** The ids of this process's threads. */
  private static List<Integer> threads() {
    try (Stream<Path> tasks = Files.list(TASKS)) {
      return tasks.map(p -> Integer.parseInt(p.getFileName().toString())).toList();
    } catch (IOException | NumberFormatException e) {
      log.warn("cannot list this process's threads in {}: {}", TASKS, e.toString());
      return List.of();
    }
  }

  /** One thread's name as Linux keeps it (15 characters at most); empty when it has ended. */
  private static String nameOf(int tid) {
    try {
      return Files.readString(TASKS.resolve(Integer.toString(tid)).resolve("comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * One thread's nice value, from field 19 of {@code /proc/self/task/<tid>/stat}; {@link
   * Integer#MIN_VALUE} when the thread has ended.
   */
  static int niceOf(int tid) {
    String stat;
    try {
      stat = Files.readString(TASKS.resolve(Integer.toString(tid)).resolve("stat"));
    } catch (IOException e) {
      return Integer.MIN_VALUE;
    }
    // The name, in parentheses, may hold spaces and parentheses: the fields follow the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Integer.parseInt(fields[16]);
  }
}
