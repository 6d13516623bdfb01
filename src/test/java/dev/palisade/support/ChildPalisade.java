package dev.palisade.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Palisade in a JVM of its own, for what only a real process shows (its shutdown hooks, its
 * halt): started with this JVM's {@code java}, a heap of the given size and the quick compiler
 * only, its output and errors written to {@code child.log} in the work directory. {@link #close}
 * ends it forcibly if it still runs. Not thread-safe.
 */
public final class ChildPalisade implements AutoCloseable {

  private static final int TAIL = 6000;

  private final Process process;
  private final Path output;

  private ChildPalisade(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts the packaged jar ({@code java -jar}) with the given arguments. */
  public static ChildPalisade jar(Path workDir, String heap, Path jar, List<String> arguments)
      throws IOException {
    return start(workDir, heap, List.of("-jar", jar.toString()), arguments);
  }

  /** Starts a main class from this JVM's class path with the given arguments. */
  public static ChildPalisade mainClass(
      Path workDir, String heap, Class<?> main, List<String> arguments) throws IOException {
    return start(
        workDir,
        heap,
        List.of("-cp", System.getProperty("java.class.path"), main.getName()),
        arguments);
  }

  private static ChildPalisade start(
      Path workDir, String heap, List<String> launch, List<String> arguments) throws IOException {
    Path output = workDir.resolve("child.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(launch);
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new ChildPalisade(process, output);
  }

  /** The process, to stop it or wait for it. */
  public Process process() {
    return process;
  }

  /**
   * Waits until the output contains the text, the process ends or the time is up, whichever comes
   * first; the output so far.
   */
  public String awaitOutput(String text, Duration timeout)
      throws IOException, InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (process.isAlive() && !output().contains(text) && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    return output();
  }

  /** Waits for the process to end; whether it did in time. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Everything it has written so far. */
  public String output() throws IOException {
    return Files.exists(output) ? Files.readString(output) : "";
  }

  /** The end of the output, for an assertion's message. */
  public String tail() throws IOException {
    String log = output();
    return log.length() <= TAIL ? log : log.substring(log.length() - TAIL);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
