import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineSpace, float } from '@metatune/core';
import { MemoryStorage } from './memory';
import { openStorage, parseStorageUrl, redactSecrets, redactUrl } from './url';

describe('storage URLs', () => {
  it('parses the three schemes', () => {
    expect(parseStorageUrl('memory:')).toEqual({ scheme: 'memory' });
    expect(parseStorageUrl('sqlite:./studies.db')).toEqual({ scheme: 'sqlite', path: './studies.db' });
    expect(parseStorageUrl('sqlite:///var/data/a.db')).toEqual({ scheme: 'sqlite', path: '/var/data/a.db' });
    expect(parseStorageUrl('postgresql://u@h/db')).toEqual({ scheme: 'postgres', url: 'postgresql://u@h/db' });
  });

  it('rejects unknown schemes without showing credentials', () => {
    expect(() => parseStorageUrl('mysql://root:hunter2@db/x')).toThrow(/unknown storage URL scheme in "mysql:\/\/root:\*\*\*@db\/x".*sqlite:PATH/);
    expect(() => parseStorageUrl('mysql://root:hunter2@db/x')).not.toThrow(/hunter2/);
    expect(() => parseStorageUrl('')).toThrow(/non-empty/);
    expect(() => parseStorageUrl('sqlite:')).toThrow(/file path/);
  });

  it('redacts passwords in URLs and texts', () => {
    expect(redactUrl('postgres://bob:pa55@h:5432/db')).toBe('postgres://bob:***@h:5432/db');
    expect(redactUrl('postgres://h/db?password=pa55')).toBe('postgres://h/db?password=***');
    expect(redactUrl('sqlite:./x.db')).toBe('sqlite:./x.db');
    expect(redactSecrets('login pa55 failed for postgres://bob:pa55@h/db', 'postgres://bob:pa55@h/db')).toBe('login *** failed for postgres://bob:***@h/db');
  });

  it('opens memory and sqlite storages (sqlite loaded lazily)', async () => {
    expect(await openStorage('memory:')).toBeInstanceOf(MemoryStorage);
    const dir = mkdtempSync(join(tmpdir(), 'metatune-url-'));
    try {
      const s = await openStorage(`sqlite:${join(dir, 'x.db')}`);
      const study = await s.createStudy({ name: 'u', space: defineSpace({ x: float(0, 1) }), directions: ['minimize'] });
      expect(study.name).toBe('u');
      expect(s.constructor.name).toBe('SqliteStorage');
      await s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
