/** The backward rule table: every supported ONNX op, by type. One file per op; this file only lists them. */
import type { OpBackward } from './rule';
import { Abs } from './Abs';
import { Add } from './Add';
import { AveragePool } from './AveragePool';
import { Cast } from './Cast';
import { Clip } from './Clip';
import { Concat } from './Concat';
import { Conv } from './Conv';
import { DepthToSpace } from './DepthToSpace';
import { Div } from './Div';
import { Einsum } from './Einsum';
import { Elu } from './Elu';
import { Erf } from './Erf';
import { Exp } from './Exp';
import { Expand } from './Expand';
import { Flatten } from './Flatten';
import { Gather } from './Gather';
import { Gemm } from './Gemm';
import { GlobalAveragePool } from './GlobalAveragePool';
import { GlobalMaxPool } from './GlobalMaxPool';
import { GroupNormalization } from './GroupNormalization';
import { HardSigmoid } from './HardSigmoid';
import { HardSwish } from './HardSwish';
import { InstanceNormalization } from './InstanceNormalization';
import { LayerNormalization } from './LayerNormalization';
import { LeakyRelu } from './LeakyRelu';
import { Log } from './Log';
import { LogSoftmax } from './LogSoftmax';
import { MatMul } from './MatMul';
import { MaxPool } from './MaxPool';
import { Mish } from './Mish';
import { Mul } from './Mul';
import { Neg } from './Neg';
import { Pad } from './Pad';
import { Pow } from './Pow';
import { PRelu } from './PRelu';
import { Reciprocal } from './Reciprocal';
import { ReduceMean } from './ReduceMean';
import { ReduceSum } from './ReduceSum';
import { Relu } from './Relu';
import { Reshape } from './Reshape';
import { Resize } from './Resize';
import { Round } from './Round';
import { Selu } from './Selu';
import { Sigmoid } from './Sigmoid';
import { Slice } from './Slice';
import { Softmax } from './Softmax';
import { Softplus } from './Softplus';
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
  Abs, Add, AveragePool, Cast, Clip, Concat, Conv, DepthToSpace, Div, Einsum, Elu, Erf, Exp, Expand, Flatten, Gather, Gemm,
  GlobalAveragePool, GlobalMaxPool, GroupNormalization, HardSigmoid, HardSwish, InstanceNormalization,
  LayerNormalization, LeakyRelu, Log, LogSoftmax, MatMul, MaxPool, Mish, Mul, Neg, Pad, Pow, PRelu, Reciprocal,
  ReduceMean, ReduceSum, Relu, Reshape, Resize, Round, Selu, Sigmoid, Slice, Softmax, Softplus, SpaceToDepth, Split, Sqrt,
  Squeeze, Sub, Tanh, Tile, Transpose, Unsqueeze,
];

export const BACKWARD = new Map(ALL.map((o) => [o.opType, o.backward]));
export const SUPPORTED_OPS = [...BACKWARD.keys()].sort();
