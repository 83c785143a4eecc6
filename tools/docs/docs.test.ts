import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'docs', '.vitepress', 'dist');
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };

/** Serves the built site the way a static host with clean URLs does (`/guide/x` -> `guide/x.html`). */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const candidates = [join(dir, path), join(dir, `${path}.html`), join(dir, path, 'index.html')];
    const file = candidates.find((c) => c.startsWith(dir) && existsSync(c) && statSync(c).isFile());
    // Browsers ask for /favicon.ico on their own; the site has none, and a 404 is a console error.
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!hasChromium)('docs site in Chromium (skipped when /usr/bin/chromium is absent: apt-get install chromium)', () => {
  let server: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // CI builds the site first (`npm run docs:build`); building here is the slow fallback.
    if (!existsSync(join(dist, 'index.html'))) {
      const build = spawnSync(process.execPath, [join(root, 'tools', 'docs', 'build.mjs')], { cwd: root, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`docs build failed:\n${build.stdout}\n${build.stderr}`);
    }
    server = await serve(dist);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
  });

  async function open(path: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    const response = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    return { page, errors, status: response?.status() };
  }

  it('renders the home page with no console errors', async () => {
    const { page, errors, status } = await open('/');
    expect(status).toBe(200);
    await expect(page.locator('.VPHero .name').textContent()).resolves.toContain('metatune');
    await expect(page.getByRole('link', { name: 'Get started' }).count()).resolves.toBeGreaterThan(0);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-results', 'docs-home.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders a generated API page, reached from the API index, with no console errors', async () => {
    const { page, errors, status } = await open('/api/');
    expect(status).toBe(200);
    await page.getByRole('link', { name: '@metatune/core' }).first().click();
    await page.waitForURL(/\/api\/@metatune\/core\/?$/);
    // client-side navigation updates the URL before the new page's content: wait for the heading
    await page.waitForFunction(() => document.querySelector('.vp-doc h1')?.textContent?.includes('@metatune/core'), undefined, { timeout: 15_000 });
    await expect(page.locator('.vp-doc h1').first().textContent()).resolves.toContain('@metatune/core');
    const api = await open('/api/@metatune/backends/functions/initBackend');
    expect(api.status).toBe(200);
    await expect(api.page.locator('.vp-doc h1').first().textContent()).resolves.toContain('initBackend');
    await expect(api.page.locator('.vp-doc').textContent()).resolves.toContain('BACKEND_UNAVAILABLE');
    await api.page.screenshot({ path: join(root, 'test-results', 'docs-api-initBackend.png'), fullPage: true });
    expect([...errors, ...api.errors]).toEqual([]);
    await page.close();
    await api.page.close();
  });
});
