/**
 * Who may call what over HTTP: the REST API under {@code /api} authenticates API tokens sent as
 * {@code Authorization: Bearer}, and every authenticated request carries a {@link
 * dev.palisade.account.Caller}; the web UI's sign-in is throttled and logged, and its sessions end
 * when the user's password changes.
 */
package dev.palisade.system.security;
