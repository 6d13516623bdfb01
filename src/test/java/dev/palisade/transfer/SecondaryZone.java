package dev.palisade.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A zone as an authoritative secondary (NSD, Knot, BIND) answers from it: names, empty
 * non-terminals (RFC 8020), and wildcards by closest encloser (RFC 4592 §3.3.1), which match any
 * number of labels. dnsjava's {@code Zone} (3.7.1) synthesises from a wildcard only one label deep
 * ({@code y.x.b.a} under {@code *.b.a} is NXDOMAIN there), so it cannot stand in for a secondary
 * with the nibble wildcards of IPv6 networks. For tests; not thread-safe.
 */
final class SecondaryZone {

  /** What a lookup finds. */
  enum Outcome {
    ANSWER,
    NODATA,
    NXDOMAIN
  }

  /** A lookup's outcome and, for {@link Outcome#ANSWER}, the records (owner as asked). */
  record Result(Outcome outcome, List<Record> records) {
    boolean listed() {
      return outcome == Outcome.ANSWER;
    }
  }

  private final Name origin;
  private final Map<Name, List<Record>> byOwner = new HashMap<>();
  private final Set<Name> existing = new HashSet<>();

  SecondaryZone(ZoneImage image) {
    this.origin = image.origin();
    for (Record record : TestZones.records(image)) {
      byOwner.computeIfAbsent(record.getName(), n -> new ArrayList<>()).add(record);
      // The owner and every name between it and the apex exist (RFC 8020 empty non-terminals).
      for (Name name = record.getName(); name.subdomain(origin); name = parent(name)) {
        if (!existing.add(name) || name.equals(origin)) {
          break;
        }
      }
    }
  }

  Result lookup(Name qname, int type) {
    if (existing.contains(qname)) {
      return of(byOwner.get(qname), type, qname);
    }
    Name encloser = parent(qname);
    while (!existing.contains(encloser)) {
      encloser = parent(encloser);
    }
    Name wildcard = Owners.wildcard(encloser);
    if (wildcard != null && byOwner.containsKey(wildcard)) {
      return of(byOwner.get(wildcard), type, qname);
    }
    return new Result(Outcome.NXDOMAIN, List.of());
  }

  private static Result of(List<Record> records, int type, Name qname) {
    List<Record> answers = new ArrayList<>();
    if (records != null) {
      for (Record record : records) {
        if (record.getType() == type) {
          answers.add(record.withName(qname));
        }
      }
    }
    return answers.isEmpty()
        ? new Result(Outcome.NODATA, List.of())
        : new Result(Outcome.ANSWER, answers);
  }

  private static Name parent(Name name) {
    return new Name(name, 1);
  }
}
