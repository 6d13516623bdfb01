package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.common.NotFoundException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.access.AccessDeniedException;

/**
 * Who may create and see which API tokens, checked without a database. Account 1 has servers 10 and
 * 11, account 2 has server 20. Callers and tokens are written {@code operator}, {@code account:1}
 * or {@code server:1:10}; callers with {@code +w} have write rights.
 */
class ApiTokensTest {

  @ParameterizedTest(name = "{0} creates {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "operator+w   | operator    | ok",
        "operator+w   | account:2   | ok",
        "operator+w   | server:2:20 | ok",
        "account:1+w  | account:1   | ok",
        "account:1+w  | server:1:11 | ok",
        "server:1:10+w| server:1:10 | ok",
        // Read-only callers create nothing, operators included.
        "operator     | account:1   | denied: a read-only token cannot create tokens",
        "account:1    | account:1   | denied: a read-only token cannot create tokens",
        // Never wider rights than one's own.
        "account:1+w  | operator    | denied: only an operator token can create operator tokens",
        "server:1:10+w| account:1   |"
            + " denied: a token bound to a mail server can only create tokens bound to the same"
            + " server",
        // What the caller cannot see does not exist for it, even when it may not write anyway.
        "account:1+w  | account:2   | not found: account 2 not found",
        "account:1    | server:2:20 | not found: account 2 not found",
        "server:1:10+w| server:1:11 | not found: mail server 11 not found",
      })
  void createsOnlyTokensWithinItsOwnRights(String creator, String request, String outcome) {
    Caller caller = caller(creator);
    NewToken wanted = request(request);

    if (outcome.equals("ok")) {
      assertThatCode(() -> ApiTokens.authorizeCreate(caller, wanted)).doesNotThrowAnyException();
    } else if (outcome.startsWith("denied: ")) {
      assertThatThrownBy(() -> ApiTokens.authorizeCreate(caller, wanted))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessage(outcome.substring("denied: ".length()));
    } else {
      assertThatThrownBy(() -> ApiTokens.authorizeCreate(caller, wanted))
          .isInstanceOf(NotFoundException.class)
          .hasMessage(outcome.substring("not found: ".length()));
    }
  }

  @ParameterizedTest(name = "{0} sees {1}: {2}")
  @CsvSource({
    "operator,    operator,    true",
    "operator,    server:2:20, true",
    "account:1,   account:1,   true",
    "account:1,   server:1:10, true",
    "account:1,   account:2,   false",
    "account:1,   operator,    false",
    "server:1:10, server:1:10, true",
    "server:1:10, server:1:11, false",
    "server:1:10, account:1,   false",
    "server:1:10, server:2:20, false",
  })
  void seesTokensOfWhatItSees(String viewer, String token, boolean sees) {
    NewToken shape = request(token);
    ApiToken stored =
        new ApiToken(
            "t",
            "0".repeat(64),
            "pal_00000000",
            shape.operator(),
            shape.accountId(),
            shape.serverId(),
            true,
            Instant.EPOCH,
            "system:test");

    assertThat(ApiTokens.canSee(caller(viewer), stored)).isEqualTo(sees);
    assertThat(ApiTokens.canSee(caller(viewer + "+w"), stored)).isEqualTo(sees);
  }

  private static Caller caller(String text) {
    boolean write = text.endsWith("+w");
    NewToken shape = request(write ? text.substring(0, text.length() - 2) : text);
    return new Caller(
        Caller.Kind.TOKEN,
        99,
        "caller",
        shape.operator(),
        shape.accountId(),
        shape.serverId(),
        write);
  }

  private static NewToken request(String text) {
    String[] parts = text.strip().split(":");
    return switch (parts[0]) {
      case "operator" -> NewToken.operator("new", true);
      case "account" -> NewToken.account("new", Long.parseLong(parts[1]), true);
      case "server" ->
          NewToken.server("new", Long.parseLong(parts[1]), Long.parseLong(parts[2]), true);
      default -> throw new IllegalArgumentException(text);
    };
  }
}
