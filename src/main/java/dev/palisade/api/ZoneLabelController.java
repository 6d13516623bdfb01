package dev.palisade.api;

import dev.palisade.account.Caller;
import dev.palisade.account.LabelClaims;
import dev.palisade.account.LabelConflict;
import dev.palisade.account.RetiredLabel;
import dev.palisade.account.RetiredLabels;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Zone labels given up and reserved to their former owners, for operators: {@code GET
 * /api/v1/zone-labels/retired} lists them, {@code DELETE /api/v1/zone-labels/retired/{label}} frees
 * one (written to the former owner's audit trail), {@code GET /api/v1/zone-labels/conflicts} lists
 * existing data that breaks the namespace rule. Other callers are refused with 403: the list names
 * every account.
 */
@RestController
@RequestMapping("/api/v1/zone-labels")
class ZoneLabelController {

  private final RetiredLabels retired;
  private final LabelClaims claims;

  ZoneLabelController(RetiredLabels retired, LabelClaims claims) {
    this.retired = retired;
    this.claims = claims;
  }

  /**
   * Existing labels and accounts that break the namespace rule: they keep working, but an operator
   * may want to relabel them.
   */
  @GetMapping("/conflicts")
  List<LabelConflict> conflicts(@AuthenticationPrincipal Caller caller) {
    requireOperator(caller);
    return claims.conflicts();
  }

  @GetMapping("/retired")
  List<RetiredLabelResponse> list(@AuthenticationPrincipal Caller caller) {
    requireOperator(caller);
    return retired.all().stream().map(RetiredLabelResponse::of).toList();
  }

  @DeleteMapping("/retired/{label}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void free(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String label,
      HttpServletRequest request) {
    requireOperator(caller);
    retired.free(label, ClientAddress.actor(caller, request));
  }

  private static void requireOperator(Caller caller) {
    if (!caller.operator()) {
      throw new AccessDeniedException("only operators see and free reserved zone labels");
    }
  }

  /**
   * A reserved label.
   *
   * @param accountId the former owner, which may have been deleted since
   * @param account the former owner's slug when the label was given up
   */
  record RetiredLabelResponse(String zoneLabel, long accountId, String account, Instant retiredAt) {
    static RetiredLabelResponse of(RetiredLabel label) {
      return new RetiredLabelResponse(
          label.getZoneLabel(), label.getAccountId(), label.getAccountSlug(), label.getRetiredAt());
    }
  }
}
