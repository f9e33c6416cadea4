import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { posix } from 'node:path';
import type { AccessEvent } from './types.js';

/** The syscalls the sandbox traces; the parser understands exactly these. */
export const TRACED_SYSCALLS = [
  'openat', 'open', 'creat', 'connect', 'execve', 'rename', 'unlink', 'mkdir',
  // The *at forms: coreutils and newer libcs use these instead.
  'renameat', 'renameat2', 'unlinkat', 'mkdirat',
  // Lookups: `os.path.isdir('/data/test')` never opens anything, but reaching for
  // the test set that way is still an attempt, so stat and access count as opens.
  'stat', 'lstat', 'newfstatat', 'statx', 'access', 'faccessat', 'faccessat2',
];

export interface ParseOptions {
  /** Relative paths opened against the current directory are joined to this (sandbox path). */
  workdir?: string;
  /**
   * Executables of the harness's own wrapper chain (bwrap, prlimit...). Events
   * before the first successful execve of anything else are the wrapper setting
   * up, with host paths, and are dropped.
   */
  wrapperExecs?: string[];
  /** Stop collecting after this many distinct events. */
  maxEvents?: number;
}

/** "PID [EPOCH.MICROS] call(...)": the time is there when strace ran with -ttt. */
const LINE = /^(\d+)\s+(?:(\d+\.\d+)\s+)?(.*)$/;
const CALL = /^(\w+)\((.*)\)\s+=\s+(-?\d+|\?|0x[0-9a-f]+)(?:\s+([A-Z][A-Z0-9_]+))?/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/** Decodes strace's C-style string escapes. */
function unescape(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') { bytes.push(...Buffer.from(c, 'utf8')); continue; }
    const next = s[++i] ?? '';
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, '"': 34, '\\': 92 };
    if (next in simple) { bytes.push(simple[next]!); continue; }
    if (next === 'x') { bytes.push(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; continue; }
    const oct = /^[0-7]{1,3}/.exec(s.slice(i));
    if (oct) { bytes.push(parseInt(oct[0], 8)); i += oct[0].length - 1; continue; }
    bytes.push(...Buffer.from(next, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function strings(args: string): string[] {
  return [...args.matchAll(QUOTED)].map((m) => unescape(m[1]!));
}

function resolvePath(path: string, dirArg: string | undefined, workdir: string | undefined): string {
  // Normalised, so "/data/../test" is reported as the "/test" it reaches.
  if (path.startsWith('/')) return posix.normalize(path);
  if (!workdir) return path;
  // Only AT_FDCWD-relative paths can be placed; a dirfd's folder is unknown.
  if (dirArg !== undefined && dirArg !== 'AT_FDCWD') return path;
  return posix.join(workdir, path);
}

function connectTarget(args: string): string | null {
  if (/sa_family=AF_INET6\b/.test(args)) {
    const addr = /inet_pton\(AF_INET6,\s*"([^"]+)"/.exec(args)?.[1];
    const port = /sin6_port=htons\((\d+)\)/.exec(args)?.[1];
    return addr ? `[${addr}]:${port ?? '?'}` : null;
  }
  if (/sa_family=AF_INET\b/.test(args)) {
    const addr = /inet_addr\("([^"]+)"\)/.exec(args)?.[1];
    const port = /sin_port=htons\((\d+)\)/.exec(args)?.[1];
    return addr ? `${addr}:${port ?? '?'}` : null;
  }
  return null;
}

/** One complete syscall line (after joining unfinished/resumed halves) → event, or null. */
export function parseCall(pid: number, text: string, opts: ParseOptions = {}): AccessEvent | null {
  const m = CALL.exec(text);
  if (!m) return null;
  const [, name, args = '', ret, errno] = m;
  const error = ret !== undefined && ret.startsWith('-') && errno ? errno : undefined;
  const base = error ? { pid, error } : { pid };
  const firstArg = args.split(',')[0]?.trim();
  const strs = strings(args);
  switch (name) {
    case 'open':
    case 'openat': {
      const raw = strs[0];
      if (raw === undefined) return null;
      const path = resolvePath(raw, name === 'openat' ? firstArg : 'AT_FDCWD', opts.workdir);
      const writes = /\b(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC)\b/.test(args);
      return { op: writes ? 'write' : 'open', path, ...base };
    }
    case 'stat':
    case 'lstat':
    case 'access': {
      const raw = strs[0];
      return raw === undefined ? null : { op: 'open', path: resolvePath(raw, 'AT_FDCWD', opts.workdir), ...base };
    }
    case 'newfstatat':
    case 'statx':
    case 'faccessat':
    case 'faccessat2': {
      const raw = strs[0];
      // An empty path with AT_EMPTY_PATH is an fstat of an open descriptor: nothing new was reached.
      if (raw === undefined || raw === '') return null;
      return { op: 'open', path: resolvePath(raw, firstArg, opts.workdir), ...base };
    }
    case 'creat':
    case 'mkdir':
    case 'unlink':
    case 'rename': {
      // rename reports its destination: that is where something gets written.
      const raw = name === 'rename' ? strs[1] : strs[0];
      if (raw === undefined) return null;
      return { op: 'write', path: resolvePath(raw, 'AT_FDCWD', opts.workdir), ...base };
    }
    case 'mkdirat':
    case 'unlinkat':
    case 'renameat':
    case 'renameat2': {
      const raw = name.startsWith('rename') ? strs[1] : strs[0];
      if (raw === undefined) return null;
      // For renameat the destination's dirfd is the third argument.
      const dirArg = name.startsWith('rename') ? args.split(',')[2]?.trim() : firstArg;
      return { op: 'write', path: resolvePath(raw, dirArg, opts.workdir), ...base };
    }
    case 'execve': {
      const raw = strs[0];
      return raw === undefined ? null : { op: 'exec', path: resolvePath(raw, 'AT_FDCWD', opts.workdir), ...base };
    }
    case 'connect': {
      const target = connectTarget(args);
      return target ? { op: 'connect', path: target, ...base } : null;
    }
    default:
      return null;
  }
}

/** A stateful parser fed line by line, so huge logs never sit in memory. */
export function createStraceParser(opts: ParseOptions = {}) {
  const pending = new Map<number, { text: string; time: number | undefined }>();
  const seen = new Set<string>();
  const events: AccessEvent[] = [];
  const wrappers = new Set(opts.wrapperExecs ?? []);
  let started = wrappers.size === 0;
  const max = opts.maxEvents ?? 50_000;
  return {
    push(line: string): void {
      const m = LINE.exec(line.trimEnd());
      if (!m) return;
      const pid = Number(m[1]);
      let time = m[2] === undefined ? undefined : Number(m[2]);
      let text = m[3]!;
      if (text.endsWith('<unfinished ...>')) {
        pending.set(pid, { text: text.slice(0, -'<unfinished ...>'.length).trimEnd(), time });
        return;
      }
      const resumed = /^<\.\.\. \w+ resumed>\s?(.*)$/.exec(text);
      if (resumed) {
        const head = pending.get(pid);
        pending.delete(pid);
        if (head === undefined) return;
        const sep = head.text.endsWith('(') || resumed[1]!.startsWith(')') ? '' : ', ';
        text = head.text + sep + resumed[1];
        time = head.time;
      }
      const parsed = parseCall(pid, text, opts);
      if (!parsed) return;
      // Events keep the time of their first occurrence: what happened first is the evidence.
      const event = time === undefined ? parsed : { ...parsed, time };
      if (!started) {
        if (event.op === 'exec' && !event.error && !wrappers.has(event.path)) started = true;
        else return;
      }
      const key = `${event.op}\0${event.path}\0${event.error ?? ''}`;
      if (seen.has(key) || events.length >= max) return;
      seen.add(key);
      events.push(event);
    },
    events: () => events,
  };
}

export function parseStraceLines(lines: Iterable<string>, opts: ParseOptions = {}): AccessEvent[] {
  const parser = createStraceParser(opts);
  for (const line of lines) parser.push(line);
  return parser.events();
}

export async function parseStraceFile(file: string, opts: ParseOptions = {}): Promise<AccessEvent[]> {
  const parser = createStraceParser(opts);
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) parser.push(line);
  return parser.events();
}
