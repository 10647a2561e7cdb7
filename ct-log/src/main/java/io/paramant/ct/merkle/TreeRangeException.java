package io.paramant.ct.merkle;

/**
 * A leaf index or tree size outside the tree was asked for: a root, leaf or proof of a tree larger
 * than the one held, an index at or beyond the size, or a consistency proof that RFC 9162 does not
 * define (from size 0, or to a smaller size).
 */
public class TreeRangeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public TreeRangeException(String message) {
    super(message);
  }
}
