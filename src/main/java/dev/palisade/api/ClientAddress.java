package dev.palisade.api;

import dev.palisade.account.Caller;
import dev.palisade.audit.Actor;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The audit actor of an API request: the caller and the address the request came from. Behind a
 * reverse proxy, set {@code server.forward-headers-strategy=native} so the proxy's X-Forwarded-For
 * is used; Tomcat takes it only from {@code server.tomcat.remoteip.internal-proxies} (by default
 * the loopback addresses), so no other client can choose the address recorded.
 */
final class ClientAddress {

  private ClientAddress() {}

  static Actor actor(Caller caller, HttpServletRequest request) {
    return new Actor(caller.actorName(), request.getRemoteAddr(), "api");
  }
}
