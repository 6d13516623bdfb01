package dev.palisade.web;

import dev.palisade.account.ScopeDetails;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportFormat;
import java.util.function.Function;

/**
 * Where the entries of a form that brings in many go, and how to read them: the scope (the account
 * or one of its mail servers), the list and the format, as the feeds, import and bulk add pages ask
 * for them in one row (the template fragment {@code fragments/upload :: target}). Immutable.
 *
 * @param scope the chosen scope, or null when the form's choice is not one
 * @param kind the chosen list, or null when the form's choice is not one
 * @param format the chosen format, or null when the form's choice is not one
 */
record UploadTarget(ScopeDetails scope, ListKind kind, ImportFormat format) {

  /**
   * Reads the three choices of a submitted form, noting each bad one under its field ({@code
   * scope}, {@code list}, {@code format}) and leaving it null.
   *
   * @param scopes the account's scope for a blank name, else its mail server's; throws {@link
   *     NotFoundException} for a name that is not one of its mail servers
   */
  static UploadTarget read(
      String scope,
      String list,
      String format,
      Function<String, ScopeDetails> scopes,
      FormErrors errors) {
    ScopeDetails target = null;
    try {
      target = scopes.apply(scope);
    } catch (NotFoundException e) {
      errors.add("scope", "choose the account or one of its mail servers");
    }
    ListKind kind = errors.check("list", () -> EntryForm.kind(list));
    ImportFormat chosen = errors.check("format", () -> ImportFormat.fromName(format));
    return new UploadTarget(target, kind, chosen);
  }
}
