package dev.palisade.stats;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * A data source that counts the rows each prepared statement was sent, by its SQL: one for each
 * {@code addBatch} or single execution, or the length of the first array parameter for a statement
 * over arrays ({@code unnest}). Everything else goes through to the real data source. Thread-safe.
 */
final class StatementCount {

  private final DataSource real;
  private final Map<String, Long> rows = new ConcurrentHashMap<>();

  StatementCount(DataSource real) {
    this.real = real;
  }

  /** The counting data source. */
  DataSource dataSource() {
    return proxy(
        DataSource.class,
        (self, method, args) -> {
          Object result = call(real, method, args);
          return result instanceof Connection connection ? connection(connection) : result;
        });
  }

  /** Rows sent to statements whose SQL contains {@code fragment}, since the last {@link #reset}. */
  long rows(String fragment) {
    return rows.entrySet().stream()
        .filter(e -> e.getKey().contains(fragment))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  void reset() {
    rows.clear();
  }

  private Connection connection(Connection connection) {
    return proxy(
        Connection.class,
        (self, method, args) -> {
          Object result = call(connection, method, args);
          if (result instanceof PreparedStatement statement
              && method.getName().equals("prepareStatement")) {
            return statement((String) args[0], statement);
          }
          return result;
        });
  }

  private PreparedStatement statement(String sql, PreparedStatement statement) {
    long[] arrayLength = {-1};
    return proxy(
        PreparedStatement.class,
        (self, method, args) -> {
          switch (method.getName()) {
            case "addBatch" -> {
              if (args == null) {
                rows.merge(sql, 1L, Long::sum);
              }
            }
            case "setArray" -> {
              if ((int) args[0] == 1) {
                arrayLength[0] = ((Object[]) ((Array) args[1]).getArray()).length;
              }
            }
            case "executeQuery", "executeUpdate", "execute" -> {
              if (args == null) {
                rows.merge(sql, arrayLength[0] < 0 ? 1 : arrayLength[0], Long::sum);
              }
            }
            default -> {}
          }
          return call(statement, method, args);
        });
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T)
        Proxy.newProxyInstance(
            StatementCount.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
