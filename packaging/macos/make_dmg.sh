#!/usr/bin/env bash
# Wrap packaging/dist/llmstudio.app in a DMG; sign and notarize only when the secrets are there.
#
#   bash packaging/macos/make_dmg.sh [path/to/llmstudio.app]
#
# Environment (all optional; without them the DMG holds the ad-hoc signed app, fine for
# testing on the build Mac, blocked by Gatekeeper elsewhere):
#   LLMSTUDIO_CODESIGN_IDENTITY  "Developer ID Application: Name (TEAMID)". The spec already
#                                signed every binary with it (hardened runtime, entitlements);
#                                here it is verified, and the DMG is signed with it.
#   APPLE_ID, APPLE_APP_PASSWORD (app-specific password), APPLE_TEAM_ID
#                                notarize the app (then staple it), build the DMG, notarize
#                                the DMG (then staple it). Needs the identity too.
# Output: packaging/dist/llmstudio-<version>-macos-arm64.dmg and its .sha256.
set -euo pipefail
cd "$(dirname "$0")/../.."

app=${1:-packaging/dist/llmstudio.app}
identity=${LLMSTUDIO_CODESIGN_IDENTITY:-}
[[ -d $app ]] || { echo "no app bundle at $app; run packaging/build.sh first" >&2; exit 2; }
version=$(/usr/libexec/PlistBuddy -c "Print CFBundleShortVersionString" "$app/Contents/Info.plist")
dmg=packaging/dist/llmstudio-$version-macos-arm64.dmg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

archs=$(lipo -archs "$app/Contents/MacOS/llmstudio")
[[ $archs == arm64 ]] || { echo "expected an arm64 executable, got: $archs" >&2; exit 1; }

notarize() {  # notarize FILE: submit, wait, fail with Apple's log unless Accepted
    local file=$1 result id status
    result=$(xcrun notarytool submit "$file" --apple-id "$APPLE_ID" --password "$APPLE_APP_PASSWORD" \
        --team-id "$APPLE_TEAM_ID" --wait --timeout 2h --output-format json)
    echo "$result"
    # notarytool exits 0 even when the submission is Invalid: read the status.
    id=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' <<<"$result")
    status=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])' <<<"$result")
    if [[ $status != Accepted ]]; then
        xcrun notarytool log "$id" --apple-id "$APPLE_ID" --password "$APPLE_APP_PASSWORD" --team-id "$APPLE_TEAM_ID" || true
        echo "notarization of $file: $status" >&2
        exit 1
    fi
}

can_notarize=0
if [[ -n $identity ]]; then
    echo "== verify signature ($identity)"
    codesign --verify --deep --strict --verbose=2 "$app"
    codesign --display --verbose=2 "$app" 2>&1 | grep -q 'flags=.*runtime' \
        || { echo "the app is not signed with the hardened runtime" >&2; exit 1; }
    if [[ -n ${APPLE_ID:-} && -n ${APPLE_APP_PASSWORD:-} && -n ${APPLE_TEAM_ID:-} ]]; then
        can_notarize=1
        echo "== notarize the app"
        ditto -c -k --sequesterRsrc --keepParent "$app" "$work/llmstudio.zip"
        notarize "$work/llmstudio.zip"
        xcrun stapler staple "$app"
        xcrun stapler validate "$app"
    else
        echo "== APPLE_ID / APPLE_APP_PASSWORD / APPLE_TEAM_ID not set: not notarizing"
    fi
else
    echo "== LLMSTUDIO_CODESIGN_IDENTITY not set: ad-hoc signed app, not notarized"
fi

echo "== build $dmg"
mkdir "$work/dmg"
ditto "$app" "$work/dmg/llmstudio.app"   # ditto keeps symlinks, signatures and the stapled ticket
ln -s /Applications "$work/dmg/Applications"
rm -f "$dmg"
# ULMO = LZMA (macOS 10.15+; the app itself needs 11+). hdiutil sometimes fails with
# "Resource busy" on CI runners, so try three times.
for attempt in 1 2 3; do
    if hdiutil create -volname llmstudio -srcfolder "$work/dmg" -fs HFS+ -format ULMO -ov "$dmg"; then break; fi
    [[ $attempt == 3 ]] && exit 1
    sleep 10
done

if [[ -n $identity ]]; then
    codesign --force --sign "$identity" --timestamp "$dmg"
    codesign --verify --verbose=2 "$dmg"
fi
if [[ $can_notarize == 1 ]]; then
    echo "== notarize the DMG"
    notarize "$dmg"
    xcrun stapler staple "$dmg"
    xcrun stapler validate "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
fi

(cd "$(dirname "$dmg")" && shasum -a 256 "$(basename "$dmg")" > "$(basename "$dmg").sha256")
echo "== $dmg: $(du -h "$dmg" | cut -f1)"
