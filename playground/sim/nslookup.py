"""``nslookup`` in container shells, in the output style of the image's nslookup.

Cluster DNS answers what CoreDNS's kubernetes plugin would: ``<svc>.<ns>.svc.cluster.local`` is
the Service's ClusterIP, a Service IP reverse-resolves to that name, every other name in
``cluster.local`` is NXDOMAIN (names outside it too: the sandbox has no upstream resolver). A pod's
/etc/resolv.conf searches ``<ns>.svc.cluster.local svc.cluster.local cluster.local``.

Three programs print it differently (their sources say how):

- BusyBox 1.36 (``networking/nslookup.c`` since 1.30): its own resolver; a name without a dot is
  tried with every search domain, A then AAAA, one reply block each (an empty AAAA answer is a
  blank line); any NXDOMAIN makes the exit status 1.
- BusyBox 1.28 (the old applet): libc's getaddrinfo (search list, ndots:5) and a reverse lookup
  of every address: ``Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local``.
- bind's nslookup (agnhost): search list until an answer, ``Address:\t10.96.0.10#53``.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim.shell import Io

DOMAIN = "cluster.local"


@dataclass(frozen=True)
class Dns:
    """What the pod's resolver sees: its search list, the server, the Services' records."""

    namespace: str
    server: str  # kube-dns's ClusterIP
    records: dict[str, str]  # FQDN -> ClusterIP

    @property
    def search(self) -> tuple[str, ...]:
        return (f"{self.namespace}.svc.{DOMAIN}", f"svc.{DOMAIN}", DOMAIN)

    def lookup(self, fqdn: str) -> str | None:
        return self.records.get(fqdn.rstrip("."))

    def reverse(self, ip: str) -> str | None:
        return next((name for name, addr in sorted(self.records.items()) if addr == ip), None)

    def resolve(self, name: str) -> tuple[str, str] | None:
        """getaddrinfo with ndots:5: (the name that answered, its address) or None."""
        candidates = [f"{name}.{s}" for s in self.search]
        if name.count(".") >= 5 or name.endswith("."):
            candidates.insert(0, name)
        else:
            candidates.append(name)
        for candidate in candidates:
            ip = self.lookup(candidate)
            if ip is not None:
                return candidate, ip
        return None


def dns_for(namespace: str, services: list[dict[str, object]]) -> Dns:
    records: dict[str, str] = {}
    server = "10.96.0.10"
    for svc in services:
        meta = svc.get("metadata") or {}
        spec = svc.get("spec") or {}
        assert isinstance(meta, dict) and isinstance(spec, dict)
        ip = str(spec.get("clusterIP") or "")
        if not ip or ip == "None":
            continue
        name, ns = str(meta.get("name")), str(meta.get("namespace"))
        records[f"{name}.{ns}.svc.{DOMAIN}"] = ip
        if (name, ns) == ("kube-dns", "kube-system"):
            server = ip
    return Dns(namespace, server, records)


def _is_ipv4(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)


def _ptr(ip: str) -> str:
    return ".".join(reversed(ip.split("."))) + ".in-addr.arpa"


def nslookup(argv: list[str], io: Io, dns: Dns, style: str) -> int:
    """``nslookup NAME`` as the image's nslookup prints it."""
    names = [a for a in argv[1:] if not a.startswith("-")]
    if not names:
        io.write_err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                     "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n"
                     if style != "bind" else "Usage: nslookup HOST\n")
        return 1
    name = names[0]
    if style == "1.28":
        return _old_busybox(name, io, dns)
    if style == "bind":
        return _bind(name, io, dns)
    return _busybox(name, io, dns)


def _busybox(name: str, io: Io, dns: Dns) -> int:
    out = [f"Server:\t\t{dns.server}\n", f"Address:\t{dns.server}:53\n\n"]
    status = 0
    if _is_ipv4(name):
        host = dns.reverse(name)
        if host is None:
            out.append(f"** server can't find {_ptr(name)}: NXDOMAIN\n\n")
            status = 1
        else:
            out.append(f"{_ptr(name)}\tname = {host}\n\n")
        io.write_out("".join(out))
        return status
    queries = [name] if "." in name else [f"{name}.{s}" for s in dns.search]
    for qtype in ("A", "AAAA"):
        for query in queries:
            ip = dns.lookup(query)
            if ip is None:
                out.append(f"** server can't find {query}: NXDOMAIN\n\n")
                status = 1
            elif qtype == "A":
                out.append(f"Name:\t{query}\nAddress: {ip}\n\n")
            else:
                out.append("\n")  # an authoritative empty answer: only the reply's newline
    io.write_out("".join(out))
    return status


def _old_busybox(name: str, io: Io, dns: Dns) -> int:
    server = dns.reverse(dns.server)
    head = f"Server:    {dns.server}\nAddress 1: {dns.server}" + (f" {server}\n" if server
                                                                   else "\n") + "\n"
    io.write_out(head)
    found = dns.resolve(name) if not _is_ipv4(name) else (name, name)
    if found is None or (_is_ipv4(name) and dns.reverse(name) is None):
        io.write_err(f"nslookup: can't resolve '{name}'\n")
        return 1
    ip = found[1]
    host = dns.reverse(ip)
    io.write_out(f"Name:      {name}\nAddress 1: {ip}" + (f" {host}\n" if host else "\n"))
    return 0


def _bind(name: str, io: Io, dns: Dns) -> int:
    io.write_out(f"Server:\t\t{dns.server}\nAddress:\t{dns.server}#53\n\n")
    if _is_ipv4(name):
        host = dns.reverse(name)
        if host is None:
            io.write_out(f"** server can't find {_ptr(name)}: NXDOMAIN\n\n")
            return 1
        io.write_out(f"{_ptr(name)}\tname = {host}.\n\n")
        return 0
    found = dns.resolve(name)
    if found is None:
        io.write_out(f"** server can't find {name}: NXDOMAIN\n\n")
        return 1
    io.write_out(f"Name:\t{found[0]}\nAddress: {found[1]}\n\n")
    return 0

