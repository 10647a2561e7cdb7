package io.paramant.ct.boundary;

import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import io.paramant.ct.witness.HeadCosignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The tree heads this relay serves: every {@code sth} object of the API (GET /v2/ct/sth, the
 * leaves' and the pubkeys' {@code sth}) is made here, with the log's origin and the cosignatures
 * the witnesses returned for that head's size and root ({@link HeadCosignatures}). The submitter
 * adds each cosignature after verifying it.
 */
@ApplicationScoped
public class TreeHeads {

  @Inject TransparencyLog log;

  private final HeadCosignatures cosignatures = new HeadCosignatures();

  /** The wire form of {@code sth}, one of this relay's own heads. */
  public LogResource.TreeHead served(SignedTreeHead sth) {
    return LogResource.TreeHead.of(sth, log.publicKey(), log.origin(), cosignatures.of(sth));
  }

  /** Keeps a verified cosignature of {@code head}. */
  void addCosignature(SignedTreeHead head, Cosignature cosignature) {
    cosignatures.add(head, cosignature);
  }
}
