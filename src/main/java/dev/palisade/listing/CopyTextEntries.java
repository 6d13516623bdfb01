package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Decodes entry rows as PostgreSQL's {@code COPY ... TO STDOUT} sends them in text format: one row
 * per message, the columns {@code id, scope_id, list_kind, value_type, entry_value, return_code,
 * reason} and the expiry in epoch milliseconds, separated by tabs, {@code \N} for null, backslash
 * escapes inside text.
 *
 * <p>The start-up load reads every entry through here, so a row is decoded straight from its bytes:
 * numbers and the list and value types without any string, and a reason equal to the previous row's
 * (bulk-loaded lists mostly repeat one) without a new one. Only the value itself becomes a string,
 * for {@link EntryValue#parseStored}. Not thread-safe: one decoder per load.
 */
final class CopyTextEntries {

  private static final int COLUMNS = 8;
  private static final ValueType[] TYPES = ValueType.values();

  private final int[] defaultCodes = new int[ListKind.values().length * TYPES.length];
  private final int[] starts = new int[COLUMNS];
  private final int[] ends = new int[COLUMNS];
  private byte[] lastReasonBytes = new byte[0];
  private String lastReason;

  /** Default return codes (for rows without one) come from the settings. */
  CopyTextEntries(ListingSettings settings) {
    for (ListKind kind : ListKind.values()) {
      for (ValueType type : TYPES) {
        defaultCodes[slot(kind, type)] = settings.defaultReturnCode(kind, type);
      }
    }
  }

  /** The entry of one row, as received (with or without its terminating newline). */
  ActiveEntry decode(byte[] row) {
    split(row);
    long id = parseLong(row, 0);
    ListKind kind = kind(row);
    ValueType type = type(row);
    String text = text(row, 4);
    EntryValue value;
    try {
      value = EntryValue.parseStored(type, text);
    } catch (InvalidEntryException e) {
      throw new IllegalStateException(
          "entry " + id + " holds an invalid value: " + e.getMessage(), e);
    }
    int returnCode = isNull(row, 5) ? defaultCodes[slot(kind, type)] : (int) parseLong(row, 5);
    Instant expiresAt = isNull(row, 7) ? null : Instant.ofEpochMilli(parseLong(row, 7));
    return new ActiveEntry(id, parseLong(row, 1), kind, value, returnCode, reason(row), expiresAt);
  }

  private void split(byte[] row) {
    int end = row.length;
    if (end > 0 && row[end - 1] == '\n') {
      end--;
    }
    int column = 0;
    starts[0] = 0;
    for (int i = 0; i < end; i++) {
      if (row[i] == '\t') {
        if (column == COLUMNS - 1) {
          throw malformed(row);
        }
        ends[column++] = i;
        starts[column] = i + 1;
      }
    }
    if (column != COLUMNS - 1) {
      throw malformed(row);
    }
    ends[column] = end;
  }

  private boolean isNull(byte[] row, int column) {
    return ends[column] - starts[column] == 2
        && row[starts[column]] == '\\'
        && row[starts[column] + 1] == 'N';
  }

  private long parseLong(byte[] row, int column) {
    int i = starts[column];
    int end = ends[column];
    boolean negative = i < end && row[i] == '-';
    if (negative) {
      i++;
    }
    if (i == end) {
      throw malformed(row);
    }
    long value = 0;
    for (; i < end; i++) {
      int digit = row[i] - '0';
      if (digit < 0 || digit > 9) {
        throw malformed(row);
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private ListKind kind(byte[] row) {
    // The schema allows these three values only (entry_list_kind_valid).
    if (equalsAscii(row, 2, "BLOCK")) {
      return ListKind.BLOCK;
    }
    return equalsAscii(row, 2, "ALLOW") ? ListKind.ALLOW : ListKind.valueOf(text(row, 2));
  }

  private ValueType type(byte[] row) {
    for (ValueType type : TYPES) {
      if (equalsAscii(row, 3, type.name())) {
        return type;
      }
    }
    return ValueType.valueOf(text(row, 3));
  }

  private boolean equalsAscii(byte[] row, int column, String expected) {
    int start = starts[column];
    if (ends[column] - start != expected.length()) {
      return false;
    }
    for (int i = 0; i < expected.length(); i++) {
      if (row[start + i] != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Bulk-loaded lists mostly repeat one reason: hold it once, not once per entry. */
  private String reason(byte[] row) {
    if (isNull(row, 6)) {
      return null;
    }
    int start = starts[6];
    int end = ends[6];
    if (lastReason != null
        && Arrays.equals(row, start, end, lastReasonBytes, 0, lastReasonBytes.length)) {
      return lastReason;
    }
    lastReasonBytes = Arrays.copyOfRange(row, start, end);
    lastReason = text(row, 6);
    return lastReason;
  }

  /** The column's text, its escapes resolved; null for {@code \N}. */
  private String text(byte[] row, int column) {
    if (isNull(row, column)) {
      return null;
    }
    int start = starts[column];
    int end = ends[column];
    int backslash = -1;
    for (int i = start; i < end; i++) {
      if (row[i] == '\\') {
        backslash = i;
        break;
      }
    }
    if (backslash < 0) {
      return new String(row, start, end - start, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[end - start];
    int n = backslash - start;
    System.arraycopy(row, start, out, 0, n);
    for (int i = backslash; i < end; i++) {
      byte b = row[i];
      if (b == '\\' && i + 1 < end) {
        b = unescape(row[++i]);
      }
      out[n++] = b;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** The character a backslash escape of {@code COPY}'s text format stands for. */
  private static byte unescape(byte escaped) {
    switch (escaped) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return 0x0b;
      default:
        return escaped;
    }
  }

  private IllegalStateException malformed(byte[] row) {
    return new IllegalStateException(
        "unexpected entry row from COPY: " + new String(row, StandardCharsets.UTF_8));
  }

  private static int slot(ListKind kind, ValueType type) {
    return kind.ordinal() * TYPES.length + type.ordinal();
  }
}
