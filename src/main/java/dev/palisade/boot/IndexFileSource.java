package dev.palisade.boot;

import dev.palisade.listing.ListingSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * What an index file must have been written for to be usable here: this database and the settings
 * that shape its answers. A SHA-256 of the JDBC URL, the moment the database's first migration ran
 * (which tells a database apart from another one made later under the same URL) and the default
 * return codes (which entries without their own code answer with). A hash, so no part of the URL
 * lands in the file.
 */
record IndexFileSource(byte[] bytes) {

  private static final String FIRST_MIGRATION =
      "select \"installed_on\" from \"flyway_schema_history\" where \"installed_rank\" = 1";

  /** Reads the source of this database; throws when the database cannot be read. */
  static IndexFileSource of(DataSource dataSource, ListingSettings settings) {
    String url;
    String firstMigration = "";
    try (Connection connection = dataSource.getConnection()) {
      url = connection.getMetaData().getURL();
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery(FIRST_MIGRATION)) {
        if (row.next()) {
          firstMigration = row.getString(1);
        }
      } catch (SQLException e) {
        // Migrations kept elsewhere: the URL alone has to do.
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database: " + e.getMessage(), e);
    }
    String text = url + "\n" + firstMigration + "\n" + settings.returnCode();
    try {
      return new IndexFileSource(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
