/** The `metaLearner:mer` registry entry (filled in with the learner). */
export const merEntries = {};
