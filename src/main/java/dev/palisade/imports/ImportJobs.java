package dev.palisade.imports;

import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.zonefile.ZoneFileIssue;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Imports that run in the background, for files too large to wait for in one HTTP request: the REST
 * API (and the web UI) hand over an uploaded file saved on disk, get a job at once, and read its
 * progress from {@link #status} until it is done. Jobs run one after the other, through {@link
 * Imports#oneAtATime} with the other imports of the REST API and the web UI, within the configured
 * {@link ImportLimits}, a batch at a time. The {@value #KEPT} most recent jobs are remembered, in
 * memory: a restart forgets them (a job cut short by one stored nothing, since each import is one
 * transaction).
 *
 * <p>Thread-safe.
 */
@Service
public class ImportJobs {

  private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

  /** How many jobs are remembered; the oldest finished ones are forgotten first. */
  static final int KEPT = 100;

  private final Imports imports;
  private final Clock clock;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final ThreadPoolExecutor runner =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(),
          task -> {
            Thread thread = new Thread(task, "import-jobs");
            thread.setDaemon(true);
            return thread;
          });

  ImportJobs(Imports imports, Clock clock) {
    this.imports = imports;
    this.clock = clock;
    // Started with the application, not by the first request that submits a job: a thread takes
    // the priority of the thread that starts it, and request threads run before the background
    // (palisade.dns.request-nice), imports with it.
    runner.prestartAllCoreThreads();
  }

  /**
   * Starts importing a file saved on disk into a scope, as {@link Imports#importSource} does; the
   * job owns the file from now on and deletes it when done.
   *
   * @param name names the file in problems and in the job's status
   * @param confirmWide whether wide entries were confirmed: if not and the file holds some, the job
   *     fails after its check, having stored nothing ({@link UnconfirmedWideException})
   * @return the job's status when it was queued
   */
  public ImportJobStatus submit(
      long scopeId,
      ListKind list,
      ImportFormat format,
      String name,
      Path file,
      Actor actor,
      boolean confirmWide) {
    Job job = new Job(UUID.randomUUID().toString(), scopeId, name, clock.instant());
    synchronized (jobs) {
      jobs.put(job.id, job);
      forgetOld();
    }
    runner.execute(() -> run(job, list, format, file, actor, confirmWide));
    return job.status();
  }

  /** The status of a job of this scope, if it is remembered. */
  public Optional<ImportJobStatus> status(long scopeId, String id) {
    synchronized (jobs) {
      Job job = jobs.get(id);
      return job == null || job.scopeId != scopeId ? Optional.empty() : Optional.of(job.status());
    }
  }

  private void run(
      Job job, ListKind list, ImportFormat format, Path file, Actor actor, boolean confirmWide) {
    try {
      job.state = ImportJobStatus.State.RUNNING;
      ImportResult result =
          imports.importSource(
              job.scopeId,
              list,
              format,
              ImportSource.named(job.name, file),
              actor,
              confirmWide,
              job);
      job.result = result;
      job.state = ImportJobStatus.State.DONE;
    } catch (ImportException e) {
      job.problems = e.errors();
      job.fail(e.count() + "; nothing was imported");
    } catch (UnconfirmedWideException e) {
      job.fail(e.getMessage() + ": " + String.join("; ", e.wide()));
    } catch (IOException | RuntimeException e) {
      job.fail(e.getMessage());
      if (!(e instanceof IllegalArgumentException || e instanceof ImportLimitException)) {
        log.warn("import job {} of scope {} failed", job.id, job.scopeId, e);
      }
    } finally {
      job.finished = clock.instant();
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("could not delete the uploaded file {}", file, e);
      }
    }
  }

  private void forgetOld() {
    Iterator<Job> oldest = jobs.values().iterator();
    while (jobs.size() > KEPT && oldest.hasNext()) {
      if (oldest.next().finished != null) {
        oldest.remove();
      }
    }
  }

  @PreDestroy
  void stop() {
    runner.shutdownNow();
  }

  /** One job, written by the job's thread (told its progress), read by any. */
  private static final class Job implements ImportProgress {
    final String id;
    final long scopeId;
    final String name;
    final Instant started;
    volatile ImportJobStatus.State state = ImportJobStatus.State.QUEUED;
    volatile long stored;
    volatile long staged;
    volatile boolean storing;
    volatile long total;
    volatile ImportResult result;
    volatile String error;
    volatile List<ZoneFileIssue> problems = List.of();
    volatile Instant finished;

    Job(String id, long scopeId, String name, Instant started) {
      this.id = id;
      this.scopeId = scopeId;
      this.name = name;
      this.started = started;
    }

    @Override
    public void stored(long stored, long total) {
      this.total = total;
      this.stored = stored;
      this.storing = false;
    }

    @Override
    public void staged(long staged, long total) {
      this.total = total;
      this.staged = staged;
    }

    @Override
    public void storing(long total) {
      this.total = total;
      this.storing = true;
    }

    void fail(String message) {
      error = message;
      state = ImportJobStatus.State.FAILED;
    }

    ImportJobStatus status() {
      return new ImportJobStatus(
          id, state, name, total, stored, staged, storing, started, finished, result, error,
          problems);
    }
  }
}
