import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import type { EnvironmentSpec } from '../env/python.js';
import { MedgradeError } from '../errors.js';
import { connectDocker, engineProblem, imageExists } from './engine.js';

export type ImageKind = 'hostusr' | 'debootstrap';

export interface BuildImageOptions {
  kind: ImageKind;
  docker?: Docker;
  /** debootstrap only: host folders (a venv) copied into the rootfs at the same path. */
  pythonRoots?: string[];
  /** debootstrap only: Debian packages added to minbase (python3 is always added). */
  debianPackages?: string[];
  mirror?: string;
  log?: (line: string) => void;
}

export interface BuiltImage {
  tag: string;
  kind: ImageKind;
  /** False when an image with this tag already existed and was reused. */
  built: boolean;
  seconds: number;
}

/** Mount points the runner binds into; they must exist because the root is read-only. */
const MOUNT_POINTS = ['usr', 'etc', 'tmp', 'proc', 'dev', 'sys', 'work', 'data', 'out', 'model', 'test', 'harness', 'trace', 'var/cache/fontconfig'];
const LAYOUT_VERSION = 'hostusr-1';

/** Tag that changes when the rubric's environment (or the image layout) changes. */
export function imageTag(env: EnvironmentSpec, kind: ImageKind, extra: unknown = null): string {
  const h = createHash('sha256').update(JSON.stringify({ env, kind, extra, layout: LAYOUT_VERSION })).digest('hex').slice(0, 16);
  return `medgrade-${kind}:${h}`;
}

/** The hostusr root: empty mount points, /bin etc. as links into /usr, a passwd line for uid 65534. */
export function writeHostUsrRoot(dir: string): void {
  for (const d of MOUNT_POINTS) mkdirSync(join(dir, d), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o1777);
  for (const [link, target] of [['bin', 'usr/bin'], ['sbin', 'usr/sbin'], ['lib', 'usr/lib'], ['lib64', 'usr/lib64']] as const) {
    symlinkSync(target, join(dir, link));
  }
}

function importTar(docker: Docker, rootfs: string, tag: string): Promise<void> {
  const [repo, version] = tag.split(':') as [string, string];
  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    docker.importImage(tar.stdout as unknown as string, { repo, tag: version }, (err: Error | null, stream?: NodeJS.ReadableStream) => {
      if (err || !stream) return reject(err ?? new Error('docker import gave no stream'));
      docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve()));
    });
  });
}

function debootstrapRoot(dir: string, opts: BuildImageOptions): void {
  const include = ['python3', ...(opts.debianPackages ?? [])].join(',');
  execFileSync('debootstrap', ['--variant=minbase', `--include=${include}`, 'bookworm', dir, opts.mirror ?? 'http://deb.debian.org/debian'], { stdio: 'pipe', timeout: 15 * 60_000 });
  // The venv goes in at its host path so its pyvenv.cfg and symlinks still resolve.
  for (const root of opts.pythonRoots ?? []) {
    mkdirSync(dirname(join(dir, root)), { recursive: true });
    cpSync(root, join(dir, root), { recursive: true, verbatimSymlinks: true });
  }
  for (const d of ['work', 'data', 'out', 'model', 'test', 'harness', 'trace']) mkdirSync(join(dir, d), { recursive: true });
}

/**
 * Builds (or reuses) the image the docker runner starts submissions in. No
 * registry is contacted: the rootfs is made here and `docker import`ed.
 * `hostusr` takes ~0.1 s; `debootstrap` ~1 min and needs the Debian mirror.
 */
export async function buildImage(env: EnvironmentSpec, opts: BuildImageOptions): Promise<BuiltImage> {
  const started = Date.now();
  const docker = opts.docker ?? connectDocker();
  const problem = await engineProblem(docker);
  if (problem) throw new MedgradeError('E_RUNNER_UNAVAILABLE', problem);
  const extra = opts.kind === 'debootstrap' ? { roots: opts.pythonRoots ?? [], debs: opts.debianPackages ?? [] } : null;
  const tag = imageTag(env, opts.kind, extra);
  if (await imageExists(docker, tag)) return { tag, kind: opts.kind, built: false, seconds: (Date.now() - started) / 1000 };
  const dir = mkdtempSync(join(tmpdir(), 'medgrade-image-'));
  try {
    opts.log?.(`medgrade: building image ${tag} (${opts.kind})`);
    if (opts.kind === 'hostusr') writeHostUsrRoot(dir);
    else debootstrapRoot(dir, opts);
    // A passwd line so tools that look the user up (getpass, pip) find one; debootstrap has its own.
    if (opts.kind === 'hostusr') writeFileSync(join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/tmp:/usr/sbin/nologin\n', { flag: 'w' });
    await importTar(docker, dir, tag);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { tag, kind: opts.kind, built: true, seconds: (Date.now() - started) / 1000 };
}
