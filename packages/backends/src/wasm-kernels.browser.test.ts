/**
 * metatune's wasm kernels in a real browser: the page (browser/kernels-page.ts, with core and
 * backends) is bundled for the browser with esbuild, served with tfjs-backend-wasm's .wasm files,
 * and opened in Debian's Chromium. Checks that the bundle builds without Node's modules, that the
 * SIMD module links to the backend's memory there, and that every kernel agrees with the cpu
 * backend.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

describe.skipIf(!existsSync(CHROMIUM))("metatune's wasm kernels in Chromium (skipped when /usr/bin/chromium is absent)", () => {
  let dir: string;
  let server: Server;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'metatune-kernels-page-'));
    // platform 'browser': a Node-only import anywhere in core or backends fails the build here.
    await build({
      entryPoints: [fileURLToPath(new URL('./browser/kernels-page.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: join(dir, 'page.js'),
      logLevel: 'silent',
    });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><script type="module" src="/page.js"></script></body></html>');
    const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    mkdirSync(join(dir, 'wasm'));
    for (const file of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDir, file), join(dir, 'wasm', file));
    server = createServer((req, res) => {
      const path = join(dir, req.url === '/' ? 'index.html' : (req.url ?? '').replace(/^\/+/, '').replace(/\.\.+/g, ''));
      if (!existsSync(path)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('link to the backend memory and agree with the cpu backend', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 60_000 });
      const result = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as { simd?: boolean; maxAbsDifference?: Record<string, number>; error?: string };
      expect(result.error).toBeUndefined();
      expect(result.simd).toBe(true);
      expect(Object.keys(result.maxAbsDifference!)).toEqual(['batchMatMul', 'sumLeadingAxes', 'convInputGradient', 'convFilterGradient']);
      for (const [name, difference] of Object.entries(result.maxAbsDifference!)) expect(difference, name).toBeLessThan(1e-4);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
