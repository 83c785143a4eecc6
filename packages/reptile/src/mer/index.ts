// Meta-experience replay: exports filled in by the MER files.
export {};
