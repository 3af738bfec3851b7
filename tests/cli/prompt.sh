#!/usr/bin/env bash
# prompt.sh - the passphrase prompt on a terminal (a pseudo-terminal made
# by Python's pty module): no echo, asked twice by init, a mismatch
# refused, a wrong passphrase refused.  Two Argon2id runs in all.
# shellcheck source=testlib.bash
source "$(dirname "${BASH_SOURCE[0]}")/testlib.bash"

# term "LINE1|LINE2|..." ARGS...: run with a terminal, typing each line
# after the previous prompt; prints "EXIT<tab>everything the terminal showed".
term() {
	local lines=$1
	shift
	env -u SECRETVAULT_KEY_FILE -u SECRETVAULT_PASSPHRASE python3 -c '
import os, pty, sys
lines = [l.encode() + b"\n" for l in sys.argv[1].split("|")] if sys.argv[1] else []
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
out = b""
answered = 0
while True:
    try:
        d = os.read(fd, 4096)
    except OSError:
        break
    if not d:
        break
    out += d
    # answer each prompt once it has appeared
    while lines and answered < out.count(b"passphrase: "):
        os.write(fd, lines.pop(0))
        answered += 1
_, st = os.waitpid(pid, 0)
sys.stdout.write("%d\t%s" % (os.waitstatus_to_exitcode(st), out.decode(errors="replace").replace("\r", "")))
' "$lines" "$SV" "$@"
}

R=$(term "open sesame|open sesame" init --vault "$T/pv")
is "init on a terminal: asks twice, creates the vault" "$R" "$(printf '0\tVault passphrase: \nRepeat the passphrase: \nsecretvault: created a vault at %s (region us-east-1, account 000000000000)\n' "$T/pv")"
ok "the typed passphrase is not echoed" lacks "$R" "open sesame"
R=$(term "one|two" init --vault "$T/pv2")
is "init: passphrases that differ" "$R" "$(printf '255\tVault passphrase: \nRepeat the passphrase: \nsecretvault: the passphrases do not match\n')"
ok "init: no vault after a mismatch" test ! -e "$T/pv2/data.mdb"
R=$(term "wrong" get-secret-value --vault "$T/pv" --secret-id x)
is "a wrong passphrase typed" "$R" "$(printf '255\tVault passphrase: \nsecretvault: the key does not open the vault at %s\n' "$T/pv")"
SECRETVAULT_KEY_FILE='' sv get-secret-value --vault "$T/pv" --secret-id x
is "no terminal and no key: no prompt, exit 255" "$RC" 255

finish
