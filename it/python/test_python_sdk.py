"""The official Databricks SDK for Python against a running Kiln (started by scripts/python-sdk.sh).

DATABRICKS_HOST and DATABRICKS_TOKEN point at the server, as a user would set them.
"""

import io
import uuid

import pytest
from databricks.sdk import WorkspaceClient
from databricks.sdk.errors import NotFound, PermissionDenied, ResourceAlreadyExists
from databricks.sdk.service.iam import User
from databricks.sdk.service.workspace import ExportFormat, ImportFormat, Language


@pytest.fixture(scope="module")
def w():
    return WorkspaceClient()


@pytest.fixture
def name():
    return uuid.uuid4().hex[:10]


def test_me_and_the_workspace_id_header(w):
    assert w.current_user.me().user_name == "admin"
    assert w.get_workspace_id() > 0


def test_tokens_are_created_listed_and_revoked(w):
    created = w.tokens.create(comment="py", lifetime_seconds=600)
    assert created.token_value.startswith("dapi")
    assert created.token_info.token_id in [t.token_id for t in w.tokens.list()]
    w.tokens.delete(created.token_info.token_id)
    assert created.token_info.token_id not in [t.token_id for t in w.tokens.list()]


def test_secrets_and_remote_dbutils(w, name):
    w.secrets.create_scope(name)
    with pytest.raises(ResourceAlreadyExists):
        w.secrets.create_scope(name)
    w.secrets.put_secret(name, "k", string_value="hello")
    assert [s.key for s in w.secrets.list_secrets(name)] == ["k"]
    assert w.dbutils.secrets.get(name, "k") == "hello"
    w.secrets.delete_scope(name)


def test_dbfs_streams_both_ways_and_dbutils_lists(w, name):
    data = bytes(range(256)) * (12 * 1024 + 7)  # about 3 MiB, not a multiple of a block
    with w.dbfs.open(f"/{name}/data.bin", write=True, overwrite=True) as f:
        f.write(data)
    assert w.dbfs.get_status(f"/{name}/data.bin").file_size == len(data)
    with w.dbfs.download(f"/{name}/data.bin") as f:
        assert f.read() == data
    w.dbfs.upload(f"/{name}/up.txt", io.BytesIO(b"hello"), overwrite=True)
    assert sorted(f.name for f in w.dbutils.fs.ls(f"/{name}")) == ["data.bin", "up.txt"]
    w.dbfs.delete(f"/{name}", recursive=True)
    with pytest.raises(NotFound):
        w.dbfs.get_status(f"/{name}")


def test_workspace_upload_download_and_jupyter_export(w, name):
    folder = f"/Users/admin/{name}"
    w.workspace.mkdirs(folder)
    source = b"# Databricks notebook source\nprint(1)\n\n# COMMAND ----------\n\n# MAGIC %sql\n# MAGIC select 1\n"
    w.workspace.upload(f"{folder}/nb", io.BytesIO(source), format=ImportFormat.SOURCE, language=Language.PYTHON)
    [info] = list(w.workspace.list(folder))
    assert (info.path, info.language) == (f"{folder}/nb", Language.PYTHON)
    with w.workspace.download(f"{folder}/nb", format=ExportFormat.SOURCE) as f:
        assert f.read() == source
    assert w.workspace.export(f"{folder}/nb", format=ExportFormat.JUPYTER).content


def test_a_new_user_with_a_token_of_their_own(w, name):
    user = w.users.create(user_name=f"{name}@example.com")
    token = w.token_management.create_obo_token(application_id=user.user_name).token_value
    theirs = WorkspaceClient(host=w.config.host, token=token)
    assert theirs.current_user.me().user_name == user.user_name
    with pytest.raises(PermissionDenied):
        theirs.users.create(user_name=f"{name}-2@example.com")
    w.users.delete(user.id)


def test_cluster_helpers_pick_kiln_runtime_and_node_types(w):
    # the Python SDK looks for Scala 2.12 unless told: Spark 4 is Scala 2.13 only
    assert w.clusters.select_spark_version(latest=True, scala="2.13") == "1.0.x-scala2.13"
    assert w.clusters.select_spark_version(scala="2.13", spark_version="4.2") == "1.0.x-scala2.13"
    # sorts on (is_deprecated, num_cores, memory_mb, local disks, gpus, id): every field must be set
    assert w.clusters.select_node_type(local_disk=False, min_cores=1) == "kiln-1c-2g"
    assert w.clusters.select_node_type(min_memory_gb=8) == "kiln-2c-8g"


def test_a_single_node_cluster_starts_and_terminates(w, name):
    cluster = w.clusters.create(
        cluster_name=f"py-{name}",
        spark_version="1.0.x-scala2.13",
        node_type_id="kiln-1c-2g",
        num_workers=0,
        autotermination_minutes=0,
    ).result()
    try:
        assert cluster.state.value == "RUNNING"
        assert cluster.driver.private_ip == "127.0.0.1"
        events = [e.type.value for e in w.clusters.events(cluster.cluster_id)]
        assert "RUNNING" in events and "CREATING" in events
    finally:
        ended = w.clusters.delete(cluster.cluster_id).result()
        assert ended.state.value == "TERMINATED"
        w.clusters.permanent_delete(cluster.cluster_id)
