/** The backward rule table: every supported ONNX op, by type. One file per op; this file only lists them. */
import type { OpBackward } from './rule';
import { Add } from './Add';
import { AveragePool } from './AveragePool';
import { Clip } from './Clip';
import { Concat } from './Concat';
import { Conv } from './Conv';
import { DepthToSpace } from './DepthToSpace';
import { Div } from './Div';
import { Erf } from './Erf';
import { Expand } from './Expand';
import { Flatten } from './Flatten';
import { Gather } from './Gather';
import { Gemm } from './Gemm';
import { GlobalAveragePool } from './GlobalAveragePool';
import { GlobalMaxPool } from './GlobalMaxPool';
import { HardSigmoid } from './HardSigmoid';
import { HardSwish } from './HardSwish';
import { LeakyRelu } from './LeakyRelu';
import { LogSoftmax } from './LogSoftmax';
import { MatMul } from './MatMul';
import { MaxPool } from './MaxPool';
import { Mul } from './Mul';
import { Pad } from './Pad';
import { Pow } from './Pow';
import { PRelu } from './PRelu';
import { ReduceMean } from './ReduceMean';
import { ReduceSum } from './ReduceSum';
import { Relu } from './Relu';
import { Reshape } from './Reshape';
import { Round } from './Round';
import { Sigmoid } from './Sigmoid';
import { Slice } from './Slice';
import { Softmax } from './Softmax';
import { SpaceToDepth } from './SpaceToDepth';
import { Split } from './Split';
import { Sqrt } from './Sqrt';
import { Squeeze } from './Squeeze';
import { Sub } from './Sub';
import { Tanh } from './Tanh';
import { Tile } from './Tile';
import { Transpose } from './Transpose';
import { Unsqueeze } from './Unsqueeze';

const ALL: OpBackward[] = [
  Add, AveragePool, Clip, Concat, Conv, DepthToSpace, Div, Erf,
  Expand, Flatten, Gather, Gemm, GlobalAveragePool, GlobalMaxPool, HardSigmoid, HardSwish,
  LeakyRelu, LogSoftmax, MatMul, MaxPool, Mul, Pad, Pow, PRelu,
  ReduceMean, ReduceSum, Relu, Reshape, Round, Sigmoid, Slice, Softmax,
  SpaceToDepth, Split, Sqrt, Squeeze, Sub, Tanh, Tile, Transpose,
  Unsqueeze,
];

export const BACKWARD = new Map(ALL.map((o) => [o.opType, o.backward]));
export const SUPPORTED_OPS = [...BACKWARD.keys()].sort();
