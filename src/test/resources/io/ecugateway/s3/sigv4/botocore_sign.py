#!/usr/bin/env python3
"""Signs S3 requests with botocore (a SigV4 implementation no one here wrote) for BotocoreInteropTest.

Usage: botocore_sign.py ACCESS_KEY SECRET REGION ENDPOINT
Prints a JSON list of signed requests: name, method, url (as on the wire), headers ([name, value]
pairs botocore set), body (base64, as on the wire), payload (base64, what the body carries),
presigned. Signed at the current time.
"""
import base64
import hashlib
import io
import json
import sys
from urllib.parse import quote

from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest, create_request_object
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.httpchecksum import apply_request_checksum


def main():
    access_key, secret, region, endpoint = sys.argv[1:5]
    credentials = Credentials(access_key, secret)
    unsigned_payload = Config(s3={"payload_signing_enabled": False})
    log = b"\x00MDF     4.11    ecugw" * 300
    key = "canedge/2F6913DB/00000012/00000001-62F2E1D5.MF4"
    odd_key = "canedge/odd keys/ü+(1)~!$&'*,;=@ é.txt"
    md5 = base64.b64encode(hashlib.md5(log).digest()).decode()
    cases = [
        ("put signed payload", "PUT", key, "", {"X-Amz-Meta-Hw": "CE2", "X-Amz-Meta-Fw": "01.07.01"}, log, None, False),
        ("put unsigned payload", "PUT", key, "", {"X-Amz-Meta-Timestamp": "20261207T172500"}, log, unsigned_payload, False),
        ("put with content-md5", "PUT", key, "", {"Content-MD5": md5, "Content-Type": "application/octet-stream"}, log, None, False),
        ("put odd key", "PUT", odd_key, "", {"X-Amz-Meta-Note": "  two   spaces\tand a tab  "}, b"x", None, False),
        ("get with range", "GET", key, "", {"Range": "bytes=0-9"}, b"", None, False),
        ("list objects v2", "GET", "canedge", "list-type=2&prefix=2F6913DB%2F&delimiter=%2F&continuation-token=a%2Bb%3D%3D", {}, b"", None, False),
        ("create multipart upload", "POST", key, "uploads", {}, b"", None, False),
        ("upload part", "PUT", key, "partNumber=2&uploadId=abc~def-123", {}, log[:1000], None, False),
        ("presigned get", "GET", "canedge/2F6913DB/config-01.07.json", "", {}, b"", None, True),
        ("presigned put", "PUT", odd_key, "", {}, b"presigned body", None, True),
    ]
    out = []
    for name, method, object_key, query, headers, body, config, presigned in cases:
        url = endpoint + "/" + quote(object_key, safe="/~") + ("?" + query if query else "")
        # a presigned URL covers no body (the client sends one later), so sign without it
        request = AWSRequest(method=method, url=url, headers=headers, data=None if presigned else body)
        if config is not None:
            request.context["client_config"] = config
        if presigned:
            S3SigV4QueryAuth(credentials, "s3", region, expires=3600).add_auth(request)
        else:
            S3SigV4Auth(credentials, "s3", region).add_auth(request)
        prepared = request.prepare()
        out.append({
            "name": name,
            "method": method,
            "url": prepared.url,
            "headers": [[k, v] for k, v in prepared.headers.items()],
            "body": base64.b64encode(body).decode(),
            "payload": base64.b64encode(body).decode(),
            "presigned": presigned,
        })
    for algorithm in ("crc32", "sha256"):
        out.append(trailer_checksum_put(credentials, region, endpoint, key, log, algorithm))
    json.dump(out, sys.stdout, indent=1)


def trailer_checksum_put(credentials, region, endpoint, key, payload, algorithm):
    """A PutObject body as botocore sends it over https with a flexible checksum: aws-chunked,
    STREAMING-UNSIGNED-PAYLOAD-TRAILER, the checksum in a trailer (botocore's own encoder)."""
    url = endpoint.replace("http://", "https://") + "/" + quote(key, safe="/~")
    request_dict = {
        "url": url, "method": "PUT", "headers": {}, "body": io.BytesIO(payload),
        "url_path": "/" + quote(key, safe="/~"), "query_string": "",
        "context": {"checksum": {"request_algorithm": {
            "in": "trailer", "algorithm": algorithm, "name": "x-amz-checksum-" + algorithm}}},
    }
    apply_request_checksum(request_dict)
    request = create_request_object(request_dict)
    request.context = request_dict["context"]
    S3SigV4Auth(credentials, "s3", region).add_auth(request)
    prepared = request.prepare()
    body = prepared.body.read()
    return {
        "name": "put with " + algorithm + " trailer",
        "method": "PUT",
        "url": prepared.url,
        "headers": [[k, v] for k, v in prepared.headers.items()],
        "body": base64.b64encode(body).decode(),
        "payload": base64.b64encode(payload).decode(),
        "presigned": False,
    }


if __name__ == "__main__":
    main()
