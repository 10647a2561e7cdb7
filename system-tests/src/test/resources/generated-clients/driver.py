"""GeneratedClientIT's driver for the Python client generated from the relay's live OpenAPI document.

Usage: python3 driver.py INPUT.json  (PYTHONPATH: the generated client). It walks the data path with the
generated client and prints one line per step; GeneratedClientIT asserts the lines exactly (see its
javadoc for the format). Nothing here talks HTTP by itself: every call goes through the generated code.
"""
import base64
import hashlib
import json
import sys

try:
    import paramant_client
    from paramant_client.exceptions import ApiException
except ImportError as e:  # the generated client's own requirements: pydantic 2, urllib3, python-dateutil
    print("the generated Python client cannot be imported (needs pydantic>=2, urllib3, python-dateutil): %s" % e,
          file=sys.stderr)
    sys.exit(3)


def sha256(data):
    return hashlib.sha256(bytes(data)).hexdigest()


def main():
    with open(sys.argv[1]) as f:
        given = json.load(f)
    config = paramant_client.Configuration(host=given["base_url"])
    config.api_key["ApiKey"] = given["api_key"]
    client = paramant_client.ApiClient(config)
    blobs = paramant_client.BlobsApi(client)
    json_blob = open(given["json_blob"], "rb").read()
    binary_blob = open(given["binary_blob"], "rb").read()

    # store: the JSON form (the generated method; this generator sends a `format: byte` field as given, so
    # the payload goes in as base64 text), then the binary form through the generated ApiClient
    receipt = blobs.inbound(paramant_client.InboundRequest(
        hash=given["json_hash"], payload=base64.b64encode(json_blob).decode("ascii"), ttl_ms=60000))
    print("inbound-json", receipt.hash, receipt.size, receipt.ttl_ms)
    request = client.param_serialize(
        method="POST", resource_path="/v2/inbound",
        header_params={"Content-Type": "application/octet-stream", "Accept": "application/json",
                       "X-Paramant-Hash": given["binary_hash"], "X-Paramant-Ttl-Ms": "60000"},
        body=binary_blob, auth_settings=["ApiKey"])
    response = client.call_api(*request)
    response.read()
    receipt = client.response_deserialize(response, {"200": "InboundReceipt"}).data
    print("inbound-binary", receipt.hash, receipt.size, receipt.ttl_ms)

    # status, download once, status again, the second download
    status = blobs.status(given["json_hash"])
    print("status", str(status.available).lower(), status.bytes)
    data = blobs.outbound(given["json_hash"])
    print("outbound", sha256(data), len(data))
    print("status", str(blobs.status(given["json_hash"]).available).lower())
    try:
        blobs.outbound(given["json_hash"])
        print("outbound-again 200")
    except ApiException as e:
        print("outbound-again", e.status, json.loads(e.body)["error"])
    data = blobs.outbound(given["binary_hash"])
    print("outbound", sha256(data), len(data))

    # delivery: ack the downloaded blob, then the account's own figures
    ack = paramant_client.DeliveryApi(client).ack(paramant_client.AckRequest(hash=given["binary_hash"]))
    print("ack", str(ack.ok).lower(), ack.ct_index)
    monitor = paramant_client.DeliveryApi(client).monitor()
    print("monitor", monitor.plan, monitor.blobs_in_flight, monitor.stats.inbound, monitor.stats.burned,
          monitor.delivery.total, monitor.delivery.acked)

    # device keys: register, fetch with its proof; the log's head and an inclusion proof
    devices = paramant_client.DevicesApi(client)
    registered = devices.register_pubkey(paramant_client.PubkeyRequest(
        device_id=given["device_id"], kyber_pub=given["kyber_pub"], ecdh_pub=given["ecdh_pub"]))
    print("pubkey-register", registered.device_id, str(registered.hybrid).lower(), registered.fingerprint)
    device = devices.get_pubkey(given["device_id"])
    print("pubkey", device.device_id, device.kyber_pub, device.ecdh_pub, device.fingerprint, device.ct_index,
          device.leaf_hash, device.tree_size, device.sth.root_hash, ",".join(device.inclusion_proof))
    ct = paramant_client.CtApi(client)
    proof = ct.ct_inclusion_proof(index=device.ct_index, tree_size=device.tree_size)
    print("proof", proof.leaf_index, proof.tree_size, ",".join(proof.proof))
    head = ct.ct_signed_tree_head()
    print("sth", head.algorithm, str(head.tree_size >= device.tree_size).lower())

    # push: a WebSocket ticket
    ticket = paramant_client.PushApi(client).ws_ticket()
    print("ticket", ticket.expires_in, str(len(ticket.ticket) > 0).lower())


main()
