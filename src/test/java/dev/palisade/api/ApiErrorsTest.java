package dev.palisade.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.palisade.common.ConflictException;
import dev.palisade.common.DatabaseStatus;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.InvalidEntryException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Every exception a controller may throw becomes the RFC 9457 problem {@link ApiErrors} names. */
class ApiErrorsTest {

  private MockMvc mvc;

  @BeforeEach
  void setUp() {
    mvc =
        MockMvcBuilders.standaloneSetup(new Throwing())
            .setControllerAdvice(new ApiErrors(new DatabaseStatus(null)))
            .build();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not-found     | 404 | widget 7 not found
          conflict      | 409 | widget 'a' already exists
          invalid-entry | 400 | '300.1.2.3' is not an IP address
          illegal       | 400 | bad argument
          denied        | 403 | not yours
          unexpected    | 500 | An unexpected error occurred; it has been logged.
          unreachable   | 503 | "The database cannot be reached at the moment. DNS keeps answering from memory; the web UI and the API work again as soon as the database is back."
          """,
      quoteCharacter = '"')
  void mapsExceptionsToProblems(String what, int status, String detail) throws Exception {
    mvc.perform(get("/throw/" + what))
        .andExpect(status().is(status))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.detail").value(detail))
        .andExpect(jsonPath("$.instance").value("/throw/" + what));
  }

  /** A client told to come back, in the API's own error format, not left waiting for a 500. */
  @Test
  void anUnreachableDatabaseIs503WithRetryAfter() throws Exception {
    mvc.perform(get("/throw/unreachable"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void beanValidationListsTheFields() throws Exception {
    mvc.perform(post("/body").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("name"))
        .andExpect(jsonPath("$.errors[0].message").value(Matchers.not(Matchers.emptyString())));
  }

  @Test
  void nestedWrongTypeNamesItsPath() throws Exception {
    mvc.perform(
            post("/body")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\",\"counts\":[1,\"two\"]}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("counts[1]"))
        .andExpect(jsonPath("$.errors[0].message").value("must be an integer"));
  }

  @Test
  void missingBodyIsABadRequest() throws Exception {
    mvc.perform(post("/body").contentType(MediaType.APPLICATION_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  record Body(@NotBlank String name, java.util.List<Integer> counts) {}

  @RestController
  static class Throwing {

    @GetMapping("/throw/{what}")
    String fail(@PathVariable String what) {
      throw switch (what) {
        case "not-found" -> new NotFoundException("widget 7 not found");
        case "conflict" -> new ConflictException("widget 'a' already exists");
        case "invalid-entry" -> new InvalidEntryException("'300.1.2.3' is not an IP address");
        case "illegal" -> new IllegalArgumentException("bad argument");
        case "denied" -> new AccessDeniedException("not yours");
        case "unreachable" ->
            new CannotCreateTransactionException(
                "Could not open JPA EntityManager for transaction",
                new SQLTransientConnectionException(
                    "HikariPool-1 - Connection is not available, request timed out after 2000ms",
                    new ConnectException("Connection refused")));
        default -> new IllegalStateException("internal detail that must not leak");
      };
    }

    @PostMapping("/body")
    String body(@Valid @RequestBody Body body) {
      return "ok";
    }
  }
}
