"""The portal's S3-compatible bucket (django-storages' S3 backend): STORAGES["default"] when
AWS_STORAGE_BUCKET_NAME is set (settings/base.py), shared by every web and worker host.

Its objects are private: uploaded with the "private" ACL, and never linked by a bucket URL.
The portal's download views stream each file from the bucket after their own permission
check (rit_portal.stored_files.stored_file_response), rather than sending the browser to a
signed URL: the check runs on every download (a URL would work for anyone holding it until
it expires, and travels in histories, logs and forwarded e-mails), downloads of annual
reports are recorded as they happen, and the folder and the bucket behave the same.
"""

from botocore.config import Config


def s3_storage(*, bucket_name: str, endpoint_url: str | None = None,
               region_name: str | None = None, access_key: str | None = None,
               secret_key: str | None = None, addressing_style: str | None = None,
               connect_timeout: float = 3.0, read_timeout: float = 10.0) -> dict:
    """The STORAGES entry of a private bucket. Empty values are left to boto3's own
    configuration (its environment variables, an instance role)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url or None,
            "region_name": region_name or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "default_acl": "private",
            # A URL of a stored file, should one ever be made, is signed and lives a
            # minute; the portal makes none (tests/project/test_files_on_s3.py).
            "querystring_auth": True,
            "querystring_expire": 60,
            # As in the folder: a name in use gets a new one, never another record's file.
            "file_overwrite": False,
            # A download is spooled to a temporary file past 2 MiB, not held in memory.
            "max_memory_size": 2 * 1024 * 1024,
            # Timeouts well below gunicorn's 60 s, so that a stalled bucket fails one
            # download or upload with an error page instead of holding a worker: boto3's
            # own are 60 s each, with up to 5 attempts.
            "client_config": Config(
                connect_timeout=connect_timeout, read_timeout=read_timeout,
                retries={"max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": addressing_style or "auto"}),
        },
    }
