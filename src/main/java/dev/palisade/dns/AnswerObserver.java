package dev.palisade.dns;

import dev.palisade.dnsbl.ListZone;
import java.util.List;

/**
 * What the DNS server reports for every answer it sends: the query as received, the answer as sent,
 * in wire form, and the transport. The statistics and the metrics implement it; the DNS server
 * knows nothing more about them. An answer that rate limiting drops is not reported; one it slips
 * is reported as the truncated answer it became.
 *
 * <p>Called on the receiving threads, once per answered query, with the server's own buffers: an
 * implementation must be thread-safe, must not block, should not allocate, must not keep or modify
 * the arrays past the call, and must not throw.
 */
public interface AnswerObserver {

  /** Observes nothing: for a server nobody keeps statistics of. */
  AnswerObserver NONE = (query, queryLength, answer, answerLength, tcp) -> {};

  /**
   * One answered query.
   *
   * @param query the query as received; its first {@code queryLength} bytes are the message
   * @param queryLength the query's length
   * @param answer the answer sent; its first {@code answerLength} bytes are the message
   * @param answerLength the answer's length
   * @param tcp whether the query came over TCP (else UDP)
   */
  void observe(byte[] query, int queryLength, byte[] answer, int answerLength, boolean tcp);

  /**
   * One answered query whose zone the server has already found: the question names something below
   * {@code <scope>.<list>.<base>}, with at least one label in front of the scope label. Saves an
   * observer reading the question name again, to find the zone or the type; by default it does just
   * that, through {@link #observe}.
   *
   * @param query the query as received; its first {@code queryLength} bytes are the message
   * @param queryLength the query's length
   * @param scopeAt the offset in {@code query} of the scope label's length byte
   * @param list the list the question is in, from the label after the scope label
   * @param qtype the question's type, as the server read it
   * @param answer the answer sent; its first {@code answerLength} bytes are the message
   * @param answerLength the answer's length
   * @param tcp whether the query came over TCP (else UDP)
   */
  default void observeInZone(
      byte[] query,
      int queryLength,
      int scopeAt,
      ListZone list,
      int qtype,
      byte[] answer,
      int answerLength,
      boolean tcp) {
    observe(query, queryLength, answer, answerLength, tcp);
  }

  /**
   * One observer telling each of {@code observers} in turn; {@link #NONE} for none. Two observers
   * are told through a pair, each from a call site of its own (a JIT inlines each), more through
   * pairs of pairs: an answer costs one more call per observer, and no loop.
   */
  static AnswerObserver all(List<AnswerObserver> observers) {
    if (observers.isEmpty()) {
      return NONE;
    }
    AnswerObserver all = observers.get(observers.size() - 1);
    for (int i = observers.size() - 2; i >= 0; i--) {
      all = new Both(observers.get(i), all);
    }
    return all;
  }

  /** Two observers, {@code first} told first. */
  record Both(AnswerObserver first, AnswerObserver second) implements AnswerObserver {

    @Override
    public void observe(
        byte[] query, int queryLength, byte[] answer, int answerLength, boolean tcp) {
      first.observe(query, queryLength, answer, answerLength, tcp);
      second.observe(query, queryLength, answer, answerLength, tcp);
    }

    @Override
    public void observeInZone(
        byte[] query,
        int queryLength,
        int scopeAt,
        ListZone list,
        int qtype,
        byte[] answer,
        int answerLength,
        boolean tcp) {
      first.observeInZone(query, queryLength, scopeAt, list, qtype, answer, answerLength, tcp);
      second.observeInZone(query, queryLength, scopeAt, list, qtype, answer, answerLength, tcp);
    }
  }
}
