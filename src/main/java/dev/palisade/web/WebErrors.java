package dev.palisade.web;

import dev.palisade.common.ConflictException;
import dev.palisade.common.DatabaseStatus;
import dev.palisade.common.Excerpts;
import dev.palisade.common.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Renders errors of the UI's controllers as HTML pages, ahead of the REST API's problem+json advice
 * (which would otherwise answer browsers with JSON): 404 for what does not exist or is not the
 * user's to see, 403 for what the user may see but not change, 409 for conflicts that no form
 * caught, 400 for addresses and parameters that cannot be read (not logged with a stack trace), 503
 * while the database cannot be reached (logged once, by {@link DatabaseStatus}), 500 for anything
 * else (logged with its stack trace, no internals shown). Messages quote at most an excerpt of the
 * request ({@link Excerpts}). Thread-safe.
 */
@ControllerAdvice(basePackageClasses = WebErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrors {

  private static final Logger log = LoggerFactory.getLogger(WebErrors.class);

  private final DatabaseStatus database;

  WebErrors(DatabaseStatus database) {
    this.database = database;
  }

  @ExceptionHandler(NotFoundException.class)
  String notFound(NotFoundException e, Model model, HttpServletResponse response) {
    return page(response, model, 404, "Not found", Excerpts.cut(e.getMessage()));
  }

  @ExceptionHandler(AccessDeniedException.class)
  String forbidden(AccessDeniedException e, Model model, HttpServletResponse response) {
    return page(response, model, 403, "Not allowed", e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  String conflict(ConflictException e, Model model, HttpServletResponse response) {
    return page(response, model, 409, "Conflict", Excerpts.cut(e.getMessage()));
  }

  /**
   * A request the client got wrong: an address or field that is not a number, a date or a known
   * value. One log line at most, never a stack trace: anyone can send these.
   */
  @ExceptionHandler({
    TypeMismatchException.class,
    ServletRequestBindingException.class,
    HandlerMethodValidationException.class,
    IllegalArgumentException.class
  })
  String badRequest(Exception e, Model model, HttpServletResponse response) {
    log.debug("bad request: {}", Excerpts.cut(e.getMessage()));
    return page(response, model, 400, "Bad request", Excerpts.cut(e.getMessage()));
  }

  @ExceptionHandler(Exception.class)
  String unexpected(Exception e, Model model, HttpServletResponse response) {
    if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
      // Spring MVC's own client errors (405, 415, ...): the client's fault, not ours.
      int status = known.getStatusCode().value();
      return page(response, model, status, "Bad request", Excerpts.cut(e.getMessage()));
    }
    if (database.explains(e)) {
      // Logged once by DatabaseStatus, not per page.
      response.setHeader("Retry-After", String.valueOf(DatabaseStatus.RETRY_AFTER_SECONDS));
      return page(response, model, 503, "Database unavailable", DatabaseStatus.UNAVAILABLE);
    }
    log.error("page failed", e);
    return page(
        response,
        model,
        500,
        "Something went wrong",
        "The error has been logged. Please try again.");
  }

  private static String page(
      HttpServletResponse response, Model model, int status, String title, String message) {
    response.setStatus(status);
    model.addAttribute("status", status);
    model.addAttribute("title", title);
    model.addAttribute("message", message);
    return "error/page";
  }
}
