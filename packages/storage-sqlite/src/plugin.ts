import { z } from 'zod';
import { type PluginEntry, type Registry, type Storage, definePlugin, globalRegistry, provide } from '@metatune/core';
import { SqliteStorage } from './sqlite-storage';

/** Options of the `storage:sqlite` registry entry. */
export interface SqliteStoragePluginOptions {
  /** Database file (default ./studies.db). */
  readonly path?: string;
  readonly busyTimeoutMs?: number;
}

/** The registry entries of this package: `storage:sqlite`. */
export const sqliteStoragePlugin = definePlugin({
  name: '@metatune/storage-sqlite',
  version: '0.1.0',
  provides: {
    'storage:sqlite': provide(
      z.strictObject({ path: z.string().min(1).default('./studies.db'), busyTimeoutMs: z.number().int().positive().optional() }),
      (o): Storage => new SqliteStorage(o.path, { busyTimeoutMs: o.busyTimeoutMs }),
      'SQLite file storage (WAL, one transaction per state change)',
    ),
  },
});

/** Registers `storage:sqlite` (into the process-wide registry by default). */
export function registerSqliteStorage(registry: Registry = globalRegistry()): Registry {
  return registry.register(sqliteStoragePlugin);
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'storage:sqlite': PluginEntry<SqliteStoragePluginOptions, Storage>;
  }
}
