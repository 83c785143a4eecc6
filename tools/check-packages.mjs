// Checks every publishable package as npm would publish it: publint --strict and
// are-the-types-wrong on the packed tarball (ESM-only profile: metatune publishes ESM only).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let failures = 0;
for (const dir of readdirSync('packages')) {
  const pkg = JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8'));
  if (pkg.private) continue;
  for (const [cmd, args] of [
    ['publint', ['--strict', `packages/${dir}`]],
    ['attw', ['--pack', `packages/${dir}`, '--profile', 'esm-only', '--format', 'table-flipped']],
  ]) {
    try {
      execFileSync('npx', ['--no-install', cmd, ...args], { stdio: 'pipe' });
      console.log(`ok   ${cmd} ${pkg.name}`);
    } catch (error) {
      failures++;
      console.log(`FAIL ${cmd} ${pkg.name}\n${error.stdout?.toString() ?? ''}${error.stderr?.toString() ?? ''}`);
    }
  }
}
if (failures > 0) {
  console.log(`${failures} package check(s) failed`);
  process.exit(1);
}
