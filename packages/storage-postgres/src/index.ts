/**
 * @metatune/storage-postgres: PostgreSQL storage of metatune studies for many workers on many
 * machines, implementing core's `Storage` contract with node-postgres.
 *
 * @packageDocumentation
 */
export { PostgresStorage, openPostgresStorage, type PostgresStorageOptions } from './postgres-storage';
export { POSTGRES_SCHEMA_VERSION, POSTGRES_MIGRATIONS, migrate, type Queryable } from './schema';
export { redactUrl, redactSecrets } from './redact';
export { postgresStoragePlugin, registerPostgresStorage, type PostgresStoragePluginOptions } from './plugin';
