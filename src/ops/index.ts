/** The backward rule table: every supported ONNX op, by type. One file per op; this file only lists them. */
import type { OpBackward } from './rule';
import { Add } from './Add';
import { AveragePool } from './AveragePool';
import { Clip } from './Clip';
import { Concat } from './Concat';
import { Conv } from './Conv';
import { DepthToSpace } from './DepthToSpace';
import { Div } from './Div';
import { Expand } from './Expand';
import { Flatten } from './Flatten';
import { Gather } from './Gather';
import { Gemm } from './Gemm';
import { GlobalAveragePool } from './GlobalAveragePool';
import { GlobalMaxPool } from './GlobalMaxPool';
import { LeakyRelu } from './LeakyRelu';
import { MatMul } from './MatMul';
import { MaxPool } from './MaxPool';
import { Mul } from './Mul';
import { Pad } from './Pad';
import { PRelu } from './PRelu';
import { Relu } from './Relu';
import { Reshape } from './Reshape';
import { Round } from './Round';
import { Sigmoid } from './Sigmoid';
import { Slice } from './Slice';
import { SpaceToDepth } from './SpaceToDepth';
import { Split } from './Split';
import { Squeeze } from './Squeeze';
import { Sub } from './Sub';
import { Tanh } from './Tanh';
import { Tile } from './Tile';
import { Transpose } from './Transpose';
import { Unsqueeze } from './Unsqueeze';

const ALL: OpBackward[] = [
  Add, AveragePool, Clip, Concat, Conv, DepthToSpace, Div, Expand, Flatten, Gather, Gemm, GlobalAveragePool, GlobalMaxPool, LeakyRelu, MatMul,
  MaxPool, Mul, Pad, PRelu, Relu, Reshape, Round, Sigmoid, Slice, SpaceToDepth, Split, Squeeze, Sub, Tanh, Tile, Transpose, Unsqueeze,
];

export const BACKWARD = new Map(ALL.map((o) => [o.opType, o.backward]));
export const SUPPORTED_OPS = [...BACKWARD.keys()].sort();
