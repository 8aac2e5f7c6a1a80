#!/usr/bin/env python3
"""A TCP relay that simulates a network round trip, for the delivery benchmark.

    delay_proxy.py --listen 127.0.0.1:12600 --upstream 127.0.0.1:12525 --rtt-ms 20

Each accepted client gets its own connection to the upstream. Every chunk read in either
direction is written to the other side RTT/2 after it arrived, so a request and its reply
take one RTT more than without the relay. Chunks are not serialised: each one is due at its
own arrival time + RTT/2, whatever the chunks before it are still waiting for, and the order
within one direction is kept (a per-direction queue of (due time, bytes) emptied by one
writer task that sleeps until each due time). No bandwidth limit, no loss, no jitter.

Standard library only. Stops on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import signal
import socket
import sys

CHUNK = 64 * 1024


def host_port(text):
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


def no_delay(writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


async def pump(reader, writer, one_way):
    """Copies reader to writer, each chunk `one_way` seconds after it was read."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def read_side():
        try:
            while True:
                data = await reader.read(CHUNK)
                # Stamped on arrival: the wait of earlier chunks is not added to this one.
                queue.put_nowait((loop.time() + one_way, data))
                if not data:
                    return
        except (ConnectionError, OSError):
            queue.put_nowait((loop.time() + one_way, b""))

    async def write_side():
        try:
            while True:
                due, data = await queue.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    if writer.can_write_eof():
                        writer.write_eof()
                    return
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass

    reading = asyncio.create_task(read_side())
    try:
        await write_side()
    finally:
        reading.cancel()


async def handle(client_reader, client_writer, upstream, one_way):
    try:
        up_reader, up_writer = await asyncio.open_connection(*upstream)
    except OSError as e:
        print(f"delay_proxy: cannot connect to {upstream}: {e}", file=sys.stderr)
        client_writer.close()
        return
    no_delay(client_writer)
    no_delay(up_writer)
    try:
        await asyncio.gather(
            pump(client_reader, up_writer, one_way),
            pump(up_reader, client_writer, one_way),
        )
    except asyncio.CancelledError:
        pass  # shutting down
    finally:
        for w in (client_writer, up_writer):
            w.close()


async def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", required=True, help="host:port to accept on")
    p.add_argument("--upstream", required=True, help="host:port to connect each client to")
    p.add_argument("--rtt-ms", type=float, required=True, help="simulated round trip, in ms")
    args = p.parse_args()
    one_way = args.rtt_ms / 2000.0
    upstream = host_port(args.upstream)
    host, port = host_port(args.listen)
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, upstream, one_way), host, port, backlog=4096, reuse_address=True
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
