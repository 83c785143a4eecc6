/** The `metaLearner:reptile` registry entry (filled in with the learner). */
export const reptileEntries = {};
