"""A line typed into a container shell (``kubectl exec -it``, ``kubectl run -it``): run it,
take it up again after a ``sleep`` (as the learner's own terminal does, ``host_shell.py``), and
end the session when the shell exits.

While the line sleeps, the tab's ``shell`` stream holds it (``spec["line"]``: the line, where
it stopped, its aliases, when the sleep ends, whether a loop's round waits); the tab is busy
until it ends or Ctrl-C ends it, which gives the shell's prompt back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playground.sim import containers, streams
from playground.sim.kubectl.context import Stream
from playground.sim.runtime import packages
from playground.sim.shell import Io

if TYPE_CHECKING:
    from playground.sim.sandbox import Chunk, Result, Sandbox


def run_line(sb: Sandbox, tab: str, stream: dict[str, Any], line: str,
             sleeping: dict[str, Any] | None = None, pending: list[Chunk] | None = None
             ) -> Result:
    """Run ``line`` in the tab's container shell, or go on with the one that slept."""
    from playground.sim.sandbox import Result

    spec = stream["spec"]
    cluster = sb._cluster()
    record = cluster.pod_record(spec["namespace"], spec["pod"])
    if record is None or record["metadata"]["uid"] != spec["uid"]:
        sb._end_stream(tab)
        return Result([*(pending or []), ("err", "command terminated with exit code 137\n")],
                      137)
    io = Io()
    for chunk in pending or []:
        io.write(*chunk)
    sh = sb._container_shell(cluster, record, spec["container"],
                             containers.session_program(record, spec),
                             attached=spec.get("mode") == "attach")
    sh.suspends = True
    if "TERM" in sh.state.get("vars", {}):  # a tty session: the terminal is the tab's
        sh.terminal = sb.terminal_size(tab)
        io.columns = sh.terminal[0]
        if sh.profile.shell_name == "bash":  # checkwinsize: bash sets them, unexported
            sh.state["vars"].update(COLUMNS=str(sh.terminal[0]), LINES=str(sh.terminal[1]))
    if sleeping is None:
        aliases = dict(sh.state.get("aliases") or {})
        if sh.state.get("question"):  # a program asked (apt's [Y/n]): the line answers it
            code = sb._guarded(lambda: sh.commands[packages.ANSWER](
                [packages.ANSWER, line], None, io), io, line)
        else:
            code = sb._guarded(lambda: sh.run(line, io), io, line)
        sb._log(tab, f"[{spec['pod']}/{spec['container']}] {line}", code)
    else:
        aliases, line = dict(sleeping["aliases"]), str(sleeping["line"])
        code = sb._guarded(lambda: sh.resume(line, list(sleeping["path"]), io, aliases), io,
                           line)
    spec.pop("line", None)
    wakes = sb._wake_others(tab, cluster, {})
    stop = sh.suspended
    if stop is not None:
        spec["line"] = {"line": line, "path": stop.path, "aliases": aliases,
                        "until": sb.clock.now() + max(stop.seconds, sb.config.min_line_wake),
                        "in_loop": stop.in_loop, "on_interrupt": stop.on_interrupt}
        sb.tabs.set(tab, stream)
        result = Result(io.chunks, None, running=True, wake_at=float(spec["line"]["until"]),
                        wakes=wakes)
        if sleeping is None and sb.can_wait and streams.waits("shell", spec):
            return sb._wait_out(tab, result)
        return result
    sb.tabs.set(tab, stream)
    if not sh.exited:  # a file, a signal sent from the container may be news elsewhere
        return Result(io.chunks, code, prompt=containers.prompt(sh), wakes=wakes)
    sb._end_stream(tab)
    if spec.get("mode") != "attach":
        if code:
            io.write_err(f"command terminated with exit code {code}\n")
        return Result(io.chunks, code)
    # `kubectl run -it`: the shell was the container's PID 1, so the container ends with it
    name, container, namespace = spec["pod"], spec["container"], spec["namespace"]
    cluster.end_attached_shell(namespace, name, container, code)
    policy = record["spec"].get("restartPolicy", "Always")
    if spec.get("verb") in ("attach", "debug"):
        # kubectl attach (and debug's attach) waits for nothing; its hint needs -i -t and a
        # pod that restarts
        if policy == "Always" and spec.get("tty") and not spec.get("quiet"):
            io.write_out(streams.reattach_message(record, name, container))
        return Result(io.chunks, 0)
    if policy != "Always":
        # kubectl waits for the pod to complete (Never) or succeed (OnFailure) for its exit
        # code, deleting it first with --rm (run.go); the reattach hint is only for Always
        wait = Stream("attach-wait", {"namespace": namespace, "pod": name,
                                      "uid": spec["uid"], "policy": policy,
                                      "rm": bool(spec.get("rm")),
                                      "quiet": bool(spec.get("quiet"))})
        return sb._begin_stream(tab, wait, Result(io.chunks, None), cluster)
    io.write_out(f"Session ended, resume using 'kubectl attach {name} -c {container} -i -t' "
                 "command when the pod is running\n")
    if spec.get("rm"):
        # run's deferred clean-up deletes without waiting for the pod to go
        streams.remove_run_pod(sb._ctx(cluster, io, None), namespace, name,
                               bool(spec.get("quiet")))
    # with restartPolicy Always kubectl does not wait for an exit code: it returns 0
    return Result(io.chunks, 0)



def resume_line(sb: Sandbox, tab: str, stream: dict[str, Any], pending: list[Chunk]) -> Result:
    """The sleep of the line in the tab's container shell may have ended: go on with it."""
    from playground.sim.sandbox import Result

    sleeping = stream["spec"]["line"]
    if sb.clock.now() < float(sleeping["until"]):
        return Result(pending, None, running=True, wake_at=float(sleeping["until"]))
    return run_line(sb, tab, stream, "", sleeping, pending)
