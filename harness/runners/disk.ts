import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * A size-limited tmpfs that holds a run's writable folders and /tmp, so a
 * submission filling its disk hits ENOSPC at diskMb instead of filling the host.
 * Mount points are named medgrade-disk-<ourpid>-<random> under the work root,
 * which is how cleanupStaleMounts finds what a killed run left behind.
 */
export interface RunDisk {
  dir: string;
  unmount(): void;
}

export function canMount(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0;
}

export function mountRunDisk(workRoot: string, diskMb: number): RunDisk {
  const dir = join(workRoot, `medgrade-disk-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${diskMb}m,mode=0755,nosuid,nodev`, 'tmpfs', dir], { stdio: 'pipe' });
  return {
    dir,
    unmount: () => unmountAndRemove(dir),
  };
}

function unmountAndRemove(dir: string): void {
  try { execFileSync('umount', [dir], { stdio: 'pipe' }); } catch {
    // Busy (a process still dying inside): detach it lazily so the host view is clean.
    try { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); } catch { /* not mounted */ }
  }
  try { rmSync(dir, { recursive: true, force: true }); } catch { /* leave for cleanupStale */ }
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Mount points (from /proc/self/mountinfo) of tmpfs mounts a dead run left under workRoot. */
export function staleMounts(workRoot: string, mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): string[] {
  const found: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const mountPoint = line.split(' ')[4];
    if (!mountPoint) continue;
    const decoded = mountPoint.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    if (!decoded.startsWith(workRoot.replace(/\/$/, '') + '/')) continue;
    const m = /\/medgrade-disk-(\d+)-[0-9a-f]+$/.exec(decoded);
    if (m && !pidAlive(Number(m[1]))) found.push(decoded);
  }
  return found;
}

export function cleanupStaleMounts(workRoot: string): string[] {
  const stale = staleMounts(workRoot);
  for (const dir of stale) unmountAndRemove(dir);
  return stale;
}
