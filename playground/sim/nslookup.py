"""``nslookup`` in container shells, in the output style of the image's nslookup.

Cluster DNS answers what CoreDNS's kubernetes plugin would (kubernetes.io, "DNS for Services and
Pods"):

- ``<svc>.<ns>.svc.cluster.local`` is the Service's ClusterIP; for a headless Service
  (``clusterIP: None``) it is one A record per ready endpoint (every endpoint with
  ``publishNotReadyAddresses``), and NXDOMAIN while there is none.
- Each endpoint of a Service with a selector is also ``<name>.<svc>.<ns>.svc.cluster.local``:
  ``<name>`` is the endpoint's hostname (a pod with ``hostname`` whose ``subdomain`` is the
  Service's name) or else its IP with dashes (``10-244-1-5``).
- ``<a-b-c-d>.<ns>.pod.cluster.local`` is ``a.b.c.d`` in any namespace that exists (kubeadm's
  Corefile has ``pods insecure``).
- Reverse lookups: a ClusterIP gives its Service's name, an endpoint's IP the endpoint's name.
- Every other name is NXDOMAIN (names outside cluster.local too: the sandbox has no upstream
  resolver). A pod's /etc/resolv.conf searches ``<ns>.svc.cluster.local svc.cluster.local
  cluster.local``.

The records of one name come in the EndpointSlices' order; CoreDNS's ``loadbalance`` plugin
(in kubeadm's Corefile) rotates them between answers, which the playground does not.

Three programs print it differently (their sources say how):

- BusyBox 1.36 (``networking/nslookup.c`` since 1.30): its own resolver; a name without a dot is
  tried with every search domain, A then AAAA, one reply block each (an empty AAAA answer is a
  blank line, each A record a ``Name:``/``Address:`` pair); any NXDOMAIN makes the status 1.
- BusyBox 1.28 (the old applet): libc's getaddrinfo (search list, ndots:5) and a reverse lookup
  of every address: ``Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local``, then
  ``Address 2: …`` for the next record.
- bind's nslookup (agnhost, dnsutils): search list until an answer, ``Address:\t10.96.0.10#53``,
  a ``Name:``/``Address:`` pair per record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.sim import endpoints
from playground.sim.shell import Io

DOMAIN = "cluster.local"
Addresses = tuple[str, ...]


@dataclass(frozen=True)
class Dns:
    """What the pod's resolver sees: its search list, the server, the cluster's records."""

    namespace: str
    server: str  # kube-dns's ClusterIP
    records: dict[str, Addresses]  # FQDN -> its A records
    names: dict[str, str] = field(default_factory=dict)  # IP -> the name its PTR gives
    namespaces: frozenset[str] = frozenset()  # for <a-b-c-d>.<ns>.pod.cluster.local

    @property
    def search(self) -> tuple[str, ...]:
        return (f"{self.namespace}.svc.{DOMAIN}", f"svc.{DOMAIN}", DOMAIN)

    def lookup(self, fqdn: str) -> Addresses | None:
        fqdn = fqdn.rstrip(".")
        found = self.records.get(fqdn)
        if found is not None:
            return found
        parts = fqdn.split(".")
        if len(parts) == 5 and parts[2:] == ["pod", "cluster", "local"] and \
                parts[1] in self.namespaces and is_ipv4(parts[0].replace("-", ".")):
            return (parts[0].replace("-", "."),)
        return None

    def reverse(self, ip: str) -> str | None:
        return self.names.get(ip)

    def resolve(self, name: str) -> tuple[str, Addresses] | None:
        """getaddrinfo with ndots:5: (the name that answered, its addresses) or None."""
        candidates = [f"{name}.{s}" for s in self.search]
        if name.count(".") >= 5 or name.endswith("."):
            candidates.insert(0, name)
        else:
            candidates.append(name)
        for candidate in candidates:
            found = self.lookup(candidate)
            if found is not None:
                return candidate, found
        return None


def dns_for(namespace: str, services: list[dict[str, Any]], pods: list[dict[str, Any]],
            namespaces: list[str] | None = None) -> Dns:
    """The records CoreDNS serves for these Services and the pods behind them (as observed)."""
    records: dict[str, Addresses] = {}
    names: dict[str, str] = {}
    server = "10.96.0.10"
    behind: list[tuple[str, list[tuple[str, str]]]] = []
    for svc in services:
        meta, spec = svc.get("metadata") or {}, svc.get("spec") or {}
        name, ns = str(meta.get("name")), str(meta.get("namespace"))
        fqdn = f"{name}.{ns}.svc.{DOMAIN}"
        ip = str(spec.get("clusterIP") or "")
        if ip and ip != "None":
            records[fqdn] = (ip,)
            names.setdefault(ip, fqdn)
        if (name, ns) == ("kube-dns", "kube-system") and ip:
            server = ip
        if not spec.get("selector"):
            continue
        ready = [(_endpoint_name(endpoint), endpoint["addresses"][0])
                 for piece in endpoints.endpoint_slices(svc, pods, None)
                 for endpoint in piece["endpoints"] if endpoint["conditions"]["ready"]]
        if ip == "None" and ready:
            records[fqdn] = tuple(dict.fromkeys(address for _n, address in ready))
        behind.append((fqdn, ready))
    for fqdn, ready in behind:  # a ClusterIP's own name wins its reverse lookup
        for host, address in ready:
            records.setdefault(f"{host}.{fqdn}", (address,))
            names.setdefault(address, f"{host}.{fqdn}")
    return Dns(namespace, server, records, names, frozenset(namespaces or ()))


def _endpoint_name(endpoint: dict[str, Any]) -> str:
    """CoreDNS's endpointHostname: the endpoint's hostname, else its IP with dashes."""
    return str(endpoint.get("hostname") or endpoint["addresses"][0].replace(".", "-"))


def is_ipv4(text: str) -> bool:
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
    if is_ipv4(name):
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
            found = dns.lookup(query)
            if found is None:
                out.append(f"** server can't find {query}: NXDOMAIN\n\n")
                status = 1
            elif qtype == "A":
                out += [f"Name:\t{query}\nAddress: {ip}\n" for ip in found] + ["\n"]
            else:
                out.append("\n")  # an authoritative empty answer: only the reply's newline
    io.write_out("".join(out))
    return status


def _old_busybox(name: str, io: Io, dns: Dns) -> int:
    server = dns.reverse(dns.server)
    head = f"Server:    {dns.server}\nAddress 1: {dns.server}" + (f" {server}\n" if server
                                                                   else "\n") + "\n"
    io.write_out(head)
    found = dns.resolve(name) if not is_ipv4(name) else (name, (name,))
    if found is None or (is_ipv4(name) and dns.reverse(name) is None):
        io.write_err(f"nslookup: can't resolve '{name}'\n")
        return 1
    out = [f"Name:      {name}\n"]
    for n, ip in enumerate(found[1], 1):
        host = dns.reverse(ip)
        out.append(f"Address {n}: {ip}" + (f" {host}\n" if host else "\n"))
    io.write_out("".join(out))
    return 0


def _bind(name: str, io: Io, dns: Dns) -> int:
    io.write_out(f"Server:\t\t{dns.server}\nAddress:\t{dns.server}#53\n\n")
    if is_ipv4(name):
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
    io.write_out("".join(f"Name:\t{found[0]}\nAddress: {ip}\n" for ip in found[1]) + "\n")
    return 0

