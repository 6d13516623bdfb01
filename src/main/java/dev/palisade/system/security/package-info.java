/**
 * Who may call what over HTTP: the REST API under {@code /api} authenticates API tokens sent as
 * {@code Authorization: Bearer}, and every authenticated request carries a {@link
 * dev.palisade.account.Caller}.
 */
package dev.palisade.system.security;
