import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { captureTail } from '../capture.js';

export interface ContainerLogs {
  stdoutTail: string;
  stderrTail: string;
  stdoutBytes: number;
  stderrBytes: number;
}

/** Demultiplexes a non-followed log buffer (8-byte frame headers: stream, 0,0,0, size). */
export function demuxBuffer(buf: Buffer): { stdout: Buffer; stderr: Buffer } {
  const parts: { 1: Buffer[]; 2: Buffer[] } = { 1: [], 2: [] };
  let i = 0;
  while (i + 8 <= buf.length) {
    const kind = buf[i]!;
    const size = buf.readUInt32BE(i + 4);
    const body = buf.subarray(i + 8, i + 8 + size);
    if (kind === 1 || kind === 2) parts[kind].push(body);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(parts[1]), stderr: Buffer.concat(parts[2]) };
}

/**
 * The fallback when attaching failed: a stopped container's output, read once
 * with follow:false (a followed log stream lost data here), split into stdout and stderr, each cut to its last `limit`
 * bytes. The engine keeps at most two capped log files (container.ts), so for
 * output beyond that cap the byte counts are a lower bound.
 */
export async function readLogs(docker: Docker, id: string, limit: number): Promise<ContainerLogs> {
  const raw = (await docker.getContainer(id).logs({ follow: false, stdout: true, stderr: true })) as unknown as Buffer;
  const { stdout, stderr } = demuxBuffer(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
  // A cut may split a UTF-8 sequence; the replacement character marks it.
  const tail = (b: Buffer) => b.subarray(Math.max(0, b.length - limit)).toString('utf8');
  return { stdoutTail: tail(stdout), stderrTail: tail(stderr), stdoutBytes: stdout.length, stderrBytes: stderr.length };
}

export interface AttachedOutput {
  logs(): ContainerLogs;
  /** Resolves when the engine closes the stream (the container exited), or after `ms`. */
  ended(ms: number): Promise<void>;
}

/**
 * Attaches to a created, not yet started, container: every byte it writes
 * passes through here, so the byte counts are exact however much it prints,
 * and only the tails are kept in memory.
 */
export async function attachOutput(docker: Docker, id: string, limit: number): Promise<AttachedOutput> {
  const stream = (await docker.getContainer(id).attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
  const out = new PassThrough();
  const err = new PassThrough();
  const stdout = captureTail(out, limit);
  const stderr = captureTail(err, limit);
  docker.modem.demuxStream(stream, out, err);
  const done = new Promise<void>((resolve) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });
  return {
    logs: () => ({ stdoutTail: stdout.text(), stderrTail: stderr.text(), stdoutBytes: stdout.total(), stderrBytes: stderr.total() }),
    ended: async (ms) => {
      let t: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((r) => { t = setTimeout(r, ms); })]);
      clearTimeout(t);
      (stream as unknown as { destroy?: () => void }).destroy?.();
    },
  };
}
