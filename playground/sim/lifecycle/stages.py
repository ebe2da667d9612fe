"""The pod lifecycle as a table of stages (after kwok's StageSpec): what happens, after what.

Each ``Stage`` names one transition the kubelet or scheduler makes, the delay after the instant
that enables it, and the docstring explaining when it applies.  The engine only sequences these
stages; changing how long the sandbox takes, how fast back-off grows or how soon a deleted pod
disappears is an edit here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    name: str
    delay: float  # seconds after the enabling instant
    doc: str


def stage_table(*stages: Stage) -> dict[str, Stage]:
    """The stages by name; a name given twice is an error (a dict would keep only the last,
    silently replacing one delay by another)."""
    table: dict[str, Stage] = {}
    for stage in stages:
        if stage.name in table:
            raise ValueError(f"lifecycle stage {stage.name!r} is defined twice")
        table[stage.name] = stage
    return table


STAGES: dict[str, Stage] = stage_table(
    Stage("bind", 0.1, "Scheduler binds the pod: spec.nodeName set, PodScheduled True, "
          "event Scheduled. Before it the pod shows only phase Pending + qosClass."),
    Stage("kubelet-sync", 0.3, "Kubelet sees the pod: startTime, conditions, containers "
          "waiting ContainerCreating (PodInitializing behind init containers)."),
    # The sandbox is ready by the kubelet's first status write (kubelet-sync), so a watch
    # sees one ContainerCreating update, as spec §1.10 describes a `kubectl run`.
    Stage("sandbox", 0.3, "Pod sandbox (network namespace, IP) ready: "
          "PodReadyToStartContainers True; first image pull starts."),
    Stage("ephemeral-sync", 0.3, "An ephemeral container added to a running pod "
          "(`kubectl debug`) is seen by the kubelet's next sync, which starts it like any "
          "container: pull, create, start."),
    Stage("create", 0.6, "Image present → container created (event Created)."),
    Stage("start", 0.1, "Created → started (event Started, state running)."),
    Stage("sync-after-start", 1.0, "The kubelet's next sync after a start: a spec change made "
          "while the container was being pulled or created is acted on here."),
    Stage("pull-fail", 1.2, "A failing pull is answered by the registry "
          "(Failed, ErrImagePull)."),
    Stage("pull-backoff-visible", 1.0, "After ErrImagePull the next sync shows "
          "ImagePullBackOff and emits BackOff."),
    Stage("repull-cached", 0.6, "imagePullPolicy Always on a node that has the layers: "
          "the pull is a quick manifest check."),
    Stage("exit-noticed", 1.0, "A process ended from outside the walk (the learner's `exit` "
          "from an attached shell) is seen at the kubelet's next relist (PLEG, every second); "
          "until then the pod shows it running."),
    Stage("exit-visible", 1.0, "An exited container is shown terminated (Completed/Error) "
          "until the next sync restarts it or puts it in CrashLoopBackOff."),
    Stage("backoff-initial", 10.0, "First crash-loop back-off (the first crash restarts at "
          "once); doubled per restart."),
    Stage("backoff-cap", 300.0, "Back-off never grows beyond 5 minutes."),
    Stage("backoff-reset", 600.0, "A container that ran this long resets its back-off."),
    Stage("backoff-resync", 12.0, "While in back-off the pod worker re-syncs about this often, "
          "each time emitting BackOff."),
    Stage("sigterm-exit", 0.6, "A process that handles SIGTERM exits this long after it."),
    Stage("next-container", 0.05, "Containers are started one after another in one sync."),
    Stage("init-next", 0.5, "After an init container exits 0 the next sync starts the next."),
    Stage("terminal", 0.5, "Deleted pod: all containers stopped → terminal phase."),
    Stage("reap", 0.5, "Terminal deleted pod → object removed from the API."),
    Stage("podgc-period", 20.0, "PodGC's check period (gcCheckPeriod): a pod bound to a node "
          "that does not exist is first seen at one of these ticks."),
    Stage("podgc-quarantine", 40.0, "PodGC waits this long (quarantineTime) for the missing "
          "node to appear, then force-deletes the pod (grace 0)."),
    Stage("volume-resync", 60.0, "The kubelet re-syncs every pod about once a minute "
          "(syncFrequency): mounted ConfigMaps and Secrets show their new data from then."),
    Stage("mount-retry", 0.5, "A volume that failed to mount is tried again after this long, "
          "doubled per failure (nestedpendingoperations' exponential back-off)."),
    Stage("mount-retry-cap", 122.0, "The mount back-off never exceeds 2m2s."),
    Stage("unschedulable-retry", 300.0, "Unschedulable pods are retried (FailedScheduling "
          "again) at least this often."),
)


def delay(name: str) -> float:
    return STAGES[name].delay
