package dev.palisade.api;

import dev.palisade.account.Caller;
import dev.palisade.dns.QueryLog;
import java.time.Duration;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Switches the DNS query log on for one zone for a while, for operators: {@code GET
 * /api/v1/query-log} says what is logged, {@code PUT} with {@code {"zone": "<label>", "minutes":
 * 10}} logs every query of that zone label for that long (at most {@code
 * palisade.dns.query-log.max-follow}), {@code DELETE} ends it. The lines go to the logger {@code
 * palisade.querylog}, not into the response: they name other tenants' clients.
 */
@RestController
class QueryLogController {

  private final QueryLog queryLog;

  QueryLogController(QueryLog queryLog) {
    this.queryLog = queryLog;
  }

  @GetMapping("/api/v1/query-log")
  QueryLog.Status status(@AuthenticationPrincipal Caller caller) {
    operator(caller);
    return queryLog.status();
  }

  @PutMapping("/api/v1/query-log")
  QueryLog.Status follow(@AuthenticationPrincipal Caller caller, @RequestBody Follow follow) {
    operator(caller);
    if (follow.zone() == null || follow.zone().isBlank()) {
      throw InvalidRequestException.field("zone", "zone is required: a zone label");
    }
    if (follow.minutes() == null || follow.minutes() < 1) {
      throw InvalidRequestException.field("minutes", "minutes must be 1 or more");
    }
    try {
      return queryLog.follow(follow.zone(), Duration.ofMinutes(follow.minutes()));
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().startsWith("zone") ? "zone" : "minutes";
      throw InvalidRequestException.field(field, e.getMessage());
    }
  }

  @DeleteMapping("/api/v1/query-log")
  QueryLog.Status stop(@AuthenticationPrincipal Caller caller) {
    operator(caller);
    return queryLog.stop();
  }

  /** The query log shows every tenant's traffic: operators only. */
  private static void operator(Caller caller) {
    if (!caller.operator()) {
      throw new AccessDeniedException("only operator tokens switch the query log");
    }
  }

  /** What to follow: a zone label and for how many minutes. */
  record Follow(String zone, Integer minutes) {}
}
