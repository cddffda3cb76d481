#!/usr/bin/env python3
"""Shows that the e2e assertions can fail: run after a good run (hello-world:latest present), it feeds them wrong
results and expects each to be caught.

  1. A manifest list whose arm64 entry points at the amd64 image (what the legacy builder produces when two builds
     share one engine) under tag `selftest-wrong-arch`: assert_multiarch.py must fail the architecture checks.
  2. A different index.html: assert_multiarch.py must fail the byte comparison.
  3. Two intervals one after the other: assert_overlap.py must fail.
Prints one PASS/FAIL line per case and a closing 'N passed, N failed' line.
"""
import base64
import json
import os
import ssl
import subprocess
import sys
import tempfile
import urllib.request

sys.dont_write_bytecode = True  # keep the checkout clean of __pycache__
import assert_multiarch as am  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def registry_put(path, body, media_type):
    context = ssl.create_default_context(cafile=os.path.join(am.STATE, "tls", "ecr.crt"))
    request = urllib.request.Request(f"https://{am.HOST}/v2/{path}", data=body, method="PUT",
                                     headers={"Content-Type": media_type})
    token = base64.b64encode(f"{am.USER}:{am.PASSWORD}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, context=context, timeout=30) as response:
        return response.status


def expect_failure(checks, what, command, must_say):
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL:")]
    caught = result.returncode == 1 and any(must_say in line for line in fails)
    checks.check(caught, f"caught: {what}", f"exit {result.returncode}, output:\n{result.stdout}{result.stderr}")


def main():
    checks = am.Checks()
    good = am.registry_get("hello-world/manifests/latest", am.LIST_TYPES)
    by_arch = {m["platform"]["architecture"]: m for m in good["manifests"]}
    wrong = dict(good, manifests=[dict(by_arch["amd64"]), dict(by_arch["amd64"], platform=by_arch["arm64"]["platform"])])
    registry_put("hello-world/manifests/selftest-wrong-arch", json.dumps(wrong).encode(), good["mediaType"])
    assert_multiarch = [sys.executable, os.path.join(HERE, "assert_multiarch.py")]
    expect_failure(checks, "an arm64 entry that holds an amd64 image",
                   assert_multiarch + ["--tag", "selftest-wrong-arch"], "arm64 entry's image config says linux/arm64")
    with tempfile.NamedTemporaryFile("wb", suffix=".html") as other:
        other.write(b"<html>something else</html>\n")
        other.flush()
        expect_failure(checks, "an image whose index.html differs", assert_multiarch + ["--index", other.name],
                       "arm64 image serves the example's index.html")
    with tempfile.NamedTemporaryFile("w", suffix=".tsv") as timeline:
        timeline.write("a\t100.0\t101.0\t0\nb\t101.5\t103.0\t0\n")
        timeline.flush()
        expect_failure(checks, "actions that ran one after the other",
                       [sys.executable, os.path.join(HERE, "assert_overlap.py"), timeline.name, "a", "b"],
                       "a and b overlapped")
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
