"""The web server's websocket protocol: uvicorn's own, telling a client why before it closes.

RFC 6455 makes a text frame that is not UTF-8 fatal for the connection. uvicorn's sans-I/O
protocol closes it with 1007 and no reason, after logging a traceback as if the server had
failed. This subclass sends the terminal's ``error`` frame first (PROTOCOL.md: code
``invalid_utf8``), closes with 1007 and a reason, and logs one line. A message over the size
ceiling (``--ws-max-size``) is already closed by websockets itself with 1009 and a reason.
Selected by ``--ws playground.ws_protocol:TextCheckingProtocol`` (scripts/stack.py).
"""

from __future__ import annotations

import json

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from playground.terminal.protocol import INVALID_UTF8, ProtocolError

CLOSE_REASON = "text frame is not valid UTF-8"


class TextCheckingProtocol(WebSocketsSansIOProtocol):
    def send_receive_event_to_app(self) -> None:
        if self.curr_msg_data_type == "text" and not self.close_sent:
            data = self.frames[0] if len(self.frames) == 1 else b"".join(self.frames)
            try:
                bytes(data).decode("utf-8")
            except UnicodeDecodeError:
                self.frames = []
                self.logger.warning("closed a websocket: %s", CLOSE_REASON)
                error = ProtocolError(INVALID_UTF8).frame()
                self.conn.send_text(json.dumps(error).encode("utf-8"))
                self.conn.send_close(1007, CLOSE_REASON)
                self.handle_parser_exception()
                return
        super().send_receive_event_to_app()
