package dev.palisade.imports;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.Listings;
import dev.palisade.listing.PartlyStoredException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds: lists kept in step with rbldnsd-format files that rsync or a cron job keeps current under
 * {@code palisade.feeds.directory}, plain or gzip. A check ({@link #check}, every {@code
 * palisade.feeds.check-interval} through {@link FeedWatcher}) looks at the file's size,
 * modification time and identity; when one changed it reads the file, from one open handle, so a
 * file replaced by an atomic rename meanwhile is read whole as it was opened, checks every line,
 * and stores only the difference with the feed's entries, as one change ({@link
 * Listings#syncFeed}): a 2-million-line feed whose update changes 3,000 lines writes 3,000 rows. A
 * broken file — a bad line, gzip cut short, an empty file where the feed had entries, a file gone,
 * an entry the write refuses (a block of a mail server's own address) — changes nothing; the
 * problem is kept on the feed until a check applies the file. On H2 a feed of more lines or entries
 * than {@code palisade.imports.transaction-entries} is stored in transactions of that many (DNS
 * still takes the update whole, once the last has committed); an update that stops between them
 * keeps what they stored, says so on the feed, and the next check completes it.
 *
 * <p>A feed's entries are marked with it and change only with its file. A local entry of the same
 * value on the same list is left as it is; one on the other list, or a more specific one, wins by
 * the decision rule, as always (a local allow punches a hole in a feed's blocked network).
 *
 * <p>Thread-safe: checks of one feed may overlap (several nodes, a click on "check now"); the
 * scope's write lock serializes their changes, and the later one finds nothing left to write.
 */
@Service
public class Feeds {

  private static final Logger log = LoggerFactory.getLogger(Feeds.class);

  /** Bad lines quoted in a feed's error; all are counted. */
  static final int QUOTED_PROBLEMS = 5;

  private final FeedStore store;
  private final FeedSettings settings;
  private final Imports imports;
  private final Accounts accounts;
  private final AuditLog audit;
  private final TransactionTemplate transactions;
  private final Clock clock;

  Feeds(
      FeedStore store,
      FeedSettings settings,
      Imports imports,
      Accounts accounts,
      AuditLog audit,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    this.store = store;
    this.settings = settings;
    this.imports = imports;
    this.accounts = accounts;
    this.audit = audit;
    this.transactions = new TransactionTemplate(transactionManager);
    this.clock = clock;
  }

  /** The directory feeds are read from, as configured. */
  public Path directory() {
    return settings.directory();
  }

  /** The feeds of these scopes, oldest first. */
  public List<Feed> ofScopes(List<Long> scopeIds) {
    return store.ofScopes(scopeIds);
  }

  /** One feed; {@link NotFoundException} when there is none. */
  public Feed feed(long id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("feed " + id + " not found"));
  }

  /**
   * Adds a feed to a scope's list and checks it at once, so its entries answer when this returns
   * (or its problem is shown).
   *
   * @param path the file, relative to {@code palisade.feeds.directory}
   * @param format an rbldnsd dataset type ({@code lines} and {@code csv} are not feeds)
   * @throws IllegalArgumentException when the path leaves the directory, the file is not there, or
   *     the format is not an rbldnsd one
   * @throws ConflictException when the list already has a feed of this file
   */
  public Feed add(long scopeId, ListKind list, ImportFormat format, String path, Actor actor) {
    if (format.zoneFileFormat() == null) {
      throw new IllegalArgumentException(
          "a feed is an rbldnsd data file: ip4set, ip4trie, ip6trie, ip6tset, dnset or combined");
    }
    String relative = relative(path);
    if (!Files.isRegularFile(file(relative))) {
      throw new IllegalArgumentException(
          relative + " is not a file in " + settings.directory().toAbsolutePath());
    }
    ScopeDetails scope = accounts.describe(scopeId);
    long id;
    try {
      id =
          transactions.execute(
              status -> {
                long created =
                    store.insert(scopeId, list, format, relative, actor.name(), clock.instant());
                audit.record(record(scope, actor, "CREATE", created, list, relative));
                return created;
              });
    } catch (DuplicateKeyException e) {
      throw new ConflictException(
          "the "
              + name(list)
              + " list of "
              + scope.displayName()
              + " already has a feed of "
              + relative);
    }
    check(id);
    return feed(id);
  }

  /** Removes a feed and its entries, as one change. */
  public void remove(long id, Actor actor) {
    Feed feed = feed(id);
    ScopeDetails scope = accounts.describe(feed.scopeId());
    imports.dropFeed(feed.scopeId(), id, feed.entryCount(), actor);
    transactions.executeWithoutResult(
        status -> {
          store.delete(id);
          audit.record(record(scope, actor, "DELETE", id, feed.list(), feed.path()));
        });
  }

  /** Checks every feed; a feed that fails is logged and kept with its problem. */
  public void checkAll() {
    for (Feed feed : store.all()) {
      try {
        check(feed.id());
      } catch (RuntimeException e) {
        log.warn("feed {} ({}) could not be checked", feed.id(), feed.path(), e);
      }
    }
  }

  /**
   * Looks at a feed's file and applies it if it changed since it was last applied (or the last
   * check failed).
   *
   * @return the feed as it stands after the check
   */
  public Feed check(long id) {
    Feed feed = feed(id);
    Instant now = clock.instant();
    Path file = file(feed.path());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      String key = Objects.toString(attributes.fileKey(), null);
      long size = channel.size();
      // As the database keeps it, to the microsecond, so an unchanged file compares equal.
      Instant modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS);
      if (feed.error() == null
          && Objects.equals(feed.fileSize(), size)
          && Objects.equals(feed.fileModified(), modified)
          && Objects.equals(feed.fileKey(), key)) {
        store.checked(id, now, null);
        return feed(id);
      }
      apply(feed, channel, size, modified, key, now);
    } catch (NoSuchFileException e) {
      problem(feed, now, "the file " + feed.path() + " is gone; the feed keeps its entries");
    } catch (ImportException e) {
      problem(feed, now, badLines(e.count(), e.errors()));
    } catch (UnreadableImportException | ImportLimitException e) {
      problem(feed, now, e.getMessage() + "; the feed keeps its entries");
    } catch (InvalidEntryException e) {
      // Refused inside the write (a block of a mail server's own address): rolled back whole.
      problem(feed, now, e.getMessage() + "; nothing was applied");
    } catch (IOException e) {
      problem(feed, now, "the file cannot be read: " + e.getMessage());
    }
    return feed(id);
  }

  private void apply(
      Feed feed, FileChannel channel, long size, Instant modified, String key, Instant now)
      throws IOException {
    ImportSource source = source(feed.path(), channel);
    CheckedImport checked =
        imports.check(
            new ImportSpec(feed.list(), feed.format(), null, ImportLimits.NONE), List.of(source));
    if (!checked.ok()) {
      problem(
          feed,
          now,
          badLines(checked.read().errorCount() + " bad line(s)", checked.read().errors()));
      return;
    }
    if (checked.entries() == 0 && feed.entryCount() > 0) {
      problem(
          feed,
          now,
          "the file holds no entries; the feed keeps its "
              + feed.entryCount()
              + " (remove the feed to drop them)");
      return;
    }
    ImportResult result;
    try {
      result =
          imports.syncFeed(
              feed.scopeId(),
              feed.id(),
              checked,
              feed.entryCount(),
              Actor.system("feed-" + feed.id()));
    } catch (PartlyStoredException e) {
      // Stored in parts (H2), the update stopped after some of them committed: they stay, and
      // the file is applied again by the next check, which the error makes happen.
      problem(
          feed,
          now,
          e.getCause() instanceof ImportException bad
              ? e.toldWith(bad.count() + " in the file, which changed while it was read")
                  + quoted(bad.errors())
              : e.getMessage());
      store.partlyApplied(feed.id(), now);
      return;
    }
    boolean changed = result.created() + result.updated() + result.deleted() > 0;
    store.applied(feed.id(), now, changed ? now : feed.changedAt(), size, modified, key);
    if (changed) {
      log.info(
          "feed {} ({}): {} new, {} updated, {} deleted, {} unchanged",
          feed.id(),
          feed.path(),
          result.created(),
          result.updated(),
          result.deleted(),
          result.unchanged());
    }
  }

  private void problem(Feed feed, Instant now, String message) {
    String cut = message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
    if (!cut.equals(feed.error())) {
      log.warn("feed {} ({}): {}", feed.id(), feed.path(), cut);
    }
    store.checked(feed.id(), now, cut);
  }

  private static String badLines(String count, List<ZoneFileIssue> issues) {
    return count + "; nothing was applied" + quoted(issues);
  }

  /** The first {@value #QUOTED_PROBLEMS} bad lines, each on a line of its own. */
  private static String quoted(List<ZoneFileIssue> issues) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(QUOTED_PROBLEMS, issues.size()); i++) {
      text.append("\n").append(issues.get(i));
    }
    return text.toString();
  }

  /**
   * The file read from the handle opened for this check, from its start each time: a file that
   * rsync replaces meanwhile (a new file renamed over it) is still the one opened.
   */
  private static ImportSource source(String name, FileChannel channel) {
    return new ImportSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public InputStream open() throws IOException {
        channel.position(0);
        return new FilterInputStream(Channels.newInputStream(channel)) {
          @Override
          public void close() {
            // The channel stays open for the next read; the check closes it.
          }
        };
      }
    };
  }

  /** The path as given, checked to stay inside the directory, normalised. */
  private String relative(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("name the feed's file, relative to " + directory());
    }
    Path base = settings.directory().toAbsolutePath().normalize();
    Path resolved;
    try {
      resolved = base.resolve(path.strip()).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a file name: " + e.getMessage());
    }
    if (!resolved.startsWith(base) || resolved.equals(base)) {
      throw new IllegalArgumentException(
          "a feed's file must be inside " + base + " (palisade.feeds.directory)");
    }
    return base.relativize(resolved).toString();
  }

  private Path file(String relative) {
    return settings.directory().toAbsolutePath().normalize().resolve(relative);
  }

  private AuditRecord record(
      ScopeDetails scope, Actor actor, String action, long id, ListKind list, String path) {
    return new AuditRecord(
        clock.instant(),
        scope.accountId(),
        scope.label(),
        actor,
        actor.channel(),
        action,
        "FEED",
        id,
        "feed of " + name(list) + " list of " + scope.displayName() + " from " + path,
        null,
        null);
  }

  private static String name(ListKind list) {
    return list.name().toLowerCase(Locale.ROOT);
  }
}
