import pytest


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 emulator as a real HTTP server on loopback (a free port), for the storage
    code to talk to as it would to S3 or MinIO. An emulator, not the real service."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings):
    """The private files in a new, empty bucket of the emulator."""
    import uuid

    import boto3

    bucket = f"kitemark-test-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "signature_version": "s3v4",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": settings.PRIVATE_FILES_URL_SECONDS,
                "file_overwrite": False,
            },
        },
    }
    client.bucket = bucket
    return client
