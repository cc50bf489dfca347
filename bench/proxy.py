"""A TCP proxy in front of a PostgreSQL server that adds latency and counts round trips.

A round trip is a message after which the client waits for the server: a simple Query
('Q') or the Sync ('S') that ends an extended-protocol batch or pipeline. The proxy reads
the client's side of the protocol to count them, so the count does not depend on how
the client splits its writes. Latency is added to each chunk in each direction (half of
the round trip each way), without reordering and without holding up the chunks behind it.
"""
from __future__ import annotations

import asyncio
import struct
import threading
from collections import Counter

_UNTYPED_CODES = {80877103, 80877104, 80877102}  # SSLRequest, GSSENCRequest, CancelRequest


class _FrontendCounter:
    """Splits the client's byte stream into protocol messages and counts them by type."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._buffer = b""
        self._started = False  # the startup message has no type byte

    def feed(self, data: bytes) -> None:
        self._buffer += data
        while True:
            if not self._started:
                if len(self._buffer) < 8:
                    return
                length, code = struct.unpack("!ii", self._buffer[:8])
                if len(self._buffer) < length:
                    return
                self._buffer = self._buffer[length:]
                self._started = code not in _UNTYPED_CODES
                self.counts["startup" if self._started else "negotiation"] += 1
                continue
            if len(self._buffer) < 5:
                return
            kind = chr(self._buffer[0])
            (length,) = struct.unpack("!i", self._buffer[1:5])
            if len(self._buffer) < 1 + length:
                return
            self._buffer = self._buffer[1 + length:]
            self.counts[kind] += 1


class LatencyProxy:
    """`with LatencyProxy(upstream_dsn_params, latency_ms) as proxy:` then connect to proxy.dsn()."""

    def __init__(self, host: str, port: int, latency_ms: float = 0.0) -> None:
        self.upstream = (host, port)
        self.one_way = latency_ms / 2000.0
        self.counters: list[_FrontendCounter] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    @property
    def round_trips(self) -> int:
        return sum(c.counts["Q"] + c.counts["S"] for c in self.counters)

    def reset(self) -> None:
        self.counters.clear()

    def dsn(self, dbname: str, user: str) -> str:
        return f"host=127.0.0.1 port={self.port} dbname={dbname} user={user} sslmode=disable gssencmode=disable"

    def __enter__(self) -> LatencyProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop).result()
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc) -> None:
        async def close() -> None:
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        asyncio.run_coroutine_threadsafe(close(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _open_upstream(self):
        host, port = self.upstream
        if host.startswith("/"):
            return await asyncio.open_unix_connection(f"{host}/.s.PGSQL.{port}")
        return await asyncio.open_connection(host, port)

    async def _serve(self, client_reader, client_writer) -> None:
        server_reader, server_writer = await self._open_upstream()
        counter = _FrontendCounter()
        self.counters.append(counter)
        await asyncio.gather(self._pump(client_reader, server_writer, counter.feed),
                             self._pump(server_reader, client_writer, None))

    async def _pump(self, reader, writer, observe) -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                delay = due - self._loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                writer.write(data)
                await writer.drain()
            writer.close()

        delivery = asyncio.ensure_future(deliver())
        try:
            while data := await reader.read(65536):
                if observe:
                    observe(data)
                queue.put_nowait((self._loop.time() + self.one_way, data))
        except ConnectionError:
            pass
        queue.put_nowait((0, None))
        try:
            await delivery
        except ConnectionError:
            pass
