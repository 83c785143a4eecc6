/**
 * @metatune/storage-sqlite: the embedded default storage of metatune studies (one file, many
 * processes), implementing core's `Storage` contract with better-sqlite3.
 *
 * @packageDocumentation
 */
export { SqliteStorage, openSqliteStorage, type SqliteStorageOptions } from './sqlite-storage';
export { SQLITE_SCHEMA_VERSION, SQLITE_MIGRATIONS, migrate } from './schema';
export { sqliteStoragePlugin, registerSqliteStorage, type SqliteStoragePluginOptions } from './plugin';
