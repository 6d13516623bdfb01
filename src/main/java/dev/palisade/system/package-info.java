/**
 * HTTP concerns shared by the web UI and the API: request body limits here, and in {@code
 * security/} who may call what.
 */
package dev.palisade.system;
