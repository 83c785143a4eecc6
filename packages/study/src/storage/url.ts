import { MetatuneError, type Storage } from '@metatune/core';
import { MemoryStorage } from './memory';

/** The default storage URL: an SQLite file in the working directory. */
export const DEFAULT_STORAGE_URL = 'sqlite:./studies.db';

/**
 * Replaces the password (and any secret query parameter) of a URL with `***`, so that storage URLs
 * can appear in logs and errors. Works on strings that are not URLs too (returns them unchanged).
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@')
    .replace(/([?&](?:password|passwd|pwd|sslpassword|token|secret)=)[^&#]*/gi, '$1***');
}

/** Removes every occurrence of the secrets of `url` (its password) from `text`. */
export function redactSecrets(text: string, url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@/]*)@/i.exec(url);
  let out = text.split(url).join(redactUrl(url));
  if (m && m[1].length > 0) {
    out = out.split(m[1]).join('***');
    try {
      const decoded = decodeURIComponent(m[1]);
      if (decoded.length > 0) out = out.split(decoded).join('***');
    } catch {
      // a malformed escape cannot appear decoded anywhere
    }
  }
  return out;
}

/** What a storage URL names. */
export type StorageLocation =
  | { readonly scheme: 'memory' }
  | { readonly scheme: 'sqlite'; readonly path: string }
  | { readonly scheme: 'postgres'; readonly url: string };

/** Parses a storage URL: `memory:`, `sqlite:PATH` (or `sqlite://PATH`), `postgres://...` / `postgresql://...`. */
export function parseStorageUrl(url: string): StorageLocation {
  if (typeof url !== 'string' || url.length === 0) {
    throw new MetatuneError('INVALID_ARGUMENT', 'a storage URL must be a non-empty string', { hint: `e.g. ${DEFAULT_STORAGE_URL}, memory: or postgres://user@host/db` });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'memory') return { scheme: 'memory' };
  if (scheme === 'sqlite') {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path.length === 0) throw new MetatuneError('INVALID_ARGUMENT', 'an sqlite: URL needs a file path', { hint: 'e.g. sqlite:./studies.db or sqlite::memory:' });
    return { scheme: 'sqlite', path };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return { scheme: 'postgres', url };
  throw new MetatuneError('INVALID_ARGUMENT', `unknown storage URL scheme in "${redactUrl(url)}"`, {
    hint: 'use sqlite:PATH, postgres://user@host:port/db or memory:',
  });
}

async function importOptional<T>(name: string, url: string): Promise<T> {
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new MetatuneError('STORAGE', `the storage URL "${redactUrl(url)}" needs ${name}, which is not installed`, { hint: `npm install ${name}`, cause });
    }
    throw cause;
  }
}

/** Options of {@link openStorage}. */
export interface OpenStorageOptions {
  /** Milliseconds a database storage keeps retrying while its server is unreachable (default 30 s). */
  readonly reconnectTimeoutMs?: number;
}

/**
 * Opens the storage a URL names. SQLite and PostgreSQL are loaded lazily from
 * `@metatune/storage-sqlite` and `@metatune/storage-postgres`, so a program that uses only one
 * does not need the other (nor its driver) installed.
 *
 * @example
 * const storage = await openStorage('sqlite:./studies.db');
 */
export async function openStorage(url: string = DEFAULT_STORAGE_URL, options: OpenStorageOptions = {}): Promise<Storage> {
  const location = parseStorageUrl(url);
  if (location.scheme === 'memory') return new MemoryStorage();
  if (location.scheme === 'sqlite') {
    const mod = await importOptional<{ openSqliteStorage(path: string): Promise<Storage> }>('@metatune/storage-sqlite', url);
    return mod.openSqliteStorage(location.path);
  }
  const mod = await importOptional<{ openPostgresStorage(url: string, options?: OpenStorageOptions): Promise<Storage> }>('@metatune/storage-postgres', url);
  return mod.openPostgresStorage(location.url, options);
}
