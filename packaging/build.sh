#!/usr/bin/env bash
# Build the frozen app with the committed spec, then smoke-test it headless.
#
#   bash packaging/build.sh               # build + smoke test (step-by-step pipeline and demo --headless)
#   bash packaging/build.sh --no-build    # smoke-test the existing packaging/dist build
#   bash packaging/build.sh --quick       # smoke test without the demo --headless run
#
# PYTHON picks the interpreter (default: .venv/bin/python, else python3); it must have
# llmstudio, CPU torch and packaging/requirements.txt installed. Linux: ~3 min to build
# on 2 cores, ~0.8 GB in packaging/dist + ~0.3 GB in packaging/build. The same spec and
# smoke test run on Windows and macOS in .github/workflows/build-installers.yml.
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi

build=1
smoke_args=()
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        --quick) smoke_args+=(--skip-demo) ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

case "$(uname -s)" in
    Darwin) app=packaging/dist/llmstudio.app/Contents/MacOS/llmstudio ;;
    MINGW*|MSYS*|CYGWIN*) app=packaging/dist/llmstudio/llmstudio.exe ;;
    *) app=packaging/dist/llmstudio/llmstudio ;;
esac

if [[ $build == 1 ]]; then
    echo "== build: $($PYTHON -m PyInstaller --version) with $($PYTHON -c 'import torch; print("torch", torch.__version__)')"
    start=$SECONDS
    "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
        --distpath packaging/dist --workpath packaging/build packaging/llmstudio.spec
    echo "== built in $((SECONDS - start)) s"
fi

# What must be in the bundle, and what must not (see the spec's trimming).
internal=$(dirname "$app")/_internal
[[ -d $internal ]] || internal=$(dirname "$app")/../Frameworks   # macOS .app layout
missing=0
for path in sentencepiece/package_data/nmt_nfkc.bin resources/demo/moby-dick resources/icons/llmstudio.png; do
    if [[ ! -e $internal/$path ]]; then echo "MISSING in bundle: $path" >&2; missing=1; fi
done
for path in torch/test torch/include; do
    if [[ -e $internal/$path ]]; then echo "NOT TRIMMED: $path" >&2; missing=1; fi
done
# Qt's translations are trimmed except its base catalogue for the app's languages (zh_CN).
for dir in PySide6/Qt/translations PySide6/translations; do
    [[ -d $internal/$dir ]] || continue
    extra=$(find "$internal/$dir" -type f ! -name 'qtbase_zh_CN.qm' | head -n 3)
    if [[ -n $extra ]]; then echo "NOT TRIMMED: $dir ($extra)" >&2; missing=1; fi
done
for path in resources/i18n/llmstudio_zh_CN.qm resources/i18n/llmstudio_en.qm; do
    if [[ ! -e $internal/$path ]]; then echo "MISSING in bundle: $path" >&2; missing=1; fi
done
[[ $missing == 0 ]] || exit 1
echo "== bundle: $(du -sh "$(dirname "$app")" | cut -f1) on disk, $(find "$(dirname "$app")/" -type f | wc -l) files"

echo "== smoke test"
"$PYTHON" packaging/smoke_test.py "$app" ${smoke_args[@]+"${smoke_args[@]}"}
