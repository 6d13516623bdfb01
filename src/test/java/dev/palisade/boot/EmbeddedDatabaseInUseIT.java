package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.palisade.PalisadeApplication;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.HoldH2;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A second Palisade started on the embedded database file another process holds open is refused in
 * one line that says what to do, not with a stack trace. The other process is a real one ({@link
 * HoldH2}): within one JVM, H2 shares an open database instead of refusing it.
 */
class EmbeddedDatabaseInUseIT {

  @TempDir Path directory;

  @Test
  void aSecondProcessOnTheSameEmbeddedDatabaseIsRefusedInOneLine() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("palisade") + ";AUTO_SERVER=FALSE";
    String java = ProcessHandle.current().info().command().orElse("java");
    Process holder =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), HoldH2.class.getName(), url)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("held");
      String marker = "in use test " + UUID.randomUUID();
      LoggerFactory.getLogger("dev.palisade.boot.InUseMark").info(marker);

      Throwable refused =
          catchThrowable(
              () ->
                  PalisadeApplication.start(
                          "--spring.profiles.active=test",
                          "--spring.datasource.url=" + url,
                          "--palisade.index.file=" + directory.resolve("palisade.index"))
                      .close());

      assertThat(refused)
          .isInstanceOf(StartRefused.class)
          .hasMessageContaining("is in use by another process")
          .hasMessageContaining("Stop that one first");
      String log = CapturedLog.text();
      String since = log.substring(log.lastIndexOf(marker));
      assertThat(since).contains("cannot start: the embedded database");
      assertThat(since).doesNotContain(CapturedLog.STACK_TRACE);
      assertThat(since).doesNotContain("Application run failed");
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
  }
}
