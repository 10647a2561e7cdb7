package io.paramant.ct.bench;

import io.paramant.ct.SectorLog;
import io.paramant.ct.merkle.MerkleTree;
import io.paramant.ct.merkle.TreeHasher;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.InstantSource;

/**
 * Heap bytes per leaf at one million leaves: of the tree alone (the target is at most 100), and of
 * a whole reopened log (tree, subject index and journal checkpoints). Measured as the difference of
 * used heap after full collections, so run it alone on an otherwise idle JVM.
 *
 * <pre>
 * mvn -B -f ct-log/pom.xml test-compile exec:exec@heap
 * </pre>
 */
public final class HeapPerLeaf {

  private HeapPerLeaf() {}

  public static void main(String[] args) throws Exception {
    int leaves = MillionLeafLog.LEAVES;
    long before = usedHeap();
    MerkleTree tree = new MerkleTree(TreeHasher.SHA3_256);
    for (int i = 0; i < leaves; i++) {
      tree.append(Leaves.transfer(i));
    }
    long treeBytes = usedHeap() - before;
    Reference.reachabilityFence(tree);
    tree = null;

    var data = MillionLeafLog.dataDirectory();
    before = usedHeap();
    try (SectorLog log = SectorLog.open(data, MillionLeafLog.SECTOR, InstantSource.system())) {
      long logBytes = usedHeap() - before;
      System.out.printf(
          "tree: %.1f heap bytes per leaf (%d leaves)%n", treeBytes / (double) leaves, leaves);
      System.out.printf(
          "log:  %.1f heap bytes per leaf (%d leaves: tree, subject index, checkpoints)%n",
          logBytes / (double) log.sth().treeSize(), log.sth().treeSize());
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
