/** Appends nodes and constants to the graph being compiled, with unique names. */
import { type Attr, type ConstTensor, type IRNode, floatTensor, int64Tensor } from '../onnx/ir';

export const A = {
  int: (value: number): Attr => ({ type: 'int', value }),
  ints: (value: number[]): Attr => ({ type: 'ints', value }),
  float: (value: number): Attr => ({ type: 'float', value }),
  str: (value: string): Attr => ({ type: 'string', value }),
  tensor: (value: ConstTensor): Attr => ({ type: 'tensor', value }),
};

export class GraphBuilder {
  readonly nodes: IRNode[] = [];
  readonly inits = new Map<string, ConstTensor>();
  private counter = 0;
  private constCache = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  fresh(hint: string): string {
    return `${this.prefix}/${hint}_${this.counter++}`;
  }

  /** One node, one output: returns the output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, hint = opType): string {
    return this.opN(opType, inputs, 1, attrs, hint)[0];
  }

  /** One node whose output gets a chosen, stable name (a graph output). */
  opTo(opType: string, inputs: string[], output: string, attrs: Record<string, Attr> = {}): string {
    this.nodes.push({ name: this.fresh(`${opType}_node`), opType, domain: '', inputs, outputs: [output], attrs });
    return output;
  }

  opN(opType: string, inputs: string[], outputs: number, attrs: Record<string, Attr> = {}, hint = opType): string[] {
    const names = Array.from({ length: outputs }, () => this.fresh(hint));
    this.nodes.push({ name: this.fresh(`${opType}_node`), opType, domain: '', inputs, outputs: names, attrs });
    return names;
  }

  constant(t: ConstTensor, hint = 'const'): string {
    const small = t.data.length <= 16;
    const key = small ? `${t.type}|${t.dims.join(',')}|${Array.from(t.data as ArrayLike<number | bigint>).join(',')}` : '';
    if (small && this.constCache.has(key)) return this.constCache.get(key)!;
    const name = this.fresh(hint);
    this.inits.set(name, t);
    if (small) this.constCache.set(key, name);
    return name;
  }

  floats(values: number[] | Float32Array, dims: number[] = [values.length]): string {
    return this.constant(floatTensor(values, dims), 'f');
  }

  scalar(v: number): string {
    return this.floats([v], []);
  }

  int64s(values: number[]): string {
    return this.constant(int64Tensor(values), 'i');
  }
}
