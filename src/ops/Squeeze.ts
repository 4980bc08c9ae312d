import type { OpBackward } from './rule';
import { reshapeBack } from './shared/reshapeBack';

export const Squeeze: OpBackward = { opType: 'Squeeze', backward: reshapeBack };
