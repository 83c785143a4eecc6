// Reptile: exports filled in by the Reptile learner files.
export {};
