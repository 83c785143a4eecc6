import { packageConfig } from '../../tools/tsup.shared';

// Two entries: the library (`main`, report rendering) and the executable.
export default packageConfig({ entry: ['src/index.ts', 'src/bin.ts'], platform: 'node' });
