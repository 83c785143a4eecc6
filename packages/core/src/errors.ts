/**
 * Typed errors. Every error metatune throws on bad input is a {@link MetatuneError}
 * with a stable `code`, a message that names the problem, and a `hint` that says how to fix it.
 */

/** Stable, machine-readable error codes. */
export type MetatuneErrorCode =
  | 'INVALID_ARGUMENT'
  | 'SHAPE_MISMATCH'
  | 'NON_FINITE'
  | 'INVALID_SPACE'
  | 'INVALID_PARAMS'
  | 'UNKNOWN_PLUGIN'
  | 'INVALID_OPTIONS'
  | 'DUPLICATE_PLUGIN'
  | 'UNKNOWN_BACKEND'
  | 'BACKEND_UNAVAILABLE'
  | 'CHECKPOINT_MISMATCH'
  | 'DATA_MISSING'
  | 'DATA_CORRUPT'
  | 'STORAGE'
  | 'STUDY_CONFLICT'
  | 'TRIAL_STATE'
  | 'NUMERICAL';

/** Base class of all errors raised by metatune on bad input or an unrecoverable condition. */
export class MetatuneError extends Error {
  /** Machine-readable category of the error. */
  readonly code: MetatuneErrorCode;
  /** What the caller can do to fix it, when known. */
  readonly hint: string | undefined;

  constructor(code: MetatuneErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(options.hint ? `${message} (${options.hint})` : message, { cause: options.cause });
    this.name = 'MetatuneError';
    this.code = code;
    this.hint = options.hint;
  }
}

/** Throws an `INVALID_ARGUMENT` error unless `condition` holds. */
export function assertArgument(condition: unknown, message: string, hint?: string): asserts condition {
  if (!condition) throw new MetatuneError('INVALID_ARGUMENT', message, { hint });
}

/** Throws a `NON_FINITE` error unless `value` is a finite number; `what` names the value in the message. */
export function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) {
    throw new MetatuneError('NON_FINITE', `${what} must be a finite number, got ${value}`);
  }
}
