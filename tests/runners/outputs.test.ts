import { describe, expect, it } from 'vitest';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOutputs } from '../../harness/runners/outputs.js';
import { captureTail } from '../../harness/runners/capture.js';
import { Readable } from 'node:stream';

function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'medgrade-out-'));
  const src = join(root, 'src');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'preds.csv'), 'id,p\n1,0.5\n');
  writeFileSync(join(src, 'sub', 'history.csv'), 'epoch,loss\n1,0.3\n');
  writeFileSync(join(src, 'shared.txt'), 'x');
  linkSync(join(src, 'shared.txt'), join(src, 'sub', 'hard.txt'));
  symlinkSync('/etc/passwd', join(src, 'passwd'));
  symlinkSync('/etc', join(src, 'etcdir'));
  execFileSync('mkfifo', [join(src, 'pipe')]);
  return { root, src, dst: join(root, 'dst') };
}

describe('copyOutputs', () => {
  it('copies plain files and folders, refuses links and special files as escapes', () => {
    const { src, dst } = fixture();
    const r = copyOutputs(src, dst, { maxFiles: 100, maxBytes: 1 << 20 });
    expect(r.escapes).toEqual(['etcdir', 'passwd', 'pipe', 'shared.txt', 'sub/hard.txt']);
    expect(r.truncated).toBe(false);
    expect(readFileSync(join(dst, 'preds.csv'), 'utf8')).toBe('id,p\n1,0.5\n');
    expect(readdirSync(join(dst, 'sub'))).toEqual(['history.csv']);
    expect(existsSync(join(dst, 'passwd'))).toBe(false);
    expect(r.files).toBe(2);
  });

  it('stops at maxFiles and maxBytes and says so', () => {
    const { src, dst } = fixture();
    const byFiles = copyOutputs(src, dst, { maxFiles: 1, maxBytes: 1 << 20 });
    expect(byFiles).toMatchObject({ truncated: true, files: 1 });
    const { src: src2, root } = fixture();
    const byBytes = copyOutputs(src2, join(root, 'dst2'), { maxFiles: 100, maxBytes: 12 });
    expect(byBytes.truncated).toBe(true);
    expect(byBytes.bytes).toBeLessThanOrEqual(12);
  });
});

describe('captureTail', () => {
  it('keeps the last bytes and counts all of them', async () => {
    const chunks = Array.from({ length: 100 }, (_, i) => Buffer.from(`line ${i}\n`));
    const stream = Readable.from(chunks);
    const tail = captureTail(stream, 16);
    await new Promise((r) => stream.on('end', r));
    expect(tail.total()).toBe(chunks.reduce((n, c) => n + c.length, 0));
    expect(tail.text()).toBe('line 98\nline 99\n');
    expect(tail.text().length).toBeLessThanOrEqual(16);
  });
});
