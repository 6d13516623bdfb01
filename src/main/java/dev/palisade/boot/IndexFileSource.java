package dev.palisade.boot;

import dev.palisade.listing.ListingSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.DataSource;

/**
 * What an index file must have been written for to be usable here: this database and the settings
 * that shape its answers. Two SHA-256 hashes, so no part of the URL lands in the file: of the
 * configured JDBC URL and the default return codes (which entries without their own code answer
 * with), known without the database; and of the moment the database's first migration ran, which
 * tells a database apart from another one made later under the same URL, read from it.
 *
 * <p>A start while the database cannot be reached checks the first alone ({@link
 * #writtenForThisUrl}); once the database is back, the whole ({@link #bytes}).
 *
 * <p>Thread-safe: the database's part is read once, when first needed.
 */
final class IndexFileSource {

  private static final String FIRST_MIGRATION =
      "select \"installed_on\" from \"flyway_schema_history\" where \"installed_rank\" = 1";

  private static final int HASH = 32;

  private final byte[] settingsPart;
  private final DataSource dataSource;
  private volatile byte[] bytes;

  IndexFileSource(String url, ListingSettings settings, DataSource dataSource) {
    this.settingsPart = settingsPart(url, settings);
    this.dataSource = dataSource;
  }

  /** The whole source; reads the database's part the first time. Throws when it cannot. */
  byte[] bytes() {
    byte[] known = bytes;
    if (known == null) {
      known = Arrays.copyOf(settingsPart, 2 * HASH);
      System.arraycopy(databasePart(), 0, known, HASH, HASH);
      bytes = known;
    }
    return known.clone();
  }

  /**
   * Whether a file with this source was written for this URL and these settings, without asking the
   * database (which may be another one made under the same URL since: {@link #bytes} tells).
   */
  static boolean writtenForThisUrl(byte[] saved, String url, ListingSettings settings) {
    return saved.length == 2 * HASH
        && Arrays.equals(saved, 0, HASH, settingsPart(url, settings), 0, HASH);
  }

  private static byte[] settingsPart(String url, ListingSettings settings) {
    return sha256(String.valueOf(url).strip() + "\n" + settings.returnCode());
  }

  private byte[] databasePart() {
    String firstMigration = "";
    try (Connection connection = dataSource.getConnection()) {
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery(FIRST_MIGRATION)) {
        if (row.next()) {
          firstMigration = row.getString(1);
        }
      } catch (SQLException e) {
        if (!connection.isValid(1)) {
          throw e;
        }
        // Migrations kept elsewhere: the URL alone has to do.
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database: " + e.getMessage(), e);
    }
    return sha256(firstMigration);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
