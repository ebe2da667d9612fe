"""Commands that go on after their first answer, resumed by the sandbox when time has passed.

A stream is ``{"kind": ..., "spec": {...}}`` kept in the tab's state. ``resume`` prints what
happened since the last call and says whether the command has ended; ``wake_at`` says when the
next thing will happen (None: only a Ctrl-C or another tab's action ends or feeds it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from playground.sim import containers, lifecycle
from playground.sim.kubectl import watch
from playground.sim.kubectl.commands import logs as logs_command
from playground.sim.kubectl.commands import replace as replace_command
from playground.sim.kubectl.commands import wait as wait_command
from playground.sim.kubectl.context import Ctx

# Streams a transcript lives through at once (the clock jumps to their end), unlike watches.
WAITING = frozenset({"wait-deleted", "sleep", "attach", "attach-wait", "wait", "replace-force"})


def waits(kind: str, spec: dict[str, Any]) -> bool:
    """Whether a transcript lives through the stream at once: a line that sleeps does unless
    the sleep is a loop's (``host_shell``), which may go on for ever, like a watch."""
    if kind == "shell":  # a container shell whose line sleeps (container_session)
        spec = spec.get("line") or {"in_loop": True}
        kind = "line"
    return kind in WAITING or (kind == "line" and not spec.get("in_loop"))


# kubectl run -it gives up when the pod has not started within --pod-running-timeout.
ATTACH_TIMEOUT_SECONDS = 60.0


@dataclass
class Outcome:
    done: bool = False
    exit_code: int = 0
    shell: dict[str, Any] | None = None  # the tab now types into this container shell


def resume(stream: dict[str, Any], ctx: Ctx, state: dict[str, Any]) -> Outcome:
    del state
    kind, spec = stream["kind"], stream["spec"]
    if kind in ("wait-deleted", "sleep"):
        done = ctx.now >= float(spec["until"])
        return Outcome(done, int(spec.get("exit", 0)))
    if kind == "watch":
        watch.resume(spec, ctx)
        return Outcome()
    if kind == "edit":  # kubectl edit waits for the editor pane (Sandbox.save_edit)
        return Outcome()
    if kind == "logs":
        return Outcome(logs_command.resume_follow(spec, ctx))
    if kind == "port-forward":
        record = ctx.cluster.pod_record(spec["namespace"], spec["pod"])
        if record is None or record["metadata"]["uid"] != spec["uid"]:
            ctx.err("error: lost connection to pod\n")
            return Outcome(True, 1)
        return Outcome()
    if kind == "attach" and spec.get("waiting"):
        return _attach_wait(spec, ctx)
    if kind == "attach":
        return _attach(spec, ctx)
    if kind == "attach-wait":
        return _attach_wait(spec, ctx)
    if kind == "replace-force":
        done = replace_command.resume_force(spec, ctx)
        return Outcome(done, int(spec.get("exit", 0)))
    if kind == "wait":
        if wait_command.resume(spec, ctx):
            return Outcome(True, wait_command.finish(spec, ctx))
        return Outcome()
    return Outcome(True, 0)


def wake_at(stream: dict[str, Any], ctx: Ctx) -> float | None:
    kind, spec = stream["kind"], stream["spec"]
    if kind in ("wait-deleted", "sleep", "replace-force", "line"):
        return float(spec["until"])
    if kind == "watch":
        return watch.next_wake(spec, ctx)
    if kind == "port-forward":
        record = ctx.cluster.pod_record(spec["namespace"], spec["pod"])
        return ctx.cluster.view(record).gone_at if record is not None else ctx.now
    if kind in ("attach", "attach-wait") and "deadline" not in spec:
        # the first look is at once: the container may be running (or done) already
        return ctx.now
    if kind in ("attach", "attach-wait"):
        record = ctx.cluster.pod_record(spec["namespace"], spec["pod"])
        if record is None:
            return ctx.now
        change = ctx.cluster.view(record).next_change
        if spec.get("following") or spec.get("verb") == "debug":
            # kubectl debug waits for its container without a timeout (waitForContainer)
            return change  # attached to a program: it goes on as long as the program does
        deadline = float(spec.setdefault("deadline", ctx.now + ATTACH_TIMEOUT_SECONDS))
        return min(change, deadline) if change is not None else deadline
    if kind == "logs":
        return logs_command.follow_wake(spec, ctx)
    if kind == "wait":
        return wait_command.wake_at(spec, ctx)
    if kind == "shell":  # only a line that sleeps in it has a time to go on
        return float(spec["line"]["until"]) if spec.get("line") else None
    if kind == "watch-cmd":
        return float(spec["next"])
    return None


def _attach(spec: dict[str, Any], ctx: Ctx) -> Outcome:
    record = ctx.cluster.pod_record(spec["namespace"], spec["pod"])
    if record is None:
        ctx.err(f'Error from server (NotFound): pods "{spec["pod"]}" not found\n')
        return Outcome(True, 1)
    if spec.get("following"):
        return _attach_follow(spec, ctx, record)
    # the first look has been taken (wake_at); debug's wait itself has no deadline
    spec.setdefault("deadline", ctx.now + ATTACH_TIMEOUT_SECONDS)
    if spec.get("verb") == "debug":
        debug_state = _debug_container_state(spec, ctx, record)
        if debug_state == "waiting":
            return Outcome()
        if debug_state == "terminated":
            # "Ephemeral container terminated, falling back to logs"
            ctx.out(lifecycle.container_logs(record, spec["container"], ctx.now))
            return Outcome(True, 0)
    pod = ctx.cluster.view(record).obj
    status_of = pod.get("status", {})
    for status in [*(status_of.get("containerStatuses") or []),
                   *(status_of.get("ephemeralContainerStatuses") or [])]:
        if status["name"] != spec["container"]:
            continue
        state = status.get("state") or {}
        hint = "" if spec.get("quiet") else ATTACH_HINT
        if "running" in state and spec.get("stdin", True) and containers.runs_interactive_shell(
                record, spec["container"]):
            ctx.err(hint)
            return Outcome(shell={
                "namespace": spec["namespace"], "pod": spec["pod"],
                "uid": record["metadata"]["uid"], "container": spec["container"],
                "mode": "attach", "rm": bool(spec.get("rm")),
                "verb": spec.get("verb", "run"), "tty": spec.get("tty", True),
                "quiet": bool(spec.get("quiet")),
            })
        if "running" in state:
            # a program, not a shell: the attached terminal shows what it writes until it ends
            ctx.err(hint)
            # `kubectl attach` joins a program already running: only what it writes from now on
            seen = (len(lifecycle.container_logs(record, spec["container"], ctx.now))
                    if spec.get("verb") == "attach" else 0)
            spec.update(following=True, uid=record["metadata"]["uid"], printed=seen)
            return _attach_follow(spec, ctx, record)
        if "terminated" in state and _pod_policy(record) != "Always":
            # it finished before kubectl saw it running: kubectl prints its logs instead
            spec.update(uid=record["metadata"]["uid"])
            ctx.out(lifecycle.container_logs(record, spec["container"], ctx.now))
            return _after_attach(spec, ctx)
    if ctx.now >= float(spec["deadline"]):
        ctx.err("error: timed out waiting for the condition\n")
        return Outcome(True, 1)
    return Outcome()


ATTACH_HINT = "If you don't see a command prompt, try pressing enter.\n"


def _debug_container_state(spec: dict[str, Any], ctx: Ctx, record: dict[str, Any]) -> str:
    """kubectl debug's waitForContainer: every pod update that shows the container waiting
    with a message prints it as a warning; it ends once the container runs or has ended
    ("waiting", "running" or "terminated")."""
    status = ctx.cluster.view(record).obj.get("status") or {}
    entry = next((s for key in ("initContainerStatuses", "containerStatuses",
                                "ephemeralContainerStatuses") for s in status.get(key) or []
                  if s.get("name") == spec["container"]), None)
    state = (entry or {}).get("state") or {}
    if "running" in state:
        return "running"
    if "terminated" in state:
        return "terminated"
    message = str((state.get("waiting") or {}).get("message") or "")
    if message and message != spec.get("warned") and not spec.get("quiet"):
        ctx.err(f"Warning: container {spec['container']}: {message}\n")
        spec["warned"] = message
    return "waiting"


def reattach_message(record: dict[str, Any], pod: str, container: str) -> str:
    """attach's reattachMessage, for a pod whose restartPolicy is Always (kubectl prints none
    otherwise): an ephemeral container will not come back once its session has ended."""
    ephemeral = any(c["name"] == container
                    for c in record["spec"].get("ephemeralContainers") or [])
    if ephemeral:
        return (f"Session ended, the ephemeral container will not be restarted but may be "
                f"reattached using 'kubectl attach {pod} -c {container} -i -t' if it is still "
                "running\n")
    return (f"Session ended, resume using 'kubectl attach {pod} -c {container} -i -t' command "
            "when the pod is running\n")


def _pod_policy(record: dict[str, Any]) -> str:
    return str(record["spec"].get("restartPolicy", "Always"))


def _attach_follow(spec: dict[str, Any], ctx: Ctx, record: dict[str, Any]) -> Outcome:
    """Print what the attached program wrote since; when its run ends, so does the session."""
    if record["metadata"]["uid"] != spec["uid"]:
        return Outcome(True, 0)
    text = lifecycle.container_logs(record, spec["container"], ctx.now)
    printed = int(spec.get("printed", 0))
    ctx.out(text[printed:])
    spec["printed"] = len(text)
    pod = ctx.cluster.view(record).obj
    state = next((s.get("state") or {} for key in ("containerStatuses",
                                                   "ephemeralContainerStatuses")
                  for s in pod["status"].get(key) or [] if s["name"] == spec["container"]), {})
    if "running" in state:
        return Outcome()
    return _after_attach(spec, ctx)


def _after_attach(spec: dict[str, Any], ctx: Ctx) -> Outcome:
    """The session is over: Always gets the reattach hint; Never/OnFailure wait for the pod."""
    record = ctx.cluster.pod_record(spec["namespace"], spec["pod"])
    policy = _pod_policy(record) if record is not None else "Always"
    if spec.get("verb") in ("attach", "debug"):
        # kubectl attach waits for nothing; its hint needs -i -t and a pod that restarts
        if policy == "Always" and spec.get("stdin") and spec.get("tty") and record is not None \
                and not spec.get("quiet"):
            ctx.out(reattach_message(record, spec["pod"], spec["container"]))
        return Outcome(True, 0)
    if policy == "Always":
        ctx.out(f"Session ended, resume using 'kubectl attach {spec['pod']} -c "
                f"{spec['container']} -i -t' command when the pod is running\n")
        if spec.get("rm"):
            remove_run_pod(ctx, spec["namespace"], spec["pod"], bool(spec.get("quiet")))
        return Outcome(True, 0)
    spec.update(policy=policy, waiting=True)
    spec.pop("deadline", None)
    return _attach_wait(spec, ctx)


def _attach_wait(spec: dict[str, Any], ctx: Ctx) -> Outcome:
    """After a `run -it` session with restartPolicy Never/OnFailure: kubectl watches the pod
    until it completes (Never) or succeeds (OnFailure), then deletes it (--rm) and exits with
    the container's exit code (run.go: waitForPod, removeCreatedObjects)."""
    namespace, name = spec["namespace"], spec["pod"]
    record = ctx.cluster.pod_record(namespace, name)
    if record is None or record["metadata"]["uid"] != spec["uid"]:
        ctx.err(f'Error from server (NotFound): pods "{name}" not found\n')
        return Outcome(True, 1)
    spec.setdefault("deadline", ctx.now + ATTACH_TIMEOUT_SECONDS)
    status = ctx.cluster.view(record).obj.get("status") or {}
    phase = status.get("phase")
    done = phase == "Succeeded" or (phase == "Failed" and spec["policy"] == "Never")
    if not done and ctx.now < float(spec["deadline"]):
        return Outcome()
    if spec.get("rm"):
        remove_run_pod(ctx, namespace, name, bool(spec.get("quiet")))
    if not done:
        ctx.err("error: timed out waiting for the condition\n")
        return Outcome(True, 1)
    if phase == "Succeeded":
        return Outcome(True, 0)
    statuses = status.get("containerStatuses") or [{}]
    terminated: dict[str, Any] = (statuses[0].get("state") or {}).get("terminated") or {}
    code = int(terminated.get("exitCode", 0))
    if not code:
        ctx.err(f"error: pod {namespace}/{name} failed with unknown exit code\n")
        return Outcome(True, 1)
    # the error text ends in the termination message (kubectl adds the newline it lacks)
    text = f"pod {namespace}/{name} terminated ({terminated.get('reason', '')})\n"
    text += str(terminated.get("message") or "")
    ctx.err(text if text.endswith("\n") else text + "\n")
    return Outcome(True, code)


def remove_run_pod(ctx: Ctx, namespace: str, name: str, quiet: bool = False) -> None:
    """`kubectl run --rm`'s clean-up: delete without waiting; a pod already gone is ignored;
    --quiet is passed on to the delete, which then says nothing."""
    if ctx.cluster.pod_record(namespace, name) is None:
        return
    ctx.cluster.delete_pod(namespace, name)
    if not quiet:
        ctx.out(f'pod "{name}" deleted\n')


def forward_error(klog_time: str, port: int, remote: int, record: dict[str, Any]) -> str:
    """The error a port-forward prints when nothing in the pod listens on the remote port."""
    uid = record["metadata"]["uid"]
    sandbox_id = hashlib.sha256(uid.encode()).hexdigest()
    netns = f"cni-{uid[:8]}-{uid[9:13]}-{uid[14:18]}-{uid[19:23]}-{uid[24:36]}"
    return (
        f'E{klog_time}    4242 portforward.go:424] "Unhandled Error" err="an error occurred '
        f"forwarding {port} -> {remote}: error forwarding port {remote} to pod {sandbox_id}, "
        f"uid : failed to execute portforward in network namespace \\\"/var/run/netns/{netns}"
        f"\\\": failed to connect to localhost:{remote} inside namespace \\\"{sandbox_id}\\\", "
        f"IPv4: dial tcp4 127.0.0.1:{remote}: connect: connection refused IPv6 dial tcp6 "
        f'[::1]:{remote}: connect: connection refused "\n'
    )
