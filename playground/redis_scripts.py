"""Several Lua script calls in one round trip to Redis.

A worker's command used to cost five round trips (claim the job, read the sandbox, append its
journals, publish the frames, mark the job finished); each one is CPU for the worker and a wait
for the reply. Calls that do not depend on each other's replies go together here: the claim with
the read, the frames with the job's end. Each call is a script registered on the client
(``client.register_script``), its keys and its arguments; the replies come back in order.

redis-py's own pipelines ask Redis ``SCRIPT EXISTS`` before every execution that holds a script
(one more round trip); this sends plain EVALSHAs and, only for a call Redis answers NOSCRIPT
(a restarted or flushed Redis), runs that script again through its own loader.
"""

from __future__ import annotations

from typing import Any, Protocol

from redis.exceptions import NoScriptError


class ScriptCall(Protocol):
    @property
    def script(self) -> Any: ...  # a redis.commands.core.Script

    @property
    def keys(self) -> list[str]: ...

    @property
    def args(self) -> list[Any]: ...


def call_scripts(client: Any, calls: list[ScriptCall]) -> list[Any]:
    """Run ``calls`` in order in one round trip; their replies (an error raises, as a call
    alone would). Not a transaction: each script is atomic, the sequence is not."""
    if len(calls) == 1:
        only = calls[0]
        return [only.script(keys=only.keys, args=only.args)]
    pipe = client.pipeline(transaction=False)
    for call in calls:
        pipe.evalsha(call.script.sha, len(call.keys), *call.keys, *call.args)
    replies: list[Any] = pipe.execute(raise_on_error=False)
    for index, (call, reply) in enumerate(zip(calls, replies, strict=True)):
        if isinstance(reply, NoScriptError):
            replies[index] = call.script(keys=call.keys, args=call.args)  # loads it, then runs
        elif isinstance(reply, Exception):
            raise reply
    return replies
