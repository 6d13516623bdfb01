package dev.palisade.dnsbl;

/** What an entry matches: IPv4 addresses, IPv6 addresses or domain names. */
public enum ValueType {
  IPV4,
  IPV6,
  DOMAIN
}
