import { z } from 'zod';
import { type PluginEntry, type Registry, type Storage, definePlugin, globalRegistry, provide } from '@metatune/core';
import { PostgresStorage } from './postgres-storage';

/** Options of the `storage:postgres` registry entry. */
export interface PostgresStoragePluginOptions {
  /** postgres://user[:password]@host[:port]/database */
  readonly url: string;
  readonly schema?: string;
  readonly reconnectTimeoutMs?: number;
  readonly poolSize?: number;
}

/** The registry entries of this package: `storage:postgres` (its instance is a promise, since connecting is asynchronous). */
export const postgresStoragePlugin = definePlugin({
  name: '@metatune/storage-postgres',
  version: '0.1.0',
  provides: {
    'storage:postgres': provide(
      z.strictObject({ url: z.string().regex(/^postgres(ql)?:\/\//), schema: z.string().optional(), reconnectTimeoutMs: z.number().int().positive().optional(), poolSize: z.number().int().positive().optional() }),
      (o): Promise<Storage> => PostgresStorage.open(o.url, o),
      'PostgreSQL storage (row locks, SKIP LOCKED claims, reconnecting)',
    ),
  },
});

/** Registers `storage:postgres` (into the process-wide registry by default). */
export function registerPostgresStorage(registry: Registry = globalRegistry()): Registry {
  return registry.register(postgresStoragePlugin);
}

declare module '@metatune/core' {
  interface PluginRegistry {
    'storage:postgres': PluginEntry<PostgresStoragePluginOptions, Promise<Storage>>;
  }
}
