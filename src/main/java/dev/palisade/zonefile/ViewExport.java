package dev.palisade.zonefile;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.CsvRow;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.listing.Entry;
import dev.palisade.listing.EntryFilter;
import dev.palisade.listing.EntrySort;
import dev.palisade.listing.EntryTable;
import dev.palisade.listing.ListingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Writes the stored entries of one scope that a filter of the entries table selects, as CSV or as
 * an rbldnsd data file, row by row as the database hands them over ({@link EntryTable#forEach}): a
 * view of millions of entries is never held in memory. Unlike {@link ZoneFileExport}, which writes
 * what a zone answers (the account's entries merged in, the decision rule applied), this writes
 * exactly the entries the view shows. Thread-safe.
 *
 * <p>CSV: {@code value,reason,return code,expires} first, the columns the CSV import reads (so a
 * view exported can be imported into another scope), then the entry's list, type, state, source and
 * its times. The rbldnsd file holds the view's active entries of one value type, in value order,
 * with the RFC 5782 test points first: the entries of the exported list with their A and TXT, the
 * other list's as {@code !} exclusions (a value on both lists: allow wins, as in DNS).
 */
@Service
public class ViewExport {

  /** The CSV header. */
  public static final List<String> CSV_COLUMNS =
      List.of(
          "value",
          "reason",
          "return code",
          "expires",
          "list",
          "type",
          "state",
          "source",
          "created",
          "created by",
          "updated",
          "updated by");

  private final EntryTable table;
  private final Accounts accounts;
  private final ListingSettings settings;
  private final ZoneFileExport zones;
  private final Clock clock;

  ViewExport(
      EntryTable table,
      Accounts accounts,
      ListingSettings settings,
      ZoneFileExport zones,
      Clock clock) {
    this.table = table;
    this.accounts = accounts;
    this.settings = settings;
    this.zones = zones;
    this.clock = clock;
  }

  /** Writes the view as CSV in the sort's order. Does not close the writer. */
  public void csv(long scopeId, EntryFilter filter, EntrySort sort, Writer out) throws IOException {
    java.time.Instant now = clock.instant();
    CsvRow.write(out, CSV_COLUMNS);
    each(
        scopeId,
        filter,
        sort,
        entry ->
            CsvRow.write(
                out,
                List.of(
                    entry.getValue(),
                    text(entry.getReason()),
                    entry.getReturnCode() == null ? "" : ReturnCode.format(entry.getReturnCode()),
                    entry.getExpiresAt() == null ? "" : entry.getExpiresAt().toString(),
                    lower(entry.getKind()),
                    lower(entry.getValueType()),
                    entry.isActiveAt(now) ? "active" : "expired",
                    lower(entry.getSource()),
                    entry.getCreatedAt().toString(),
                    entry.getCreatedBy(),
                    entry.getUpdatedAt().toString(),
                    entry.getUpdatedBy())));
  }

  /**
   * Writes the view's active entries of the format's value type as an rbldnsd file of {@code list}:
   * {@code ip4trie}, {@code ip6trie} or {@code dnset} ({@code ip4set} needs the whole zone to split
   * networks at octet boundaries: {@link ZoneFileExport}). Does not close the writer.
   */
  public void rbldnsd(
      long scopeId, EntryFilter filter, ListKind list, ZoneFileFormat format, Writer out)
      throws IOException {
    ValueType type =
        switch (format) {
          case IP4TRIE -> ValueType.IPV4;
          case IP6TRIE -> ValueType.IPV6;
          case DNSET -> ValueType.DOMAIN;
          default ->
              throw new IllegalArgumentException(
                  "a view exports as ip4trie, ip6trie or dnset, not " + format);
        };
    if (filter.type() != null && filter.type() != type) {
      throw new IllegalArgumentException(
          "the view shows only "
              + lower(filter.type())
              + " entries; "
              + format
              + " holds "
              + lower(type)
              + " ones");
    }
    EntryFilter view =
        new EntryFilter(
            filter.kind(),
            type,
            filter.text(),
            filter.source(),
            EntryFilter.State.ACTIVE,
            filter.match());
    ScopeDetails scope = accounts.describe(scopeId);
    out.write(
        "# "
            + format
            + " data of the "
            + list.listName()
            + " list: the active "
            + lower(type)
            + " entries of "
            + scope.displayName()
            + " that the entries view "
            + describe(filter)
            + " selected, exported by Palisade at "
            + clock.instant()
            + "\n");
    out.write(
        "# Entries of the other list are exclusions (!). The account's entries are not merged in"
            + " here: for what a zone answers, export the zone.\n");
    zones.directives(out);
    ExportWriter writer = new ExportWriter(out, list, zones.defaultText(list));
    writer.testPoints(format);
    String[] previous = {null};
    each(
        scopeId,
        view,
        EntrySort.VALUE,
        entry -> {
          // By value, a value on both lists comes allow first: the allow entry decides, as in DNS.
          if (entry.getValue().equals(previous[0])) {
            return;
          }
          previous[0] = entry.getValue();
          EntryValue value = entry.parsedValue();
          if (!ZoneFileExport.inFormat(value, format)) {
            return;
          }
          int code =
              entry.getReturnCode() != null
                  ? entry.getReturnCode()
                  : settings.defaultReturnCode(entry.getKind(), entry.getValueType());
          writer.entry(value, entry.getKind(), code, entry.getReason());
        });
  }

  /** The filter in words, for the file's first line. */
  private static String describe(EntryFilter filter) {
    List<String> parts = new ArrayList<>();
    if (filter.kind() != null) {
      parts.add("list=" + lower(filter.kind()));
    }
    if (filter.source() != null) {
      parts.add("source=" + lower(filter.source()));
    }
    if (filter.text() != null) {
      parts.add(
          (filter.match() == EntryFilter.TextMatch.REASON ? "reason~" : "value=")
              + filter.text().replace('\n', ' ').replace('\r', ' ')
              + (filter.match() == EntryFilter.TextMatch.VALUE_PREFIX ? "*" : ""));
    }
    return parts.isEmpty() ? "(no filter)" : "(" + String.join(", ", parts) + ")";
  }

  private interface Row {
    void write(Entry entry) throws IOException;
  }

  private void each(long scopeId, EntryFilter filter, EntrySort sort, Row row) throws IOException {
    try {
      table.forEach(
          scopeId,
          filter,
          sort,
          entry -> {
            try {
              row.write(entry);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String text(String text) {
    return text == null ? "" : text;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
