package dev.palisade.imports;

import dev.palisade.zonefile.ZoneFileIssue;
import java.time.Instant;
import java.util.List;

/**
 * Where one background import stands ({@link ImportJobs}).
 *
 * @param id the job's id, for asking again
 * @param state queued, running, done or failed
 * @param file the file as it was named
 * @param entries how many entries the file holds, once it was checked (0 before)
 * @param stored how many of them were stored so far; they become visible all at once when the job
 *     is done, since the import is one change
 * @param staged on PostgreSQL, how many of them were read into the database so far, to be stored
 *     all at once after the last one ({@code stored} stays 0 until then)
 * @param storing true while the database stores them all at once, which tells no count until it
 *     ends
 * @param started when the job was queued
 * @param finished when it ended, or null
 * @param result what was stored, once done
 * @param error why it failed (nothing was stored), or null
 * @param problems the bad lines when it failed for them, at most {@link
 *     dev.palisade.zonefile.ZoneFileParser#MAX_REPORTED_ISSUES}
 */
public record ImportJobStatus(
    String id,
    State state,
    String file,
    long entries,
    long stored,
    long staged,
    boolean storing,
    Instant started,
    Instant finished,
    ImportResult result,
    String error,
    List<ZoneFileIssue> problems) {

  public ImportJobStatus {
    problems = List.copyOf(problems);
  }

  /** Where a job stands. */
  public enum State {
    QUEUED,
    RUNNING,
    DONE,
    FAILED
  }
}
