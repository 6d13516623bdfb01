package dev.palisade.account;

import dev.palisade.common.NotFoundException;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The scope an entry write changes: by id, or by the account slug and mail server name a request
 * names, together with the check that the caller may change it. The write's first statement finds
 * the scope and locks it ({@link Accounts#bumpSerial(WriteTarget)}), so a request needs no look-up
 * of its own before the write, and a scope deleted or renamed meanwhile, on any node, is never
 * written to: the name is matched by the same statement that locks the row.
 *
 * <p>Immutable; the callbacks run in the writing thread, inside the write's transaction.
 */
public final class WriteTarget {

  private final Long scopeId;
  private final String slug;
  private final String server;
  private final Consumer<ScopeDetails> admit;
  private final Supplier<RuntimeException> missing;

  private WriteTarget(
      Long scopeId,
      String slug,
      String server,
      Consumer<ScopeDetails> admit,
      Supplier<RuntimeException> missing) {
    this.scopeId = scopeId;
    this.slug = slug;
    this.server = server;
    this.admit = admit;
    this.missing = missing;
  }

  /** The scope with this id; {@link NotFoundException} when there is none. */
  public static WriteTarget scope(long scopeId) {
    return new WriteTarget(
        scopeId,
        null,
        null,
        scope -> {},
        () -> new NotFoundException("scope " + scopeId + " not found"));
  }

  /**
   * The account scope of {@code slug}, or its mail server's scope when {@code server} is not null,
   * names compared in lower case.
   *
   * @param admit throws when the caller may not change the scope found; runs before anything is
   *     changed, and its exception rolls the write back
   * @param missing the exception to throw when no scope has these names (it may look up which of
   *     them is missing)
   */
  public static WriteTarget named(
      String slug,
      String server,
      Consumer<ScopeDetails> admit,
      Supplier<RuntimeException> missing) {
    return new WriteTarget(
        null,
        slug == null ? "" : slug.toLowerCase(Locale.ROOT),
        server == null ? null : server.toLowerCase(Locale.ROOT),
        admit,
        missing);
  }

  /** The scope's id, or null when it is named. */
  public Long id() {
    return scopeId;
  }

  /**
   * The names, as {@code slug} or {@code slug/server} in lower case; null when the scope is given
   * by id.
   */
  public String name() {
    return scopeId != null ? null : server == null ? slug : slug + "/" + server;
  }

  /** The account slug in lower case, or null when the scope is given by id. */
  String slug() {
    return slug;
  }

  /** The mail server name in lower case, or null for an account scope or a scope given by id. */
  String server() {
    return server;
  }

  /** Throws when the caller may not change the scope found. */
  void admit(ScopeDetails found) {
    admit.accept(found);
  }

  /** What to throw when no scope matches. */
  RuntimeException missing() {
    return missing.get();
  }
}
