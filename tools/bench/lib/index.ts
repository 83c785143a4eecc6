/** Shared helpers of the benches under tools/bench: timing, statistics, flags, environment, JSON output. */
export { quantile, median, summarize, round, roundSummary, type Summary } from './stats';
export { measure, measurePair, calibrate, type MeasureOptions, type Measurement, type PairMeasurement } from './timing';
export { environmentInfo, type EnvironmentInfo } from './env';
export { printResult, parseResult, RESULT_PREFIX, type BenchResult } from './output';
export { parseFlags, intFlag, listFlag, type BenchFlags } from './args';
export { runInWorkers } from './worker-pool';
