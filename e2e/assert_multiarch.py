#!/usr/bin/env python3
"""Checks what the reference multi-arch workflow left in the ECR stand-in, whoever ran it (gantry or the harness).

Usage: assert_multiarch.py [--index FILE] [--repo NAME] [--tag TAG]
  - REPO:TAG (default hello-world:latest) is a manifest list (or OCI index) with one linux/amd64 and one linux/arm64
    entry and no other platform;
  - each entry's image config carries that entry's architecture (and os linux);
  - each image, run under its own platform (arm64 under emulation), reports the matching `uname -m` and contains
    /usr/local/apache2/htdocs/index.html byte for byte equal to FILE (default: the example's index.html).
Reads the registry over HTTPS with the stand-in's credentials; pulls with docker using a throw-away client config.
Prints one PASS/FAIL line per check and a closing 'N passed, N failed' line; exits 1 if any check failed.
"""
import argparse
import base64
import hashlib
import json
import os
import ssl
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
STATE = os.environ.get("GANTRY_E2E_STATE", "/var/lib/gantry-e2e")
HOST = "123456789012.dkr.ecr.us-west-2.amazonaws.com"
USER, PASSWORD = "AWS", "123456789012-auth-token"
LIST_TYPES = ("application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.index.v1+json")
IMAGE_TYPES = ("application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json")
UNAME = {"amd64": "x86_64", "arm64": "aarch64"}


class Checks:
    """Counts and prints check results."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS: {what}")
        else:
            self.failed += 1
            print(f"FAIL: {what}" + (f" ({detail})" if detail else ""))
        return ok


def registry_get(path, accept, with_digest=False):
    """GETs /v2/PATH from the ECR stand-in as JSON (and, if asked, the sha256 digest of the bytes served)."""
    context = ssl.create_default_context(cafile=os.path.join(STATE, "tls", "ecr.crt"))
    request = urllib.request.Request(f"https://{HOST}/v2/{path}", headers={"Accept": ", ".join(accept)})
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, context=context, timeout=30) as response:
        body = response.read()
    document = json.loads(body)
    return (document, "sha256:" + hashlib.sha256(body).hexdigest()) if with_digest else document


def last_line(data):
    """docker's error line from a command's stderr, without its progress lines and hints."""
    lines = [line for line in data.decode(errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if "rror" in line]
    return (errors or lines or [""])[-1]


def docker(args, config_dir, stdin=None):
    env = dict(os.environ, DOCKER_CONFIG=config_dir)
    env.pop("DOCKER_DEFAULT_PLATFORM", None)
    return subprocess.run(["docker", *args], input=stdin, capture_output=True, env=env, timeout=300)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=os.path.join(HERE, "..", "examples", "hello-world-multiarch", "index.html"))
    parser.add_argument("--repo", default="hello-world")
    parser.add_argument("--tag", default="latest")
    parser.add_argument("--expect-digest", metavar="DIGEST",
                        help="the digest of the list this run pushed: a list pushed by anyone else fails the run")
    parser.add_argument("--expect-entry", metavar="ARCH=DIGEST", action="append", default=[],
                        help="the image this run pushed for ARCH: the list's ARCH entry must be it (repeatable)")
    args = parser.parse_args()
    with open(args.index, "rb") as f:
        expected_index = f.read()
    checks = Checks()
    ref = f"{HOST}/{args.repo}:{args.tag}"

    try:
        top, top_digest = registry_get(f"{args.repo}/manifests/{args.tag}", LIST_TYPES + IMAGE_TYPES, True)
    except (urllib.error.URLError, OSError, ValueError) as e:
        checks.check(False, f"{ref} can be read from the ECR stand-in", str(e))
        return finish(checks)
    if args.expect_digest:
        checks.check(top_digest == args.expect_digest, f"{ref} is the list this run pushed ({args.expect_digest})",
                     f"the registry serves {top_digest}: another run on this machine pushed after this one?")
    media_type = top.get("mediaType", "")
    if not checks.check(media_type in LIST_TYPES, f"{ref} is a manifest list", f"mediaType {media_type or 'missing'}"):
        return finish(checks)
    entries = {}
    others = []
    for m in top.get("manifests", []):
        platform = m.get("platform", {})
        arch = platform.get("architecture")
        if platform.get("os") == "linux" and arch in UNAME and arch not in entries:
            entries[arch] = m["digest"]
        elif arch != "unknown":  # attestation manifests are listed as unknown/unknown
            others.append(f"{platform.get('os')}/{arch}")
    checks.check(set(entries) == set(UNAME) and not others, f"{ref} lists exactly linux/amd64 and linux/arm64",
                 f"found {sorted(entries)} and others {others}")
    for expected in args.expect_entry:
        arch, digest = expected.split("=", 1)
        checks.check(entries.get(arch) == digest, f"its {arch} entry is the image this run's {arch} build pushed",
                     f"entry {entries.get(arch)}, pushed {digest}: another run on this machine interfered?")

    with tempfile.TemporaryDirectory(prefix="gantry-e2e-assert-") as config_dir:
        login = docker(["login", "--username", USER, "--password-stdin", HOST], config_dir, PASSWORD.encode())
        checks.check(login.returncode == 0, f"docker login {HOST}", last_line(login.stderr))
        for arch, digest in sorted(entries.items()):
            image = registry_get(f"{args.repo}/manifests/{digest}", IMAGE_TYPES)
            config = registry_get(f"{args.repo}/blobs/{image['config']['digest']}", ("*/*",))
            checks.check(config.get("architecture") == arch and config.get("os") == "linux",
                         f"{arch} entry's image config says linux/{arch}",
                         f"it says {config.get('os')}/{config.get('architecture')}")
            pinned = f"{HOST}/{args.repo}@{digest}"
            pull = docker(["pull", "-q", "--platform", f"linux/{arch}", pinned], config_dir)
            if not checks.check(pull.returncode == 0, f"pull {arch} image", last_line(pull.stderr)):
                continue
            run = ["run", "--rm", "--network", "none", "--platform", f"linux/{arch}", pinned]
            uname = docker(run + ["uname", "-m"], config_dir)
            got = uname.stdout.decode().strip()
            checks.check(got == UNAME[arch], f"{arch} image runs as {UNAME[arch]}"
                         + (" (under emulation)" if os.uname().machine != UNAME[arch] else ""),
                         f"uname -m said {got!r}; {last_line(uname.stderr)}")
            cat = docker(run + ["cat", "/usr/local/apache2/htdocs/index.html"], config_dir)
            checks.check(cat.returncode == 0 and cat.stdout == expected_index,
                         f"{arch} image serves the example's index.html byte for byte",
                         f"exit {cat.returncode}, {len(cat.stdout)} bytes; {last_line(cat.stderr)}")
    return finish(checks)


def finish(checks):
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
