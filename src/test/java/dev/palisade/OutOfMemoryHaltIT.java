package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.HeapExhauster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Palisade started as a plain {@code java -jar} would be (no {@code -XX:+ExitOnOutOfMemoryError})
 * ends its process when a thread dies of an {@link OutOfMemoryError}, rather than staying up with
 * that thread gone and answering nothing, which a service manager cannot see. Runs the real {@link
 * PalisadeApplication#main} in a child JVM with a small heap and {@link HeapExhauster} added.
 */
class OutOfMemoryHaltIT {

  @TempDir Path workDir;

  @Test
  void anOutOfMemoryErrorInAnyThreadEndsTheProcessWithStatus3() throws Exception {
    Path output = workDir.resolve("child.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx192m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PalisadeApplication.class.getName());
    command.add("--spring.main.sources=" + HeapExhauster.class.getName());
    command.add("--spring.datasource.url=jdbc:h2:mem:oom;DB_CLOSE_DELAY=-1");
    command.add("--server.port=0");
    command.add("--palisade.dns.port=0");
    command.add("--palisade.index.file=");
    command.add("--palisade.samples.import-on-empty=false");
    command.add("--logging.level.root=WARN");
    Process child =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      long startBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (child.isAlive()
          && !read(output).contains("filling the heap")
          && System.nanoTime() < startBy) {
        Thread.sleep(200);
      }
      assertThat(read(output))
          .as("the application started and filled its heap")
          .contains("filling the heap");
      boolean ended = child.waitFor(60, TimeUnit.SECONDS);

      String log = read(output);
      assertThat(ended).as("the process ended by itself; output:\n%s", tail(log)).isTrue();
      assertThat(child.exitValue()).as(tail(log)).isEqualTo(3);
      assertThat(log).contains("OutOfMemoryError in thread heap-exhauster; halting");
    } finally {
      child.destroyForcibly();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }
}
