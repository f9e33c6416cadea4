/**
 * Installs the training kernels for one backend. Registration lives in tfjs's own kernel
 * registry (global by design there); this module keeps no state of its own.
 */
import { getKernel, getKernelsForBackend, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { conv2dGradConfigs } from './conv2d-grads.js';
import { wasmMatMulConfig } from './matmul.js';
import { poolGradConfigs } from './pool-grads.js';
import { depthwiseGradConfigs } from './depthwise-grads.js';
import { layoutConfigs } from './layout.js';
import { conv3dConfigs } from './conv3d.js';
import { resizeGradConfigs } from './resize-grads.js';
import { nativeConfigs } from './native.js';

export interface RegisteredKernels {
  backendName: string;
  /** Our kernels now registered for the backend (stock ones replaced or missing ones added). */
  kernels: string[];
}

/** Marks our configs so a second call (new test, new run) does not wrap a wrapper. */
const MARK = Symbol.for('medgrade.core.kernel');

function isOurs(kernelName: string, backendName: string): boolean {
  return (getKernel(kernelName, backendName) as (KernelConfig & { [MARK]?: true }) | undefined)?.[MARK] === true;
}

function install(config: KernelConfig): void {
  const current = getKernel(config.kernelName, config.backendName) as (KernelConfig & { [MARK]?: true }) | undefined;
  if (current?.[MARK]) return;
  if (current) unregisterKernel(config.kernelName, config.backendName);
  registerKernel({ ...config, [MARK]: true } as KernelConfig);
}

export function trainingKernelConfigs(backendName: string): KernelConfig[] {
  if (backendName === 'wasm') {
    const configs = [...conv2dGradConfigs('wasm'), ...poolGradConfigs('wasm'), ...depthwiseGradConfigs('wasm'), ...conv3dConfigs('wasm')];
    // Wrappers capture the stock kernel, so build them only while the stock one is registered.
    if (!isOurs('BatchMatMul', 'wasm')) configs.push(wasmMatMulConfig());
    configs.push(...layoutConfigs('wasm').filter((c) => !isOurs(c.kernelName, 'wasm')));
    return configs;
  }
  if (backendName === 'cpu') {
    return [...conv2dGradConfigs('cpu'), ...poolGradConfigs('cpu'), ...depthwiseGradConfigs('cpu'), ...conv3dConfigs('cpu'),
      ...resizeGradConfigs('cpu'),
      ...layoutConfigs('cpu').filter((c) => !isOurs(c.kernelName, 'cpu'))];
  }
  if (backendName === 'tensorflow') return nativeConfigs().filter((c) => !isOurs(c.kernelName, 'tensorflow'));
  return [];
}

/** Registers (or replaces stock) training kernels for `backendName` (wasm, cpu, or tfjs-node's 'tensorflow'). */
export function registerTrainingKernels(backendName: string): RegisteredKernels {
  const configs = trainingKernelConfigs(backendName);
  for (const c of configs) install(c);
  const ours = getKernelsForBackend(backendName).filter((k) => isOurs(k.kernelName, backendName));
  return { backendName, kernels: ours.map((k) => k.kernelName).sort() };
}
