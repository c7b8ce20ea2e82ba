#!/bin/sh
# Installs the Debian packages named as arguments that are not installed yet.
# As root it runs apt-get itself; otherwise it prints the line to run.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
		echo "error: apt-get install$missing failed"; exit 1; }
else
	echo "error: these Debian packages are missing. Run, as root:"
	echo "  apt-get update && apt-get install -y$missing"
	exit 1
fi
