package io.paramant.client;

/**
 * An audit chain that verified ({@link GhostPipe#verifyAudit}): its hashes chain, every anchor is
 * an {@code audit} leaf proven in the relay's verified log naming a head of this chain, and no
 * entry older than the anchoring slack lacks an anchor.
 *
 * @param entries how many entries were checked
 * @param anchors how many anchors were checked in the log
 * @param headSeq the seq of the chain's head
 * @param headHash the head's entry hash, 64 hex digits
 * @param baseSeq 0 when the chain starts at seq 1; else the seq of the last entry retention dropped
 *     (the chain is verified from the hash the relay names for it, which nothing here can check)
 * @param treeSize the size of the verified tree head the anchors were proven under (0 without
 *     anchors)
 * @param logKeyId the key id of the log that head is signed with (null without anchors)
 */
public record AuditVerification(
    int entries,
    int anchors,
    long headSeq,
    String headHash,
    long baseSeq,
    long treeSize,
    String logKeyId) {}
