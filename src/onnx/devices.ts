/**
 * Execution providers (--device, explain.device): which ones this platform's onnxruntime-node binary has, and
 * the session option that selects one. The linux-x64 package bundles only the CPU provider; CUDA's libraries
 * are a separate download its installer makes on request, DirectML comes with the Windows binary and CoreML with
 * the macOS one.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ExplainError } from '../errors';
import type { Device } from '../protocol';

export const DEVICES: readonly Device[] = ['cpu', 'cuda', 'dml', 'coreml'];

/** Where onnxruntime-node's native binding (and any provider library installed beside it) lives. */
function bindingDir(): string {
  return join(dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
}

/** The providers this binary can use: those it bundles, and CUDA when its provider library was installed beside it. */
export function availableDevices(): Device[] {
  const backends = ort.listSupportedBackends();
  return DEVICES.filter((d) => {
    if (d === 'cpu') return true;
    const b = backends.find((x) => x.name === d);
    if (!b) return false;
    return b.bundled || existsSync(join(bindingDir(), process.platform === 'win32' ? `onnxruntime_providers_${d}.dll` : `libonnxruntime_providers_${d}.so`));
  });
}

/** The session's executionProviders for a device (CPU after it, for any op the device's provider lacks), or a clear error. */
export function executionProviders(device: Device): string[] {
  if (!DEVICES.includes(device)) throw new ExplainError('BAD_ARGUMENT', `Unknown device "${device}": one of ${DEVICES.join(', ')}.`);
  if (device === 'cpu') return ['cpu'];
  const available = availableDevices();
  if (!available.includes(device)) {
    const how: Record<Device, string> = {
      cpu: '',
      cuda: 'CUDA needs the Linux or Windows x64 package with its CUDA 12 libraries (reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12) and an NVIDIA driver',
      dml: 'DirectML comes with onnxruntime-node on Windows only',
      coreml: 'CoreML comes with onnxruntime-node on macOS only',
    };
    throw new ExplainError('BAD_ARGUMENT', `The ${device} execution provider is not in this onnxruntime-node (${process.platform}-${process.arch}); available: ${available.join(', ')}. ${how[device]}.`);
  }
  return [device, 'cpu'];
}
