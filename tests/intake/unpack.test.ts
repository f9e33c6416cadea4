import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { unpack } from '../../harness/pipeline/unpack.js';
import { buildZip, lieAboutSizes, patchName } from './zips.js';

const tmp = mkdtempSync(join(tmpdir(), 'medgrade-intake-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const MiB = 1024 * 1024;

let n = 0;
async function unpackZip(zip: Buffer, limits = { maxEntries: 10_000, maxBytes: MiB }) {
  const dir = join(tmp, `case-${++n}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'Group 7 - upload.zip');
  writeFileSync(path, zip);
  const [d] = discoverSubmissions([path]);
  return unpack(d!, join(tmp, `work-${n}`), limits);
}

const kinds = (u: { findings: { kind: string; file: string }[] }) => u.findings.map((f) => `${f.kind}:${f.file}`);

describe('unpack: zips', () => {
  it('extracts a clean zip, strips a single top folder, ignores OS litter and hashes stably', async () => {
    const items = [
      { name: 'proj/train.py', data: 'print(1)\n' },
      { name: 'proj/results/search.csv', data: 'a,b\n1,2\n' },
      { name: '__MACOSX/proj/._train.py', data: 'x' },
      { name: 'proj/.DS_Store', data: 'x' },
      { name: 'proj/__pycache__/train.cpython-312.pyc', data: 'x' },
    ];
    const u = await unpackZip(await buildZip(items));
    expect(u.rejected).toBe(false);
    expect(u.findings).toEqual([]);
    expect(u.id).toBe('group-7');
    expect(u.group).toBe(7);
    expect(u.files).toEqual(['results/search.csv', 'train.py']);
    expect(readFileSync(join(u.root, 'train.py'), 'utf8')).toBe('print(1)\n');
    const again = await unpackZip(await buildZip([...items].reverse()));
    expect(again.hash).toBe(u.hash);
    const changed = await unpackZip(await buildZip([{ name: 'proj/train.py', data: 'print(2)\n' }, items[1]!]));
    expect(changed.hash).not.toBe(u.hash);
  });

  it('rejects zip-slip (../) without writing outside', async () => {
    const zip = patchName(await buildZip([{ name: 'ok.py', data: '' }, { name: 'AA/evil.txt', data: 'pwned' }]), 'AA/evil.txt', '../evil.txt');
    const u = await unpackZip(zip);
    expect(u.rejected).toBe(true);
    expect(kinds(u)).toEqual(['unsafe-archive:../evil.txt']);
    expect(existsSync(join(tmp, `work-${n}`, 'evil.txt'))).toBe(false);
    expect(u.files).toEqual([]);
  });

  it('rejects backslash traversal, absolute paths and drive letters', async () => {
    let zip = await buildZip([{ name: 'AA/evil', data: 'x' }, { name: 'Xetc/passwd', data: 'x' }, { name: 'CC/win.ini', data: 'x' }]);
    zip = patchName(zip, 'AA/evil', '..\\evil');
    zip = patchName(zip, 'Xetc/passwd', '/etc/passwd');
    zip = patchName(zip, 'CC/win.ini', 'C:/win.ini');
    const u = await unpackZip(zip);
    expect(u.rejected).toBe(true);
    expect(kinds(u).sort()).toEqual(['unsafe-archive:../evil', 'unsafe-archive:/etc/passwd', 'unsafe-archive:C:/win.ini']);
  });

  it('rejects a symlink entry', async () => {
    const u = await unpackZip(await buildZip([{ name: 'train.py', data: '' }, { name: 'data', data: '/etc', mode: 0o120777 }]));
    expect(u.rejected).toBe(true);
    expect(kinds(u)).toEqual(['unsafe-archive:data']);
    expect(u.findings[0]!.message).toMatch(/symbolic link/);
  });

  it('rejects names that collide after case folding or Unicode normalisation', async () => {
    const u = await unpackZip(await buildZip([
      { name: 'Train.py', data: 'a' }, { name: 'train.py', data: 'b' },
      { name: 'caf\u00e9.py', data: 'a' }, { name: 'cafe\u0301.py', data: 'b' },
    ]));
    expect(u.rejected).toBe(true);
    expect(kinds(u)).toEqual(['unsafe-archive:train.py', 'unsafe-archive:cafe\u0301.py']);
  });

  it('rejects more than 10,000 entries', async () => {
    const items = Array.from({ length: 10_001 }, (_, i) => ({ name: `f/${i}.txt`, data: '', compress: false }));
    const u = await unpackZip(await buildZip(items), { maxEntries: 10_000, maxBytes: MiB });
    expect(u.rejected).toBe(true);
    expect(kinds(u)).toEqual(['archive-too-large:Group 7 - upload.zip']);
    expect(u.findings[0]!.message).toContain('10001');
  });

  it('rejects an honest bomb by its declared size', async () => {
    const u = await unpackZip(await buildZip([{ name: 'zeros.bin', data: Buffer.alloc(2 * MiB) }]));
    expect(u.rejected).toBe(true);
    expect(u.findings.map((f) => f.kind)).toEqual(['archive-too-large']);
    expect(u.findings[0]!.message).toMatch(/declares/);
  });

  it('stops a bomb that lies in its headers by counting inflated bytes', async () => {
    const zip = lieAboutSizes(await buildZip([{ name: 'a.bin', data: Buffer.alloc(600 * 1024) }, { name: 'b.bin', data: Buffer.alloc(600 * 1024) }]), 100);
    const u = await unpackZip(zip);
    expect(u.rejected).toBe(true);
    expect(kinds(u)).toEqual(['archive-too-large:b.bin']);
    expect(u.findings[0]!.message).toMatch(/inflates to more than 1048576/);
    expect(u.files).toEqual([]);
  });

  it('opens a zip that only holds another zip, with the same checks', async () => {
    const inner = await buildZip([{ name: 'project/train.py', data: 'print(1)\n' }]);
    const u = await unpackZip(await buildZip([{ name: 'wrapper/group7.zip', data: inner }]));
    expect(u.rejected).toBe(false);
    expect(u.files).toEqual(['train.py']);
    const evil = patchName(await buildZip([{ name: 'AA/x', data: 'x' }]), 'AA/x', '../x');
    const bad = await unpackZip(await buildZip([{ name: 'group7.zip', data: evil }]));
    expect(bad.rejected).toBe(true);
    expect(kinds(bad)).toEqual(['unsafe-archive:../x']);
  });

  it('turns a corrupt zip into unreadable-input', async () => {
    const good = await buildZip([{ name: 'train.py', data: 'print(1)\n'.repeat(50) }]);
    const truncated = good.subarray(0, good.length - 30);
    const u = await unpackZip(truncated);
    expect(u.rejected).toBe(true);
    expect(u.findings.map((f) => f.kind)).toEqual(['unreadable-input']);
    const garbage = await unpackZip(Buffer.from('this is not a zip file at all'));
    expect(garbage.findings.map((f) => f.kind)).toEqual(['unreadable-input']);
  });
});

describe('unpack: folders', () => {
  it('copies files, follows links inside, refuses links outside', async () => {
    const src = join(tmp, 'folder-sub', 'group3');
    mkdirSync(join(src, 'lib'), { recursive: true });
    writeFileSync(join(src, 'train.py'), 'import lib\n');
    writeFileSync(join(src, 'lib', 'util.py'), 'x = 1\n');
    symlinkSync(join(src, 'train.py'), join(src, 'alias.py'));
    symlinkSync('/etc/passwd', join(src, 'passwd'));
    const [d] = discoverSubmissions([src]);
    const u = await unpack(d!, join(tmp, 'work-folder'));
    expect(u.id).toBe('group-3');
    expect(u.rejected).toBe(false);
    expect(u.files).toEqual(['alias.py', 'lib/util.py', 'train.py']);
    expect(kinds(u)).toEqual(['unsafe-archive:passwd']);
    expect(u.root.startsWith(join(tmp, 'work-folder'))).toBe(true);
  });

  it('refuses a folder past the byte limit', async () => {
    const src = join(tmp, 'big-folder');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'train.py'), '');
    writeFileSync(join(src, 'data.bin'), Buffer.alloc(2048));
    const [d] = discoverSubmissions([src]);
    const u = await unpack(d!, join(tmp, 'work-big'), { maxEntries: 100, maxBytes: 1024 });
    expect(u.rejected).toBe(true);
    expect(u.findings.map((f) => f.kind)).toEqual(['archive-too-large']);
  });
});

const infoZip = spawnSync('zip', ['-v'], { stdio: 'ignore' }).error ? null : 'zip';
if (!infoZip) console.warn('Info-ZIP test skipped: the zip command is not installed');

describe.skipIf(!infoZip)('unpack: archives made by Info-ZIP', () => {
  it('extracts a plain zip and refuses one made with zip -y that stores a symlink', async () => {
    const src = join(tmp, 'infozip');
    mkdirSync(join(src, 'proj'), { recursive: true });
    writeFileSync(join(src, 'proj', 'train.py'), 'print(1)\n');
    expect(spawnSync('zip', ['-qr', 'plain.zip', 'proj'], { cwd: src }).status).toBe(0);
    symlinkSync('/etc/passwd', join(src, 'proj', 'passwd'));
    expect(spawnSync('zip', ['-qry', 'links.zip', 'proj'], { cwd: src }).status).toBe(0);
    const plain = await unpackZip(readFileSync(join(src, 'plain.zip')));
    expect([plain.rejected, plain.files]).toEqual([false, ['train.py']]);
    const links = await unpackZip(readFileSync(join(src, 'links.zip')));
    expect(links.rejected).toBe(true);
    expect(kinds(links)).toEqual(['unsafe-archive:proj/passwd']);
  });
});
