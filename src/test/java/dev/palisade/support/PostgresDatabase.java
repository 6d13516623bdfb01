package dev.palisade.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A private schema in the real PostgreSQL server the tests use ({@code PALISADE_TEST_PG_URL},
 * default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code PALISADE_TEST_PG_USER},
 * default {@code postgres}). Outside CI the tests skip when PostgreSQL is down; with {@code
 * CI=true} they fail instead, so a CI run never passes without having run them.
 *
 * <p>A test class declares one as a JUnit extension and points Spring at it:
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();
 *
 * @DynamicPropertySource
 * static void postgres(DynamicPropertyRegistry registry) {
 *   database.register(registry);
 * }
 * }</pre>
 *
 * The schema is created before the class's tests (before Spring loads the context) and dropped
 * after them. The property method stays in each class: Spring's context cache tells contexts apart
 * by it, so two classes never share a context, and with it a schema one of them has dropped.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {

  private static final String URL =
      env("PALISADE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = env("PALISADE_TEST_PG_USER", "postgres");
  private static final String PASSWORD = env("PALISADE_TEST_PG_PASSWORD", "");

  private final String schema = "it_" + UUID.randomUUID().toString().replace("-", "");

  /** Creates the schema, or skips/fails the test as described above when there is no server. */
  @Override
  public void beforeAll(ExtensionContext context) {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      // A class with one test instance for all its tests (@TestInstance(PER_CLASS)) has its
      // Spring context, and Flyway with it, made before this runs: Flyway may have created it.
      statement.execute("create schema if not exists " + schema);
    } catch (SQLException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("PostgreSQL is required in CI but unreachable: " + e, e);
      }
      Assumptions.abort("PostgreSQL unreachable at " + URL + ": " + e.getMessage());
    }
  }

  /** Points the application at the schema. */
  public void register(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + schema);
    registry.add("spring.datasource.username", () -> USER);
    registry.add("spring.datasource.password", () -> PASSWORD);
    registry.add("spring.flyway.default-schema", () -> schema);
    registry.add("spring.flyway.schemas", () -> schema);
  }

  /**
   * The same settings as command-line arguments, for tests that start the application as {@code
   * main} does (several times over one database, as restarts).
   */
  public List<String> arguments() {
    return List.of(
        "--spring.profiles.active=test",
        "--spring.datasource.url=" + URL + "?currentSchema=" + schema,
        "--spring.datasource.username=" + USER,
        "--spring.datasource.password=" + PASSWORD,
        "--spring.flyway.default-schema=" + schema,
        "--spring.flyway.schemas=" + schema);
  }

  /** Plain JDBC into the schema, for changes made outside the application. */
  public Connection connect() throws SQLException {
    Connection connection =
        DriverManager.getConnection(URL + "?currentSchema=" + schema, USER, PASSWORD);
    return connection;
  }

  /**
   * Drops the schema and everything in it, after closing the class's Spring context: left in the
   * context cache, its scheduled jobs would keep running against a schema that is gone, and fill
   * the log other tests read.
   */
  @Override
  public void afterAll(ExtensionContext context) {
    closeSpringContext(context);
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + schema + " cascade");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop " + schema, e);
    }
  }

  private static void closeSpringContext(ExtensionContext context) {
    // Where SpringExtension keeps the class's TestContextManager; marking its context dirty removes
    // it from the cache and closes it, with its parent, as @DirtiesContext would.
    TestContextManager manager =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(SpringExtension.class))
            .get(context.getRequiredTestClass(), TestContextManager.class);
    if (manager != null) {
      manager.getTestContext().markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
