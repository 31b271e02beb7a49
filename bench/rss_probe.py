"""Child process for the memory figure: open a vault, search it, report RSS.

Run as `python -m bench.rss_probe VAULT_DIR QUERY...` (or `--baseline` to
only import the package). Prints one JSON object: peak (VmHWM) and current RSS
in bytes. A separate process keeps the figure free of the benchmark's own
allocations (corpus generation, the floor-KDF vault, other vaults).
"""

from __future__ import annotations

import json
import sys

from bench.measure import current_rss_bytes, peak_rss_bytes


def high_water_bytes() -> int:
    """Return this process's own peak RSS.

    /proc's VmHWM belongs to this process image; getrusage's ru_maxrss can
    carry the parent's high-water mark across fork and exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return peak_rss_bytes()


def main(argv: list[str]) -> int:
    """Open, search three rounds of the query mix, print RSS as JSON."""
    import balint_desktop as bd
    from bench.build import PASSPHRASE

    if argv and argv[0] != "--baseline":
        vault_dir, queries = argv[0], argv[1:]
        with bd.Vault.open(vault_dir, PASSPHRASE) as vault:
            for _ in range(3):
                for query in queries:
                    vault.search(query, limit=50)
            report = {"peak": high_water_bytes(), "current": current_rss_bytes()}
    else:
        report = {"peak": high_water_bytes(), "current": current_rss_bytes()}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
