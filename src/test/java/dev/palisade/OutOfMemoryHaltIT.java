package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ChildPalisade;
import dev.palisade.support.HeapExhauster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    try (ChildPalisade child =
        ChildPalisade.mainClass(
            workDir,
            "192m",
            PalisadeApplication.class,
            List.of(
                "--spring.main.sources=" + HeapExhauster.class.getName(),
                "--spring.datasource.url=jdbc:h2:mem:oom;DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--palisade.dns.port=0",
                "--palisade.index.file=",
                "--palisade.samples.import-on-empty=false",
                "--logging.level.root=WARN"))) {
      assertThat(child.awaitOutput("filling the heap", Duration.ofSeconds(180)))
          .as("the application started and filled its heap")
          .contains("filling the heap");
      boolean ended = child.awaitEnd(Duration.ofSeconds(60));

      assertThat(ended).as("the process ended by itself; output:\n%s", child.tail()).isTrue();
      assertThat(child.process().exitValue()).as(child.tail()).isEqualTo(3);
      assertThat(child.output()).contains("OutOfMemoryError in thread heap-exhauster; halting");
    }
  }
}
