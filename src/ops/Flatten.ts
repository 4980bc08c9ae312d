import type { OpBackward } from './rule';
import { reshapeBack } from './shared/reshapeBack';

export const Flatten: OpBackward = { opType: 'Flatten', backward: reshapeBack };
