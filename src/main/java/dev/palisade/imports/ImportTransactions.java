package dev.palisade.imports;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How an import or a feed's update larger than one transaction is stored ({@code
 * palisade.imports.transaction-entries}, every channel). H2 keeps the rows a transaction has not
 * committed as objects in the heap, about 350 bytes an entry (deploy/bench/IMPORTS.md), so an
 * import of more entries than this is stored in transactions of this many, DNS taking it only once
 * the last has committed ({@code listing.Listings#upsertAll}, {@code listing.Listings#syncFeed});
 * 200,000 is about 70 MB of heap, well within the shipped {@code -Xmx1g}. PostgreSQL keeps an open
 * transaction on disk: there an import is always one transaction.
 *
 * @param transactionEntries most entries of an import that one transaction stores on H2
 */
@ConfigurationProperties(ImportLimits.PREFIX)
@Validated
public record ImportTransactions(@DefaultValue("200000") @Positive long transactionEntries) {

  /**
   * The entries a transaction of a write of this many stores on H2: {@link #transactionEntries}
   * when the write has more, otherwise {@code Long.MAX_VALUE} (one transaction).
   */
  long partEntries(long entries) {
    return entries > transactionEntries ? transactionEntries : Long.MAX_VALUE;
  }
}
