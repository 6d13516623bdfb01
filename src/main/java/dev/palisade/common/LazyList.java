package dev.palisade.common;

import java.util.AbstractList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A read-only list whose elements are made when asked for: a bulk write hands the store and the
 * audit trail rows and records made one at a time while they are written, never all held at once.
 * As thread-safe as the function that makes the elements.
 */
public final class LazyList {

  private LazyList() {}

  /** A list of {@code size} elements, element {@code i} made by {@code element} at each read. */
  public static <T> List<T> of(int size, IntFunction<T> element) {
    return new AbstractList<T>() {
      @Override
      public T get(int index) {
        return element.apply(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
