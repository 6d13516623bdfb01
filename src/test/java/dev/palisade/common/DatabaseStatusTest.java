package dev.palisade.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseStatusTest {

  @Test
  void failuresToReachTheDatabaseAreToldApartFromFailedStatements() {
    // Hikari's pool timed out: the cause says why.
    assertThat(
            DatabaseStatus.unreachable(
                new RuntimeException(
                    "Could not open JPA EntityManager",
                    new SQLTransientConnectionException(
                        "Connection is not available", new ConnectException("refused")))))
        .isTrue();
    // pgjdbc: an I/O error on an open connection (SQLSTATE 08006), a server shutting down (57P01).
    assertThat(DatabaseStatus.unreachable(new SQLException("I/O error", "08006"))).isTrue();
    assertThat(DatabaseStatus.unreachable(new SQLException("terminating", "57P01"))).isTrue();
    assertThat(
            DatabaseStatus.unreachable(
                new SQLException("read timed out", "08006", new SocketTimeoutException())))
        .isTrue();
    // A statement the database refused, on a working connection.
    assertThat(DatabaseStatus.unreachable(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(DatabaseStatus.unreachable(new IllegalStateException("a bug"))).isFalse();
  }

  @Test
  void anOutageIsOneChangeOfStatusHoweverManyUsesFail() {
    DatabaseStatus status = new DatabaseStatus(null);
    assertThat(status.reachable()).isTrue();

    assertThat(status.failed(new SQLException("I/O error", "08006"))).isTrue();
    assertThat(status.failed(new SQLException("I/O error", "08006"))).isTrue();
    assertThat(status.failed(new SQLException("duplicate key", "23505"))).isFalse();

    assertThat(status.reachable()).isFalse();
  }

  @Test
  void describesTheInnermostCauseInOneLine() {
    assertThat(
            DatabaseStatus.describe(
                new RuntimeException("outer", new ConnectException("Connection refused\nmore"))))
        .isEqualTo("ConnectException: Connection refused");
  }
}
