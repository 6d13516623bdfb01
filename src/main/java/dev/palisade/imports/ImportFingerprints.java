package dev.palisade.imports;

import dev.palisade.listing.UpsertResult;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code import_fingerprint} table: per scope, the digest of its last import's inputs ({@link
 * ImportStream.Checked#digest}) and the scope's serial when that import ended. Importing inputs of
 * the same digest into a scope still at that serial changes nothing — every entry of the inputs was
 * stored as they say, and no write of the scope's entries came after, or the serial would have
 * moved — so {@link Imports#storeChecked} reports the entries unchanged without reading the inputs
 * again. A write that changes nothing keeps the serial, so the fingerprint of a re-import that
 * found nothing to change stays valid too. Thread-safe.
 */
@Component
class ImportFingerprints {

  private static final Logger log = LoggerFactory.getLogger(ImportFingerprints.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  ImportFingerprints(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /**
   * What the last import into the scope stored, as a write of the same inputs would find it now:
   * every entry unchanged; empty when the scope's last import read other inputs, or the scope
   * changed since.
   */
  Optional<UpsertResult> unchanged(long scopeId, String digest) {
    List<UpsertResult> found =
        jdbc.query(
            "select f.stored, f.repeated, f.kept, f.serial from import_fingerprint f"
                + " join scope s on s.id = f.scope_id"
                + " where f.scope_id = ? and f.digest = ? and f.serial = s.serial",
            (row, i) ->
                new UpsertResult(
                    0, 0, row.getInt(1), row.getInt(2), row.getInt(3), 0, row.getLong(4)),
            scopeId,
            digest);
    return found.stream().findFirst();
  }

  /**
   * Records what an import of these inputs stored, the scope then at {@link UpsertResult#serial}. A
   * fingerprint only spares work: when it cannot be written (the scope was deleted meanwhile, or
   * another import of the scope records its own at the same moment) the next import is compared in
   * full, as without it.
   */
  void record(long scopeId, String digest, UpsertResult stored) {
    if (stored.serial() == 0) {
      return;
    }
    try {
      transactions.executeWithoutResult(
          status -> {
            jdbc.update("delete from import_fingerprint where scope_id = ?", scopeId);
            jdbc.update(
                "insert into import_fingerprint (scope_id, digest, serial, stored, repeated, kept)"
                    + " values (?, ?, ?, ?, ?, ?)",
                scopeId,
                digest,
                stored.serial(),
                stored.created() + stored.updated() + stored.unchanged(),
                stored.repeated(),
                stored.kept());
          });
    } catch (DataAccessException e) {
      log.debug("import fingerprint of scope {} not recorded: {}", scopeId, e.getMessage());
    }
  }
}
