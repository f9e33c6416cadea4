/**
 * Progress for long work. On a terminal one status line is redrawn in place;
 * elsewhere (CI logs, pipes) each event is its own line, so logs stay readable.
 */
export interface Progress {
  start(id: string): void;
  done(id: string, summary: string): void;
  note(message: string): void;
  finish(): void;
}

export function createProgress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const running = new Set<string>();
  const started = Date.now();
  let finished = 0;
  const tty = Boolean(stream.isTTY);
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
  const draw = () => {
    if (!tty) return;
    const width = 24;
    const filled = total ? Math.round((finished / total) * width) : width;
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const line = `${label} [${bar}] ${finished}/${total} ${elapsed()}  running: ${[...running].join(', ') || '-'}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 120) - 1)}`);
  };
  const print = (text: string) => {
    if (tty) stream.write('\r\x1b[2K');
    stream.write(`${text}\n`);
    draw();
  };
  return {
    start(id) { running.add(id); if (tty) draw(); else print(`[${finished}/${total}] ${id}: started`); },
    done(id, summary) { running.delete(id); finished += 1; print(`[${finished}/${total}] ${id}: ${summary}`); },
    note(message) { print(message); },
    finish() { if (tty) stream.write('\r\x1b[2K'); stream.write(`${label}: ${finished}/${total} done in ${elapsed()}\n`); },
  };
}
