/**
 * What the browser tests share: the admin built from current sources, a
 * headless Debian Chromium driven by playwright-core, and where screenshots go.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from '../support/switchboard.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
/** Screenshots of the browser tests. */
export const RESULTS = path.join(repoRoot, 'test-results');

/**
 * Builds web/ when web/dist is missing or older than its sources, so the
 * server serves the current admin. A lock directory keeps two test files from
 * building at once (vite empties dist/ first).
 */
export async function ensureWebBuilt(): Promise<void> {
  const web = path.join(repoRoot, 'web');
  const index = path.join(web, 'dist/index.html');
  const newest = (p: string): number => {
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
  };
  const fresh = () => {
    const sources = Math.max(newest(path.join(web, 'src')), newest(path.join(web, 'index.html')), newest(path.join(web, 'vite.config.ts')));
    return fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources;
  };
  if (fresh()) return;
  const lock = path.join(os.tmpdir(), 'switchboard-web-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another test file is building: wait for it, then check again.
      if (Date.now() > deadline) throw new Error(`${lock} is held for over 2 minutes: remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!fresh()) execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: repoRoot, stdio: 'pipe' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** A fresh headless Chromium profile (a persistent context is how playwright takes a --user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return {
    context,
    page,
    consoleErrors,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `check` on a 375 px wide phone screen, where the page must not scroll sideways; then back to 1280 px. */
export async function atPhoneWidth(page: Page, check: () => Promise<void>): Promise<void> {
  await page.setViewportSize({ width: 375, height: 812 });
  try {
    await check();
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}
