package dev.palisade.listing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * An entry's hit count as the statistics keep it in {@code entry_hit}, read (never written) by the
 * entries table's orders by hits: they join it, so that the database walks the hit counters of the
 * scope's entries that have any and reads the entries without hits by id, instead of computing
 * every entry's count before it can sort ({@link EntryTable}).
 */
@Entity
@Immutable
@Table(name = "entry_hit")
class EntryHitCount {

  @Id
  @Column(name = "entry_id")
  private Long entryId;

  @Column(nullable = false)
  private long hits;

  protected EntryHitCount() {}
}
