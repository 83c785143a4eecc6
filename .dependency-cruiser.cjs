/**
 * The dependency rules of the architecture (ARCHITECTURE.md): algorithm plugins depend on core
 * only and never on each other; core depends on no other metatune package; only the cli may
 * depend on everything.
 */
const ALGORITHMS = 'maml|reptile|learned-optimizers|bayesopt|evolution|rl-controller';

module.exports = {
  forbidden: [
    {
      name: 'algorithm-imports-algorithm',
      comment: 'Algorithm plugins meet through contracts in core and the registry, never by importing each other.',
      severity: 'error',
      from: { path: `^packages/(${ALGORITHMS})/src/(?!.*\\.test\\.ts$)` },
      to: { path: `^packages/(${ALGORITHMS})/`, pathNot: '^packages/$1/' },
    },
    {
      name: 'algorithm-test-imports-algorithm',
      comment: 'Tests of an algorithm plugin may use tasks, but not another algorithm.',
      severity: 'error',
      from: { path: `^packages/(${ALGORITHMS})/src/.*\\.test\\.ts$` },
      to: { path: `^packages/(${ALGORITHMS})/`, pathNot: '^packages/$1/' },
    },
    {
      name: 'core-is-the-root',
      comment: 'core depends on no other metatune package.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: '^packages/(?!core/)' },
    },
    {
      name: 'only-cli-depends-on-study-storages',
      comment: 'Algorithm plugins and tasks do not depend on the study engine or storages.',
      severity: 'error',
      from: { path: `^packages/(${ALGORITHMS}|tasks|backends)/src/` },
      to: { path: '^packages/(study|storage-sqlite|storage-postgres|cli)/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      from: { path: '^packages/(?!cli/)' },
      to: { path: '^packages/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'], extensions: ['.ts', '.js'] },
  },
};
