#!/usr/bin/env bash
# Asserts what the reference workflow left in the ECR stand-in, however it was run: hello-world:latest is a
# manifest list of linux/amd64 + linux/arm64, each image config carries its architecture, and each image (arm64
# under emulation) runs as that architecture and holds the example's index.html. See assert_multiarch.py.
set -euo pipefail
exec python3 "$(dirname "${BASH_SOURCE[0]}")/assert_multiarch.py" "$@"
