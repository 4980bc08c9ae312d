import type { OpBackward } from './rule';
import { reshapeBack } from './shared/reshapeBack';

export const Reshape: OpBackward = { opType: 'Reshape', backward: reshapeBack };
