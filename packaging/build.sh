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
# an import whose side sheets a spawned reader reads (as the app's import does): a frozen app
# without multiprocessing.freeze_support would run the CLI again in the child, which prints
# its usage error; the import itself would still succeed, read in one process
"$app" new "$tmp/p.hmfield" --name smoke --by smoke
HMFIELD_SIDE_READER=spawn "$app" import "$tmp/p.hmfield" \
    tests/fixtures/rvtools/nutanix-billsample.xlsx --by smoke >/dev/null 2>"$tmp/import.err"
if grep -q "usage:" "$tmp/import.err"; then cat "$tmp/import.err"; exit 1; fi
test -f dist/hmfield/_internal/resources/fonts/wqy-microhei.ttc
test -f dist/hmfield/_internal/resources/i18n/hmfield_zh_CN.qm
echo "smoke test passed: dist/hmfield"
