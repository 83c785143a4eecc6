/** The help text of the `metatune` command. */
export const USAGE = `metatune — meta-learning and hyperparameter optimization

Usage:
  metatune tune <config>            run (or resume) a study from a YAML/JSON/.mjs config
  metatune meta-train <config>      meta-train a meta-learner  [--resume]
  metatune worker --storage <url> --study <name> --objective <module>
                                    join a study from another process or machine
  metatune report --storage <url> [--study <name>] [--out <dir>]
                                    write a self-contained HTML report
  metatune doctor [--storage <url>] backends, versions, SIMD/threads, storage reachability
  metatune demo [--dir <dir>]       the quick-start main job (meta-HPO of MAML on sines)

Options:
  --json          one JSON object per event on stdout (for scripts)
  --backend <b>   tfjs backend: auto (default: wasm), wasm, cpu, webgl, webgpu, node, node-gpu
  -h, --help      this text
  -v, --version   the version

Exit codes: 0 done, 1 the study or run failed, 2 bad usage or config.
`;
