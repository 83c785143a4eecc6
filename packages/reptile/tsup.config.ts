import { packageConfig } from '../../tools/tsup.shared';

export default packageConfig();
