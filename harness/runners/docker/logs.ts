import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { captureTail, type TailCapture } from '../capture.js';

export interface ContainerLogs {
  stdout: TailCapture;
  stderr: TailCapture;
  /** Resolves when the engine closes the stream (after the container exits), or after `ms`. */
  ended(ms: number): Promise<void>;
}

/**
 * Follows a container's output from its first byte, demultiplexed into stdout
 * and stderr tails of at most `limit` bytes each, counting every byte. Started
 * right after `start()`: the engine replays what was already written.
 */
export async function followLogs(docker: Docker, id: string, limit: number): Promise<ContainerLogs> {
  const out = new PassThrough();
  const err = new PassThrough();
  const stdout = captureTail(out, limit);
  const stderr = captureTail(err, limit);
  const stream = (await docker.getContainer(id).logs({ follow: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
  docker.modem.demuxStream(stream, out, err);
  const done = new Promise<void>((resolve) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });
  return {
    stdout, stderr,
    ended: (ms) => Promise.race([done, new Promise<void>((r) => setTimeout(r, ms).unref())]).then(() => {
      (stream as unknown as { destroy?: () => void }).destroy?.();
    }),
  };
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
