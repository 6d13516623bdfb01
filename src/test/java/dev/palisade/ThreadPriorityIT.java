package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The threads' priorities of the process as {@code main} starts it: DNS first, then the web
 * server's request threads, which serve the API's and the web UI's writes until DNS answers them,
 * then the background (jobs, imports, the JVM's compilers). Linux only (the nice values come from
 * {@code /proc}). Runs in a JVM of its own: the priorities it sets cannot be raised again.
 */
class ThreadPriorityIT {

  private static final Path TASKS = Path.of("/proc/self/task");

  @Test
  void requestThreadsRunBetweenTheAnsweringThreadsAndTheBackground() throws Exception {
    assumeTrue(
        System.getProperty("os.name").startsWith("Linux") && Files.isDirectory(TASKS), "Linux");
    ConfigurableApplicationContext application =
        PalisadeApplication.start(
            "--spring.profiles.active=test",
            "--palisade.dns.background-nice=10",
            "--palisade.dns.request-nice=3");
    try {
      Map<Integer, String> threads = threads();
      int answering = niceOfNamed(threads, "dns-udp-0");
      int requests = Math.min(19, answering + 3);
      int background = Math.min(19, answering + 10);

      assertThat(threadsStartingWith(threads, "http-nio-"))
          .as("the web server's request, poller and acceptor threads")
          .isNotEmpty()
          .allSatisfy((tid, name) -> assertThat(niceOf(tid)).as(name).isEqualTo(requests));
      assertThat(threadsStartingWith(threads, "palisade-job-"))
          .as("the scheduled jobs' threads: statistics, expiry, index saves")
          .isNotEmpty()
          .allSatisfy((tid, name) -> assertThat(niceOf(tid)).as(name).isEqualTo(background));
      assertThat(niceOfNamed(threads, "import-jobs"))
          .as("the background imports' thread, started with the application")
          .isEqualTo(background);
      assertThat(niceOf(currentTid()))
          .as("the thread that started the application")
          .isEqualTo(background);
    } finally {
      application.close();
    }
  }

  /** This process's threads: id to name, as Linux keeps it (15 characters at most). */
  private static Map<Integer, String> threads() throws IOException {
    Map<Integer, String> threads = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : tasks.toList()) {
        try {
          threads.put(
              Integer.parseInt(task.getFileName().toString()),
              Files.readString(task.resolve("comm")).strip());
        } catch (IOException e) {
          // ended meanwhile
        }
      }
    }
    return threads;
  }

  private static Map<Integer, String> threadsStartingWith(
      Map<Integer, String> threads, String prefix) {
    Map<Integer, String> found = new LinkedHashMap<>();
    threads.forEach(
        (tid, name) -> {
          if (name.startsWith(prefix)) {
            found.put(tid, name);
          }
        });
    return found;
  }

  private static int niceOfNamed(Map<Integer, String> threads, String name) throws IOException {
    for (Map.Entry<Integer, String> thread : threads.entrySet()) {
      if (thread.getValue().equals(name)) {
        return niceOf(thread.getKey());
      }
    }
    throw new AssertionError("no thread named " + name + " among " + threads.values());
  }

  /** The calling thread's id: the last field of /proc/thread-self's link, task/TID. */
  private static int currentTid() throws IOException {
    return Integer.parseInt(Path.of("/proc/thread-self").toRealPath().getFileName().toString());
  }

  /** Field 19 of {@code /proc/self/task/<tid>/stat}, after the name in parentheses. */
  private static int niceOf(int tid) {
    String stat;
    try {
      stat = Files.readString(TASKS.resolve(Integer.toString(tid)).resolve("stat"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ")[16]);
  }
}
