"""tcpdump 4.99 (Debian's package) in a container: it says what it listens on, then captures
until Ctrl-C and ends with its statistics (tcpdump.c: the start messages go to stderr, and on
SIGINT pcap_loop breaks and ``info(1)`` prints one count a line).

The simulated pod exchanges no packets the simulator could show (traffic between pods is
answered as requests, not recorded as frames), so the capture is empty: 0 packets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from playground.sim.shell.control import Suspended
from playground.sim.shell.io import Io

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell

# pcap_datalink_val_to_name / _description of DLT_EN10MB; a pod's eth0 is a veth (Ethernet);
# "any" is the cooked v2 pseudo-device, lo is Ethernet too on Linux
_LINKS = {"eth0": "EN10MB (Ethernet)", "lo": "EN10MB (Ethernet)",
          "any": "LINUX_SLL2 (Linux cooked v2)"}
SNAPLEN = 262144  # MAXIMUM_SNAPLEN: the default when -s is not given
# a capture waits for Ctrl-C; this only bounds how long the tab keeps the line asleep
_FOREVER = 365 * 86400.0


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(captured: int, received: int) -> str:
    """What tcpdump prints when Ctrl-C ends a live capture (info(1), one count a line)."""
    return (f"{plural(captured, 'packet')} captured\n"
            f"{plural(received, 'packet')} received by filter\n"
            f"{plural(0, 'packet')} dropped by kernel\n")


def tcpdump(sh: Shell, argv: list[str], stdin: str | None, io: Io) -> int:
    del stdin
    device, verbose = "eth0", False
    args = argv[1:]
    while args:
        arg = args.pop(0)
        if arg == "-i" and args:
            device = args.pop(0)
        elif arg.startswith("-i") and len(arg) > 2:
            device = arg[2:]
        elif arg.startswith("-") and len(arg) > 1 and set(arg[1:]) <= set("nvqtle"):
            verbose = verbose or "v" in arg
        else:
            # filters, -w, -c, -s…: tcpdump would take them; the playground does not model them
            io.write_err(f"tcpdump: {arg}: this form of tcpdump is not available in this "
                         "playground yet (try tcpdump, tcpdump -n or tcpdump -i eth0)\n")
            return 1
    link = _LINKS.get(device)
    if link is None:
        # pcap_create on an unknown interface (libpcap 1.10's wording through tcpdump)
        io.write_err(f"tcpdump: {device}: No such device exists\n"
                     f"(SIOCGIFHWADDR: No such device)\n")
        return 1
    io.write_err("tcpdump: " if verbose else
                 "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n")
    io.write_err(f"listening on {device}, link-type {link}, snapshot length {SNAPLEN} bytes\n")
    if not sh.can_suspend():
        # in a pipe or $(…), or without a tty session, the line cannot wait for Ctrl-C here
        io.write_err("tcpdump: capturing until Ctrl-C is only available at a container "
                     "shell's prompt in this playground\n")
        return 1
    # like a loop's sleep, the line does not end by itself: a transcript lets time pass (`~`)
    # and presses Ctrl-C rather than living through it at once
    stop = Suspended(_FOREVER, in_loop=True)
    stop.on_interrupt = summary(0, 0)
    raise stop
