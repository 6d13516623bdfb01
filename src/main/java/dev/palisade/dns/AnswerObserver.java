package dev.palisade.dns;

import dev.palisade.dnsbl.ListZone;

/**
 * What the DNS server reports for every answer it sends: the query as received and the answer as
 * sent, in wire form. The statistics implement it; the DNS server knows nothing more about them. An
 * answer that rate limiting drops is not reported; one it slips is reported as the truncated answer
 * it became.
 *
 * <p>Called on the receiving threads, once per answered query, with the server's own buffers: an
 * implementation must be thread-safe, must not block, should not allocate, must not keep or modify
 * the arrays past the call, and must not throw.
 */
public interface AnswerObserver {

  /** Observes nothing: for a server nobody keeps statistics of. */
  AnswerObserver NONE = (query, queryLength, answer, answerLength) -> {};

  /**
   * One answered query.
   *
   * @param query the query as received; its first {@code queryLength} bytes are the message
   * @param queryLength the query's length
   * @param answer the answer sent; its first {@code answerLength} bytes are the message
   * @param answerLength the answer's length
   */
  void observe(byte[] query, int queryLength, byte[] answer, int answerLength);

  /**
   * One answered query whose zone the server has already found: the question names something below
   * {@code <scope>.<list>.<base>}, with at least one label in front of the scope label. Saves an
   * observer reading the question name again; by default it does just that, through {@link
   * #observe}.
   *
   * @param query the query as received; its first {@code queryLength} bytes are the message
   * @param queryLength the query's length
   * @param scopeAt the offset in {@code query} of the scope label's length byte
   * @param list the list the question is in, from the label after the scope label
   * @param answer the answer sent; its first {@code answerLength} bytes are the message
   * @param answerLength the answer's length
   */
  default void observeInZone(
      byte[] query, int queryLength, int scopeAt, ListZone list, byte[] answer, int answerLength) {
    observe(query, queryLength, answer, answerLength);
  }
}
