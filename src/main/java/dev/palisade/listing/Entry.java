package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Version;
import java.time.Instant;

/** One stored block, allow or exclude entry of a scope. Changed only through {@link Listings}. */
@Entity
public class Entry {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "entry_id")
  @SequenceGenerator(name = "entry_id", sequenceName = "entry_id_seq", allocationSize = 100)
  private Long id;

  @Column(name = "scope_id", nullable = false)
  private long scopeId;

  @Enumerated(EnumType.STRING)
  @Column(name = "list_kind", nullable = false)
  private ListKind kind;

  @Enumerated(EnumType.STRING)
  @Column(name = "value_type", nullable = false)
  private ValueType valueType;

  /** Canonical text of the value, as {@link EntryValue#canonical()} writes it. */
  @Column(name = "entry_value", nullable = false)
  private String value;

  /** The value's place in the table's order by value: {@link EntrySortKey}. */
  @Column(name = "sort_key", nullable = false)
  private String sortKey;

  /**
   * How often the entry decided a listed answer (0 when never), read with the entry from the
   * statistics' {@code entry_hit}: the table's order by hits. Never written through here.
   */
  @org.hibernate.annotations.Formula(
      "(select coalesce(max(h.hits), 0) from entry_hit h where h.entry_id = id)")
  private Long hits;

  @Column(name = "return_code")
  private Integer returnCode;

  private String reason;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "expires_at")
  private Instant expiresAt;

  /**
   * The {@link #expiresAt} whose passing has been recorded in the database; see {@link Expiries}.
   */
  @Column(name = "expiry_recorded")
  private Instant expiryRecorded;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private EntrySource source;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_by", nullable = false)
  private String updatedBy;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected Entry() {}

  Entry(long scopeId, EntryDraft draft, EntrySource source, String actor, Instant now) {
    this.scopeId = scopeId;
    this.kind = draft.kind();
    this.valueType = draft.value().type();
    this.value = draft.value().canonical();
    this.sortKey = EntrySortKey.of(draft.value());
    this.enabled = true;
    this.source = source;
    this.createdBy = actor;
    this.createdAt = now;
    apply(draft, actor, now);
  }

  /**
   * An entry as its row holds it, for the single-entry writes that read and write rows without JPA
   * ({@link EntryRowStore}).
   */
  static Entry stored(
      long id,
      long scopeId,
      ListKind kind,
      ValueType valueType,
      String value,
      Integer returnCode,
      String reason,
      boolean enabled,
      Instant expiresAt,
      EntrySource source,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt,
      long version) {
    Entry entry = new Entry();
    entry.id = id;
    entry.scopeId = scopeId;
    entry.kind = kind;
    entry.valueType = valueType;
    entry.value = value;
    entry.sortKey = EntrySortKey.of(EntryValue.parseStored(valueType, value));
    entry.returnCode = returnCode;
    entry.reason = reason;
    entry.enabled = enabled;
    entry.expiresAt = expiresAt;
    entry.source = source;
    entry.createdBy = createdBy;
    entry.createdAt = createdAt;
    entry.updatedBy = updatedBy;
    entry.updatedAt = updatedAt;
    entry.version = version;
    return entry;
  }

  /**
   * This entry as a move to another scope or list leaves it: the same id, value, answer and expiry,
   * changed by {@code actor} at {@code now}, one version on.
   */
  Entry movedTo(long toScopeId, ListKind toKind, String actor, Instant now) {
    return stored(
        id,
        toScopeId,
        toKind,
        valueType,
        value,
        returnCode,
        reason,
        enabled,
        expiresAt,
        source,
        createdBy,
        createdAt,
        actor,
        now,
        version + 1);
  }

  /** Gives a new entry, not yet stored, the id its row gets. */
  void assignId(long id) {
    if (this.id != null) {
      throw new IllegalStateException("entry " + this.id + " already has an id");
    }
    this.id = id;
  }

  /** Counts one more stored change, as JPA's {@code @Version} would. */
  void nextVersion() {
    version++;
  }

  long getVersion() {
    return version;
  }

  /** Takes the draft's answer and expiry; returns whether anything changed. */
  boolean apply(EntryDraft draft, String actor, Instant now) {
    Instant expiry = draft.expiresAt() == null ? null : rowTime(draft.expiresAt());
    boolean changed =
        !java.util.Objects.equals(returnCode, draft.returnCode())
            || !java.util.Objects.equals(reason, draft.reason())
            || !java.util.Objects.equals(expiresAt, expiry)
            || !enabled;
    returnCode = draft.returnCode();
    reason = draft.reason();
    expiresAt = expiry;
    enabled = true;
    if (changed || updatedAt == null) {
      updatedBy = actor;
      updatedAt = now;
    }
    return changed;
  }

  /**
   * The instant as a row keeps it, to the microsecond (both databases store no finer), so that an
   * entry that is written but not read back says what a later read says.
   */
  static Instant rowTime(Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /** Whether DNS answers this entry at the given moment. */
  public boolean isActiveAt(Instant now) {
    return enabled && (expiresAt == null || expiresAt.isAfter(now));
  }

  /** The entry as DNS sees it, with the default return code filled in. */
  ActiveEntry toActive(int defaultReturnCode) {
    return new ActiveEntry(
        id,
        scopeId,
        kind,
        parsedValue(),
        returnCode == null ? defaultReturnCode : returnCode,
        reason,
        expiresAt);
  }

  public EntryValue parsedValue() {
    return EntryValue.parse(value);
  }

  public Long getId() {
    return id;
  }

  public long getScopeId() {
    return scopeId;
  }

  public ListKind getKind() {
    return kind;
  }

  public ValueType getValueType() {
    return valueType;
  }

  public String getValue() {
    return value;
  }

  /** The value's key in the table's order by value ({@link EntrySortKey}). */
  String getSortKey() {
    return sortKey;
  }

  /** How often the entry decided a listed answer, as read with it; 0 when unknown. */
  long getHits() {
    return hits == null ? 0 : hits;
  }

  public Integer getReturnCode() {
    return returnCode;
  }

  public String getReason() {
    return reason;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  /** Marks this entry's expiry as recorded, so no other node records it again. */
  void expiryRecorded() {
    expiryRecorded = expiresAt;
  }

  public EntrySource getSource() {
    return source;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public String getUpdatedBy() {
    return updatedBy;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
