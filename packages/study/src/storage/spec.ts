import { MetatuneError, type Direction, type SearchSpace, type StudyRecord, type StudySpec } from '@metatune/core';

/** JSON with object keys sorted, so two equal spaces give the same text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/**
 * Checks that a stored study matches the spec it is opened with, so two programs cannot write
 * trials of different spaces or directions into one study. Throws `STUDY_CONFLICT`.
 */
export function assertSameSpec(existing: { name: string; space: SearchSpace; directions: readonly Direction[] }, spec: StudySpec): void {
  if (canonicalJson(existing.directions) !== canonicalJson(spec.directions)) {
    throw new MetatuneError('STUDY_CONFLICT', `study "${spec.name}" exists with directions ${JSON.stringify(existing.directions)}, not ${JSON.stringify(spec.directions)}`, {
      hint: 'use another study name, or delete the old study first',
    });
  }
  if (canonicalJson(existing.space) !== canonicalJson(spec.space)) {
    throw new MetatuneError('STUDY_CONFLICT', `study "${spec.name}" exists with a different search space`, {
      hint: `stored space: ${canonicalJson(existing.space)}; use another study name or delete the old study`,
    });
  }
}

/** Checks a study spec before it is stored. */
export function assertValidSpec(spec: StudySpec): void {
  if (typeof spec.name !== 'string' || spec.name.length === 0) {
    throw new MetatuneError('INVALID_ARGUMENT', 'a study needs a non-empty name', { hint: 'createStudy({ name: "my-study", ... })' });
  }
  if (!Array.isArray(spec.directions) || spec.directions.length === 0 || !spec.directions.every((d) => d === 'minimize' || d === 'maximize')) {
    throw new MetatuneError('INVALID_ARGUMENT', `directions must be a non-empty list of "minimize" | "maximize", got ${JSON.stringify(spec.directions)}`);
  }
}

/** A study record from its parts (storages share the shape). */
export function studyRecord(id: number, spec: StudySpec): StudyRecord {
  return { id, name: spec.name, space: spec.space, directions: [...spec.directions], userAttrs: { ...(spec.userAttrs ?? {}) } };
}
