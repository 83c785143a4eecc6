import { MetatuneError } from '@metatune/core';

/** A config file could not be read or does not match its schema; the cli exits with code 2. */
export class ConfigError extends MetatuneError {
  constructor(message: string, hint?: string) {
    super('INVALID_OPTIONS', message, { hint });
    this.name = 'ConfigError';
  }
}
