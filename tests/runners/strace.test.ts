import { describe, expect, it } from 'vitest';
import { parseStraceLines } from '../../harness/runners/strace.js';

// Lines captured from `strace -f -qq --seccomp-bpf -o LOG` on this machine (strace 6.1), pids shortened.
const LOG = [
  '100  execve("/usr/bin/sh", ["sh", "-c", "echo $$ > /sys/fs/cgroup/..."], 0x7ffd /* 2 vars */) = 0',
  '100  execve("/usr/bin/prlimit", ["prlimit", "--cpu=20:21"], 0x55 /* 2 vars */) = 0',
  '100  execve("/usr/bin/bwrap", ["bwrap", "--unshare-all"], 0x55 /* 2 vars */) = 0',
  '101  mkdir("/newroot/out", 0755) = 0',
  '102  openat(AT_FDCWD, "/usr/lib/x86_64-linux-gnu/libselinux.so.1", O_RDONLY|O_CLOEXEC) = 3',
  '102  execve("/usr/bin/python3", ["/usr/bin/python3", "-c", "..."], 0x5623 /* 7 vars */) = 0',
  '102  openat(AT_FDCWD, "/data/test/x.png", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)',
  '102  connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
  '102  connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("10.0.0.1")}, 16) = -1 ENETUNREACH (Network is unreachable)',
  '102  connect(4, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)',
  '103  openat(AT_FDCWD, "preds.csv", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666 <unfinished ...>',
  '102  openat(AT_FDCWD, "/work/a\\"b.py", O_RDONLY) = 5',
  '103  <... openat resumed>) = -1 EROFS (Read-only file system)',
  '102  openat(5, "rel.txt", O_RDONLY) = 6',
  '102  rename("/out/tmp.csv", "/out/predictions.csv") = 0',
  '102  unlink("/work/x") = -1 EROFS (Read-only file system)',
  '102  openat(AT_FDCWD, "/data/test/x.png", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)',
  '102  unlinkat(AT_FDCWD, "/out/old.csv", 0) = 0',
  '102  renameat2(AT_FDCWD, "a.tmp", AT_FDCWD, "model.h5", RENAME_NOREPLACE) = 0',
  '102  mkdirat(AT_FDCWD, "/data/new", 0777) = -1 EROFS (Read-only file system)',
  '102  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---',
];

describe('strace log parser', () => {
  const events = parseStraceLines(LOG, { workdir: '/work', wrapperExecs: ['/usr/bin/sh', '/usr/bin/prlimit', '/usr/bin/bwrap'] });

  it('drops the wrapper chain and bwrap setup before the first user execve', () => {
    expect(events[0]).toEqual({ op: 'exec', path: '/usr/bin/python3', pid: 102 });
    expect(events.some((e) => e.path.includes('newroot') || e.path.includes('libselinux'))).toBe(false);
  });

  it('reads failed opens with their errno name, once each', () => {
    const opens = events.filter((e) => e.path === '/data/test/x.png');
    expect(opens).toEqual([{ op: 'open', path: '/data/test/x.png', pid: 102, error: 'ENOENT' }]);
  });

  it('counts only AF_INET/AF_INET6 connects, as ip:port', () => {
    expect(events.filter((e) => e.op === 'connect')).toEqual([
      { op: 'connect', path: '10.0.0.1:80', pid: 102, error: 'ENETUNREACH' },
      { op: 'connect', path: '[::1]:443', pid: 103 - 1, error: 'ECONNREFUSED' },
    ]);
  });

  it('joins unfinished and resumed halves, classes write flags as writes, places cwd-relative paths', () => {
    expect(events).toContainEqual({ op: 'write', path: '/work/preds.csv', pid: 103, error: 'EROFS' });
    expect(events).toContainEqual({ op: 'open', path: '/work/a"b.py', pid: 102 });
    expect(events).toContainEqual({ op: 'open', path: 'rel.txt', pid: 102 });
    expect(events).toContainEqual({ op: 'write', path: '/out/predictions.csv', pid: 102 });
    expect(events).toContainEqual({ op: 'write', path: '/work/x', pid: 102, error: 'EROFS' });
  });

  it('reads the *at forms of unlink, rename and mkdir as writes', () => {
    expect(events).toContainEqual({ op: 'write', path: '/out/old.csv', pid: 102 });
    expect(events).toContainEqual({ op: 'write', path: '/work/model.h5', pid: 102 });
    expect(events).toContainEqual({ op: 'write', path: '/data/new', pid: 102, error: 'EROFS' });
  });

  it('reads stat-family lookups as opens, so os.path.isdir on the test set counts', () => {
    const lookups = parseStraceLines([
      '102  execve("/usr/bin/python3", ["python3"], 0x1 /* 1 vars */) = 0',
      '102  newfstatat(AT_FDCWD, "/data/test", 0x7ffd, 0) = -1 ENOENT (No such file or directory)',
      '102  statx(AT_FDCWD, "/data/../test", AT_STATX_SYNC_AS_STAT, STATX_ALL, 0x7ffd) = -1 ENOENT (No such file or directory)',
      '102  access("/hidden/labels.csv", R_OK) = -1 ENOENT (No such file or directory)',
      '102  newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=10, ...}, AT_EMPTY_PATH) = 0',
    ], {});
    expect(lookups.filter((e) => e.op === 'open').map((e) => [e.path, e.error])).toEqual([
      ['/data/test', 'ENOENT'], ['/test', 'ENOENT'], ['/hidden/labels.csv', 'ENOENT'],
    ]);
  });

  it('keeps the -ttt time of the first occurrence, across unfinished and resumed halves', () => {
    const timed = parseStraceLines([
      '102 1700000000.000100 execve("/usr/bin/python3", ["python3"], 0x1 /* 1 vars */) = 0',
      '103 1700000001.500000 openat(AT_FDCWD, "/work/covid_xray/test/a.png", O_RDONLY <unfinished ...>',
      '103 1700000001.600000 <... openat resumed>) = 3',
      '102 1700000009.000000 openat(AT_FDCWD, "/work/covid_xray/test/a.png", O_RDONLY) = 4',
    ], {});
    expect(timed.find((e) => e.path.endsWith('a.png'))).toEqual({ op: 'open', path: '/work/covid_xray/test/a.png', pid: 103, time: 1700000001.5 });
  });

  it('caps the number of events', () => {
    expect(parseStraceLines(LOG, { maxEvents: 2 })).toHaveLength(2);
  });
});
