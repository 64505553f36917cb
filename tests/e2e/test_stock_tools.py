"""Cross-checks against independent implementations: Debian's minisign, openssl and age.

The recipes are read from docs/formats.md and run as documented, so the documentation cannot drift from
what the code writes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pyrage
import pytest

from tests.conftest import REPO, KeySet
from tests.support.packs import BuiltPack, build

pytestmark = pytest.mark.stock_tools

for tool in ("minisign", "age", "openssl"):
    if shutil.which(tool) is None:  # `./run test` installs them; a bare pytest run may not have them
        pytestmark = [pytest.mark.stock_tools, pytest.mark.skip(reason=f"{tool} is not installed")]


def recipe(name: str) -> str:
    """The shell block marked `# recipe: NAME` in docs/formats.md."""
    text = (REPO / "docs" / "formats.md").read_text()
    blocks = re.findall(r"```sh\n(# recipe: [\w-]+\n.*?)```", text, flags=re.DOTALL)
    matching = [block for block in blocks if block.startswith(f"# recipe: {name}\n")]
    assert len(matching) == 1, f"docs/formats.md must hold exactly one recipe {name}"
    return matching[0]


def run_recipe(script: str, env: dict[str, str], release_code: str) -> tuple[int, str]:
    """Run a recipe in bash under a pseudo-terminal, typing the release code when age asks for it."""
    bin_dir = str(Path(sys.executable).parent)  # so `exam-app` resolves to this checkout's entry point
    full_env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], **env)
    child = pexpect.spawn("bash", ["-c", script], env=full_env, encoding="utf-8", timeout=120)
    child.expect("passphrase")
    before = child.before
    child.sendline(release_code)
    output = before + child.read()
    child.close()
    return child.exitstatus, output


@pytest.fixture(scope="module")
def plain(keyset: KeySet, tiny_source: Path) -> BuiltPack:
    return build(tiny_source, keyset.issuer)


def test_minisign_and_age_verify_and_decrypt_a_pack(tmp_path: Path, keyset: KeySet, plain: BuiltPack) -> None:
    pack = tmp_path / "tiny.exampack"
    pack.write_bytes(plain.data)
    status, output = run_recipe(
        recipe("stock-verify-decrypt"),
        {"PACK": str(pack), "ISSUER_PUB": str(keyset.pub("issuer"))},
        plain.release_code,
    )
    assert status == 0, output
    assert "Signature and comment signature verified" in output
    assert "Trusted comment: exam-app question pack; header sha256" in output
    assert '"format":"exam-app/pack-payload v1"' in output and '"id":"tiny-pack"' in output


def test_stock_recipe_decrypts_a_station_bound_pack(
    tmp_path: Path, keyset: KeySet, tiny_source: Path
) -> None:
    bound = build(tiny_source, keyset.issuer, stations=[keyset.station.public])
    pack = tmp_path / "bound.exampack"
    pack.write_bytes(bound.data)
    # export-age reads the passphrase from a file here; the station identity itself is only ever piped.
    script = recipe("stock-verify-decrypt").replace(
        'export-age "$STATION_KEY"', 'export-age "$STATION_KEY" --passphrase-file "$PASSPHRASE_FILE"'
    )
    env = {
        "PACK": str(pack),
        "ISSUER_PUB": str(keyset.pub("issuer")),
        "STATION_KEY": str(keyset.key("station")),
        "PASSPHRASE_FILE": str(keyset.passphrase_file),
    }
    status, output = run_recipe(script, env, bound.release_code)
    assert status == 0, output
    assert '"id":"tiny-pack"' in output


def test_minisign_rejects_a_tampered_header(tmp_path: Path, keyset: KeySet, plain: BuiltPack) -> None:
    pack = tmp_path / "tampered.exampack"
    pack.write_bytes(plain.data.replace(b'"pack_version":3', b'"pack_version":9', 1))
    child = pexpect.spawn(
        "bash",
        ["-c", recipe("stock-verify-decrypt")],
        encoding="utf-8",
        timeout=60,
        env=dict(os.environ, PACK=str(pack), ISSUER_PUB=str(keyset.pub("issuer"))),
    )
    output = child.read()
    child.close()
    assert child.exitstatus != 0
    assert "Signature verification failed" in output
    assert "tiny-pack" not in output.split("Signature verification failed")[-1]


def test_openssl_verifies_the_same_signature(tmp_path: Path, keyset: KeySet, plain: BuiltPack) -> None:
    pack = tmp_path / "tiny.exampack"
    pack.write_bytes(plain.data)
    # Split with the first recipe's own lines (up to the minisign call), then verify with openssl.
    split_lines = (
        recipe("stock-verify-decrypt").split("minisign -V")[0].replace("trap 'rm -rf \"$work\"' EXIT", "")
    )
    script = split_lines + "\n" + recipe("openssl-verify")
    env = dict(os.environ, PACK=str(pack), ISSUER_PUB=str(keyset.pub("issuer")))
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Signature Verified Successfully" in done.stdout
    tampered = script.replace("openssl dgst", 'printf x >> "$work/statement"; openssl dgst')
    failed = subprocess.run(["bash", "-c", tampered], env=env, capture_output=True, text=True, check=False)
    assert failed.returncode != 0 and "Signature Verification Failure" in failed.stdout + failed.stderr


def test_age_encrypts_to_our_station_and_recruiter_files(tmp_path: Path, keyset: KeySet) -> None:
    for kind in ("station", "recruiter"):
        done = subprocess.run(
            ["age", "-R", str(keyset.pub(kind))],
            input=b"to " + kind.encode(),
            capture_output=True,
            check=True,
        )
        identity = getattr(keyset, kind).age()
        assert pyrage.decrypt(done.stdout, [identity]) == b"to " + kind.encode()


def test_minisign_reads_the_station_result_key(tmp_path: Path, keyset: KeySet) -> None:
    from exam_app.core import minisign

    message = tmp_path / "m.bin"
    message.write_bytes(b"result statement")
    signature = minisign.sign(
        keyset.station.signing_key, b"result statement", untrusted_comment="u", trusted_comment="t"
    )  # type: ignore[arg-type]
    (tmp_path / "m.bin.minisig").write_text("\n".join(signature.lines()) + "\n")
    key_line = next(
        line.split(": ", 1)[1]
        for line in keyset.pub("station").read_text().splitlines()
        if line.startswith("# minisign:")
    )
    done = subprocess.run(
        ["minisign", "-V", "-P", key_line, "-m", str(message)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_stock_tools_verify_and_decrypt_a_result_bundle(tmp_path: Path, keyset: KeySet) -> None:
    from datetime import UTC, datetime

    from exam_app.core.result_bundle import seal_result
    from tests.support.results import PACK_SHA, synthetic_payload

    payload = synthetic_payload(keyset.station)
    bundle = tmp_path / "r.examresult"
    bundle.write_bytes(
        seal_result(
            payload,
            keyset.station,
            [keyset.recruiter.public.recipient],
            pack_sha256=PACK_SHA,
            now=datetime.now(UTC),
        )
    )
    script = recipe("stock-result").replace(
        'export-age "$RECRUITER_KEY"', 'export-age "$RECRUITER_KEY" --passphrase-file "$PASSPHRASE_FILE"'
    )
    bin_dir = str(Path(sys.executable).parent)
    env = dict(
        os.environ,
        PATH=bin_dir + os.pathsep + os.environ["PATH"],
        BUNDLE=str(bundle),
        STATION_PUB=str(keyset.pub("station")),
        RECRUITER_KEY=str(keyset.key("recruiter")),
        PASSPHRASE_FILE=str(keyset.passphrase_file),
    )
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Signature and comment signature verified" in done.stderr
    assert '"session_id":"' + payload["session_id"] + '"' in done.stdout
    tampered = tmp_path / "t.examresult"
    tampered.write_bytes(bundle.read_bytes().replace(b'"pack_version":3', b'"pack_version":4', 1))
    failed = subprocess.run(
        ["bash", "-c", script], env={**env, "BUNDLE": str(tampered)}, capture_output=True, text=True
    )
    assert failed.returncode != 0 and "Ada" not in failed.stdout
