/** The one place that talks to onnxruntime-node: sessions from IR graphs and typed runs. */
import * as ort from 'onnxruntime-node';
import { ExplainError } from '../errors';
import type { ConstTensor, IRGraph } from './ir';
import { encodeModel } from './encode';
import type { Device } from '../protocol';
import { executionProviders } from './devices';

export type Feeds = Record<string, { data: Float32Array; dims: number[] }>;
export type Fetched = Record<string, ConstTensor>;

export interface Runner {
  run(feeds: Feeds, outputs?: string[]): Promise<Fetched>;
  release(): Promise<void>;
}

/** How every session is made (exported for the profiler, which must measure the same sessions). */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  // Without onnxruntime's arena every run mallocs its tensors; after a few sessions have come and gone,
  // glibc serves them from fresh mmaps and each run pays page faults: the same SqueezeNet LRP session
  // went from 22 ms to 32 ms per run. The arena keeps runs at the fast figure (bench: SqueezeNet gradient
  // 8.4x -> 5.8x forward, IG(32) 274x -> 188x) for 50-250 MB more peak memory on ResNet-18.
  enableCpuMemArena: true,
  // No memory pattern (one block planned for all of a run's tensors): tensors taken one by one from the arena
  // reuse its freed chunks, and the plan's block is no longer held beside them. Peaks 50-125 MB lower (ResNet-18
  // relevance methods 1080 -> 987 MB, gradient methods 791 -> 742, SqueezeNet 624 -> 501), run times the same
  // within noise in the bench and in A/B runs of the compiled graphs.
  enableMemPattern: false,
  // Worker threads spin between a run's operators: a compiled graph has hundreds of small ones, and waking
  // a sleeping thread for each cost 13-17% (ResNet-18 epsilon LRP 40 -> 33 ms, SqueezeNet 18 -> 15 ms).
  // They stop spinning when the run returns: several sessions run one after another per explanation
  // (forward, compiled, activations), and one's spinning threads would steal the cores from the next
  // (with spinning left on after runs, every session ran about 2x slower).
  // use_device_allocator_for_initializers: weights outside the arena, which would round their allocations up
  // (ResNet-18 alpha-beta's session 507 -> 462 MB, run time unchanged).
  extra: { session: { intra_op: { allow_spinning: '1' }, force_spinning_stop: '1', use_device_allocator_for_initializers: '1' } },
};

/** The execution providers of the sessions made from now on (CPU unless useDevice chose another). */
let providers = ['cpu'];

/** Sessions made after this call run on `device` (an ExplainError names the available ones when this binary lacks it). */
export function useDevice(device: Device): void {
  providers = executionProviders(device);
}

/** A session of a graph, or of a graph already encoded (so the caller can let go of the graph first). */
export async function createRunner(model: IRGraph | Uint8Array, opts: { optimize?: boolean } = {}): Promise<Runner> {
  const bytes = model instanceof Uint8Array ? model : encodeModel(model);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      ...SESSION_OPTIONS,
      ...(providers[0] !== 'cpu' && { executionProviders: providers }),
      graphOptimizationLevel: opts.optimize === false ? 'disabled' : 'all',
      // Failures surface as our own one-line errors; onnxruntime's log lines would only repeat them.
      logSeverityLevel: 4,
    });
  } catch (e) {
    throw new ExplainError('UNSUPPORTED_MODEL', `onnxruntime could not load the graph: ${firstLine(e)}`, String(e));
  }
  return {
    async run(feeds, outputs) {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [k, v] of Object.entries(feeds)) ortFeeds[k] = new ort.Tensor('float32', v.data, v.dims);
      let res: ort.InferenceSession.OnnxValueMapType;
      try {
        res = outputs ? await session.run(ortFeeds, outputs) : await session.run(ortFeeds);
      } catch (e) {
        const msg = firstLine(e);
        if (/bad_alloc|Failed to allocate|out of memory/i.test(msg)) {
          throw new ExplainError('OUT_OF_MEMORY', `Out of memory while running the model: ${msg}. Try a smaller chunk or input size.`);
        }
        throw new ExplainError('INTERNAL', `onnxruntime failed: ${msg}`, String(e));
      }
      const out: Fetched = {};
      for (const [k, t] of Object.entries(res)) {
        const tensor = t as ort.Tensor;
        const dims = [...tensor.dims];
        switch (tensor.type) {
          case 'float32':
            out[k] = { type: 'float32', dims, data: tensor.data as Float32Array };
            break;
          case 'int64':
            out[k] = { type: 'int64', dims, data: tensor.data as BigInt64Array };
            break;
          case 'int32':
            out[k] = { type: 'int32', dims, data: tensor.data as Int32Array };
            break;
          case 'bool':
          case 'uint8':
            out[k] = { type: tensor.type, dims, data: tensor.data as Uint8Array };
            break;
          case 'int8':
            out[k] = { type: 'int8', dims, data: tensor.data as Int8Array };
            break;
          default:
            throw new ExplainError('UNSUPPORTED_MODEL', `Output ${k} has type ${tensor.type}, which the engine does not read.`);
        }
      }
      return out;
    },
    async release() {
      await session.release();
    },
  };
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}
