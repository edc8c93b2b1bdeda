#!/usr/bin/env bash
# Installs what building, running and testing Mobilize needs, and nothing that is already there.
#   scripts/install-deps.sh runtime   system libraries for `swift build` and `mobilize serve`
#   scripts/install-deps.sh all       runtime + PostgreSQL, Chromium, and the Python test venv (.venv)
set -euo pipefail

mode="${1:-all}"
case "$mode" in
    runtime | all) ;;
    *)
        echo "usage: $0 [runtime|all]" >&2
        exit 2
        ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf '[install-deps] %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

# The toolchain lives in /opt/swift on our machines; a non-login shell may not have it on PATH.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 ||
    die "swift is not on PATH. Install the Swift 6 toolchain (https://www.swift.org/install/linux/) and put its usr/bin on PATH."
swift --version >/dev/null 2>&1 || die "'swift --version' failed; the Swift toolchain looks broken."

# --- Debian packages -------------------------------------------------------------------------
# pkg-config: SwiftPM finds libqrencode (the CQRencode system library) through its .pc file.
# unicode-cldr-core: the pictogram archive's names; curl and unzip fetch its drawings.
# tesseract: the guard that reads a photo's text for personal data, in the four languages.
packages=(pkg-config libvips-dev libqrencode-dev libsqlite3-dev libimage-exiftool-perl unicode-cldr-core curl unzip
    libtesseract-dev tesseract-ocr tesseract-ocr-dan tesseract-ocr-nor tesseract-ocr-swe tesseract-ocr-eng)
if [ "$mode" = all ]; then
    # fonts-dejavu-core: the text the tests print on their photos.
    packages+=(postgresql chromium chromium-driver fonts-dejavu-core)
fi

python="${PYTHON:-python3}"
if [ "$mode" = all ]; then
    command -v "$python" >/dev/null 2>&1 || packages+=(python3)
    # pyenv's Python brings venv along; Debian's /usr/bin/python3 needs python3-venv for it.
    # (Debian ships ensurepip, which `python3 -m venv` needs, in python3-venv.)
    if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        packages+=(python3-venv)
    fi
fi

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for pkg in "${packages[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 ||
        die "missing packages (${missing[*]}) and no apt-get here; install them with your package manager."
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "missing packages (${missing[*]}); run as root or install sudo."
        sudo=(sudo)
    fi
    say "installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
    say "system packages: all present"
fi

# --- The pictogram archive's drawings (OpenMoji), for `mobilize pictograms import` -------------
scripts/fetch-pictograms.sh

[ "$mode" = all ] || exit 0

# --- Python venv for browser tests, schemathesis and the SMTP sink ---------------------------
requirements="Tests/requirements.txt"
venv=".venv"
stamp="$venv/.requirements.sha256"
[ -f "$requirements" ] || die "$requirements is missing; the browser and contract tests need it."

command -v "$python" >/dev/null 2>&1 || python=/usr/bin/python3
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
version_of() { "$1" -c 'import sys; print(sys.version)' 2>/dev/null; }

# A venv is tied to its interpreter: rebuild it when that is gone or is another Python now.
if [ ! -x "$venv/bin/python" ] || [ "$(version_of "$venv/bin/python")" != "$(version_of "$python")" ]; then
    say "python venv: creating $venv with $("$python" --version 2>&1)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
elif [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "python venv: up to date ($venv)"
    exit 0
fi

rm -f "$stamp"
say "python venv: installing $requirements"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
# axe-core for the accessibility scan, as a file: the package that ships it would bring a whole
# second browser driver along, which the tests never use.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "$(sed -n 's/^# no-deps: //p' "$requirements")"
echo "$want" >"$stamp"
say "python venv: ready"
