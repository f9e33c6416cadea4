import type { Readable } from 'node:stream';

/**
 * Keeps only the last `limit` bytes of a stream and counts every byte, so a
 * submission printing gigabytes costs neither memory nor disk.
 */
export interface TailCapture {
  total(): number;
  text(): string;
}

export function captureTail(stream: Readable | null, limit: number): TailCapture {
  let chunks: Buffer[] = [];
  let kept = 0;
  let total = 0;
  stream?.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (chunk.length >= limit) {
      chunks = [chunk.subarray(chunk.length - limit)];
      kept = limit;
      return;
    }
    chunks.push(chunk);
    kept += chunk.length;
    // Drop whole chunks from the front while the rest still covers the limit.
    while (chunks.length > 1 && kept - chunks[0]!.length >= limit) {
      kept -= chunks.shift()!.length;
    }
  });
  return {
    total: () => total,
    text: () => {
      const all = Buffer.concat(chunks);
      const tail = all.length > limit ? all.subarray(all.length - limit) : all;
      // A cut may split a UTF-8 sequence; the replacement character marks it.
      return tail.toString('utf8');
    },
  };
}
