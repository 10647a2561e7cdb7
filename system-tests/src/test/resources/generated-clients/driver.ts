// GeneratedClientIT's driver for the TypeScript client (typescript-fetch) generated from the relay's live
// OpenAPI document: compiled with tsc together with the generated sources, run with Node as
// `node driver.js INPUT.json`. It walks the data path with the generated client and prints one line per
// step; GeneratedClientIT asserts the lines exactly. Every call goes through the generated code.
import { createHash } from "crypto";
import { readFileSync } from "fs";
import {
  BlobsApi,
  Configuration,
  CtApi,
  DeliveryApi,
  DevicesApi,
  InboundReceiptFromJSON,
  PushApi,
  ResponseError,
} from "./client";

interface Given {
  base_url: string;
  api_key: string;
  json_blob: string;
  json_hash: string;
  binary_blob: string;
  binary_hash: string;
  device_id: string;
  kyber_pub: string;
  ecdh_pub: string;
}

/** The binary form of POST /v2/inbound: one operation, two request bodies; the generator makes the JSON one. */
class BinaryBlobsApi extends BlobsApi {
  async inboundBinary(body: Uint8Array<ArrayBuffer>, hash: string, ttlMs: number) {
    const response = await this.request({
      path: "/v2/inbound",
      method: "POST",
      headers: {
        "Content-Type": "application/octet-stream",
        Accept: "application/json",
        "X-Paramant-Hash": hash,
        "X-Paramant-Ttl-Ms": String(ttlMs),
        "X-Api-Key": await this.configuration.apiKey!("X-Api-Key"),
      },
      body: new Blob([body]),
    });
    return InboundReceiptFromJSON(await response.json());
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function main(): Promise<void> {
  const given: Given = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const configuration = new Configuration({ basePath: given.base_url, apiKey: given.api_key });
  const blobs = new BinaryBlobsApi(configuration);
  const jsonBlob = new Uint8Array(readFileSync(given.json_blob));
  const binaryBlob = new Uint8Array(readFileSync(given.binary_blob));

  // store: the JSON form (payload as base64, the generated type of `format: byte`), then the binary form
  let receipt = await blobs.inbound({
    inboundRequest: { hash: given.json_hash, payload: Buffer.from(jsonBlob).toString("base64"), ttlMs: 60000 },
  });
  console.log("inbound-json", receipt.hash, receipt.size, receipt.ttlMs);
  receipt = await blobs.inboundBinary(binaryBlob, given.binary_hash, 60000);
  console.log("inbound-binary", receipt.hash, receipt.size, receipt.ttlMs);

  // status, download once, status again, the second download
  const status = await blobs.status({ hash: given.json_hash });
  console.log("status", status.available, status.bytes);
  let data = new Uint8Array(await (await blobs.outbound({ hash: given.json_hash })).arrayBuffer());
  console.log("outbound", sha256(data), data.length);
  console.log("status", (await blobs.status({ hash: given.json_hash })).available);
  try {
    await blobs.outbound({ hash: given.json_hash });
    console.log("outbound-again 200");
  } catch (e) {
    if (!(e instanceof ResponseError)) {
      throw e;
    }
    console.log("outbound-again", e.response.status, (await e.response.json()).error);
  }
  data = new Uint8Array(await (await blobs.outbound({ hash: given.binary_hash })).arrayBuffer());
  console.log("outbound", sha256(data), data.length);

  // delivery: ack the downloaded blob, then the account's own figures
  const delivery = new DeliveryApi(configuration);
  const ack = await delivery.ack({ ackRequest: { hash: given.binary_hash } });
  console.log("ack", ack.ok, ack.ctIndex);
  const monitor = await delivery.monitor();
  console.log(
    "monitor",
    monitor.plan,
    monitor.blobsInFlight,
    monitor.stats.inbound,
    monitor.stats.burned,
    monitor.delivery.total,
    monitor.delivery.acked,
  );

  // device keys: register, fetch with its proof; the log's head and an inclusion proof
  const devices = new DevicesApi(configuration);
  const registered = await devices.registerPubkey({
    pubkeyRequest: { deviceId: given.device_id, kyberPub: given.kyber_pub, ecdhPub: given.ecdh_pub },
  });
  console.log("pubkey-register", registered.deviceId, registered.hybrid, registered.fingerprint);
  const device = await devices.getPubkey({ deviceId: given.device_id });
  console.log(
    "pubkey",
    device.deviceId,
    device.kyberPub,
    device.ecdhPub,
    device.fingerprint,
    device.ctIndex,
    device.leafHash,
    device.treeSize,
    device.sth.rootHash,
    device.inclusionProof.join(","),
  );
  const ct = new CtApi(configuration);
  const proof = await ct.ctInclusionProof({ index: device.ctIndex, treeSize: device.treeSize });
  console.log("proof", proof.leafIndex, proof.treeSize, proof.proof.join(","));
  const head = await ct.ctSignedTreeHead();
  console.log("sth", head.algorithm, head.treeSize >= device.treeSize);

  // push: a WebSocket ticket
  const ticket = await new PushApi(configuration).wsTicket();
  console.log("ticket", ticket.expiresIn, ticket.ticket.length > 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
