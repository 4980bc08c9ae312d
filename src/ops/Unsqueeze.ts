import type { OpBackward } from './rule';
import { reshapeBack } from './shared/reshapeBack';

export const Unsqueeze: OpBackward = { opType: 'Unsqueeze', backward: reshapeBack };
