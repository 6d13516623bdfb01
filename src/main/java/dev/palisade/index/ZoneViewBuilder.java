package dev.palisade.index;

import dev.palisade.account.ScopeInfo;

/**
 * Builds a {@link ZoneView} from answers handed to it, apart from the live index: the zone of a
 * chosen few entries, with the same tables and decision rule as the zone DNS answers from. For
 * tools that compare a zone at two serials.
 *
 * @implNote Not thread-safe; the view {@link #build()} returns is immutable.
 */
public final class ZoneViewBuilder {

  private final String label;
  private final long serial;
  private final ScopeState own;
  private final ScopeState account;

  /**
   * @param label the zone's scope label
   * @param serial the serial the view reports
   * @param server whether the zone is a mail server's: then {@link #account()} takes its account's
   *     entries
   */
  public ZoneViewBuilder(String label, long serial, boolean server) {
    this.label = label;
    this.serial = serial;
    this.own = new ScopeState(new ScopeInfo(1, label, server ? 2L : null, serial));
    this.account =
        server ? new ScopeState(new ScopeInfo(2, label + "-account", null, serial)) : null;
  }

  /** Takes the scope's own answers. */
  public AnswerSink own() {
    return own;
  }

  /**
   * Takes a mail server's account's answers.
   *
   * @throws IllegalStateException for the zone of an account
   */
  public AnswerSink account() {
    if (account == null) {
      throw new IllegalStateException("an account's zone has no account entries of another scope");
    }
    return account;
  }

  /** The view of the answers handed over so far. */
  public ZoneView build() {
    return new ScopeView(
        label,
        serial,
        null,
        own.publish(),
        account != null,
        account == null ? null : account.publish());
  }
}
