import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * One Chromium for a whole batch of PDFs (FACTS.md: launch 0.4 s, each PDF
 * 0.1–0.2 s). The browser is closed on every exit path, SIGINT and SIGTERM included.
 */

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export function chromiumPath(): string | null {
  const path = process.env.MEDGRADE_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

export interface PdfRenderer {
  pdf(html: string, out: string): Promise<void>;
  /** A full-page PNG of the html at this CSS width and device scale. */
  png(html: string, width: number, scale: number): Promise<Buffer>;
  /** The browser's process id and profile folder, for tests that check both are gone afterwards. */
  readonly browserPid: number | null;
  readonly profile: string;
}

/**
 * Runs fn with a PDF renderer, or with null and the reason when Chromium is
 * missing or fails to start. The browser and its profile folder are gone
 * when this returns or throws.
 */
export async function withPdfRenderer<T>(fn: (renderer: PdfRenderer | null, reason?: string) => Promise<T>): Promise<T> {
  const executablePath = chromiumPath();
  if (!executablePath) return fn(null, `Chromium not found at ${process.env.MEDGRADE_CHROMIUM ?? '/usr/bin/chromium'} (apt-get install chromium); writing HTML only`);
  const profile = mkdtempSync(join(tmpdir(), 'medgrade-chromium-'));
  let browser: Browser | null = null;
  const close = async () => {
    const b = browser;
    browser = null;
    if (b) await b.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void close().finally(() => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.kill(process.pid, signal);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    try {
      browser = await puppeteer.launch({
        executablePath, userDataDir: join(profile, 'data'), args: CHROMIUM_ARGS, headless: true,
        // Our own handlers close the browser and remove the profile, then re-raise the signal.
        handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
        // Chromium also writes ~/.config and ~/.cache; keep those inside the throwaway profile.
        env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: join(profile, 'config'), XDG_CACHE_HOME: join(profile, 'cache') },
      });
    } catch (e) {
      return await fn(null, `Chromium failed to start (${(e as Error).message.split('\n')[0]}); writing HTML only`);
    }
    const b = browser;
    // Pages are reused across PDFs: opening a tab costs more than replacing its content.
    const idle: Page[] = [];
    const onPage = async <R>(work: (page: Page) => Promise<R>): Promise<R> => {
      const page = idle.pop() ?? await b.newPage();
      let healthy = false;
      try {
        const r = await work(page);
        healthy = true;
        return r;
      } finally {
        if (healthy) idle.push(page); else await page.close().catch(() => undefined);
      }
    };
    return await fn({
      browserPid: b.process()?.pid ?? null,
      profile,
      pdf: (html, out) => onPage(async (page) => {
        await page.setContent(html, { waitUntil: 'domcontentloaded' });
        await page.pdf({ path: out, format: 'A4', printBackground: true, preferCSSPageSize: true });
      }),
      png: (html, width, scale) => onPage(async (page) => {
        await page.setViewport({ width, height: 100, deviceScaleFactor: scale });
        // Images are data URIs: 'load' waits until every one has decoded.
        await page.setContent(html, { waitUntil: 'load' });
        return Buffer.from(await page.screenshot({ type: 'png', fullPage: true }));
      }),
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await close();
  }
}

/** Runs tasks with at most `limit` in flight; the first error is rethrown after all settle. */
export async function runLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try { await task(item); } catch (e) { errors.push(e); }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}
