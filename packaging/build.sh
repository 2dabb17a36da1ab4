#!/usr/bin/env bash
# Build the one-folder app with PyInstaller and smoke-test the result.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/pyinstaller dist/hmfield
uv run --with pyinstaller pyinstaller --noconfirm --clean \
    --workpath build/pyinstaller --distpath dist packaging/hmfield.spec
app=dist/hmfield/hmfield
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HMFIELD_DATA_DIR="$tmp/data" HMFIELD_CONFIG_DIR="$tmp/config"
"$app" --version
"$app" demo "$tmp/demo.hmfield"
"$app" info "$tmp/demo.hmfield"
"$app" verify "$tmp/demo.hmfield"
test -f dist/hmfield/_internal/resources/fonts/wqy-microhei.ttc
test -f dist/hmfield/_internal/resources/i18n/hmfield_zh_CN.qm
echo "smoke test passed: dist/hmfield"
