package io.paramant.ct;

import io.paramant.ct.entry.EntryType;
import java.util.Arrays;

/**
 * Finds the leaves of a subject (a blob hash, key fingerprint or DID) without keeping subjects in
 * memory: an open-addressing table of {@code long} slots, each holding a 32-bit hash of the type
 * and subject next to a leaf index. A lookup yields every leaf whose slot hash matches, and the
 * caller confirms them against the journal, so a hash collision costs a read, never a wrong answer.
 * At a load factor of at most 3/4 that is 11 to 21 heap bytes per leaf.
 *
 * <p>Leaf indexes up to {@code 2^32 - 2}: the tree's memory runs out long before.
 */
final class SubjectIndex {

  private static final long MAX_LEAF_INDEX = 0xFFFF_FFFEL;

  /** Each slot is {@code hash << 32 | (leafIndex + 1)}; 0 is an empty slot. */
  private long[] slots = new long[1024];

  private int count;

  synchronized void add(EntryType type, String subject, long leafIndex) {
    add(hash(type, subject), leafIndex);
  }

  /** Adds a leaf by its {@link #hash} (which the log's replay computes in parallel). */
  synchronized void add(int hash, long leafIndex) {
    if (leafIndex < 0 || leafIndex > MAX_LEAF_INDEX) {
      throw new IllegalStateException("the subject index holds leaves 0 to " + MAX_LEAF_INDEX);
    }
    if (4L * (count + 1) > 3L * slots.length) {
      long[] larger = new long[2 * slots.length];
      Arrays.stream(slots).filter(slot -> slot != 0).forEach(slot -> insert(larger, slot));
      slots = larger;
    }
    insert(slots, (long) hash << 32 | (leafIndex + 1));
    count++;
  }

  /** The indexes of the leaves that may have this type and subject, in ascending order. */
  synchronized long[] candidates(EntryType type, String subject) {
    int hash = hash(type, subject);
    int mask = slots.length - 1;
    long[] found = new long[4];
    int size = 0;
    for (int i = hash & mask; slots[i] != 0; i = (i + 1) & mask) {
      if ((int) (slots[i] >>> 32) == hash) {
        if (size == found.length) {
          found = Arrays.copyOf(found, 2 * size);
        }
        found[size++] = (slots[i] & 0xFFFF_FFFFL) - 1;
      }
    }
    long[] candidates = Arrays.copyOf(found, size);
    Arrays.sort(candidates);
    return candidates;
  }

  /** Linear probing from the slot the hash's low bits pick. */
  private static void insert(long[] table, long slot) {
    int mask = table.length - 1;
    int i = (int) (slot >>> 32) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = slot;
  }

  /**
   * The subject's string hash, mixed (MurmurHash3's finaliser) so that the low bits spread well.
   */
  static int hash(EntryType type, String subject) {
    int h = 31 * subject.hashCode() + type.code();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
